/**
 * Exports above what a Lambda response carries (6 MB, binary base64-encoded) are handed over through
 * storage: a 303 to a short-lived URL. Locally the node server serves them from the data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { startLocalServer } from '../../functions/api/local-server.ts';
import { Problem } from '../../functions/http/problem.ts';
import { fileResponse, LocalLargeFiles } from '../../functions/http/files.ts';
import { PlanRegistry } from '../../functions/store/plans.ts';
import { findFreePort } from '../../scripts/local/dynamodb-local.ts';
import { startApi } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csv = {
  bytes: new TextEncoder().encode('\uFEFF区分,ID\r\n取組項目,1-1\r\n'),
  contentType: 'text/csv; charset=utf-8',
  filename: '令和8年度_進捗報告.csv',
};

describe('an export too large for a Lambda response', () => {
  it('is answered inline while it fits', async () => {
    const response = await fileResponse(new LocalLargeFiles(dir), csv);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('令和8年度_進捗報告.csv'));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(csv.bytes);
  });

  it('is handed over with a 303 to a URL the local server serves without sign-in', async () => {
    const api = await startApi();
    const tokens = new LocalTokens('test-secret');
    const port = await findFreePort();
    const server = await startLocalServer({ port, deps: { store: api.store, verifier: tokens, plans: new PlanRegistry(api.store) }, exportsRoot: dir });
    try {
      const response = await fileResponse(new LocalLargeFiles(dir), csv, 10);
      expect(response.status).toBe(303);
      const location = response.headers.get('location')!;
      expect(location).toMatch(/^\/exports\/[0-9a-f-]{36}\/export\.csv$/);
      const download = await fetch(`http://127.0.0.1:${port}${location}`);
      expect(download.status).toBe(200);
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(csv.bytes);
      expect((await fetch(`http://127.0.0.1:${port}/exports/00000000-0000-0000-0000-000000000000/export.csv`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('is refused with what to narrow where no storage is configured', async () => {
    const refused = await fileResponse(undefined, csv, 10).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Problem);
    expect((refused as Problem).status).toBe(400);
    expect((refused as Problem).detail).toContain('課を指定して');
  });
});
