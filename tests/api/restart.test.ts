import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.once('error', fail);
  });
}

/** `npm start`'s own script, with its ports and data folder moved aside so it runs beside anything else. */
async function startSystem(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`起動しませんでした:\n${output}`)), 90_000);
    child.stdout!.on('data', () => {
      if (output.includes('停止は Ctrl-C')) {
        clearTimeout(timer);
        done();
      }
    });
    child.once('exit', (code) => fail(new Error(`終了しました (${code}):\n${output}`)));
  });
  return { child, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
}

describe('the local system (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shinchoku-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps reports on disk across a restart, loads the plan only once, and stops its children on SIGTERM', async () => {
    const env = {
      PORT: String(await freePort()),
      DYNAMODB_PORT: String(await freePort()),
      SES_PORT: String(await freePort()),
      SHINCHOKU_DATA_DIR: dataDir,
    };
    const base = `http://localhost:${env.PORT}/api`;
    const first = await startSystem(env);
    expect(first.output()).toContain('計画データ:      読み込みました');
    const { token } = await (
      await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sub: 'yamada', role: 'department', department: 'shomu' }) })
    ).json();
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const saved = await fetch(`${base}/fiscal-years/2026/action-reports/20-1`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ status: 'implementing', rating: 'B', achievements: '研修を2回実施した。' }),
    });
    expect(saved.status).toBe(201);
    expect(await stop(first.child)).toBe(0);
    await expect(fetch(`${base}/health`)).rejects.toThrow();

    const second = await startSystem(env);
    expect(second.output()).toContain('計画データ:      変更なし（読み込み済み）');
    const read = await fetch(`${base}/fiscal-years/2026/action-reports/20-1`, { headers: auth });
    expect(read.status).toBe(200);
    expect((await read.json()).body.achievements).toBe('研修を2回実施した。');

    const blocked = await startSystem(env).catch((error: Error) => error.message);
    expect(blocked).toContain(`ポート ${env.PORT}（アプリ（PORT））は既に使われています`);
    expect(await stop(second.child)).toBe(0);
  }, 240_000);
});
