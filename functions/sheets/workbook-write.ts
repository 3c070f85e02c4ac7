// exceljs writes what SheetJS Community Edition cannot: data validation, sheet protection, print titles and frozen panes.
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../domain/progress-reports/labels.ts';
import { PROGRESS_COLUMNS } from '../domain/progress-reports/progress-sheet.ts';
import type { ProgressRow } from '../domain/progress-reports/progress-sheet.ts';
import { withoutUnsafeText } from '../domain/text.ts';

type Key = (typeof PROGRESS_COLUMNS)[number]['key'];

/**
 * Column widths in Excel's units (the width of 「0」; a kanji takes two), in PROGRESS_COLUMNS order. About 260
 * in all: on A3 landscape fitted to the width that prints at about 75 %, where 322 on A4 printed at 30 %.
 */
const WIDTHS: Record<Key, number> = {
  kind: 8,
  id: 7,
  // A department name of five kanji (生涯学習課), as 報告課 now writes it.
  department: 11,
  group: 12,
  measure: 8,
  measureTitle: 18,
  departments: 12,
  item: 28,
  planned: 18,
  status: 9,
  rating: 13,
  achievements: 36,
  challenges: 24,
  nextSteps: 24,
  // 1,234,567,890 and a margin.
  effectAmount: 14,
  value: 14,
  unit: 5,
  asOf: 11,
  note: 16,
  state: 10,
  version: 4,
};
/** Points per line of 11 pt text as Excel and LibreOffice lay out Japanese (游ゴシック/Noto Sans CJK), with leading. */
const LINE_POINTS = 15;
/** Excel's row height limit, in points. */
const MAX_ROW_POINTS = 409;
/** Paper sizes as SpreadsheetML numbers them (ECMA-376 §18.3.1.63 paperSize); exceljs's PaperSize type lacks A3. */
const PAPER = { a4: 9 as ExcelJS.PaperSize, a3: 8 as ExcelJS.PaperSize };
/** exceljs's range validations (worksheet.dataValidations), which its type declarations leave out. */
type WithRangeValidations = { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } };
/** The cells a department fills in; everything else is the plan, locked. */
const INPUT: Record<'取組項目' | 'KPI', readonly Key[]> = {
  取組項目: ['status', 'rating', 'achievements', 'challenges', 'nextSteps', 'effectAmount'],
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
  error: `時点は日付（例：${fiscalYear + 1}/3/31）で入力してください`,
});

/**
 * A KPI value's number format: thousands separators and as many decimals as the value has (2,712,400,000円,
 * 92.50 stays 92.5 as typed: 92.5%), the unit as literal text so 65 shows 65% without Excel scaling it by
 * 100. An empty cell keeps General, so what the person types shows as typed.
 */
export function valueFormat(value: unknown, unit: string): string {
  const suffix = unit ? `"${unit.replace(/"/g, '')}"` : '';
  if (typeof value !== 'number') return unit ? `General${suffix}` : 'General';
  const decimals = /\.(\d+)$/.exec(String(value))?.[1]?.length ?? 0;
  return `#,##0${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}${suffix}`;
}

/** Width of text in Excel's column units: a full-width character (kanji, kana, 全角) counts two, others one. */
function textWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    // Latin-1 and half-width katakana take one unit, everything else (kanji, kana, full-width forms) two.
    width += code <= 0xff || (code >= 0xff61 && code <= 0xff9f) ? 1 : 2;
  }
  return width;
}

/**
 * The lines a wrapped cell shows: each of its own lines wrapped at the column's width. An estimate (fonts
 * differ), rounded up so that no line is cut off; Excel and LibreOffice do not size rows a file gives none.
 */
export function wrappedLines(text: string, columnWidth: number): number {
  const usable = Math.max(1, columnWidth - 1);
  return text.split(/\r?\n/).reduce((lines, line) => lines + Math.max(1, Math.ceil(textWidth(line) / usable)), 0);
}

