import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readProgressSheet } from '../functions/domain/progress-reports/progress-import.ts';
import { PROGRESS_COLUMNS } from '../functions/domain/progress-reports/progress-sheet.ts';
import type { ProgressRow } from '../functions/domain/progress-reports/progress-sheet.ts';
import { readCsv, writeCsv } from '../functions/sheets/csv.ts';
import { readWorkbook, SpreadsheetError } from '../functions/sheets/workbook-read.ts';
import { writeProgressWorkbook } from '../functions/sheets/workbook-write.ts';
import { workbookOf } from './fixtures/workbook.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures/xlsx', name)));
const read = (bytes: Uint8Array) => readWorkbook(bytes, { maxRows: 2000 });
const HEADERS: string[] = PROGRESS_COLUMNS.map((column) => column.header);
/** The KPI body fields the sheet carries (a qualitative KPI's 評価 has no column: the import keeps it). */
const KPI_FIELDS = ['value', 'asOf', 'note'];

const xml = (body: string) => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`);
const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
/** A minimal package as small tools write it by hand: one sheet, the given shared strings and sheetData. */
function handWritten(sheetData: string, sharedStrings?: string, workbookPr = '', styles?: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': xml(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        (sharedStrings
          ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          : '') +
        (styles ? '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' : '') +
        '</Types>',
    ),
    '_rels/.rels': xml(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': xml(`<workbook ${MAIN}>${workbookPr}<sheets><sheet name="進捗" sheetId="1" r:id="rId7"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': xml(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        (sharedStrings
          ? '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
          : '') +
        (styles ? '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' : '') +
        '</Relationships>',
    ),
    ...(sharedStrings ? { 'xl/sharedStrings.xml': xml(`<sst ${MAIN}>${sharedStrings}</sst>`) } : {}),
    ...(styles ? { 'xl/styles.xml': xml(`<styleSheet ${MAIN}>${styles}</styleSheet>`) } : {}),
    'xl/worksheets/sheet1.xml': xml(`<worksheet ${MAIN}><sheetData>${sheetData}</sheetData></worksheet>`),
  });
}

