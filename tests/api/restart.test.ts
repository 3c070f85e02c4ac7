import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSystem, stopSystem, systemEnv } from '../support/system.ts';
import type { SystemEnv } from '../support/system.ts';

describe('the local system (npm start)', () => {
  let env: SystemEnv;
  afterAll(() => rmSync(env.SHINCHOKU_DATA_DIR, { recursive: true, force: true }));

  it('keeps reports on disk across a restart, loads the plan only once, and stops its children on SIGTERM', async () => {
    env = await systemEnv();
    const base = `http://localhost:${env.PORT}/api`;
    const first = await startSystem(env);
    expect(first.output()).toContain('計画データ：     読み込みました');
    const { token } = await (
      await fetch(`${base}/dev/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sub: 'yamada', role: 'department', department: 'shomu' }),
      })
    ).json();
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const saved = await fetch(`${base}/fiscal-years/2026/action-reports/20-1`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ status: 'implementing', rating: 'B', achievements: '研修を2回実施した。' }),
    });
    expect(saved.status).toBe(201);
    expect(await stopSystem(first.child)).toBe(0);
    await expect(fetch(`${base}/health`)).rejects.toThrow();

    const second = await startSystem(env);
    expect(second.output()).toContain('計画データ：     変更なし（読み込み済み）');
    const read = await fetch(`${base}/fiscal-years/2026/action-reports/20-1`, { headers: auth });
    expect(read.status).toBe(200);
    expect((await read.json()).body.achievements).toBe('研修を2回実施した。');

    // Another data folder on the same port: the port is taken (the same folder is refused before that,
    // as a second npm start of one install; tests/local-hardening.test.ts).
    const otherData = mkdtempSync(join(tmpdir(), 'shinchoku-other-'));
    const blocked = await startSystem({ ...env, SHINCHOKU_DATA_DIR: otherData }).catch((error: Error) => error.message);
    rmSync(otherData, { recursive: true, force: true });
    expect(blocked).toContain(`ポート ${env.PORT}（アプリ（PORT））は既に使われています`);
    expect(await stopSystem(second.child)).toBe(0);
  }, 240_000);
});
