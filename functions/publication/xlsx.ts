import type { OpenDataColumn, OpenDataRow } from '../domain/annual-report/open-data.ts';

/** One sheet of the .xlsx edition: the same columns and rows as its CSV. */
export interface OpenDataSheet {
  name: string;
  columns: readonly OpenDataColumn[];
  rows: readonly OpenDataRow[];
}

/**
 * progress.xlsx: the open data's tables as sheets, plus 「項目の説明」 (every column's description). Columns
 * marked `text` (全国地方公共団体コード, 施策番号, ID …) are string cells formatted 「文字列」(@), so Excel keeps
 * a code with a leading 0 and an ID such as 1-1 as written, also when a reader edits the cell; numbers stay numbers. Written with exceljs,
 * the project's xlsx writer (functions/sheets/workbook-write.ts), imported on first use so the publishing
 * function's cold start does not pay for it. Values are written as cell values, never as formulas.
 */
export async function openDataXlsx(sheets: readonly OpenDataSheet[], properties: { title: string; creator: string }): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = properties.creator;
  workbook.lastModifiedBy = properties.creator;
  workbook.title = properties.title;
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((column) => ({
      header: column.name,
      key: column.name,
      width: Math.min(40, Math.max(8, column.name.length * 2 + 2)),
      ...(column.text ? { style: { numFmt: '@' } } : {}),
    }));
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) {
      worksheet.addRow(
        sheet.columns.map((column) => {
          const value = row[column.name] ?? null;
          return column.text && value !== null ? String(value) : value;
        }),
      );
    }
  }
  const notes = workbook.addWorksheet('項目の説明');
  notes.columns = [
    { header: 'シート', key: 'sheet', width: 14 },
    { header: '項目名', key: 'name', width: 24 },
    { header: '説明', key: 'description', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const sheet of sheets) for (const column of sheet.columns) notes.addRow([sheet.name, column.name, column.description]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
