import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../functions/domain/catalogue/schema.ts';
import { planTemplate } from '../functions/plan-workbook/write.ts';
import { runPlanCli } from '../scripts/cli/plan.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { startApi } from './api/harness.ts';
import { addPlanInfoSheet, bytesOf, documentWorkbook, sheetsOf } from './fixtures/plan-import/workbooks.ts';

const dir = mkdtempSync(join(tmpdir(), 'plan-cli-'));
const file = async (name: string, workbook: ExcelJS.Workbook) => {
  const path = join(dir, name);
  writeFileSync(path, await bytesOf(workbook));
  return path;
};

/** What `npm run --silent plan -- …` runs, in-process. */
async function cli(args: string[], env?: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const bytes: Uint8Array[] = [];
  const code = await runPlanCli(args, {
    stdout: (text) => {
      if (typeof text === 'string') stdout += text;
      else bytes.push(text);
    },
    stderr: (text) => (stderr += text),
    env,
  });
  return { code, stdout, stderr, bytes };
}

describe('plan -- check (offline)', () => {
  it('prints what the 8th plan written as the document’s tables reads as', async () => {
    const { code, stdout, stderr } = await cli(['check', await file('plan8.xlsx', documentWorkbook(seedCatalogue().plan)), '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const departmentsNamed = new Set(seedCatalogue().measures.flatMap(({ measure }) => measure.owners.filter((o) => o !== 'kankei-kakuka')));
    expect(JSON.parse(stdout)).toEqual({
      levels: [
        { name: '柱', count: 4 },
        { name: '政策', count: 12 },
        { name: '方向性', count: 28 },
        { name: '施策', count: 44 },
        { name: '取組項目', count: 104 },
      ],
      measures: 44,
      actionItems: 104,
      kpis: 17,
      departments: departmentsNamed.size,
      firstYear: 2026,
      lastYear: 2030,
    });
  });

  it('names every cell it cannot read and exits 2', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('実施計画');
    sheet.addRow(['施策', '取組項目', '担当課', 'R8', 'R9']);
    sheet.addRow(['施策1 事務の見直し', '見直し', '庶務課', '→', '実施']);
    const { code, stdout, stderr } = await cli(['check', await file('broken.xlsx', workbook)]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('シート「実施計画」D2：「→」（前年度と同じ）の前の年度に予定がありません\n');
  });

  it('reads a .csv saved from the same table', async () => {
    const path = join(dir, 'plan.csv');
    writeFileSync(path, '施策,取組項目,担当課,令和8年度,令和9年度\r\n施策1 事務の見直し,・窓口の見直し,庶務課・財政課,検討,実施\r\n,・様式の見直し,,,実施\r\n');
    const { code, stdout } = await cli(['check', path, '--json'], undefined);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ measures: 1, actionItems: 2, departments: 2, firstYear: 2026, lastYear: 2027 });
  });

  it('refuses a file that is not a workbook, in Japanese', async () => {
    const path = join(dir, 'not.xlsx');
    writeFileSync(path, 'hello');
    const { code, stderr } = await cli(['check', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('Excel（.xlsx）形式のファイルとして読めません');
  });
});

describe('plan -- apply and export against the running system', () => {
  let env: Record<string, string>;
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
    const endpoint = await api.client.config.endpoint!().then((e) => `${e.protocol}//${e.hostname}:${e.port}`);
    env = { DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: api.tableName };
  });

  it('a dry run of the 8th plan’s own tables against the seeded plan changes nothing', async () => {
    const path = await file('plan8.xlsx', documentWorkbook(seedCatalogue().plan));
    const { code, stdout, stderr } = await cli(['apply', path, '--dry-run', '--json'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ added: [], retired: [], changed: [] });
  });

  it('names a department the plan does not have by its cell, exits 2 and stores nothing', async () => {
    const plan = structuredClone(seedCatalogue().plan) as Plan;
    plan.departments.find((d) => d.code === 'shomu')!.name = '未来創造課';
    const path = await file('unknown-department.xlsx', documentWorkbook(plan));
    const { code, stderr } = await cli(['apply', path, '--json'], env);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^シート「実施計画」F\d+：「未来創造課」はこの計画の課にありません/);
    expect((await api.plans.entry('higashine-8'))!.versions).toHaveLength(1);
  });

  it('applies a revision as the next version, and exports it in the product’s layout', async () => {
    const plan = structuredClone(seedCatalogue().plan) as Plan;
    plan.measures[0]!.actionItems.pop();
    plan.measures[0]!.kpis[0]!.target = { ...plan.measures[0]!.kpis[0]!.target, label: '120件' };
    const { code, stdout, stderr } = await cli(['apply', await file('revision.xlsx', documentWorkbook(plan)), '--json'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const difference = JSON.parse(stdout);
    expect(difference.added).toEqual([]);
    expect(difference.retired).toEqual([{ kind: 'actionItem', key: '1-3', number: '1-3', title: seedCatalogue().actionItem('1-3')!.item.title }]);
    expect(difference.changed.map((c: { kind: string; key: string; change: string }) => [c.kind, c.key, c.change])).toEqual([['kpi', '1-K1', 'target']]);
    api.plans.forget();
    expect((await api.plans.entry('higashine-8'))!.versions).toHaveLength(2);

    const exported = await cli(['export', '--plan', 'higashine-8'], env);
    expect(exported.code).toBe(0);
    const sheets = sheetsOf(exported.bytes[0]!);
    expect(sheets.map((s) => s.sheet)).toEqual(['実施計画', 'KPI', '課']);
    expect(sheets[1]!.rows.find((row) => row[0] === '1-K1')?.[5]).toBe('120件');
    const json = await cli(['export', '--format', 'json'], env);
    expect(JSON.parse(json.stdout).measures[0].actionItems).toHaveLength(2);
  });

  it('creates a new plan from the template and its 「計画」 sheet, as an upcoming plan', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await planTemplate(2031, 2035)).buffer as ArrayBuffer);
    addPlanInfoSheet(workbook, 'yamagata-1', '山形市行財政改革プラン');
    const path = await file('new-plan.xlsx', workbook);
    const dry = await cli(['apply', path, '--new', '--dry-run', '--json'], env);
    expect(dry.stderr).toBe('');
    expect(JSON.parse(dry.stdout).added).toEqual([{ kind: 'measure', key: 'm1', number: '1', title: '行政手続のオンライン化' }]);
    expect(await api.plans.entry('yamagata-1')).toBeUndefined();

    expect((await cli(['apply', path, '--new'], env)).code).toBe(0);
    api.plans.forget();
    const entry = await api.plans.entry('yamagata-1');
    expect(entry!.head).toMatchObject({ title: '山形市行財政改革プラン', status: 'upcoming' });
    const again = await cli(['apply', path, '--new'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('計画「yamagata-1」はすでにあります');
  });
});
