/**
 * aws-ses-v2-local: a local SES v2 endpoint that keeps what it receives in memory, with a mailbox
 * page at /, the stored mail as JSON at GET /store (?since=epoch seconds), POST /clear-store,
 * and one message as MIME at GET /get-emlContent?messageId=…  CLI flags: --port, --host.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { assertPortFree, exitOf, killWithParent, portInUseMessage, stopChild, waitUntil } from './processes.ts';

const root = resolve(import.meta.dirname, '../..');
/** The package's own bin (what node_modules/.bin/aws-ses-v2-local links to), run with this node. */
const CLI = resolve(root, 'node_modules/aws-ses-v2-local/dist/cli.js');

export interface RunningSes {
  endpoint: string;
  port: number;
  /** The server's process id (and process group). */
  pid: number;
  /** Resolves when the server exits, with how ("exit 1", "SIGKILL"), whether stopped or not. */
  exited: Promise<string>;
  /** SIGTERM, then SIGKILL after 5 s; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Starts aws-ses-v2-local on 127.0.0.1:port (always loopback, whatever HOST says) and resolves once
 * GET /health-check answers. `onSpawn` is told the server's pid as soon as it exists.
 */
export async function startSesLocal(options: { port: number; timeoutMs?: number; onSpawn?: (pid: number) => void }): Promise<RunningSes> {
  const { port } = options;
  const what = 'ローカルSES（aws-ses-v2-local）';
  await assertPortFree(port, '127.0.0.1', what);
  // Its own process group, as DynamoDB Local's (see processes.ts signalGroup).
  const child = spawn(process.execPath, [CLI, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  killWithParent(child);
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(
      async () => (await fetch(`${endpoint}/health-check`)).ok,
      what,
      child,
      () => output,
      options.timeoutMs ?? 30_000,
      () => (/EADDRINUSE/.test(output) ? portInUseMessage(port, what) : undefined),
    );
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, port, pid: child.pid!, exited: exitOf(child), stop: () => stopChild(child) };
}

/** A message as aws-ses-v2-local stores it (its dist/store.d.ts `Email`). */
export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  /** Decoded text, as sent (a Simple message's Subject.Data). */
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  headers?: { name: string; value: string }[];
  /** When it arrived, in epoch seconds. */
  at: number;
}

/** Every message received so far, oldest first; `since` (epoch seconds) keeps only later ones. */
export async function readSentEmails(endpoint: string, options: { since?: number } = {}): Promise<StoredEmail[]> {
  const url = new URL('/store', endpoint);
  if (options.since !== undefined) url.searchParams.set('since', String(Math.floor(options.since)));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`ローカルSESの受信メールを読めません / cannot read the local SES store (${response.status})`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails;
}

/** Forgets every stored message (and template). */
export async function clearSentEmails(endpoint: string): Promise<void> {
  const response = await fetch(new URL('/clear-store', endpoint), { method: 'POST' });
  if (!response.ok) throw new Error(`ローカルSESの受信メールを消せません / cannot clear the local SES store (${response.status})`);
}

/**
 * The message as MIME (.eml), for parsing the way a mail client would (mailparser's
 * simpleParser). aws-ses-v2-local rebuilds it from the stored message with nodemailer and answers
 * JSON — `{ messageId, fileName, body: { type: 'Buffer', data: number[] } }` — so the bytes are
 * unwrapped here.
 */
export async function readEml(endpoint: string, messageId: string): Promise<string> {
  const response = await fetch(`${endpoint}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
  if (!response.ok) throw new Error(`メール ${messageId} の MIME を取得できません / cannot get the MIME of ${messageId} (${response.status})`);
  const raw = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('json')) return raw;
  const { body } = JSON.parse(raw) as { body?: { type?: string; data?: number[] } | string };
  if (typeof body === 'string') return body;
  if (body?.type === 'Buffer' && Array.isArray(body.data)) return Buffer.from(body.data).toString('utf8');
  throw new Error(`メール ${messageId} の MIME の形が想定外です / unexpected get-emlContent answer`);
}
