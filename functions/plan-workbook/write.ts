import type { Workbook } from 'exceljs';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { ASSIGNED_DEPARTMENTS, isReference, type Plan } from '../domain/catalogue/schema.ts';
import { PLAN_INFO_FIELDS, PLAN_INFO_SHEET } from '../domain/plan-import/plan-info.ts';

/**
 * The plan in the product's own layout, which functions/domain/plan-import reads back with no change:
 * 「実施計画」 (the groups' levels, 施策キー, 施策, キー, 取組項目, 担当課, a column a fiscal year as 2031年度),
 * 「KPI」 (キー, 施策, 指標, 単位, 現在値, 目標値, 備考: the document's text cells) and 「課」 (課コード, 課名,
 * 開始年度, 終了年度). A group is written as its own part of the number and its title (「(1) 市民サービス…」),
 * a 施策 as 「施策3 …」, a reference row as 「…〈施策5に記載〉」. exceljs is loaded on first use, as the other
 * writers load it, so nothing that never exports pays for it. Returns .xlsx bytes.
 */
export async function planWorkbook(plan: Plan): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  const levels = plan.levels.map((l) => l.name);
  const groupLevels = levels.slice(0, -2);
  const [measureLevel, itemLevel] = levels.slice(-2) as [string, string];
  const years = Array.from({ length: plan.period.lastFiscalYear - plan.period.firstFiscalYear + 1 }, (_, i) => plan.period.firstFiscalYear + i);
  const sheet = workbook.addWorksheet('実施計画');
  sheet.addRow([`${plan.title} 実施計画`]);
  sheet.addRow([...groupLevels, '施策キー', measureLevel, 'キー', itemLevel, '担当課', ...years.map((y) => formatFiscalYear(y))]);
  const name = (code: string) => (code === ASSIGNED_DEPARTMENTS ? '関係各課' : (plan.departments.find((d) => d.code === code)?.name ?? code));
  const groups = new Map(plan.groups.map((g) => [g.key, g]));
  const measureNumberOf = new Map(plan.measures.flatMap((m) => m.actionItems.map((a) => [a.key, m.number] as const)));
  for (const measure of plan.measures) {
    const path: Plan['groups'] = [];
    for (let key = measure.group; key; key = groups.get(key)?.parent) path.unshift(groups.get(key)!);
    const groupCells = groupLevels.map((_, i) => (path[i] ? `${path[i].number.split('-').at(-1)} ${path[i].title}` : ''));
    for (const item of measure.actionItems) {
      const head = [...groupCells, measure.key, `${measureLevel}${measure.number} ${measure.title}`, item.key];
      const owners = measure.owners.map(name).join('・');
      if (isReference(item)) {
        sheet.addRow([...head, `${item.title}〈${measureLevel}${measureNumberOf.get(item.referenceTo)}に記載〉`, owners]);
        continue;
      }
      sheet.addRow([...head, item.title, owners, ...years.map((y) => item.schedule.find((e) => e.fiscalYear === y)?.activity ?? '')]);
    }
  }
  const kpis = workbook.addWorksheet('KPI');
  kpis.addRow(['キー', '施策', '指標', '単位', '現在値', '目標値', '備考']);
  for (const measure of plan.measures) {
    for (const kpi of measure.kpis)
      kpis.addRow([kpi.key, `${measureLevel}${measure.number}`, kpi.name, kpi.unit, kpi.baseline.label, kpi.target.label, kpi.note ?? '']);
  }
  const departments = workbook.addWorksheet('課');
  departments.addRow(['課コード', '課名', '開始年度', '終了年度']);
  for (const d of plan.departments) departments.addRow([d.code, d.name, d.from ?? '', d.until ?? '']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * A template for a new plan: the 「計画」 sheet the import reads a new plan's id, title and city from (項目, an
 * empty 内容 to fill in, a 記入例), then the 実施計画 and KPI headers of the product's layout (levels
 * 柱・政策・施策・取組項目, the years of the period) and one example row each, to overwrite.
 */
export async function planTemplate(firstFiscalYear: number, lastFiscalYear: number): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  const years = Array.from({ length: lastFiscalYear - firstFiscalYear + 1 }, (_, i) => firstFiscalYear + i);
  const info = workbook.addWorksheet(PLAN_INFO_SHEET);
  info.addRow(['項目', '内容', '記入例']);
  for (const { item, example } of PLAN_INFO_FIELDS) info.addRow([item, '', example]);
  info.getRow(1).font = { bold: true };
  info.columns = [{ width: 14 }, { width: 40 }, { width: 60 }];
  const sheet = workbook.addWorksheet('実施計画');
  sheet.addRow(['（計画の名称） 実施計画']);
  sheet.addRow(['柱', '政策', '施策', '取組項目', '担当課', ...years.map((y) => formatFiscalYear(y))]);
  sheet.addRow([
    'I 行政改革',
    '1 デジタル変革の推進',
    '施策1 行政手続のオンライン化',
    '電子申請の拡充',
    '総務課・企画課',
    '検討',
    ...years.slice(1).map(() => '→'),
  ]);
  const kpis = workbook.addWorksheet('KPI');
  kpis.addRow(['施策', '指標', '単位', '現在値', '目標値']);
  kpis.addRow(['施策1', '電子申請フォームの登録件数', '件', `80件 (${firstFiscalYear - 1}年度)`, '100件']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function newWorkbook(): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  return new ExcelJS.Workbook();
}