describe('reading workbooks as other tools write them', () => {
  it('reads the shared cases: Excel escapes, x: prefixes, rows without r, percent cells', () => {
    expect(read(fixture('x0-control.xlsx'))[0]!.rows[2]).toEqual([
      'KPI',
      '5-K1',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      42,
      null,
      '2027-03-31',
      '文書管理システム集計',
    ]);
    expect(read(fixture('x1-x000D.xlsx'))[0]!.rows[1]![10]).toBe('押印の要否を照会\n結果を集計した');
    expect(read(fixture('x2-prefix.xlsx'))[0]!.rows[1]!.slice(0, 2)).toEqual(['取組項目', '5-1']);
    expect(read(fixture('x3-no-r.xlsx'))[0]!.rows[1]!.slice(8, 11)).toEqual(['検討中', 'B', '押印の要否を全課に照会した']);
    expect(read(fixture('x10-percent.xlsx'))[0]!.rows[1]![13]).toBe(99.55);
  });

  it('reads a LibreOffice workbook: extra and hidden sheets, a title row, reordered columns, formulas, dates and full-width text', () => {
    const sheets = read(fixture('lo-mixed.xlsx'));
    expect(sheets.map(({ name, hidden }) => ({ name, hidden }))).toEqual([
      { name: 'メモ', hidden: false },
      { name: '進捗', hidden: false },
      { name: '旧', hidden: true },
    ]);
    const { rows, problems } = readProgressSheet(sheets[1]!.rows, 'シート「進捗」');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 3,
        kind: 'action',
        id: '4-1',
        version: null,
        body: { status: 'implementing', rating: 'A', achievements: '全課に照会した', challenges: '押印の要否を\n全課で確認する', nextSteps: '' },
        // A sheet of an earlier release has no 効果額 column: the import keeps the stored one.
        fields: ['status', 'rating', 'achievements', 'challenges', 'nextSteps'],
      },
      { line: 5, kind: 'kpi', id: '5-K1', version: null, body: { value: 65.5, asOf: '2027-03-31', note: '文書管理システム' }, fields: KPI_FIELDS },
      { line: 6, kind: 'kpi', id: '38-K1', version: null, body: { value: 92.5, asOf: '2027-03-31', note: '人事給与システム' }, fields: KPI_FIELDS },
      { line: 7, kind: 'kpi', id: '38-K2', version: null, body: { value: 45, asOf: '2027-03-31', note: '' }, fields: KPI_FIELDS },
    ]);
  });

  it('leaves furigana out, joins rich-text runs, reads inline strings and _xHHHH_ escapes', () => {
    const bytes = handWritten(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>インライン</t></is></c><c r="D1" t="inlineStr"><is><t>タブ_x0009_と_x005F_x000D_</t></is></c></row>',
      '<si><t>実施中</t><rPh sb="0" eb="3"><t>ジッシチュウ</t></rPh><phoneticPr fontId="1"/></si><si><r><t>研修を</t></r><r><rPr><b/></rPr><t>2回</t></r><r><t>実施</t></r></si>',
    );
    expect(read(bytes)[0]!.rows).toEqual([['実施中', '研修を2回実施', 'インライン', 'タブ\tと_x000D_']]);
  });

  it('reads dates in the 1904 date system as the dates the person typed', () => {
    const styles =
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>';
    const styled = handWritten('<row r="1"><c r="A1" s="1"><v>45746</v></c></row>', undefined, '<workbookPr date1904="1"/>', styles);
    // Day 45746 counted from 1904-01-01 is 2029-03-31 (counted from 1899-12-30 it would be 2025-03-30).
    expect(read(styled)[0]!.rows[0]).toEqual(['2029-03-31']);
  });

  it('finds the progress sheet by its header among extra sheets and reads columns by header, in any order', () => {
    const reordered = [...HEADERS].reverse();
    const row = reordered.map(
      (header) => ({ 区分: '取組項目', ID: '12-2', 進捗状況: '完了', 自己評価: 'C', 実績: '配置を見直した。' })[header as '区分'] ?? null,
    );
    const sheets = read(
      workbookOf([
        { name: '説明', rows: [['説明']] },
        { name: 'データ', rows: [reordered, [], row] },
      ]),
    );
    expect(readProgressSheet(sheets[1]!.rows).rows).toEqual([
      {
        line: 3,
        kind: 'action',
        id: '12-2',
        version: null,
        body: { status: 'done', rating: 'C', achievements: '配置を見直した。', challenges: '', nextSteps: '' },
        fields: ['status', 'rating', 'achievements', 'challenges', 'nextSteps', 'effectAmount'],
      },
    ]);
  });

  it('refuses two rows for the same ID, naming both lines', () => {
    const row = (text: string) =>
      HEADERS.map((header) => ({ 区分: '取組項目', ID: '12-2', 進捗状況: '完了', 自己評価: 'C', 実績: text })[header as '区分'] ?? null);
    expect(readProgressSheet([HEADERS, row('一回目'), row('二回目')], 'シート「s」').problems).toEqual([
      { path: 'シート「s」3行目（12-2）.ID', message: '「12-2」の行が2つあります（2行目と3行目）。どちらか1行にしてください' },
    ]);
  });
});

