import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsx, SpreadsheetError, writeXlsx } from '../functions/api/spreadsheet/xlsx.ts';

describe('the .xlsx reader and writer', () => {
  it('reads back what it writes, Japanese text, numbers and blank cells included', () => {
    const rows = [
      ['区分', 'ID', '実績値'],
      ['KPI', '16-K1', 22500],
      ['取組項目', '12-1', null, '改行を\n含む<実績>&'],
    ];
    expect(readXlsx(writeXlsx([{ name: '令和8年度', rows }]))).toEqual([
      { name: '令和8年度', rows: [rows[0], rows[1], ['取組項目', '12-1', null, '改行を\n含む<実績>&']] },
    ]);
  });

  it('reads a workbook as Excel saves it: shared strings, rich text, furigana left out, Excel dates as numbers', () => {
    const xml = (body: string) => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`);
    const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const bytes = zipSync({
      'xl/workbook.xml': xml(`<workbook ${main}><sheets><sheet name="進捗" sheetId="1" r:id="rId7"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      'xl/sharedStrings.xml': xml(
        `<sst ${main}><si><t>実施中</t><rPh sb="0" eb="3"><t>ジッシチュウ</t></rPh></si><si><r><t>研修を</t></r><r><rPr><b/></rPr><t>2回</t></r><r><t>実施</t></r></si></sst>`,
      ),
      'xl/worksheets/sheet1.xml': xml(
        `<worksheet ${main}><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c><c r="D2" t="s"><v>1</v></c><c r="E2" s="3"><v>46477</v></c></row></sheetData></worksheet>`,
      ),
    });
    expect(readXlsx(bytes)).toEqual([{ name: '進捗', rows: [[], [null, '実施中', null, '研修を2回実施', 46477]] }]);
  });

  it('says clearly when a file is not a workbook', () => {
    expect(() => readXlsx(strToU8('PK not really'))).toThrow(new SpreadsheetError('Excel（.xlsx）形式のファイルとして読めません'));
  });
});
