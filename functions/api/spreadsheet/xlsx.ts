import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { parseXml, XmlElement } from '@rgrove/parse-xml';

/**
 * A small SpreadsheetML (.xlsx) writer and reader: fflate does the zip, @rgrove/parse-xml the XML.
 * Full spreadsheet libraries are 0.5–1 MB and would not fit the API's bundle; the progress sheet
 * needs only text and numbers in plain cells.
 */
export type Cell = string | number | null;
export interface Sheet {
  name: string;
  rows: Cell[][];
  /** Column widths in characters. */
  widths?: number[];
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch]!)
    // XML 1.0 forbids most control characters; Excel would refuse the file.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

function sheetXml(sheet: Sheet): string {
  const rows = sheet.rows
    .map((cells, r) => {
      const xml = cells
        .map((cell, c) => {
          if (cell === null || cell === '') return '';
          const ref = `${columnName(c)}${r + 1}`;
          // Style 1 (bold) for the header row, 2 (wrapped text) elsewhere.
          const style = r === 0 ? 1 : 2;
          return typeof cell === 'number'
            ? `<c r="${ref}" s="${style}"><v>${cell}</v></c>`
            : `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${xml}</row>`;
    })
    .join('');
  const cols = sheet.widths?.length
    ? `<cols>${sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    : '';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `${cols}<sheetData>${rows}</sheetData></worksheet>`
  );
}

export function writeXlsx(sheets: Sheet[]): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets
          .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
          .join('') +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets
          .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
          .join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<fonts count="2"><font><sz val="11"/><name val="Yu Gothic"/></font><font><b/><sz val="11"/><name val="Yu Gothic"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>' +
        '<cellXfs count="3"><xf/><xf fontId="1" applyFont="1"/><xf applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>' +
        '</styleSheet>',
    ),
  };
  sheets.forEach((sheet, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(sheet));
  });
  return zipSync(files, { level: 6 });
}

export class SpreadsheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

function children(node: XmlElement | undefined, name: string): XmlElement[] {
  return (node?.children ?? []).filter((child): child is XmlElement => child instanceof XmlElement && child.name === name);
}

/** Text of an <is> or <si>: its <t>, or its rich-text runs' <t>s joined; phonetic guides (<rPh>) left out. */
function textOf(node: XmlElement | undefined): string {
  const own = children(node, 't').map((t) => t.text);
  const runs = children(node, 'r').flatMap((run) => children(run, 't').map((t) => t.text));
  return [...own, ...runs].join('');
}

/** Reads every sheet's cells as text or numbers, whether Excel stored strings inline or shared. */
export function readXlsx(bytes: Uint8Array): Sheet[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new SpreadsheetError('Excel（.xlsx）形式のファイルとして読めません');
  }
  const xml = (path: string): XmlElement | undefined => {
    const file = files[path];
    if (!file) return undefined;
    try {
      return parseXml(strFromU8(file)).root ?? undefined;
    } catch {
      throw new SpreadsheetError(`Excel（.xlsx）の ${path} が壊れています`);
    }
  };
  const workbook = xml('xl/workbook.xml');
  if (!workbook) throw new SpreadsheetError('Excel（.xlsx）形式のファイルとして読めません（workbook がありません）');
  const rels = children(xml('xl/_rels/workbook.xml.rels'), 'Relationship');
  const shared = children(xml('xl/sharedStrings.xml'), 'si').map(textOf);

  return children(children(workbook, 'sheets')[0], 'sheet').map((sheet) => {
    const target = rels.find((rel) => rel.attributes.Id === sheet.attributes['r:id'])?.attributes.Target ?? '';
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const rows: Cell[][] = [];
    for (const row of children(children(xml(path), 'sheetData')[0], 'row')) {
      const cells: Cell[] = [];
      for (const cell of children(row, 'c')) {
        const type = cell.attributes.t;
        const raw = children(cell, 'v')[0]?.text ?? '';
        const value: Cell =
          type === 's'
            ? (shared[Number(raw)] ?? '')
            : type === 'inlineStr'
              ? textOf(children(cell, 'is')[0])
              : type === 'str' || type === 'b' || type === 'e'
                ? raw
                : raw === ''
                  ? null
                  : Number(raw);
        cells[columnIndex(cell.attributes.r ?? columnName(cells.length))] = value;
      }
      rows[Number(row.attributes.r) - 1] = Array.from(cells, (cell) => cell ?? null);
    }
    return { name: sheet.attributes.name ?? '', rows: Array.from(rows, (row) => row ?? []) };
  });
}
