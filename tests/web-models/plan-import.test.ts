import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../functions/domain/catalogue/schema.ts';
import { planWorkbook } from '../../functions/plan-workbook/write.ts';
import { PlanImportModel, fieldOptions, fieldValue, matchOptions, matchValue } from '../../web/src/models/plan-import.ts';
import { seedCatalogue } from '../../seeds/plans.ts';
import { addPlanInfoSheet, bytesOf, documentWorkbook } from '../fixtures/plan-import/workbooks.ts';
import { hq } from '../api/harness.ts';
import { modelApi } from './support.ts';

let api: Awaited<ReturnType<typeof modelApi>>;
beforeAll(async () => {
  api = await modelApi();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileOf = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name, { type: XLSX });

/** A city's own sheet whose first column (「改革の取組」) the guess does not know. */
async function ownLayout(): Promise<File> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('実施計画');
  sheet.addRow(['改革の取組', '取組項目', '担当課', 'R13', 'R14']);
  sheet.addRow(['事務の見直し', '押印の廃止', '総務課', '検討', '実施']);
  addPlanInfoSheet(workbook, 'model-own', '独自様式の計画');
  return fileOf(await bytesOf(workbook), '独自様式.xlsx');
}

describe('the plan import model, against the real API', () => {
  it('reads the 8th plan’s workbook with the levels named as the plan names them, and nothing to apply', async () => {
    await api.signIn(hq);
    const model = new PlanImportModel('higashine-8');
    const seed = seedCatalogue();
    expect(await model.choose(fileOf(await planWorkbook(seed.plan), 'plan.xlsx'))).toBe('done');
    const preview = model.state.preview!;
    expect(preview.problems).toEqual([]);
    expect(preview.counts?.levels.map((l) => l.name)).toEqual(seed.plan.levels.map((l) => l.name));
    expect(fieldOptions(preview).map((o) => o.label)).toContain('令和8年度');
    expect(fieldValue(preview.mapping.columns?.A)).toBe('level:0');
    // No change: nothing to apply.
    expect(model.ready).toBe(false);
  });

  it('offers each row the free keys of its kind, follows a correction, and keeps its reading when one is refused', async () => {
    await api.signIn(hq);
    const plan = structuredClone(seedCatalogue().plan) as Plan;
    plan.measures[0]!.actionItems[0]!.title = '行政手続のオンライン化（電子申請の拡充）';
    const model = new PlanImportModel('higashine-8');
    await model.choose(fileOf(await bytesOf(documentWorkbook(plan)), '見直し案.xlsx'));
    const row = () => model.state.preview!.matches.find((m) => m.cell === '実施計画!E3')!;
    expect(matchValue(row())).toBe('new');
    // 1-1 is the only 取組項目 no other row is read as; 1-2 is taken by its own row.
    expect(matchOptions(model.state.preview!, row()).map((o) => o.value)).toEqual(['1-1', 'new']);

    expect(await model.setMatch('実施計画!E3', '1-1')).toBe('done');
    expect(row()).toMatchObject({ key: '1-1', how: 'chosen' });
    expect(model.state.preview?.difference).toMatchObject({ added: [], retired: [] });

    expect(await model.setMatch('実施計画!E4', '2')).toBe('failed');
    expect(model.state.notice?.text).toContain('シート「実施計画」E4: キー「2」は施策のキーです');
    expect(model.state.matches).toEqual({ '実施計画!E3': '1-1' });
    expect(row().how).toBe('chosen');
  });

  it('applies a revised workbook as the plan’s next version', async () => {
    await api.signIn(hq);
    const plan = structuredClone(seedCatalogue().plan) as Plan;
    plan.measures[0]!.actionItems.pop();
    const model = new PlanImportModel('higashine-8');
    await model.choose(fileOf(await planWorkbook(plan), 'revised.xlsx'));
    expect(model.state.preview?.difference?.retired.map((r) => r.key)).toEqual([seedCatalogue().measures[0]!.measure.actionItems.at(-1)!.key]);
    expect(model.ready).toBe(true);
    expect(await model.apply()).toBe('done');
    expect(model.state.notice?.text).toMatch(/第2版として適用しました/);
  });

  it('corrects a column, remembers it, reads the same layout with it, and registers a new plan', async () => {
    await api.signIn(hq);
    const file = await ownLayout();
    const model = new PlanImportModel();
    await model.choose(file);
    expect(model.state.preview?.problems.length).toBeGreaterThan(0);
    expect(await model.setColumn('A', 'measure')).toBe('done');
    expect(model.state.preview?.problems).toEqual([]);
    expect(await model.remember()).toBe('done');

    const next = new PlanImportModel();
    await next.choose(file);
    expect(next.state.preview).toMatchObject({ rememberedMapping: true, problems: [] });
    expect(await next.create()).toBe('done');
    expect(next.state.notice?.text).toBe('「独自様式の計画」を新しい計画（策定中）として登録しました');
    // The same file again: the id is in use, said in words, nothing stored.
    const again = new PlanImportModel();
    await again.choose(file);
    expect(await again.create()).toBe('failed');
    expect(again.state.notice).toEqual({ kind: 'error', text: expect.stringContaining('計画ID「model-own」の計画はすでにあります') });
  });
});
