import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedCatalogue } from '../../seeds/plans.ts';
import { findFreePort, startDynamoDbLocal } from '../../scripts/local/dynamodb-local.ts';
import type { RunningDynamoDb } from '../../scripts/local/dynamodb-local.ts';
import { hq, startApi, validActionReport } from './harness.ts';
import type { JsonAnswer } from './harness.ts';

/** The pid listening on a port (the DynamoDB Local this test started), read from ss. */
function listenerPid(port: number): number {
  const line = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(line)?.[1];
  if (!pid) throw new Error(`no process listens on ${port}: ${line}`);
  return Number(pid);
}

describe('when DynamoDB goes down in the middle of a burst of writes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shinchoku-fault-'));
  let dynamo: RunningDynamoDb | undefined;
  afterAll(async () => {
    await dynamo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 problem+json with Retry-After, reports unhealthy, and keeps every acknowledged write', async () => {
    const port = await findFreePort();
    dynamo = await startDynamoDbLocal({ port, dbPath: dataDir });
    const api = await startApi({ endpoint: dynamo.endpoint, tableName: 'fault' });
    expect((await api.call(null, 'GET', '/api/health')).status).toBe(200);

    // Items of one department: a shared item (関係各課) would ask HQ which department's part it writes.
    const items = seedCatalogue()
      .scheduledActionItems.filter(({ measure }) => measure.owners.filter((owner) => owner !== 'kankei-kakuka').length < 2)
      .map(({ item }) => item.key);
    const targets = [2026, 2027].flatMap((fy) => items.map((id) => `/api/fiscal-years/${fy}/action-reports/${id}`));
    const answers: { path: string; status: number; type: string; retryAfter: string | null; body: JsonAnswer }[] = [];
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      process.kill(listenerPid(port), 'SIGKILL');
    };

    // Four clients writing at once; the database is killed outright once a few writes were acknowledged.
    let next = 0;
    const lane = async () => {
      while (next < targets.length) {
        const path = targets[next++]!;
        const body = { ...validActionReport, achievements: `${path} の実績` };
        const response = await api.call(hq, 'PUT', path, { body });
        answers.push({ path, status: response.status, type: response.type, retryAfter: response.headers.get('retry-after'), body: response.body });
        if (answers.filter((a) => a.status === 201).length === 12) kill();
        if (answers.filter((a) => a.status === 503).length >= 8) return;
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);

    const acknowledged = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    console.log(
      `書き込み ${answers.length}件: 受理 ${acknowledged.length}件、停止後 ${refused.length}件（${[...new Set(refused.map((a) => a.status))].join('、')}）`,
    );
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(12);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.type).toContain('application/problem+json');
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      expect(answer.body).toMatchObject({ status: 503, title: '一時的に利用できません' });
    }
    const health = await api.call(null, 'GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.type).toContain('application/problem+json');
    expect(health.headers.get('retry-after')).not.toBeNull();
    expect((await api.call(null, 'GET', '/api/health/live')).status).toBe(200);
    // Reads fail the same way, never as a 500.
    expect((await api.call(hq, 'GET', acknowledged[0]!.path)).status).toBe(503);

    await dynamo.stop();
    dynamo = await startDynamoDbLocal({ port, dbPath: dataDir });
    expect((await api.call(null, 'GET', '/api/health')).status).toBe(200);
    for (const write of acknowledged) {
      const stored = await api.call(hq, 'GET', write.path);
      expect(stored.status).toBe(200);
      expect(stored.body.body.achievements).toBe(`${write.path} の実績`);
      expect((await api.call(hq, 'GET', `${write.path}/revisions`)).body.revisions).toHaveLength(1);
    }
  }, 240_000);
});
