/**
 * `npm start` as an administrator would check it (issue 18, items 1, 2 and 10): what it offers to
 * the network, what a killed run leaves for the next one, and who can read its data. Real
 * processes throughout: npm, start.ts, DynamoDB Local's JVM, local SES; `ss` (iproute2) for sockets.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { identify, PID_FILE, stopLeftovers } from '../scripts/local/pid-file.ts';
import { alive, eventually, pgrep } from './support/processes.ts';
import { systemEnv } from './support/system.ts';
import type { SystemEnv } from './support/system.ts';

const root = resolve(import.meta.dirname, '..');

interface Started {
  npm: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  /** start.ts (npm's child), DynamoDB Local's JVM and local SES, found by their port flags. */
  pids: () => { start: number[]; java: number[]; ses: number[] };
}

const running: { system: Started; env: SystemEnv }[] = [];
afterAll(() => {
  for (const { system, env } of running) {
    const { start, java, ses } = system.pids();
    for (const pid of [system.npm.pid!, ...start, ...java, ...ses]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(env.SHINCHOKU_DATA_DIR, { recursive: true, force: true });
  }
});

/**
 * `npm start` in its own process group (as a terminal runs it), resolved once it says it is up,
 * or once it has exited when `expectUp` is false.
 */
async function npmStart(env: SystemEnv, extra: Record<string, string> = {}, expectUp = true): Promise<Started> {
  const npm = spawn('npm', ['start'], { cwd: root, detached: true, env: { ...process.env, ...env, SHINCHOKU_SKIP_WEB_BUILD: '1', ...extra } });
  let output = '';
  npm.stdout!.on('data', (chunk) => (output += chunk));
  npm.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((done) => npm.once('exit', (code) => done(code)));
  const system: Started = {
    npm,
    output: () => output,
    exit,
    pids: () => ({
      start: pgrep(`scripts/start.ts`).filter((pid) => parentOf(pid) === npm.pid),
      java: pgrep(`-port ${env.DYNAMODB_PORT} `),
      ses: pgrep(`--port ${env.SES_PORT} `),
    }),
  };
  running.push({ system, env });
  await eventually(() => output.includes('停止は Ctrl-C') || npm.exitCode !== null, 150_000, `起動しませんでした:\n${output}`);
  if (expectUp) expect(npm.exitCode, output).toBeNull();
  return system;
}

function parentOf(pid: number): number | undefined {
  try {
    return Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}

interface Listener {
  /** As ss prints it: 127.0.0.1, [::1], 0.0.0.0, *, [::]… */
  address: string;
  port: number;
  pids: number[];
}

/** Every listening TCP socket on the machine, with the processes holding it (`ss -ltnpH`). */
function listeners(): Listener[] {
  return execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const local = line.split(/\s+/)[3]!;
      const at = local.lastIndexOf(':');
      return { address: local.slice(0, at), port: Number(local.slice(at + 1)), pids: [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])) };
    });
}

/** The listening sockets of one started system: on its ports, or held by any of its processes. */
function listenersOf(system: Started, env: SystemEnv): Listener[] {
  const { start, java, ses } = system.pids();
  const pids = new Set([...start, ...java, ...ses]);
  const ports = new Set([env.PORT, env.DYNAMODB_PORT, env.SES_PORT].map(Number));
  return listeners().filter((l) => ports.has(l.port) || l.pids.some((pid) => pids.has(pid)));
}

const LOOPBACK = ['127.0.0.1', '[::1]'];

async function devToken(env: SystemEnv): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${env.PORT}/api/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub: 'yamada', role: 'department', department: 'shomu' }),
  });
  return ((await response.json()) as { token: string }).token;
}

async function saveReport(env: SystemEnv, achievements: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${env.PORT}/api/fiscal-years/2026/action-reports/20-1`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${await devToken(env)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: 'implementing', rating: 'B', achievements }),
  });
  return response.status;
}

async function readReport(env: SystemEnv): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${env.PORT}/api/fiscal-years/2026/action-reports/20-1`, {
    headers: { Authorization: `Bearer ${await devToken(env)}` },
  });
  return ((await response.json()) as { body?: { achievements?: string } }).body?.achievements;
}

/** Every folder and file under `dir` (itself included) with its permission bits, e.g. ['dynamodb/', 0o700]. */
function modesUnder(dir: string, prefix = ''): [string, number][] {
  const found: [string, number][] = [[prefix || '.', statSync(dir).mode & 0o777]];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...modesUnder(path, `${prefix}${entry.name}/`));
    else if (entry.isFile()) found.push([`${prefix}${entry.name}`, statSync(path).mode & 0o777]);
  }
  return found;
}