describe('効果額 in the sheet', () => {
  const row = (id: string, amount: string | number) =>
    HEADERS.map(
      (header) => ({ 区分: '取組項目', ID: id, 進捗状況: '完了', 自己評価: 'C', 実績: '見直した。', '効果額（円）': amount })[header as '区分'] ?? null,
    );

  it('reads yen as Excel keeps it and as people type it: separators, full-width digits, 円', () => {
    const written = [1234000, '1,234,000', '1234000', '１２３４０００', '1,234,000円', '１，２３４，０００円'];
    const { rows, problems } = readProgressSheet([HEADERS, ...written.map((amount, i) => row(`12-${i + 1}`, amount))]);
    expect(problems).toEqual([]);
    expect(rows.map((read) => ('effectAmount' in read.body ? read.body.effectAmount : null))).toEqual(written.map(() => 1234000));
  });

  it('refuses text, negatives and decimals in the schema’s words, naming the row and the column', () => {
    const { rows, problems } = readProgressSheet(
      [HEADERS, row('12-1', '約百万円くらい'), row('12-2', '-5,000'), row('12-3', '1234.5'), row('12-4', 99.9)],
      'シート「s」',
    );
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { path: 'シート「s」2行目（12-1）.効果額（円）', message: '効果額は円単位の整数で入力してください' },
      { path: 'シート「s」3行目（12-2）.効果額（円）', message: '効果額は0円以上で入力してください' },
      { path: 'シート「s」4行目（12-3）.効果額（円）', message: '効果額は円単位の整数で入力してください' },
      { path: 'シート「s」5行目（12-4）.効果額（円）', message: '効果額は円単位の整数で入力してください' },
    ]);
  });

  it('reads a sheet without the column (an earlier release’s, or a CSV with it removed) as not carrying 効果額', () => {
    const without = HEADERS.filter((header) => header !== '効果額（円）');
    const { rows, problems } = readProgressSheet([without, without.map((header) => row('12-1', 5)[HEADERS.indexOf(header)] ?? null)]);
    expect(problems).toEqual([]);
    expect(rows[0]!.fields).not.toContain('effectAmount');
    expect(rows[0]!.body).not.toHaveProperty('effectAmount');
  });

  it('refuses a sheet with none of the columns a department fills in, rather than importing nothing', () => {
    const planOnly = HEADERS.slice(0, HEADERS.indexOf('当該年度の計画') + 1).concat(['単位', '状態', '版']);
    expect(readProgressSheet([planOnly, ['取組項目', '12-1']], 'シート「s」').problems).toEqual([
      { path: 'シート「s」1行目.実績', message: '記入する列（進捗状況・実績・効果額（円）・実績値など）がありません。出力したシートをそのまま使ってください' },
    ]);
  });
});

describe('shared items (関係各課) in the sheet', () => {
  const row = (part: string, text: string) =>
    HEADERS.map((header) => ({ 区分: '取組項目', ID: '4-1', 報告課: part, 進捗状況: '実施中', 自己評価: 'B', 実績: text })[header as '区分'] ?? null);

  it('reads a row per part of an item, each with its 報告課', () => {
    const { rows, problems } = readProgressSheet([HEADERS, row('zaisei', '財政課の実績'), row('ｋａｉｋｅｉ', '会計課の実績')]);
    expect(problems).toEqual([]);
    expect(rows.map((read) => [read.department, 'achievements' in read.body ? read.body.achievements : null])).toEqual([
      ['zaisei', '財政課の実績'],
      ['kaikei', '会計課の実績'],
    ]);
  });

  it('refuses two rows of the same part, naming both lines', () => {
    expect(readProgressSheet([HEADERS, row('kaikei', '一回目'), row('kaikei', '二回目')], 'シート「s」').problems).toEqual([
      { path: 'シート「s」3行目（4-1）.ID', message: '「4-1（kaikei）」の行が2つあります（2行目と3行目）。どちらか1行にしてください' },
    ]);
  });
});

describe('refusing what is not a progress sheet, cheaply', () => {
  const saveAs = 'Excelで「名前を付けて保存」から「Excel ブック（*.xlsx）」を選んで保存し直してから取り込んでください';

  it('tells the user to save an Excel 97-2003 file, an .ods or a non-spreadsheet as .xlsx', () => {
    expect(() => read(fixture('lo-mixed.xls'))).toThrow(
      new SpreadsheetError(`Excel 97-2003 形式（.xls）またはパスワード付きのファイルは読めません。${saveAs}`),
    );
    expect(() => read(fixture('lo-mixed.ods'))).toThrow(new SpreadsheetError(`OpenDocument（.ods）形式です。${saveAs}`));
    expect(() => read(strToU8('区分,ID\n'))).toThrow(new SpreadsheetError(`Excel（.xlsx）形式のファイルとして読めません。${saveAs}`));
    expect(() => read(strToU8('PK not really'))).toThrow(/ファイルが壊れています/);
  });

  it('refuses a zip bomb from its declared sizes, before inflating anything', () => {
    const bomb = fixture('bomb-100mb.xlsx');
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(() => read(bomb)).toThrow(
      new SpreadsheetError('ファイルの中身が大きすぎます（展開後 16MB まで）。出力した進捗報告シートに記入したものを取り込んでください'),
    );
  });

  it('refuses a zip bomb whose headers understate its size, while inflating, at the cap', () => {
    expect(() => read(fixture('bomb-100mb-understated.xlsx'))).toThrow(/ファイルの中身が大きすぎます/);
  });
});

