// exceljs writes what SheetJS Community Edition cannot: data validation, sheet protection, print titles and frozen panes.
import ExcelJS from 'exceljs';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../domain/progress-reports/labels.ts';
import { PROGRESS_COLUMNS } from '../domain/progress-reports/progress-sheet.ts';
import type { ProgressRow } from '../domain/progress-reports/progress-sheet.ts';
import { withoutUnsafeText } from '../domain/text.ts';

type Key = (typeof PROGRESS_COLUMNS)[number]['key'];

/** Column widths in characters, in PROGRESS_COLUMNS order. */
const WIDTHS: Record<Key, number> = {
  kind: 8,
  id: 7,
  department: 8,
  group: 16,
  measure: 6,
  measureTitle: 24,
  departments: 14,
  item: 34,
  planned: 18,
  status: 9,
  rating: 13,
  achievements: 44,
  challenges: 32,
  nextSteps: 32,
  value: 12,
  unit: 6,
  asOf: 12,
  note: 20,
  state: 10,
  version: 5,
};
/** The cells a department fills in; everything else is the plan, locked. */
const INPUT: Record<'取組項目' | 'KPI', readonly Key[]> = {
  取組項目: ['status', 'rating', 'achievements', 'challenges', 'nextSteps'],
  KPI: ['value', 'asOf', 'note'],
};
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8DC' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };

const listRule = (values: string[], title: string): ExcelJS.DataValidation => ({
  type: 'list',
  allowBlank: true,
  formulae: [`"${values.join(',')}"`],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: title,
  error: `${title}は一覧から選んでください`,
});
const STATUS_RULE = listRule(Object.values(ACTION_STATUS_LABELS), '進捗状況');
const RATING_RULE = listRule(
  Object.entries(ACTION_RATING_LABELS).map(([letter, label]) => `${letter} ${label}`),
  '自己評価',
);
/**
 * Excel's first check of a 時点: a date within the widest window asOfWindow allows for the year (1 January
 * for a calendar-year KPI, through 31 May after the year, 出納閉鎖); the import checks each KPI's own window.
 * The example is the year's last day. Any plan's years, not only 令和 ones (a 平成 plan's 2017/3/31 is a 時点).
 */
const dateRule = (fiscalYear: number): ExcelJS.DataValidation => ({
  type: 'date',
  operator: 'between',
  allowBlank: true,
  formulae: [new Date(Date.UTC(fiscalYear, 0, 1)), new Date(Date.UTC(fiscalYear + 1, 4, 31))],
  showErrorMessage: true,
  errorTitle: '時点',
  error: `時点は日付（例: ${fiscalYear + 1}/3/31）で入力してください`,
});

/** A KPI's unit as a number format: the person types 65 and sees 65%, without Excel scaling it by 100. */
function unitFormat(unit: string): string {
  return unit ? `General"${unit.replace(/"/g, '')}"` : 'General';
}

function instructions(fiscalYear: number, sheetName: string): string[][] {
  const year = formatFiscalYear(fiscalYear);
  return [
    [`${year} 行財政改革推進プラン 進捗報告シートの記入方法`],
    [''],
    [`1. 「${sheetName}」シートの黄色のセルだけを記入します。計画の列・ID・報告課は変更できません（シートの保護、パスワードなし）。`],
    ['   関係各課の取組項目は課ごとに1行あり、報告課の列の課コードの課の報告です。自分の課の行を記入します。'],
    ['2. 取組項目の行: 進捗状況と自己評価は一覧から選び、実績（必須）・課題・今後の取組を記入します。セル内の改行は Alt+Enter です。'],
    [`3. KPIの行: 実績値は単位なしの数値で（%のKPIは 65 または 65%）、時点は日付（例: ${fiscalYear + 1}/3/31）で記入します。`],
    [`   時点は${year}の4月1日から翌年5月31日（出納閉鎖）までの日付です。`],
    ['4. 行の並べ替えや列の追加はしないでください。「状態」「版」は取込で出力後の変更を確かめるために使います。'],
    ['5. 保存は Excel ブック（.xlsx）形式で。Web の「Excelで記入」から取り込むと、変更点の確認後に下書きとして保存されます。'],
    ['6. 取り込んだ下書きは、Web の「まとめて提出」で提出します。'],
  ];
}

/**
 * The year's progress sheet as a form (.xlsx bytes): a 記入方法 sheet, then the rows with drop-down
 * lists for 進捗状況 and 自己評価, input cells unlocked and the rest protected (no password),
 * wrapped text, a frozen header, A4 landscape with the header repeated on every page, and KPI values
 * formatted with their unit.
 */
export async function writeProgressWorkbook(fiscalYear: number, storedRows: readonly ProgressRow[]): Promise<Uint8Array<ArrayBuffer>> {
  // A character XML 1.0 forbids (U+FFFF in a draft stored before the text rule) makes Excel refuse the file.
  const rows = withoutUnsafeText(storedRows);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '行財政改革推進プラン 進捗管理（Shinchoku）';
  const sheetName = `${formatFiscalYear(fiscalYear)}進捗報告`;

  const guide = workbook.addWorksheet('記入方法');
  guide.addRows(instructions(fiscalYear, sheetName));
  guide.getColumn(1).width = 120;
  guide.getCell('A1').font = { bold: true, size: 14 };

  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 1, activeCell: 'I2' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  sheet.columns = PROGRESS_COLUMNS.map((column) => ({ key: column.key, width: WIDTHS[column.key] }));
  const header = sheet.addRow(PROGRESS_COLUMNS.map((column) => column.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });

  for (const values of rows) {
    const row = sheet.addRow(
      PROGRESS_COLUMNS.map(({ key }) => {
        const value = values[key];
        return key === 'asOf' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
      }),
    );
    row.alignment = { vertical: 'top', wrapText: true };
    const inputs = INPUT[values.kind as '取組項目' | 'KPI'] ?? [];
    for (const key of inputs) {
      const cell = row.getCell(key);
      cell.protection = { locked: false };
      cell.fill = INPUT_FILL;
    }
    if (values.kind === '取組項目') {
      row.getCell('status').dataValidation = STATUS_RULE;
      row.getCell('rating').dataValidation = RATING_RULE;
    } else {
      row.getCell('value').numFmt = unitFormat(String(values.unit ?? ''));
      row.getCell('asOf').numFmt = 'yyyy/m/d';
      row.getCell('asOf').dataValidation = dateRule(fiscalYear);
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PROGRESS_COLUMNS.length } };
  // No password: protection keeps people in the input cells, it is not a security boundary.
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true });
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
