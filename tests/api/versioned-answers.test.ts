import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../functions/contract/index.ts';
import { LocalPublicationFiles } from '../../functions/publication/files.ts';
import { VersionMismatchError } from '../../functions/store/errors.ts';
import { dept, hq, startApi, validActionReport, validKpiActual, viewer } from './harness.ts';

/**
 * Every answer about a versioned record carries an ETag equal to its body's `version`, and a 412 carries
 * the other person's record (`current`, in the answer's shape) so the conflict panel can show what they
 * wrote without reading again.
 */
let api: Awaited<ReturnType<typeof startApi>>;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shinchoku-versioned-'));
  api = await startApi({ extra: { publicationFiles: new LocalPublicationFiles(root) } });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The ETag an answer carries and the version its body states, side by side. */
const tagAndVersion = (response: { headers: Headers; body: object }) => [
  response.headers.get('etag'),
  `"${'version' in response.body ? String(response.body.version) : ''}"`,
];

describe('a 412 shows the other person’s record', () => {
  it('on a report PUT: their text and version, and the version to send next', async () => {
    const path = '/api/fiscal-years/2026/action-reports/4-1';
    const tanaka = dept('kaikei', 'tanaka');
    const sato = dept('kaikei', 'sato');
    await api.call(tanaka, 'PUT', path, { body: validActionReport });
    expect(
      (await api.call(sato, 'PUT', path, { body: { ...validActionReport, achievements: '佐藤が先に直した実績' }, headers: { 'If-Match': '"1"' } })).status,
    ).toBe(200);

    const late = await api.call(tanaka, 'PUT', path, { body: { ...validActionReport, achievements: '田中の遅れた更新' }, headers: { 'If-Match': '"1"' } });
    expect(late.status).toBe(412);
    expect(late.type).toContain('application/problem+json');
    expect(late.body.title).toBe('更新が競合しました');
    expect(late.body.current).toMatchObject({ id: '4-1', version: 2, body: { achievements: '佐藤が先に直した実績' }, updatedBy: { sub: 'sato' } });
    // Sending the version the 412 showed succeeds: the panel's 「相手の内容を見て上書き」 needs no other read.
    const retried = await api.call(tanaka, 'PUT', path, {
      body: { ...validActionReport, achievements: '田中の更新' },
      headers: { 'If-Match': `"${reportSchema.parse(late.body.current).version}"` },
    });
    expect(retried.status).toBe(200);
  });

  it('on a workflow step: the report as the other person left it', async () => {
    const path = '/api/fiscal-years/2026/action-reports/4-2';
    const owner = dept('kaikei');
    await api.call(owner, 'PUT', path, { body: validActionReport });
    await api.call(owner, 'PUT', path, { body: { ...validActionReport, nextSteps: '次の一手' }, headers: { 'If-Match': '"1"' } });
    const stale = await api.call(owner, 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toMatchObject({ version: 2, state: 'draft', body: { nextSteps: '次の一手' } });
  });

  it('when two saves race, the loser sees the winner’s text, whichever check caught it', async () => {
    const path = '/api/fiscal-years/2027/action-reports/35-1';
    await api.call(dept('shomu', 'tanaka'), 'PUT', path, { body: validActionReport });
    const results = await Promise.all(
      ['田中の更新', '佐藤の更新'].map((achievements, i) =>
        api.call(dept('shomu', `member-${i}`), 'PUT', path, { body: { ...validActionReport, achievements }, headers: { 'If-Match': '"1"' } }),
      ),
    );
    const winner = results.find((result) => result.status === 200)!;
    const losers = results.filter((result) => result !== winner);
    expect(losers.map((loser) => loser.status)).toEqual([412]);
    for (const loser of losers) expect(loser.body.current).toMatchObject({ version: 2, body: { achievements: winner.body.body.achievements } });
  });

  it('on an opinion PUT: the other person’s text and version', async () => {
    const recorded = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', {
      body: { speaker: '推進懇談会', date: '2027-05-20', text: '全体として順調である。' },
    });
    const path = `/api/fiscal-years/2026/opinions/${recorded.body.id}`;
    const first = await api.call(hq, 'PUT', path, {
      body: { speaker: '推進懇談会', date: '2027-05-20', text: '先に直した意見の文' },
      headers: { 'If-Match': '"1"' },
    });
    expect(first.status).toBe(200);
    const late = await api.call(hq, 'PUT', path, {
      body: { speaker: '推進懇談会', date: '2027-05-20', text: '遅れて直した意見の文' },
      headers: { 'If-Match': '"1"' },
    });
    expect(late.status).toBe(412);
    expect(late.body.current).toMatchObject({ id: recorded.body.id, text: '先に直した意見の文', version: 2 });
    expect((await api.call(hq, 'GET', path)).body.text).toBe('先に直した意見の文');
  });

  it('is carried by the store itself: a stale write is refused with the record as stored (DynamoDB ALL_OLD)', async () => {
    const recorded = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', {
      body: { speaker: '山田委員', date: '2027-05-21', text: '保存されている文' },
    });
    const stored = (await api.store.getOpinion(2026, recorded.body.id))!;
    const { version: _version, updatedAt: _at, updatedBy: _by, ...content } = stored;
    const stale = api.store.writeOpinion({
      content: { ...content, body: { ...content.body, text: '古い版からの上書き' } },
      expectedVersion: 0,
      change: { action: 'edit', changes: [] },
      at: stored.updatedAt,
      by: stored.updatedBy,
    });
    const refusal = await stale.catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(VersionMismatchError);
    expect((refusal as VersionMismatchError).current).toMatchObject({ id: recorded.body.id, version: 1, body: { text: '保存されている文' } });
    expect((await api.store.listOpinionRevisions(2026, recorded.body.id)).map((revision) => revision.version)).toEqual([1]);
  });
});

