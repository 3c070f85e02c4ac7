import { beforeAll, describe, expect, it } from 'vitest';
import { overviewSchema, reportSchema, revisionListSchema } from '../../functions/contract/index.ts';
import { PROGRESS_COLUMNS } from '../../functions/domain/progress-reports/progress-sheet.ts';
import type { ReportRecord } from '../../functions/store/records.ts';
import { xlsxOf } from '../fixtures/workbook.ts';
import { dept, head, hq, startApi } from './harness.ts';

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
beforeAll(async () => {
  api = await startApi();
});

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
/** 33-K1 職員提案制度の提案件数 (総合政策課): 8件/年 over R7～11年度, so its FY2025 actual counts. */
const sogo = dept('sogo-seisaku');
const sogoHead = head('sogo-seisaku');

describe('a KPI whose target window starts before the plan takes that year’s actual', () => {
  it('stores 33-K1’s FY2025 actual and counts it in the FY2026 window mean HQ sees', async () => {
    const fy2025 = '/api/fiscal-years/2025/kpi-actuals/33-K1';
    const saved = await api.call(sogoHead, 'PUT', fy2025, { body: { value: 6, asOf: '2026-03-31', note: '職員提案制度集計' } });
    expect(saved.status).toBe(201);
    expect(reportSchema.parse(saved.body)).toMatchObject({ fiscalYear: 2025, id: '33-K1', state: 'draft', body: { value: 6 } });
    expect((await api.call(sogoHead, 'POST', `${fy2025}/submit`, { headers: ifMatch(1) })).body.state).toBe('submitted');

    const fy2026 = '/api/fiscal-years/2026/kpi-actuals/33-K1';
    await api.call(sogoHead, 'PUT', fy2026, { body: { value: 10, asOf: '2027-03-31' } });
    expect((await api.call(sogoHead, 'POST', `${fy2026}/submit`, { headers: ifMatch(1) })).body.state).toBe('submitted');

    const overview = overviewSchema.parse((await api.call(hq, 'GET', '/api/fiscal-years/2026/overview')).body);
    // (6 + 10) / 2 = 8件/年 reaches the target; without FY2025 it would be 10 and the mean of one year.
    expect(overview.attainment.kpis.find((kpi) => kpi.id === '33-K1')).toMatchObject({ rating: 'A', measured: 8 });
  });

  it('refuses FY2025 for a KPI whose years are the plan’s, naming that KPI’s years, and stores nothing', async () => {
    const refused = await api.call(dept('shomu'), 'PUT', '/api/fiscal-years/2025/kpi-actuals/38-K1', { body: { value: 90, asOf: '2026-03-31' } });
    expect(refused.status).toBe(400);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([{ path: 'fy', message: 'KPI「38-K1」の年度は2026（令和8年度）〜2030（令和12年度）で指定してください' }]);
    expect((await api.call(hq, 'GET', '/api/kpis/38-K1/actuals')).body.actuals).toEqual([]);
  });

  it('refuses a year before 33-K1’s window or after every plan, and FY2025 for an action item', async () => {
    // FY2024 is before 33-K1's window (R7～) and no plan covers it or starts the year after: not found, naming the year.
    const early = await api.call(sogo, 'PUT', '/api/fiscal-years/2024/kpi-actuals/33-K1', { body: { value: 3 } });
    expect(early.status).toBe(404);
    expect(early.body.detail).toBe('令和6年度の計画はありません');
    expect((await api.call(hq, 'GET', '/api/kpis/33-K1/actuals')).body.actuals.map((a: { fiscalYear: number }) => a.fiscalYear)).not.toContain(2024);
    // After the plan's last year no plan covers FY2031: not found, naming the year.
    const late = await api.call(sogo, 'GET', '/api/fiscal-years/2031/kpi-actuals/33-K1');
    expect(late.status).toBe(404);
    expect(late.body.detail).toBe('令和13年度の計画はありません');
    const action = await api.call(sogo, 'PUT', '/api/fiscal-years/2025/action-reports/33-1', { body: { status: 'implementing' } });
    expect(action.status).toBe(400);
    expect(action.body.errors?.[0]).toMatchObject({ path: 'fy', message: '年度は2026（令和8年度）〜2030（令和12年度）で指定してください' });
  });
});

describe('an implausible KPI actual is saved with a question, not refused', () => {
  const path = '/api/fiscal-years/2026/kpi-actuals/38-K1';
  const shomu = dept('shomu');

  it('answers a % over 100 with warnings on save and on read, and none once corrected', async () => {
    const saved = await api.call(shomu, 'PUT', path, { body: { value: 120, asOf: '2027-03-31' } });
    expect(saved.status).toBe(201);
    const report = reportSchema.parse(saved.body);
    expect(report).toMatchObject({ state: 'draft', body: { value: 120 } });
    expect(report.kind === 'kpi' && report.warnings).toEqual(['120%は100%を超えています。割合（%）の値か確認してください。']);
    expect((await api.call(shomu, 'GET', path)).body.warnings).toEqual(saved.body.warnings);

    const corrected = await api.call(shomu, 'PUT', path, { body: { value: 90, asOf: '2027-03-31' }, headers: ifMatch(1) });
    expect(corrected.status).toBe(200);
    expect(corrected.body.warnings).toEqual([]);
  });

  it('compares with the year before, not only the baseline', async () => {
    const next = '/api/fiscal-years/2027/kpi-actuals/38-K1';
    const saved = await api.call(shomu, 'PUT', next, { body: { value: 9, asOf: '2028-03-31' } });
    expect(saved.body.warnings).toEqual(['令和8年度の実績 90%から大きく変わっています（△81ポイント）。入力に誤りがないか確認してください。']);
  });

  it('has no warnings for a draft without a value yet', async () => {
    const saved = await api.call(shomu, 'PUT', '/api/fiscal-years/2028/kpi-actuals/38-K1', { body: { note: '集計中' } });
    expect(saved.status).toBe(201);
    expect(saved.body.warnings).toEqual([]);
  });
});

