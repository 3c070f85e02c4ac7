import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '../../scripts/local/processes.ts';

const root = resolve(import.meta.dirname, '../..');

export interface SystemEnv {
  PORT: string;
  DYNAMODB_PORT: string;
  SES_PORT: string;
  SHINCHOKU_DATA_DIR: string;
}

/** Free ports and a fresh data folder, so a test's system runs beside anything else. */
export async function systemEnv(): Promise<SystemEnv> {
  return {
    PORT: String(await findFreePort()),
    DYNAMODB_PORT: String(await findFreePort()),
    SES_PORT: String(await findFreePort()),
    SHINCHOKU_DATA_DIR: mkdtempSync(join(tmpdir(), 'shinchoku-data-')),
  };
}

/**
 * `npm start`'s own script (scripts/start.ts), resolved once it prints that it is up. `settings` are further
 * environment variables for this system only, e.g. `{ HEAD_CONFIRMATION: 'off' }` for a deployment without 課内確認.
 */
export async function startSystem(env: SystemEnv, settings: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  // The browser tests build web/dist themselves, once per run (web-build.ts); a build here too would collide with it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env, ...settings, SHINCHOKU_SKIP_WEB_BUILD: '1' },
  });
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
  return { child, output: () => output, url: `http://localhost:${env.PORT}` };
}

export function stopSystem(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
}