/** A row's height in points, tall enough for its longest wrapped cell. */
function rowHeight(texts: readonly { text: string; width: number }[]): number {
  const lines = Math.max(1, ...texts.map(({ text, width }) => wrappedLines(text, width)));
  return Math.min(MAX_ROW_POINTS, lines * LINE_POINTS + 3);
}

/**
 * Rows → the runs of consecutive rows, as `J2:J104` ranges of one column. Validations are written per
 * range, not per cell: exceljs merges per-cell ones into ranges that overlap (J2:J104 and J10:J104, it
 * sorts addresses as text), which Excel offers to repair.
 */
function columnRanges(column: string, rows: readonly number[]): string[] {
  const ranges: string[] = [];
  let start = rows[0];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (rows[i + 1] === row + 1) continue;
    ranges.push(start === row ? `${column}${row}` : `${column}${start}:${column}${row}`);
    start = rows[i + 1];
  }
  return ranges;
}

function instructions(fiscalYear: number, sheetName: string): string[][] {
  const year = formatFiscalYear(fiscalYear);
  return [
    [`${year} 行財政改革推進プラン 進捗報告シートの記入方法`],
    [''],
    [`1. 「${sheetName}」シートの黄色のセルだけを記入します。計画の列・ID・報告課は変更できません（シートの保護、パスワードなし）。`],
    ['   関係各課の取組項目は課ごとに1行あり、報告課の列に書いた課の報告です。自分の課の行を記入します。'],
    ['2. 取組項目の行：進捗状況と自己評価は一覧から選び、実績（必須）・課題・今後の取組を記入します。セル内の改行は Alt+Enter です。'],
    ['   効果額（円）は、その年度に取組で生じた効果額を円単位の整数で記入します（例：1234000）。ない場合は空欄のままにします。'],
    [`3. KPIの行：実績値は単位なしの数値で（%のKPIは 65 または 65%）、時点は日付（例：${fiscalYear + 1}/3/31）で記入します。`],
    [`   時点は${year}の4月1日から翌年5月31日（出納閉鎖）までの日付です。`],
    ['4. 行の並べ替えや列の追加はしないでください。「状態」「版」は取込で出力後の変更を確かめるために使います。'],
    ['5. 保存は Excel ブック（.xlsx）形式で。Web の「Excelで記入」から取り込むと、変更点の確認後に下書きとして保存されます。'],
    ['6. 取り込んだ下書きは、Web の「まとめて提出」で提出します。'],
  ];
}

/**
 * exceljs's streaming writer (4.4.0) writes <sheetProtection> after <dataValidations>, where ECMA-376 Part 1
 * §18.3.1.99 (CT_Worksheet) has it right after <sheetData>, before <autoFilter>; Excel calls a file out of that
 * order damaged and offers to repair it. This writes it in its place: at the close of <sheetData>, and not again.
 */
function protectionAfterSheetData(sheet: ExcelJS.Worksheet): void {
  const writer = sheet as unknown as { _writeCloseSheetData(): void; _writeSheetProtection(): void };
  const closeSheetData = writer._writeCloseSheetData.bind(writer);
  const writeProtection = writer._writeSheetProtection.bind(writer);
  writer._writeCloseSheetData = () => {
    closeSheetData();
    writeProtection();
  };
  writer._writeSheetProtection = () => {};
}

/**
 * The year's progress sheet as a form (.xlsx bytes): a 記入方法 sheet, then the rows with drop-down
 * lists for 進捗状況 and 自己評価, input cells unlocked and the rest protected (no password),
 * wrapped text in rows tall enough to show it, a frozen header, A3 landscape one page wide with the header
 * repeated on every page, and KPI values with thousands separators and their unit.
 *
 * Written with exceljs's streaming writer (issue 22): each row is committed, turned into XML and handed to the
 * zip as it is written, so no model of the whole sheet is kept (exceljs's in-memory Workbook held every cell
 * and style until the end). Measured figures are at export-routes.ts MAX_XLSX_ROWS. Strings are shared, as
 * the in-memory writer wrote them: the table holds the strings the rows already hold, and without it exceljs
 * writes t="str", a formula's result type.
 */
