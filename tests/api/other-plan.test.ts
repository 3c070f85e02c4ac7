import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { LocalPublicationFiles } from '../../functions/publication/files.ts';
import { dept, head, hq, startApi } from './harness.ts';

/**
 * A plan of another city and another shape (tests/fixtures/plans/kita-3: 佐渡市, 3 levels, FY2015–2018 =
 * 平成27〜30年度, blank schedule cells) taken through a year's whole path: report, review, overview, digest,
 * the Word report and the publication. Nothing of the 8th plan of 東根市 may show in any of them.
 */
const sadoPlan = JSON.parse(readFileSync(new URL('../fixtures/plans/kita-3/plan.json', import.meta.url), 'utf8')) as unknown;
/** What only the seed plan (東根市第8次行財政改革推進プラン, 062111) could have put there. */
const SEED_PLAN_TRACES = ['東根', '062111', '第8次', '第８次', 'higashine', '総合政策課', '令和'];
const FY = 2016;

let api: Awaited<ReturnType<typeof startApi>>;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shinchoku-other-plan-'));
  api = await startApi({
    plans: [sadoPlan],
    // In FY2017, after FY2016's 出納閉鎖, so a 時点 of 2017-03-31 lies in the past as it must.
    extra: { now: () => new Date('2017-06-01T09:00:00+09:00'), publicationFiles: new LocalPublicationFiles(root) },
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const expectNoSeedPlan = (text: string) => {
  for (const trace of SEED_PLAN_TRACES) expect(text, `「${trace}」が出力に残っています`).not.toContain(trace);
};
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/** Staff save and submit, the head confirms (課内確認), HQ approves. */
async function approve(path: string, department: string, body: unknown) {
  expect((await api.call(dept(department), 'PUT', path, { body })).status).toBe(201);
  expect((await api.call(dept(department), 'POST', `${path}/submit`, { headers: ifMatch(1) })).body).toMatchObject({ state: 'pending_head' });
  expect((await api.call(head(department), 'POST', `${path}/confirm`, { headers: ifMatch(2) })).body).toMatchObject({ state: 'submitted' });
  const approved = await api.call(hq, 'POST', `${path}/approve`, { body: { comment: '確認しました。' }, headers: ifMatch(3) });
  expect(approved.body).toMatchObject({ state: 'approved', stateLabel: '承認済' });
}

describe('佐渡市第3次集中改革プラン, FY2016 (平成28年度) from report to publication', () => {
  beforeAll(async () => {
    await approve(`/api/fiscal-years/${FY}/action-reports/m9-a1`, 'somu', {
      status: 'implementing',
      rating: 'B',
      achievements: '本庁と両津支所の窓口受付を一元化した。',
      challenges: '小木行政サービスセンターは未実施。',
      nextSteps: '平成29年度に残る窓口へ広げる。',
    });
    await approve(`/api/fiscal-years/${FY}/kpi-actuals/m11-k1`, 'zeimu', { value: 98.6, asOf: '2017-03-31', note: '収納状況報告' });
  });

  it('the plan answer names 佐渡市, its code and its own levels', async () => {
    const plan = await api.call(hq, 'GET', `/api/plan?fy=${FY}`);
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ id: 'sado-3', city: { name: '佐渡市', code: '152242', prefecture: '新潟県' } });
    expect(JSON.stringify(plan.body)).toContain('基本項目');
    expectNoSeedPlan(JSON.stringify(plan.body));
  });

  it('the overview counts the approved work and does not ask for items with nothing scheduled in FY2016', async () => {
    const overview = await api.call(hq, 'GET', `/api/fiscal-years/${FY}/overview`);
    expect(overview.status).toBe(200);
    // 11-K1 has a target for each year: FY2016's 98.6% is met (A), though the plan's final 99.0% is not yet.
    expect(overview.body.attainment.kpis.find((kpi) => kpi.id === 'm11-k1')).toMatchObject({ rating: 'A', measured: 98.6 });
    const missing = overview.body.missing as readonly { department: string; actionItems: readonly string[] }[];
    const missingItems = missing.flatMap((entry) => entry.actionItems);
    // 9-2 has no FY2016 cell; 9-3 and 11-3 have a blank one: nothing is due, so nothing is 未提出.
    expect(missingItems).not.toContain('m9-a2');
    expect(missingItems).not.toContain('m9-a3');
    expect(missingItems).not.toContain('m11-a3');
    expect(missingItems).not.toContain('m9-a1');
    // 10-1 is due in FY2016 and nobody reported it.
    expect(missing.find((entry) => entry.department === 'kanko-shinko')?.actionItems).toContain('m10-a1');
    expectNoSeedPlan(JSON.stringify(overview.body));
  });

  it('the digest writes 平成28年度, 佐渡市 and counts only the items due', async () => {
    const preview = await api.call(hq, 'GET', `/api/fiscal-years/${FY}/digest/preview`);
    expect(preview.status).toBe(200);
    const { subject, text, html } = preview.body as { subject: string; text: string; html: string };
    expect(subject).toContain('平成28年度');
    expect(`${subject}\n${text}`).toContain('佐渡市');
    // 10 items, 4 with nothing due in FY2016 (9-2, 9-3, 11-3, 12-2), 1 approved: 5 without a report.
    expect(text).toContain('承認された報告のない取組項目：5項目（未報告 5・未承認 0。');
    // Items are named by the plan's numbers, not the keys reports are stored under.
    expect(text).toContain('観光振興課：取組項目 2件（10-1、10-2）');
    expect(text).not.toContain('m10-a1');
    // The plan states no financial indicators, so the 8th plan's table (令和元年度, 県内13市平均) is not there.
    expect(text).not.toContain('主な財政指標');
    // Questions go to this plan's HQ secretariat.
    expect(text).toContain('問い合わせ先：総務課');
    for (const output of [subject, text, html]) expectNoSeedPlan(output);
  });

  it('the .docx report writes 平成28年度 and 佐渡市 on the cover and in its properties', async () => {
    const response = await api.app.request(`/api/fiscal-years/${FY}/report.docx`, {
      headers: { Authorization: `Bearer ${await hqToken()}` },
    });
    expect(response.status).toBe(200);
    expect(downloadName(response)).toBe('平成28年度_佐渡市第3次集中改革プラン進捗状況報告書.docx');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const document = strFromU8(files['word/document.xml']!);
    const core = strFromU8(files['docProps/core.xml']!);
    expect(document).toContain('佐渡市');
    expect(document).toContain('平成28年度');
    expect(document).toContain('本庁と両津支所の窓口受付を一元化した。');
    expect(core).toMatch(/<dc:creator>[^<]*佐渡市[^<]*<\/dc:creator>/);
    // The cover is dated the day the document is made, by the request's clock (1 June 2017 here).
    expect(document).toContain('平成29年6月1日');
    for (const part of Object.values(files)) expectNoSeedPlan(strFromU8(part));
  });

  it('the exports are named by the plan’s own title, with the ASCII fallback kept', async () => {
    for (const extension of ['csv', 'xlsx']) {
      const response = await api.app.request(`/api/fiscal-years/${FY}/export.${extension}?state=approved`, {
        headers: { Authorization: `Bearer ${await hqToken()}` },
      });
      expect(response.status).toBe(200);
      expect(downloadName(response)).toBe(`平成28年度_佐渡市第3次集中改革プラン進捗報告_承認済.${extension}`);
      expect(response.headers.get('content-disposition')).toContain(`filename="progress-${FY}-approved.${extension}"`);
    }
  });

  it('the publication’s open data name 佐渡市 and 152242, and nothing of the seed plan', async () => {
    expect((await api.call(hq, 'POST', `/api/fiscal-years/${FY}/publication`)).status).toBeLessThan(300);
    const csv = readFileSync(join(root, `open-data/${FY}/progress.csv`), 'utf8');
    const json = readFileSync(join(root, `open-data/${FY}/progress.json`), 'utf8');
    const [header, firstRow] = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    const codeColumn = header!.split(',').indexOf('全国地方公共団体コード');
    expect(codeColumn).toBeGreaterThanOrEqual(0);
    expect(firstRow!.split(',')[codeColumn]).toBe('152242');
    expect(JSON.parse(json)).toMatchObject({ municipality: { name: '佐渡市', code: '152242', prefecture: '新潟県' } });
    expectNoSeedPlan(csv);
    expectNoSeedPlan(json);
    expectNoSeedPlan(readFileSync(join(root, `open-data/${FY}/progress.schema.json`), 'utf8'));
  });
});

/** The name a browser saves a download under: Content-Disposition's `filename*` (RFC 6266). */
const downloadName = (response: Response) => decodeURIComponent(response.headers.get('content-disposition')?.split("UTF-8''")[1] ?? '');

/** HQ's bearer token, signed with the harness's local secret, for the .docx whose answer is a file, not JSON. */
const hqToken = () => new LocalTokens('test-secret').issue({ sub: 'hq-1', name: 'hq', 'cognito:groups': ['hq'] });