describe('the exported form', () => {
  const rows: ProgressRow[] = [
    {
      kind: '取組項目',
      id: '4-1',
      department: 'shomu',
      group: 'I 行政改革',
      measure: '4',
      measureTitle: '押印の見直し',
      departments: '庶務課',
      item: '押印の見直し',
      planned: '検討',
      status: null,
      rating: null,
      achievements: null,
      challenges: null,
      nextSteps: null,
      effectAmount: 1234000,
      value: null,
      unit: null,
      asOf: null,
      note: null,
      state: '未入力',
      version: null,
    },
    {
      kind: 'KPI',
      id: '5-K1',
      department: null,
      group: 'I 行政改革',
      measure: '5',
      measureTitle: '文書の電子化',
      departments: '庶務課',
      item: '電子決裁の割合',
      planned: '目標 100%',
      status: null,
      rating: null,
      achievements: null,
      challenges: null,
      nextSteps: null,
      effectAmount: null,
      value: 42,
      unit: '%',
      asOf: '2027-03-31',
      note: 'システム',
      state: '下書き',
      version: 1,
    },
  ];

  it('has a 記入方法 sheet, drop-down lists, locked plan columns, a frozen header, A4 landscape print titles and unit formats', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeProgressWorkbook(2026, rows)).buffer as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['記入方法', '令和8年度進捗報告']);
    expect(String(book.getWorksheet('記入方法')!.getCell('A1').value)).toContain('記入方法');
    const sheet = book.getWorksheet('令和8年度進捗報告')!;
    const col = (header: string) => HEADERS.indexOf(header) + 1;
    expect(sheet.getCell(2, col('進捗状況')).dataValidation).toMatchObject({ type: 'list', formulae: ['"未着手,検討中,実施中,完了"'] });
    expect(sheet.getCell(2, col('自己評価')).dataValidation).toMatchObject({ type: 'list', formulae: ['"A 計画以上,B 計画どおり,C やや遅れ,D 遅れ・未着手"'] });
    expect(sheet.getCell(2, col('実績')).protection).toMatchObject({ locked: false });
    expect(sheet.getCell(2, col('ID')).protection?.locked).not.toBe(false);
    expect(sheet.getCell(2, col('報告課')).protection?.locked).not.toBe(false);
    expect(sheet.getCell(2, col('実績値')).protection?.locked).not.toBe(false);
    expect(sheet.getCell(3, col('実績値')).protection).toMatchObject({ locked: false });
    expect(sheet.getCell(3, col('実績値')).numFmt).toBe('#,##0"%"');
    expect(sheet.getCell(2, col('効果額（円）')).numFmt).toBe('#,##0');
    expect(sheet.getCell(2, col('効果額（円）')).protection).toMatchObject({ locked: false });
    expect(sheet.getCell(3, col('効果額（円）')).protection?.locked).not.toBe(false);
    expect(sheet.getCell(2, col('実績')).alignment).toMatchObject({ wrapText: true });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:1' });
    expect(book.getWorksheet('記入方法')!.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1 });
    expect((sheet as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection).toMatchObject({ sheet: true });
    expect((sheet as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection.hashValue).toBeUndefined();
  });

  it('writes one validation per range with none overlapping, rows tall enough for their text, and values with separators', async () => {
    const many = [
      ...Array.from({ length: 30 }, (_, i) => ({ ...rows[0]!, id: `${i + 1}-1`, achievements: i === 0 ? '一行目\n二行目\n三行目\n四行目' : '実施した。' })),
      { ...rows[1]!, id: '22-K1', unit: '円', value: 2712400000 },
      { ...rows[1]!, id: '38-K1', value: 92.5 },
    ];
    const bytes = await writeProgressWorkbook(2026, many);
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet2.xml']!);
    const ranges = [...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((match) => match[1]);
    expect(ranges.sort()).toEqual(['J2:J31', 'K2:K31', 'R32:R33']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = book.getWorksheet('令和8年度進捗報告')!;
    const col = (header: string) => HEADERS.indexOf(header) + 1;
    expect(sheet.getRow(2).height).toBeGreaterThanOrEqual(4 * 15);
    expect(sheet.getRow(3).height).toBeLessThan(sheet.getRow(2).height);
    expect(sheet.getCell(32, col('実績値')).numFmt).toBe('#,##0"円"');
    expect(sheet.getCell(33, col('実績値')).numFmt).toBe('#,##0.0"%"');
  });

  it('puts the sheet’s parts in the order Excel requires, so Excel opens it without offering to repair it', async () => {
    const xml = strFromU8(unzipSync(await writeProgressWorkbook(2026, rows))['xl/worksheets/sheet2.xml']!);
    // ECMA-376 Part 1 §18.3.1.99 (CT_Worksheet): the sequence of a worksheet's children.
    const order = ['sheetViews', 'cols', 'sheetData', 'sheetProtection', 'autoFilter', 'dataValidations', 'pageMargins', 'pageSetup', 'headerFooter'];
    const found = [...xml.matchAll(/<(\w+)[\s>/]/g)].map((match) => match[1]!).filter((tag) => order.includes(tag));
    expect(found).toEqual(order);
  });

  it('reads back as it was written, the KPI’s date and unit-formatted value included', async () => {
    const [guide, sheet] = read(await writeProgressWorkbook(2026, rows));
    expect(guide!.name).toBe('記入方法');
    expect(sheet!.rows[0]).toEqual(HEADERS);
    expect(sheet!.rows[1]![HEADERS.indexOf('報告課')]).toBe('shomu');
    expect(sheet!.rows[1]![HEADERS.indexOf('効果額（円）')]).toBe(1234000);
    expect(sheet!.rows[2]!.slice(HEADERS.indexOf('実績値'))).toEqual([42, '%', '2027-03-31', 'システム', '下書き', 1]);
  });
});

