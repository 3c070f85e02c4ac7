import { PassThrough } from 'node:stream';
import type { Style } from 'exceljs';
import type { OpenDataColumn, OpenDataRow } from '../domain/annual-report/open-data.ts';

/** One sheet of the .xlsx edition: the same columns and rows as its CSV. */
export interface OpenDataSheet {
  name: string;
  columns: readonly OpenDataColumn[];
  /** Taken one row at a time, so a year of 12,000 rows is never held as row objects and cells at once. */
  rows: Iterable<OpenDataRow>;
}

/** A `text` column's cells: 「文字列」 (@). */
const TEXT_STYLE: Partial<Style> = { numFmt: '@' };
/** Every other cell: no style of its own (General). */
const GENERAL_STYLE: Partial<Style> = {};

/**
 * progress.xlsx: the open data's tables as sheets, plus 「項目の説明」 (every column's description). Columns
 * marked `text` (全国地方公共団体コード, 施策番号, ID …) are string cells formatted 「文字列」(@), so Excel keeps
 * a code with a leading 0 and an ID such as 1-1 as written, also when a reader edits the cell; numbers stay numbers.
 * Values are written as cell values, never as formulas.
 *
 * Written with exceljs's streaming WorkbookWriter, not its in-memory Workbook: the Workbook keeps every cell as an
 * object until the end (at 100× data, ~12,000 rows of 45 cells, it alone took the API function past its 512 MB,
 * issue 22), where the writer turns each committed row into XML and compresses it as it goes. Only the zip's
 * bytes and the shared strings stay. exceljs is imported on first use so the API's cold start does not pay for it.
 */
export async function openDataXlsx(sheets: readonly OpenDataSheet[], properties: { title: string; creator: string }): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  // Styles carry the 「文字列」 format and the bold header; shared strings keep a value repeated on every row
  // (the city, the year) once in the file, as the in-memory writer did.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: true });
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
    // One style object per column, shared by its cells: exceljs gives each new cell a style object of its own and
    // works out a style's id by writing it as XML unless it has seen that very object (a WeakMap), which cost
    // ~2 s of CPU for a year at 100× data. The same styles, so the same ids and the same file.
    const styles = sheet.columns.map((column) => (column.text ? TEXT_STYLE : GENERAL_STYLE));
    for (const row of sheet.rows) {
      const added = worksheet.addRow(
        sheet.columns.map((column) => {
          const value = row[column.name] ?? null;
          return column.text && value !== null ? String(value) : value;
        }),
      );
      styles.forEach((style, i) => {
        added.getCell(i + 1).style = style;
      });
      added.commit();
    }
    worksheet.commit();
  }
  const notes = workbook.addWorksheet('項目の説明');
  notes.columns = [
    { header: 'シート', key: 'sheet', width: 14 },
    { header: '項目名', key: 'name', width: 24 },
    { header: '説明', key: 'description', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const sheet of sheets) for (const column of sheet.columns) notes.addRow([sheet.name, column.name, column.description]).commit();
  notes.commit();
  await workbook.commit();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