describe.concurrent('npm start, hardened (real processes; the systems start side by side)', () => {
  test('offers nothing beyond loopback, keeps its data folder private, and refuses a second start on the same data', { timeout: 300_000 }, async () => {
    const env = await systemEnv();
    // What an older run left readable to everyone: the folder, a subfolder and an export in it.
    const old = join(env.SHINCHOKU_DATA_DIR, 'exports', 'older-run');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, '進捗報告.xlsx'), 'older export');
    for (const [path, mode] of [
      [env.SHINCHOKU_DATA_DIR, 0o755],
      [join(env.SHINCHOKU_DATA_DIR, 'exports'), 0o755],
      [old, 0o755],
      [join(old, '進捗報告.xlsx'), 0o644],
    ] as const)
      chmodSync(path, mode);

    const system = await npmStart(env);

    // Item 1: every socket of the system — the app, DynamoDB Local, local SES, and anything else its processes hold.
    const sockets = listenersOf(system, env);
    expect(new Set(sockets.map((s) => s.port))).toEqual(new Set([env.PORT, env.DYNAMODB_PORT, env.SES_PORT].map(Number)));
    for (const socket of sockets) expect(LOOPBACK, `${socket.address}:${socket.port} は外部から接続できます`).toContain(socket.address);

    // Item 10: a write, then every folder 0700 and every file 0600 — DynamoDB Local's files, the key, the pid file, the old export.
    expect(await saveReport(env, '研修を実施した。')).toBe(201);
    const modes = modesUnder(env.SHINCHOKU_DATA_DIR);
    expect(modes.map(([path]) => path)).toEqual(
      expect.arrayContaining(['.', 'dynamodb/', 'dynamodb/shared-local-instance.db', 'local-signing-key', PID_FILE, 'exports/older-run/進捗報告.xlsx']),
    );
    for (const [path, mode] of modes) expect(`${path} ${mode.toString(8)}`).toBe(`${path} ${path === '.' || path.endsWith('/') ? '700' : '600'}`);

    // A second npm start on the same data folder says the first is running, and leaves it alone.
    const second = await npmStart(env, {}, false);
    expect(await second.exit).toBe(1);
    expect(second.output()).toContain('を使う npm start が既に動いています');
    expect((await fetch(`http://127.0.0.1:${env.PORT}/api/health`)).ok).toBe(true);
    expect(await readReport(env)).toBe('研修を実施した。');

    system.npm.kill('SIGTERM');
    await system.exit;
    await eventually(() => system.pids().java.length === 0, 20_000, 'DynamoDB Local が止まりません');
    // A clean stop leaves no pid file behind.
    expect(readdirSync(env.SHINCHOKU_DATA_DIR)).not.toContain(PID_FILE);
  });

  test('HOST=0.0.0.0 opens the app to the network, and only the app', { timeout: 300_000 }, async () => {
    const env = await systemEnv();
    const system = await npmStart(env, { HOST: '0.0.0.0' });
    const byPort = new Map(listenersOf(system, env).map((s) => [s.port, s.address]));
    expect(['0.0.0.0', '*', '[::]']).toContain(byPort.get(Number(env.PORT)));
    expect(byPort.get(Number(env.DYNAMODB_PORT))).toBe('127.0.0.1');
    expect(byPort.get(Number(env.SES_PORT))).toBe('127.0.0.1');
    system.npm.kill('SIGTERM');
    await system.exit;
  });

  test('after kill -9 of npm and node, the next npm start stops the orphaned DynamoDB Local and local SES and comes up', { timeout: 300_000 }, async () => {
    const env = await systemEnv();
    const first = await npmStart(env);
    expect(await saveReport(env, '令和8年度の実績')).toBe(201);
    const before = first.pids();
    expect(before.start).toHaveLength(1);
    expect(before.java).toHaveLength(1);
    expect(before.ses).toHaveLength(1);

    // The whole group of npm and start.ts, at once and without warning; the services are in groups of their own.
    process.kill(-first.npm.pid!, 'SIGKILL');
    await first.exit;
    await eventually(() => !alive(before.start[0]!), 10_000, 'start.ts が残っています');
    expect(alive(before.java[0]!)).toBe(true);
    expect(alive(before.ses[0]!)).toBe(true);

    const second = await npmStart(env);
    expect(second.output()).toContain('前回の npm start が残したプロセスを停止しました');
    expect((await fetch(`http://127.0.0.1:${env.PORT}/api/health`)).ok).toBe(true);
    expect(alive(before.java[0]!)).toBe(false);
    expect(alive(before.ses[0]!)).toBe(false);
    const after = second.pids();
    expect(after.java).toHaveLength(1);
    expect(after.java[0]).not.toBe(before.java[0]);
    // What was saved before the kill is still there.
    expect(await readReport(env)).toBe('令和8年度の実績');

    second.npm.kill('SIGTERM');
    await second.exit;
  });
});

test('the test run’s own DynamoDB Local (global setup) listens on 127.0.0.1 only', () => {
  const port = Number(new URL(inject('dynamoEndpoint')).port);
  expect(
    listeners()
      .filter((l) => l.port === port)
      .map((l) => l.address),
  ).toEqual(['127.0.0.1']);
});

describe('what the pid file proves', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shinchoku-pids-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a recorded pid now used by an unrelated process is left running, and the stale record is dropped', async () => {
    const unrelated = spawn('sleep', ['60'], { detached: true });
    try {
      const identity = identify(unrelated.pid!)!;
      expect(identity.pid).toBe(unrelated.pid);
      // Same pid and boot, another start time: what a recycled pid looks like.
      const recycled = { ...identity, startTime: String(Number(identity.startTime) - 1) };
      writeFileSync(
        join(dataDir, PID_FILE),
        JSON.stringify({ owner: { pid: 999_999_999, startTime: '1', bootId: identity.bootId }, children: { 'DynamoDB Local': recycled } }),
      );
      expect(await stopLeftovers(dataDir, 500)).toEqual([]);
      expect(alive(unrelated.pid!)).toBe(true);
      expect(readdirSync(dataDir)).not.toContain(PID_FILE);
    } finally {
      unrelated.kill('SIGKILL');
    }
  });

  test('a recorded process that is still ours is stopped, with its group', async () => {
    const leftover = spawn('sleep', ['60'], { detached: true });
    const gone = new Promise((done) => leftover.once('exit', done));
    const identity = identify(leftover.pid!)!;
    writeFileSync(
      join(dataDir, PID_FILE),
      JSON.stringify({ owner: { pid: 999_999_999, startTime: '1', bootId: identity.bootId }, children: { ローカルSES: identity } }),
    );
    expect(await stopLeftovers(dataDir, 2_000)).toEqual([`ローカルSES（pid ${leftover.pid}）`]);
    await gone;
    expect(alive(leftover.pid!)).toBe(false);
  });
});
