/** aws-ses-v2-local: a local SES v2 endpoint that keeps what it receives, with a mailbox page at /. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { stopChild, stoppable, waitUntil } from './processes.ts';

const root = resolve(import.meta.dirname, '../..');

export interface RunningSes {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSesLocal(options: { port: number }): Promise<RunningSes> {
  const bin = resolve(root, 'node_modules/aws-ses-v2-local/dist/cli.js');
  const child = spawn(process.execPath, [bin, '--port', String(options.port), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const endpoint = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntil(async () => (await fetch(`${endpoint}/store`)).ok, 'ローカルSES（aws-ses-v2-local）', child, () => output, 30_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, stop: stoppable(child) };
}

/** A message as aws-ses-v2-local stores it. */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

export async function readSentEmails(endpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails;
}

export async function clearSentEmails(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
}

/** The message as MIME (.eml), for parsing the way a mail client would. */
export async function readEml(endpoint: string, messageId: string): Promise<string> {
  const response = await fetch(`${endpoint}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
  if (!response.ok) throw new Error(`メール ${messageId} の MIME を取得できません (${response.status})`);
  // Served as a serialised Node Buffer: { body: { type: 'Buffer', data: [bytes] } }.
  const { body } = (await response.json()) as { body: { data: number[] } };
  return new TextDecoder().decode(new Uint8Array(body.data));
}