describe('the ETag is the body’s version on every versioned answer', () => {
  it('reports: read, save, workflow step', async () => {
    // 5-1 is shared (総合政策課・庶務課): HQ names the part it writes.
    const path = '/api/fiscal-years/2026/action-reports/5-1?department=shomu';
    const saved = await api.call(hq, 'PUT', path, { body: validActionReport });
    expect(saved.status).toBe(201);
    const [tag, version] = tagAndVersion(saved);
    expect(tag).toBe(version);
    const submitted = await api.call(hq, 'POST', '/api/fiscal-years/2026/action-reports/5-1/submit?department=shomu', {
      headers: { 'If-Match': saved.headers.get('etag')! },
    });
    expect(submitted.status).toBe(200);
    for (const response of [submitted, await api.call(hq, 'GET', path)]) {
      const [t, v] = tagAndVersion(response);
      expect(t).toBe(v);
    }
  });

  it('KPI actuals: save and read', async () => {
    const path = '/api/fiscal-years/2026/kpi-actuals/16-K1';
    const saved = await api.call(hq, 'PUT', path, { body: { ...validKpiActual, asOf: '2027-03-31' } });
    expect(saved.status).toBe(201);
    const updated = await api.call(hq, 'PUT', path, { body: { ...validKpiActual, value: 91 }, headers: { 'If-Match': saved.headers.get('etag')! } });
    for (const response of [saved, updated, await api.call(hq, 'GET', path)]) {
      expect(response.body.version).toBeGreaterThan(0);
      const [t, v] = tagAndVersion(response);
      expect(t).toBe(v);
    }
    expect(updated.body.version).toBe(2);
  });

  it('opinions: record, read, correct, approve', async () => {
    const submitted = await api.call(viewer, 'POST', '/api/fiscal-years/2026/opinions', {
      body: { speaker: '佐藤委員', date: '2027-05-22', text: '委員の意見。' },
    });
    expect(submitted.status).toBe(201);
    const path = `/api/fiscal-years/2026/opinions/${submitted.body.id}`;
    const corrected = await api.call(viewer, 'PUT', path, {
      body: { speaker: '佐藤委員', date: '2027-05-22', text: '委員の意見（修正）。' },
      headers: { 'If-Match': submitted.headers.get('etag')! },
    });
    const approved = await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': corrected.headers.get('etag')! } });
    expect(approved.body.state).toBe('approved');
    for (const response of [submitted, corrected, approved, await api.call(hq, 'GET', path)]) {
      const [t, v] = tagAndVersion(response);
      expect(t).toBe(v);
    }
  });

  it('publication: none before the first, then the record’s version on publish, read and withdraw', async () => {
    const before = await api.call(hq, 'GET', '/api/fiscal-years/2027/publication');
    expect(before.body.version).toBeNull();
    expect(before.headers.get('etag')).toBeNull();
    const published = await api.call(hq, 'POST', '/api/fiscal-years/2027/publication');
    expect(published.status).toBe(200);
    const read = await api.call(hq, 'GET', '/api/fiscal-years/2027/publication');
    const withdrawn = await api.call(hq, 'DELETE', '/api/fiscal-years/2027/publication', { headers: { 'If-Match': read.headers.get('etag')! } });
    expect(withdrawn.body.state).toBe('withdrawn');
    for (const response of [published, read, withdrawn]) {
      const [t, v] = tagAndVersion(response);
      expect(t).toBe(v);
    }
    // A publisher who saw the published state is told the year was withdrawn meanwhile, and by whom.
    const stale = await api.call(hq, 'POST', '/api/fiscal-years/2027/publication', { headers: { 'If-Match': read.headers.get('etag')! } });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toMatchObject({ state: 'withdrawn', stateLabel: '公表を取り下げ', version: 2 });
  });

  it('assignments: read and assign', async () => {
    const path = '/api/measures/1/departments';
    const assigned = await api.call(hq, 'PUT', path, { body: { departments: [{ code: 'shomu' }] } });
    expect(assigned.status).toBe(200);
    const read = await api.call(hq, 'GET', path);
    for (const response of [assigned, read]) {
      const [t, v] = tagAndVersion(response);
      expect(t).toBe(v);
    }
    const stale = await api.call(hq, 'PUT', path, { body: { departments: [] }, headers: { 'If-Match': '"0"' } });
    expect(stale.status).toBe(412);
    // Who changed it and when, for the screen's conflict panel (the same panel as the report form's).
    expect(stale.body.current).toMatchObject({
      measure: '1',
      version: 1,
      departments: [{ code: 'shomu' }],
      updatedBy: { sub: hq.sub },
      updatedAt: expect.any(String),
    });
  });
});
