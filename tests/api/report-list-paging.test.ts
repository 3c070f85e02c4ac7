import { beforeAll, describe, expect, it } from 'vitest';
import { planSchema, reportListSchema, reportSchema } from '../../functions/contract/index.ts';
import type { Report } from '../../functions/contract/index.ts';
import { read, readProblem } from '../support/contract.ts';
import type { Caller } from './harness.ts';
import { dept, hq, startApi, validActionReport } from './harness.ts';

let api: Awaited<ReturnType<typeof startApi>>;
const list = '/api/fiscal-years/2026/reports';
const departments = ['shomu', 'zeimu', 'zaisei'];
/** The measures each department reports on, and the reports written for this test (kind:id). */
const measuresOf = new Map<string, string[]>();
const written: { key: string; measure: string }[] = [];

/** Every page of the list as `caller` reads it with ?limit=, and the pages' sizes. */
async function allPages(caller: Caller, limit: number): Promise<{ reports: Report[]; sizes: number[] }> {
  const reports: Report[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = read(reportListSchema, await api.call(caller, 'GET', `${list}${query}`));
    reports.push(...page.reports);
    sizes.push(page.reports.length);
    cursor = page.nextCursor;
  } while (cursor);
  return { reports, sizes };
}

const ids = (reports: Report[]) => reports.map((report) => `${report.kind}:${report.id}`);

beforeAll(async () => {
  api = await startApi({ headConfirmation: false });
  const plan = read(planSchema, await api.call(hq, 'GET', '/api/plan'));
  // Up to three action reports of each of three departments, spread across the year's partition.
  const taken = new Set<string>();
  for (const department of departments) {
    const items = plan.measures
      .filter((measure) => measure.owners.includes(department))
      .flatMap((measure) => measure.actionItems)
      .filter((item) => !taken.has(item.key));
    measuresOf.set(
      department,
      plan.measures.filter((measure) => measure.owners.includes(department)).map((measure) => measure.key),
    );
    for (const item of items.slice(0, 3)) {
      taken.add(item.key);
      written.push({ key: `action:${item.key}`, measure: plan.measures.find((measure) => measure.actionItems.includes(item))!.key });
      read(reportSchema, await api.call(dept(department), 'PUT', `/api/fiscal-years/2026/action-reports/${item.key}`, { body: validActionReport }), 201);
    }
  }
});

describe('GET /fiscal-years/{fy}/reports answers in pages, so no year is too large for one answer', () => {
  it('HQ: pages of ?limit= join into the whole list, in the same order, and the last page says there is no next', async () => {
    const whole = read(reportListSchema, await api.call(hq, 'GET', list));
    expect(written.length).toBeGreaterThanOrEqual(7);
    expect(ids(whole.reports).sort()).toEqual(written.map((report) => report.key).sort());
    expect(whole.nextCursor).toBeNull();
    const paged = await allPages(hq, 2);
    expect(paged.sizes.length).toBeGreaterThanOrEqual(5);
    expect(paged.sizes.every((size) => size <= 2)).toBe(true);
    expect(ids(paged.reports)).toEqual(ids(whole.reports));
  });

  it('a department: pages hold only its own reports (a page may be empty and still have a next), and they join into its list', async () => {
    const zeimu = dept('zeimu');
    const own = written.filter((report) => measuresOf.get('zeimu')!.includes(report.measure)).map((report) => report.key);
    const whole = read(reportListSchema, await api.call(zeimu, 'GET', list));
    expect(ids(whole.reports).sort()).toEqual(own.sort());
    expect(own.length).toBeLessThan(written.length);
    const paged = await allPages(zeimu, 2);
    expect(ids(paged.reports)).toEqual(ids(whole.reports));
    // The pages are read as HQ's are, two stored reports each; the others' reports are left out of them.
    expect(paged.sizes.length).toBeGreaterThanOrEqual(5);
    expect(paged.sizes.some((size) => size < 2)).toBe(true);
  });

  it.each([
    ['a cursor that is not one the API made', '?cursor=bm90LWEta2V5', 'cursor'],
    ["a cursor naming another item of the year's partition", `?cursor=${Buffer.from('REV#FY#2026#ACTION#1-1').toString('base64url')}`, 'cursor'],
    ['a cursor with characters a cursor never has', '?cursor=%E3%81%82', 'cursor'],
    ['a limit of 0', '?limit=0', 'limit'],
    ['a limit above 1000', '?limit=1001', 'limit'],
    ['a limit that is not a number', '?limit=abc', 'limit'],
  ])('%s is a 400 naming the parameter, in Japanese', async (_case, query, field) => {
    const problem = readProblem(await api.call(hq, 'GET', `${list}${query}`), 400);
    expect(JSON.stringify(problem)).toContain(field);
    expect(problem.detail ?? problem.title).toMatch(/[ぁ-んァ-ン一-龥]/);
  });
});
