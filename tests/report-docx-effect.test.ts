import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { yearReportSchema } from '../functions/domain/annual-report/schema.ts';
import { LocalTokens } from '../functions/http/auth/local.ts';
import { hq, startApi } from './api/harness.ts';
import { kpiShapesPlan } from './fixtures/kpi-shapes-plan.ts';

// 効果額 and a target left 未設定 in the year's report as HQ downloads it (.docx), on a plan that has them.

let api: Awaited<ReturnType<typeof startApi>>;

/** Saves, submits (and confirms where the 所属長 must) and approves one report as HQ. */
async function approve(path: string, body: unknown) {
  const saved = await api.call(hq, 'PUT', path, { body });
  let step = await api.call(hq, 'POST', `${path}/submit`, { headers: { 'If-Match': saved.headers.get('etag')! } });
  if (step.body.state === 'pending_head') step = await api.call(hq, 'POST', `${path}/confirm`, { headers: { 'If-Match': step.headers.get('etag')! } });
  const approved = await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': step.headers.get('etag')! } });
  expect(approved.body.state).toBe('approved');
}

beforeAll(async () => {
  api = await startApi({ plans: [kpiShapesPlan] });
  const body = { status: 'implementing', rating: 'B', achievements: '2施設を統合しました', challenges: '', nextSteps: '' };
  await approve('/api/fiscal-years/2015/action-reports/a1', { ...body, effectAmount: 12_000_000 });
  await approve('/api/fiscal-years/2016/action-reports/a1', { ...body, effectAmount: 8_000_000 });
  await approve('/api/fiscal-years/2016/kpi-actuals/k-unset', { value: 480_000, asOf: '2017-03-31', note: '' });
  // A draft with only its text: none of the fields an earlier year's figures or the status roll-up project.
  const draft = await api.call(hq, 'PUT', '/api/fiscal-years/2016/action-reports/a2', { body: { achievements: '検討を始めました' } });
  expect(draft.status).toBe(201);
}, 120_000);

const tokens = new LocalTokens('test-secret');
async function docxText(fy: number): Promise<string> {
  const token = await tokens.issue({ sub: 'hq-1', name: 'hq', 'cognito:groups': ['hq'] });
  const response = await api.app.request(`/api/fiscal-years/${fy}/report.docx`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  return strFromU8(files['word/document.xml']!).replace(/<[^>]+>/g, '');
}

describe('an earlier year as the report reads it (store.listFiscalYearFigures)', () => {
  it("holds each report's state and figures (効果額, a KPI's value and 時点) without the texts", async () => {
    const records = await api.store.listFiscalYearFigures(2016);
    const action = records.find((record) => record.kind === 'action' && record.subject === 'a1');
    const kpi = records.find((record) => record.kind === 'kpi' && record.subject === 'k-unset');
    expect(action).toMatchObject({ state: 'approved', fiscalYear: 2016, body: { effectAmount: 8_000_000 } });
    expect(Object.keys(action!.body)).toEqual(['effectAmount']);
    expect(kpi).toMatchObject({ state: 'approved', body: { value: 480_000, asOf: '2017-03-31', note: '' } });
  });

  it("reads a draft none of whose projected fields are written with an empty body, and the next year's report still comes out", async () => {
    const [figures, statuses] = await Promise.all([api.store.listFiscalYearFigures(2016), api.store.listFiscalYearStatus(2016)]);
    expect(figures.find((record) => record.subject === 'a2')).toMatchObject({ state: 'draft', body: {} });
    expect(statuses.find((record) => record.subject === 'a2')).toMatchObject({ state: 'draft', body: {} });
    expect(await docxText(2017)).toContain('施設の統廃合');
  });
});

describe('効果額 and 目標未設定 in the .docx', () => {
  it('writes each item’s planned and achieved 効果額 and the totals so far in 概要, in 億・万円', async () => {
    const text = await docxText(2016);
    expect(text).toContain('効果額：計画 1,000万円・実績 800万円');
    // Planned FY2015–2016: 1,000万円 × 2; achieved: 1,200万円 (FY2015) + 800万円.
    expect(text).toContain('効果額の合計：計画 2,000万円、実績 2,000万円（計画期間の初年度から平成28年度まで）');
    // 1-2 has no 効果額 in the plan and none was reported: no line for it.
    expect(text.match(/効果額：/g)).toHaveLength(1);
  });

  it('rates a KPI whose target the plan leaves 未設定 N 目標未設定, not 未報告', async () => {
    const text = await docxText(2016);
    expect(text).toMatch(/1-K2 公共施設の延床面積.*N 目標未設定/);
    const report = yearReportSchema.parse((await api.call(hq, 'GET', '/api/fiscal-years/2016/report')).body);
    expect(report.measures[0]!.kpis.find((kpi) => kpi.id === 'k-unset')).toMatchObject({ rating: 'N', reason: 'target_unset' });
  });
});