describe('CSV', () => {
  it('prefixes text that Excel would run as a formula, and reads it back without the prefix', () => {
    const rows = [
      ['実績', '値'],
      ['=HYPERLINK("http://evil.example")', 5],
      ['+1', null],
      ['-2', null],
      ['@SUM(A1)', null],
      ['\tタブ', null],
      ['普通の文', -3],
    ];
    const bytes = writeCsv(rows, 'utf-8');
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n').slice(1, 7)).toEqual([`"'=HYPERLINK(""http://evil.example"")",5`, "'+1,", "'-2,", "'@SUM(A1),", "'\tタブ,", '普通の文,-3']);
    expect(readCsv(bytes, { maxRows: 100 })).toEqual([
      ['実績', '値'],
      ['=HYPERLINK("http://evil.example")', '5'],
      ['+1'],
      ['-2'],
      ['@SUM(A1)'],
      ['\tタブ'],
      ['普通の文', '-3'],
    ]);
  });

  it('reads UTF-8 with or without a BOM, and Shift_JIS as Japanese Excel saves it', () => {
    const rows = [
      ['区分', 'ID', '実績'],
      ['取組項目', '5-1', '押印を見直した。\n全課へ通知'],
    ];
    const expected = [
      ['区分', 'ID', '実績'],
      ['取組項目', '5-1', '押印を見直した。\n全課へ通知'],
    ];
    const sjis = writeCsv(rows, 'shift_jis');
    expect([...sjis.slice(0, 4)]).toEqual([0x8b, 0xe6, 0x95, 0xaa]); // 区分 in Shift_JIS
    expect(readCsv(sjis, { maxRows: 10 })).toEqual(expected);
    const utf8 = writeCsv(rows, 'utf-8');
    expect(readCsv(utf8, { maxRows: 10 })).toEqual(expected);
    expect(readCsv(utf8.slice(3), { maxRows: 10 })).toEqual(expected);
  });
});