describe('a resubmitted report no longer carries the return comment', () => {
  it('clears the comment on resubmission and keeps it in the history', async () => {
    const path = '/api/fiscal-years/2026/action-reports/33-1';
    const body = { status: 'implementing', rating: 'B', achievements: '提案制度の周知を行った。' };
    await api.call(sogo, 'PUT', path, { body });
    await api.call(sogo, 'POST', `${path}/submit`, { headers: ifMatch(1) });
    const returned = await api.call(sogoHead, 'POST', `${path}/return`, { body: { comment: '件数を書いてください。' }, headers: ifMatch(2) });
    expect(returned.body).toMatchObject({ state: 'returned', comment: '件数を書いてください。' });

    await api.call(sogo, 'PUT', path, { body: { ...body, achievements: '提案制度の周知を行い、9件の提案があった。' }, headers: ifMatch(3) });
    const resubmitted = await api.call(sogo, 'POST', `${path}/submit`, { headers: ifMatch(4) });
    expect(resubmitted.body).toMatchObject({ state: 'pending_head', comment: null });
    const confirmed = await api.call(sogoHead, 'POST', `${path}/confirm`, { headers: ifMatch(5) });
    expect(confirmed.body).toMatchObject({ state: 'submitted', comment: null });
    expect((await api.call(hq, 'GET', path)).body.comment).toBeNull();

    const { revisions } = revisionListSchema.parse((await api.call(sogo, 'GET', `${path}/revisions`)).body);
    expect(revisions.find((revision) => revision.action === 'return')?.comment).toBe('件数を書いてください。');
  });
});

describe('a KPI actual’s 時点: one rule for the form, the API’s save and submit, and the import', () => {
  const shomu = dept('shomu');
  const path = '/api/fiscal-years/2026/kpi-actuals/38-K1';
  /** The progress sheet with one KPI row, as a department fills it in for a KPI not reported yet. */
  const sheetWith = (id: string, asOf: string) =>
    xlsxOf([
      PROGRESS_COLUMNS.map((column) => column.header),
      PROGRESS_COLUMNS.map((column) => ({ kind: 'KPI', id, value: 90, asOf })[column.key as string] ?? null),
    ]);
  const importSheet = (system: Api, id: string, asOf: string) =>
    system.call(shomu, 'POST', '/api/fiscal-years/2026/import', {
      raw: sheetWith(id, asOf),
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
  const outsideYear = '時点は令和8年度の実績の日付（令和8年4月1日〜令和9年5月31日の出納閉鎖まで）で入力してください';

  it('refuses a 時点 outside the fiscal year on PUT with the message the import gives, storing nothing', async () => {
    const refused = await api.call(shomu, 'PUT', '/api/fiscal-years/2026/kpi-actuals/38-K2', { body: { value: 90, asOf: '1999-01-01' } });
    expect(refused.status).toBe(400);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([{ path: 'asOf', message: outsideYear }]);
    expect((await api.call(shomu, 'GET', '/api/fiscal-years/2026/kpi-actuals/38-K2')).status).toBe(404);
    const imported = await importSheet(api, '38-K2', '1999-01-01');
    expect(imported.status).toBe(400);
    expect(imported.body.errors).toEqual([{ path: '2行目（38-K2）.時点', message: outsideYear }]);
  });

  it('refuses a 時点 after today in Japan on PUT, on submit and in the import, and takes today itself', async () => {
    // 6 December 2026, 21:00 in Japan (12:00 UTC): the day the issue saw 2026-12-31 accepted.
    const system = await startApi({ extra: { now: () => new Date('2026-12-06T12:00:00Z') } });
    const future = '時点に今日（令和8年12月6日）より後の日付は入力できません。実績を測った日を入力してください';
    const refused = await system.call(shomu, 'PUT', path, { body: { value: 90, asOf: '2026-12-31' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'asOf', message: future }]);
    expect((await system.call(shomu, 'PUT', path, { body: { value: 90, asOf: '2026-12-07' } })).status).toBe(400);
    const imported = await importSheet(system, '38-K1', '2026-12-31');
    expect(imported.status).toBe(400);
    expect(imported.body.errors).toEqual([{ path: '2行目（38-K1）.時点', message: future }]);
    expect((await system.call(shomu, 'GET', path)).status).toBe(404);

    expect((await system.call(shomu, 'PUT', path, { body: { value: 90, asOf: '2026-12-06' } })).status).toBe(201);
    // A draft stored before this rule, holding a date still to come, cannot go to the 所属長 or HQ.
    const stored = (await system.store.getReport({ kind: 'kpi', fiscalYear: 2026, subject: '38-K1' }))!;
    await system.store.writeReport({
      content: { ...stored, body: { ...stored.body, asOf: '2026-12-31' } } as ReportRecord,
      expectedVersion: 1,
      change: { action: 'save', state: 'draft', changes: [], comment: null },
      at: stored.updatedAt,
      by: stored.updatedBy,
    });
    const submitted = await system.call(shomu, 'POST', `${path}/submit`, { headers: ifMatch(2) });
    expect(submitted.status).toBe(400);
    expect(submitted.body.errors).toEqual([{ path: 'asOf', message: future }]);
    expect((await system.call(shomu, 'GET', path)).body.state).toBe('draft');
  });
});
