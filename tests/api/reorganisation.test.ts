import { beforeAll, describe, expect, it } from 'vitest';
import { seedPlanInput } from '../../seeds/plans.ts';
import type { PlanInput } from '../../functions/domain/catalogue/schema.ts';
import { catalogueSchema } from '../../functions/domain/catalogue/validate.ts';
import { dept, hq, startApi, validActionReport } from './harness.ts';

/**
 * 機構改革 in the 8th plan, as a city would write it into the plan's departments: from FY2027 庶務課 (shomu) is
 * called 総務課, and 財政課 (zaisei) and 会計課 (kaikei) are merged into the new 財務課 (zaimu).
 */
function reorganisedPlan(): PlanInput {
  const plan = structuredClone(seedPlanInput()) as PlanInput;
  plan.departments = [
    ...plan.departments.map((department) => {
      if (department.code === 'shomu') return { ...department, name: '総務課', names: [{ name: '庶務課', until: 2026 }] };
      if (department.code === 'zaisei' || department.code === 'kaikei') return { ...department, until: 2026, successors: ['zaimu'] };
      return department;
    }),
    { code: 'zaimu', name: '財務課', from: 2027 },
  ];
  return plan;
}

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
beforeAll(async () => {
  // Staff submit straight to HQ, so a submitted report leaves the 未提出 list at once.
  api = await startApi({ plans: [reorganisedPlan()], headConfirmation: false });
});

const zaisei = dept('zaisei');
const zaimu = dept('zaimu');
const shomu = dept('shomu');
// 施策26 is 財政課's (with 関係各課); 施策4 is 庶務課's, 財政課's and 会計課's.
const item = (fy: number, key: string) => `/api/fiscal-years/${fy}/action-reports/${key}`;

async function submit(caller: ReturnType<typeof dept>, path: string) {
  const saved = await api.call(caller, 'PUT', path, { body: validActionReport });
  expect(saved.status).toBe(201);
  return api.call(caller, 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } });
}

describe('before the reorganisation (FY2026) everything is as the plan first wrote it', () => {
  it('lets 財政課 write and submit its item, and the report keeps the name 財政課', async () => {
    const submitted = await submit(zaisei, item(2026, '26-1'));
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', departmentNames: { zaisei: '財政課' } });
  });

  it('does not let 財務課, which does not exist yet, write an item of 財政課', async () => {
    const refused = await api.call(zaimu, 'PUT', item(2026, '26-2'), { body: validActionReport });
    expect(refused.status).toBe(404);
    expect((await api.call(hq, 'GET', item(2026, '26-2'))).status).toBe(404);
  });

  it('lists 未提出 under 庶務課 and 会計課, by the names of that year', async () => {
    const overview = await api.call(hq, 'GET', '/api/fiscal-years/2026/overview');
    expect(overview.status).toBe(200);
    const names = overview.body.missing.map((entry: { name: string }) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['庶務課', '財政課', '会計課']));
    expect(names).not.toContain('総務課');
    expect(names).not.toContain('財務課');
  });
});

describe('from FY2027 the merged and renamed departments take over', () => {
  it('lets 財務課 write items that were 財政課 and 会計課 items', async () => {
    const formerlyZaisei = await submit(zaimu, item(2027, '26-1'));
    expect(formerlyZaisei.body).toMatchObject({ state: 'submitted', departmentNames: { zaimu: '財務課' } });
    const formerlyKaikei = await api.call(zaimu, 'PUT', item(2027, '4-1'), { body: validActionReport });
    expect(formerlyKaikei.status).toBe(201);
  });

  it('no longer lets a 財政課 account write, and stores nothing', async () => {
    const refused = await api.call(zaisei, 'PUT', item(2027, '26-2'), { body: validActionReport });
    expect(refused.status).toBe(404);
    expect((await api.call(hq, 'GET', item(2027, '26-2'))).status).toBe(404);
  });

  it('lists 未提出 under 財務課 and 総務課, not the departments that ended', async () => {
    const overview = await api.call(hq, 'GET', '/api/fiscal-years/2027/overview');
    expect(overview.status).toBe(200);
    const { missing } = overview.body;
    const names = missing.map((entry: { name: string }) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['財務課', '総務課']));
    expect(names).not.toContain('財政課');
    expect(names).not.toContain('会計課');
    expect(names).not.toContain('庶務課');
    // 施策4 was 会計課's too: its item, still a draft, is 財務課's to submit.
    expect(missing.find((entry: { department: string }) => entry.department === 'zaimu')?.actionItems).toContain('4-1');
    // The attainment roll-up by department follows the same structure.
    const rolledUp = overview.body.attainment.departments.map((node: { name: string }) => node.name);
    expect(rolledUp).toContain('財務課');
    expect(rolledUp).not.toContain('財政課');
  });

  it('keeps the name in force when a report was written: 庶務課 in FY2026, 総務課 in FY2027', async () => {
    const before = await submit(shomu, item(2026, '12-1'));
    expect(before.body).toMatchObject({ departmentNames: { shomu: '庶務課' } });
    const after = await submit(shomu, item(2027, '12-1'));
    expect(after.body).toMatchObject({ departmentNames: { shomu: '総務課' } });
    // Read again a year later, the FY2026 reports still say who wrote them then.
    expect((await api.call(hq, 'GET', item(2026, '12-1'))).body.departmentNames).toEqual({ shomu: '庶務課' });
    expect((await api.call(hq, 'GET', item(2026, '26-1'))).body.departmentNames).toEqual({ zaisei: '財政課' });
  });
});

describe('a plan whose reorganisation does not add up is refused, naming the field', () => {
  const problems = (change: (plan: PlanInput) => void) => {
    const plan = reorganisedPlan();
    change(plan);
    const parsed = catalogueSchema.safeParse(plan);
    return parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  };
  const indexOf = (plan: PlanInput, code: string) => plan.departments.findIndex((department) => department.code === code);

  it('accepts the reorganised plan itself', () => {
    expect(problems(() => {})).toEqual([]);
  });

  it('refuses a department that ends before it starts', () => {
    const found = problems((plan) => {
      plan.departments[indexOf(plan, 'zaimu')]!.until = 2026;
    });
    expect(found).toContainEqual({ path: `departments.13.until`, message: '「財務課」の廃止年度（令和8年度）が設置年度（令和9年度）より前です' });
  });

  it('refuses a successor that is not listed or does not exist the year after', () => {
    const found = problems((plan) => {
      plan.departments[indexOf(plan, 'zaisei')]!.successors = ['zaimu-ka'];
      plan.departments[indexOf(plan, 'kaikei')]!.until = 2025;
    });
    expect(found).toContainEqual({ path: 'departments.2.successors.0', message: '承継先の課コード「zaimu-ka」が課の一覧にありません' });
    expect(found).toContainEqual({ path: 'departments.3.successors.0', message: '承継先「財務課」は「会計課」の廃止の翌年度（令和8年度）に存在しません' });
  });

  it('refuses an owner that never exists in the plan period', () => {
    const found = problems((plan) => {
      plan.departments[indexOf(plan, 'zaimu')]!.from = 2031;
      plan.departments[indexOf(plan, 'zaisei')]!.successors = [];
      plan.departments[indexOf(plan, 'kaikei')]!.successors = [];
      plan.measures[25]!.owners = ['zaimu'];
    });
    expect(found).toEqual([{ path: 'measures.25.owners.0', message: '担当課「財務課」は計画期間（令和8〜12年度）に存在しません' }]);
  });
});
