/**
 * A year as the public page shows it once HQ has approved it: through the running local system's API, every
 * scheduled action item and KPI of FY`fiscalYear` is saved by its department, submitted and approved by HQ
 * (the system must run with HEAD_CONFIRMATION=off, so that staff submit straight to HQ), and then the year is
 * published. What the citizens' page and its open data carry is then the year's real content, not an empty year.
 */
import { seedCatalogue } from '../seeds/plans.ts';

const ACTION = {
  status: 'implementing',
  rating: 'B',
  achievements: '電子申請フォームを12件追加し、窓口での受付を一部電子化した。',
  challenges: '担当課ごとの登録手順が統一されていない。',
  nextSteps: '手順書を作成し、全課へ周知する。',
};

/** A token from the local system's development sign-in (POST /api/dev/token) for `body`'s role or groups. */
export async function token(base: string, body: object): Promise<string> {
  const response = await fetch(`${base}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`開発用サインインができませんでした: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** Approves the year's reports and publishes the year; how many reports were approved, and any refused (with why). */
export async function publishApprovedYear(base: string, fiscalYear: number): Promise<{ approved: number; refused: string[] }> {
  const catalogue = seedCatalogue();
  const departments = catalogue.plan.departments.map((d) => `dept-${d.code}`);
  // One member of every department (a token holds at most 30 groups; the plan has 13 departments) and HQ.
  const staff = await token(base, { sub: 'bench-staff', name: '東根 太郎', groups: departments.slice(0, 30) });
  const hq = await token(base, { sub: 'bench-hq', role: 'hq' });
  const call = async (who: string, method: string, path: string, init: { body?: object; version?: number } = {}) => {
    const response = await fetch(`${base}/api/fiscal-years/${fiscalYear}/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${who}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.version === undefined ? {} : { 'if-match': `"${init.version}"` }),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    const body = (await response.json()) as { version?: number; detail?: string; title?: string };
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${body.detail ?? body.title ?? ''}`);
    return body;
  };
  const subjects = [
    ...catalogue.scheduledActionItems.map(({ item }) => ({ path: `action-reports/${item.key}`, body: ACTION })),
    ...catalogue.kpis.map(({ kpi }) => ({
      path: `kpi-actuals/${kpi.key}`,
      body: { value: kpi.baseline.value * 1.02, asOf: `${fiscalYear + 1}-03-31`, note: '業務統計（年度末時点）' },
    })),
  ];
  let approved = 0;
  const refused: string[] = [];
  for (const { path, body } of subjects) {
    try {
      const saved = await call(staff, 'PUT', path, { body });
      const submitted = await call(staff, 'POST', `${path}/submit`, { version: saved.version });
      await call(hq, 'POST', `${path}/approve`, { version: submitted.version });
      approved++;
    } catch (error) {
      // A shared item is reported in parts, one per department, and an item may not be due this year: left out, and said so.
      refused.push((error as Error).message);
    }
  }
  await call(hq, 'POST', 'publication');
  return { approved, refused };
}