export async function writeProgressWorkbook(fiscalYear: number, storedRows: readonly ProgressRow[]): Promise<Uint8Array<ArrayBuffer>> {
  // A character XML 1.0 forbids (U+FFFF in a draft stored before the text rule) makes Excel refuse the file.
  const rows = withoutUnsafeText(storedRows);
  const chunks: Buffer[] = [];
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = finished(output);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: true,
  });
  workbook.creator = '行財政改革推進プラン 進捗管理（Shinchoku）';
  workbook.lastModifiedBy = workbook.creator;
  const sheetName = `${formatFiscalYear(fiscalYear)}進捗報告`;

  // A4 portrait, one page wide: the lines wrap in a column that fits the paper.
  const guide = workbook.addWorksheet('記入方法', {
    pageSetup: { paperSize: PAPER.a4, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const GUIDE_WIDTH = 64;
  guide.getColumn(1).width = GUIDE_WIDTH;
  for (const [text = ''] of instructions(fiscalYear, sheetName)) {
    const row = guide.addRow([text]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.height = rowHeight([{ text, width: GUIDE_WIDTH }]);
  }
  guide.getCell('A1').font = { bold: true, size: 14 };
  guide.getRow(1).height = 24;
  // The zip takes one part at a time: the guide is finished before the sheet's rows start to flow.
  guide.commit();

  // A3 landscape fitted to the width (A4 shrank the 20 columns to 30 %), the header row on every page.
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 1, activeCell: 'J2' }],
    pageSetup: {
      paperSize: PAPER.a3,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&P / &N' },
  });
  protectionAfterSheetData(sheet);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PROGRESS_COLUMNS.length } };
  sheet.columns = PROGRESS_COLUMNS.map((column) => ({ key: column.key, width: WIDTHS[column.key] }));
  const header = sheet.addRow(PROGRESS_COLUMNS.map((column) => column.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  header.commit();

  // Row numbers only: the validations are written after the rows, as ranges (columnRanges).
  const actionRows: number[] = [];
  const kpiRows: number[] = [];
  for (const values of rows) {
    const row = sheet.addRow(
      PROGRESS_COLUMNS.map(({ key }) => {
        const value = values[key];
        return key === 'asOf' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
      }),
    );
    row.alignment = { vertical: 'top', wrapText: true };
    row.height = rowHeight(PROGRESS_COLUMNS.map(({ key }) => ({ text: String(values[key] ?? ''), width: WIDTHS[key] })));
    const inputs = INPUT[values.kind as '取組項目' | 'KPI'] ?? [];
    for (const key of inputs) {
      const cell = row.getCell(key);
      cell.protection = { locked: false };
      cell.fill = INPUT_FILL;
    }
    if (values.kind === '取組項目') {
      actionRows.push(row.number);
      row.getCell('effectAmount').numFmt = '#,##0';
    } else {
      kpiRows.push(row.number);
      row.getCell('value').numFmt = valueFormat(values.value, String(values.unit ?? ''));
      row.getCell('asOf').numFmt = 'yyyy/m/d';
    }
    row.commit();
  }
  const letter = (key: Key) => sheet.getColumn(key).letter;
  const validations: [Key, readonly number[], ExcelJS.DataValidation][] = [
    ['status', actionRows, STATUS_RULE],
    ['rating', actionRows, RATING_RULE],
    ['asOf', kpiRows, dateRule(fiscalYear)],
  ];
  for (const [key, at, rule] of validations) {
    for (const range of columnRanges(letter(key), at)) (sheet as unknown as WithRangeValidations).dataValidations.add(range, rule);
  }
  // No password: protection keeps people in the input cells, it is not a security boundary.
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true });
  sheet.commit();
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  await workbook.commit();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
