import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  InternalHyperlink,
  LeaderType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  SimpleField,
  Tab,
  TabStopType,
  Table,
  TableCell,
  TableRow,
  TableLayoutType,
  TextRun,
  WidthType,
  type IContext,
} from 'docx';
import { strFromU8, strToU8, unzipSync, Zip, ZipDeflate } from 'fflate';
import { KPI_RATING_LABELS, SCHEDULE_FLAG_LABELS } from '../domain/attainment/labels.ts';
import { formatDate } from '../domain/calendar/index.ts';
import type { ReportMeasure, ReportTally, YearReport } from '../domain/annual-report/schema.ts';
import { approvalNote, effectLine, effectTotalsLine, kpiRatingText } from '../domain/annual-report/effect-text.ts';
import { formatKpiValue, measuresWithHeadings } from '../domain/annual-report/model.ts';
import { ACTION_RATING_LABELS } from '../domain/progress-reports/labels.ts';
import { withoutUnsafeText } from '../domain/text.ts';
import { xmlOf } from './xml.ts';

/**
 * 進捗状況報告書 as a Word document HQ edits before publishing. Built with `docx` (the maintained
 * OOXML writer on npm): headings use Word's own Heading1–3 styles so Word's 目次 (TOC field) works,
 * body text is 游明朝 (or ＭＳ 明朝 for offices whose PCs predate 游明朝), headings 游ゴシック, named as
 * eastAsia fonts the way Japanese Word writes them; every KPI is a real table. Charts are left to the print view.
 */
export type BodyFont = '游明朝' | 'ＭＳ 明朝';
/** The gothic face that goes with each body face, for headings: an office on ＭＳ 明朝 has no 游ゴシック either. */
const HEADING_FONTS: Record<BodyFont, string> = { 游明朝: '游ゴシック', 'ＭＳ 明朝': 'ＭＳ ゴシック' };
const fontOf = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name });
/** A4 with 22 mm side margins: the width text and tables have, in twips (1/1440 inch). */
const PAGE = { width: 11906, height: 16838, top: 1440, bottom: 1440, side: 1247 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.side;
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
/**
 * Every cell's four edges, given once on the table (its outer edges and the lines inside) rather than on each cell:
 * Word draws the same lines, and a long report has ~100,000 cells, each a tree of border objects in memory.
 */
const BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER, insideHorizontal: CELL_BORDER, insideVertical: CELL_BORDER };

/**
 * A paragraph; a line break typed in the text (and the one between a shared item's 【課】 parts) becomes a
 * break in Word — a newline inside <w:t> would be shown as a space. `keepNext` for a label that heads what
 * follows it (方向性, 取組項目 …), so it never ends a page alone.
 */
const text = (value: string, options: { bold?: boolean; keepNext?: boolean; size?: number } = {}) =>
  new Paragraph({
    keepNext: options.keepNext,
    keepLines: options.keepNext,
    children: value.split('\n').map((line, i) => new TextRun({ text: line, bold: options.bold, size: options.size, break: i > 0 ? 1 : 0 })),
  });
/** A bold label heading the paragraphs or table after it, kept on their page. */
const label = (value: string) => text(value, { bold: true, keepNext: true });

interface CellOptions {
  header?: boolean;
  alignment?: (typeof AlignmentType)[keyof typeof AlignmentType];
  columnSpan?: number;
  /** Keep the row with the next one: a short table (主な財政指標) stays whole on one page. */
  keepNext?: boolean;
}

function cell(value: string, options: CellOptions = {}): TableCell {
  return new TableCell({
    columnSpan: options.columnSpan,
    shading: options.header ? { type: ShadingType.CLEAR, fill: 'E8ECF2', color: 'auto' } : undefined,
    children: value.split('\n').map(
      (line) =>
        new Paragraph({
          alignment: options.alignment,
          keepNext: options.keepNext,
          // `|| undefined`: a body cell carries no <w:b w:val="false"/> (thousands of them at 100× data).
          children: [new TextRun({ text: line, bold: options.header || undefined, size: 18 })],
        }),
    ),
  });
}

/**
 * A table across the text width. `widths` are the columns' shares (any unit, e.g. [4, 1, 1]); without them
 * the columns are equal. Header rows repeat on every page; a row never splits; `keepTogether` keeps a short
 * table on one page with the heading before it.
 */
function table(
  head: string[],
  rows: string[][],
  options: { widths?: number[]; keepTogether?: boolean; alignments?: CellOptions['alignment'][]; headRows?: TableRow[] } = {},
): Table {
  const shares = options.widths ?? head.map(() => 1);
  const sum = shares.reduce((a, b) => a + b, 0);
  const columnWidths = shares.map((share) => Math.floor((TEXT_WIDTH * share) / sum));
  const keep = options.keepTogether ?? false;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    // Narrow cell margins (about 1 mm): a count column is three characters wide.
    margins: { left: 57, right: 57 },
    // Borders once per table, not per cell: the same grey lines, a fraction of the objects at 100× data.
    borders: BORDERS,
    rows: [
      ...(options.headRows ?? []),
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: head.map((h) => cell(h, { header: true, keepNext: true, alignment: AlignmentType.CENTER })),
      }),
      ...rows.map(
        (cells, r) =>
          new TableRow({
            cantSplit: true,
            children: cells.map((c, i) => cell(c, { alignment: options.alignments?.[i], keepNext: keep && r < rows.length - 1 })),
          }),
      ),
    ],
  });
}

/**
 * A tally (評価の集計) table: the name column wide enough for 「ブランド戦略推進課」 on one line, ten narrow
 * count columns under two group heads (KPI, 取組項目) so each head is one short word and a letter.
 */
function tallyTable(rows: { title: string; tally: ReportTally }[], options: { keepTogether?: boolean } = {}): Table {
  const kpiRatings = ['A', 'B', 'C', 'D', 'N'] as const;
  const actionRatings = ['A', 'B', 'C', 'D'] as const;
  const groupHead = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [
      cell('', { header: true, keepNext: true }),
      cell('KPI', { header: true, columnSpan: 5, keepNext: true, alignment: AlignmentType.CENTER }),
      cell('取組項目', { header: true, columnSpan: 5, keepNext: true, alignment: AlignmentType.CENTER }),
    ],
  });
  return table(
    ['', ...kpiRatings.map((r) => `${r}\n${KPI_RATING_LABELS[r]}`), ...actionRatings.map((r) => `${r}\n${ACTION_RATING_LABELS[r]}`), '\n未承認'],
    rows.map(({ title, tally }) => [
      title,
      ...kpiRatings.map((r) => String(tally.kpiRatings[r])),
      ...actionRatings.map((r) => String(tally.actionRatings[r])),
      String(tally.actionRatings.unrated),
    ]),
    {
      widths: [20, ...Array<number>(10).fill(8)],
      alignments: [AlignmentType.LEFT, ...Array<CellOptions['alignment']>(10).fill(AlignmentType.RIGHT)],
      keepTogether: options.keepTogether,
      headRows: [groupHead],
    },
  );
}

type Level = 1 | 2 | 3;
const HEADING_LEVELS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/**
 * The document's headings, in order, for the 目次: each bookmarked (_Toc…, the hidden names Word gives its own)
 * so the 目次 can link to it and ask for its page.
 */
class Headings {
  readonly entries: { level: Level; title: string; bookmark: string }[] = [];

  /** A heading, kept with what follows it; `pageBreak` starts it on a new page. */
  add(level: Level, title: string, pageBreak = false): Paragraph {
    const bookmark = `_Toc${String(this.entries.length + 1).padStart(4, '0')}`;
    this.entries.push({ level, title, bookmark });
    return new Paragraph({
      heading: HEADING_LEVELS[level],
      pageBreakBefore: pageBreak,
      keepNext: true,
      keepLines: true,
      children: [new Bookmark({ id: bookmark, children: [new TextRun(title)] })],
    });
  }
}

/** A KPI's actuals, one a line: the period and value, then 時点 and 出典 as the department entered them. */
function actualsText(kpi: ReportMeasure['kpis'][number]): string {
  if (kpi.actuals.length === 0) return '—';
  return kpi.actuals
    .map((a) => {
      const asOf = a.asOf ? `（${formatDate(a.asOf)}時点）` : '';
      const note = a.note ? `\n出典：${a.note}` : '';
      return `${a.periodLabel} ${a.valueText}${asOf}${note}`;
    })
    .join('\n');
}

/** A measure's pages; `pageBreak` false when the headings of its groups already started the page. */
/**
 * 根拠資料 of the year's approved reports by `action:<item key>` / `kpi:<KPI key>`: file names, oldest first
 * (load.ts loadAttachmentNames). Only names: the files themselves are never in the document nor published.
 */
export type AttachmentNames = ReadonlyMap<string, readonly string[]>;

/** 「根拠資料：〇〇.pdf、△△.xlsx」, or nothing for a report without files. */
function filesLine(names: readonly string[] | undefined, prefix = ''): Paragraph[] {
  return names?.length ? [text(`${prefix}根拠資料：${names.join('、')}`)] : [];
}

function measureSection(headings: Headings, measure: ReportMeasure, pageBreak: boolean, attachments: AttachmentNames): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    headings.add(3, `${measure.label}　${measure.title}`, pageBreak),
    text(`担当課：${measure.departments.join('・')}`),
    label('方向性'),
    ...measure.direction.map((paragraph) => text(paragraph)),
    label('取組項目'),
    table(
      ['取組項目', '当年度の計画', '進捗状況', '計画との比較', '自己評価'],
      measure.actionItems.map((item) => [
        `${item.number} ${item.title}`,
        item.planned ?? item.scheduleLabel,
        item.referenceTo ? '—' : (item.statusLabel ?? '未承認'),
        item.referenceTo || !item.approved ? '—' : item.scheduleLabel,
        item.rating ? `${item.rating} ${item.ratingLabel}` : '—',
      ]),
      { widths: [34, 20, 14, 16, 16] },
    ),
  ];
  for (const item of measure.actionItems) {
    if (item.referenceTo) continue;
    out.push(label(`${item.number} ${item.title}`));
    const effect = effectLine(item);
    if (effect) out.push(text(effect));
    const note = approvalNote(item);
    if (note === '未承認') {
      out.push(text(note));
      continue;
    }
    out.push(text(`実績：${item.achievements}`), text(`課題：${item.challenges || '—'}`), text(`今後の取組：${item.nextSteps || '—'}`));
    out.push(...filesLine(attachments.get(`action:${item.id}`)));
    if (note) out.push(text(`（${note}）`));
  }
  if (measure.kpis.length > 0) {
    out.push(
      label('KPI'),
      table(
        ['指標', '基準値', '目標値', '実績', '評価'],
        measure.kpis.map((kpi) => [
          `${kpi.number} ${kpi.name}`,
          kpi.baseline.text ?? kpi.baseline.label,
          kpi.target.text ?? `${kpi.target.label}（${kpi.target.periodLabel}）`,
          actualsText(kpi),
          kpiRatingText(kpi),
        ]),
        { widths: [30, 17, 19, 22, 12] },
      ),
      ...measure.kpis.flatMap((kpi) => filesLine(attachments.get(`kpi:${kpi.id}`), `KPI ${kpi.number}の`)),
    );
  }
  // The plan's ※ notes, which its text points to, in the plan's words under the measure they belong to.
  out.push(...measure.footnotes.map((footnote) => text(`※${footnote}`, { size: 18 })));
  if (measure.opinions.length > 0) {
    out.push(label('推進懇談会の意見'), ...measure.opinions.map((o) => text(`${o.speaker}（${formatDate(o.date)}）：${o.text}`)));
  }
  return out;
}

/**
 * A row of 主な財政指標, its values with as many decimals as the row's most precise one, as the plan prints
 * them (財政力指数 0.68 / 0.62 / 0.50, not 0.5).
 */
function financialRow(indicator: YearReport['financialIndicators'][number]): string[] {
  const values = [indicator.fy2019, indicator.fy2024, indicator.prefectureCityAverageFy2024];
  const decimals = Math.max(0, ...values.map((v) => (v === null ? 0 : (String(v).split('.')[1] ?? '').length)));
  const unit = indicator.unit === '%' ? '%' : '';
  return [indicator.name, ...values.map((v) => (v === null ? '—' : formatKpiValue(v, unit, decimals)))];
}

/** The cover: title, year, the date it was made and who made it; the section gives it no header or page number. */
function cover(report: YearReport, date: Date): Paragraph[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { before: 3000 }, children: [new TextRun(report.planTitle)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${report.fiscalYearLabel} 進捗状況報告書`, size: 40, bold: true })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 2400 }, children: [new TextRun({ text: formatDate(date), size: 28 })] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 600 },
      children: [new TextRun({ text: `${report.plan.city.name} ${report.plan.hq.name}`, size: 28 })],
    }),
  ];
}

/**
 * 目次: one line a heading — its title linked to it, a dotted tab and a PAGEREF field for its page. The lines
 * are plain paragraphs (styles TOC1–3) rather than Word's TOC field: LibreOffice keeps a TOC field's entries as
 * the text they were written with (so the numbers stayed blank), but works out a PAGEREF of its own from the
 * layout, as Word does when it prints or when the fields are updated (F9). Written clean, so Word never asks
 * to update fields on opening. Its own title is no heading, so the 目次 does not list itself.
 */
const tocTitle = (headingFont: string) =>
  new Paragraph({
    pageBreakBefore: true,
    spacing: { after: 120 },
    children: [new TextRun({ text: '目次', font: fontOf(headingFont), size: 32, bold: true })],
  });

/** One line of the 目次 (tocTitle). */
const tocEntry = ({ level, title, bookmark }: Headings['entries'][number]) =>
  new Paragraph({
    style: `TOC${level}`,
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
    children: [
      new InternalHyperlink({ anchor: bookmark, children: [new TextRun(title)] }),
      new TextRun({ children: [new Tab()] }),
      new SimpleField(`PAGEREF ${bookmark} \\h`),
    ],
  });

/**
 * A document's body written as UTF-8 XML a group of blocks at a time, in the order written. Each group's
 * paragraphs and tables are made, turned into XML and dropped before the next is made: at 100× today's plan
 * the whole body as `docx` objects took ~430 MB, and as the objects `docx` formats them into ~320 MB more
 * (issue 22), while its XML is a few tens of MB. Blocks are formatted in the context `docx` gives the body's
 * children (the document, its body), so each is written as `Packer` would write it there.
 */
class BodyXml {
  readonly chunks: Uint8Array[] = [];
  readonly #encoder = new TextEncoder();
  readonly #context: IContext;

  constructor(document: Document) {
    const view = document.Document.View;
    this.#context = { file: document, viewWrapper: document.Document, stack: [view, view.Body] as unknown as IContext['stack'] };
  }

  /** The XML of `blocks`, as the body's children (a bookmarked heading is written as its parts, as `docx` does). */
  xml(blocks: readonly (Paragraph | Table)[]): string {
    let xml = '';
    for (const block of blocks)
      for (const part of block.writtenAs ?? [block]) {
        const formatted = part.prepForXml(this.#context);
        if (formatted) xml += xmlOf(formatted);
      }
    return xml;
  }

  write(blocks: readonly (Paragraph | Table)[]): void {
    this.chunks.push(this.#encoder.encode(this.xml(blocks)));
  }
}

/** 目次 lines formatted at a time: enough to make the per-group cost small, few enough to keep memory flat. */
const TOC_SLICE = 500;
/** The text of the paragraph that stands for the body in the packed document until the body is put in its place. */
const BODY_MARKER = 'shinchoku:report-body';

/**
 * The .docx bytes of the year's report (the same content as the print view, charts aside).
 *
 * How it is built, for memory (issue 22: at 100× today's plan, ~4,400 measures, the whole document as `docx`
 * objects peaked at 1.4 GB of the function's 1.5 GB): `docx` packs a document with only the cover and a marker
 * paragraph (its styles, headers, footers, section and properties), and the 目次 and body are written as XML a
 * measure at a time (BodyXml) and put in the marker's place in word/document.xml, which is deflated as it is
 * streamed into the zip (fflate, which `docx` itself zips with). The XML is byte for byte what `Packer` wrote
 * for the whole document (tests/report-docx.test.ts compares the two).
 */
export async function buildReportDocx(
  stored: YearReport,
  options: { bodyFont?: BodyFont; date?: Date; attachments?: AttachmentNames } = {},
): Promise<Uint8Array> {
  // A character XML 1.0 forbids (U+FFFF from text stored before the text rule) makes Word refuse the file.
  const report = withoutUnsafeText(stored);
  const font = options.bodyFont ?? '游明朝';
  const headingFont = HEADING_FONTS[font];
  const title = `${report.planTitle} ${report.fiscalYearLabel} 進捗状況報告書`;
  const author = `${report.plan.city.name} ${report.plan.hq.secretariat}`;
  const marker = text(BODY_MARKER);
  const document = reportDocument(report, { font, headingFont, title, author, children: [...cover(report, options.date ?? new Date()), marker] });
  const body = new BodyXml(document);
  // The 目次 lists the headings, so the body is written first and the 目次 put before it.
  const headings = new Headings();
  const total = report.summary.total;
  body.write([
    headings.add(1, '1 概要', true),
    text(
      `KPI ${report.measures.reduce((n, m) => n + m.kpis.length, 0)}指標のうち 達成 ${total.kpiRatings.A}・順調 ${total.kpiRatings.B}・遅れ ${total.kpiRatings.C}・後退 ${total.kpiRatings.D}・未報告 ${total.kpiRatings.N}。` +
        `取組項目の計画との比較：${(['ahead', 'on_plan', 'behind', 'unreported'] as const).map((f) => `${SCHEDULE_FLAG_LABELS[f]} ${total.scheduleFlags[f]}`).join('・')}。`,
    ),
    text(`${effectTotalsLine(report)}（計画期間の初年度から${report.fiscalYearLabel}まで）。`),
    ...(report.summary.groups.length > 0
      ? [headings.add(2, `${report.plan.levels[0]}別の評価`), tallyTable(report.summary.groups, { keepTogether: true })]
      : []),
    headings.add(2, '課別の評価'),
    tallyTable(report.summary.departments),
    ...(report.financialIndicators.length > 0
      ? [
          headings.add(2, '主な財政指標'),
          table(['指標', '令和元年度', '令和6年度', '令和6年度\n県内13市平均'], report.financialIndicators.map(financialRow), {
            widths: [40, 20, 20, 20],
            keepTogether: true,
            alignments: [AlignmentType.LEFT, AlignmentType.RIGHT, AlignmentType.RIGHT, AlignmentType.RIGHT],
          }),
        ]
      : []),
    ...(report.populationOutlook
      ? [
          headings.add(2, '人口の見通し'),
          table(
            ['年', '推計人口'],
            report.populationOutlook.projections.map((p) => [p.label, `${p.population.toLocaleString('ja-JP')}人`]),
            { keepTogether: true, alignments: [AlignmentType.LEFT, AlignmentType.RIGHT] },
          ),
          text(`出典：${report.populationOutlook.source}`),
        ]
      : []),
  ]);
  // A chapter for each top-level group (柱), headings for the groups below it; measures directly in a plan of two levels.
  // Each measure starts a page, with the headings of the groups it opens on the same page above it (kept with
  // it), so no page holds headings alone.
  let chapter = 1;
  for (const { measure, headings: groups } of measuresWithHeadings(report)) {
    const blocks = groups.map((group, i) => {
      const top = group.level === 0;
      if (top) chapter++;
      const title = top ? `${chapter} ${group.levelName}${group.number} ${group.title}` : `${group.number} ${group.title}`;
      return headings.add(top ? 1 : 2, title, i === 0);
    });
    body.write([...blocks, ...measureSection(headings, measure, groups.length === 0, options.attachments ?? new Map())]);
  }
  body.write([
    headings.add(1, `${chapter + 1} 推進懇談会の意見（年度全体）`, true),
    ...(report.opinions.length === 0 ? [text('記録された意見はありません。')] : []),
    ...report.opinions.map((opinion) => text(`${opinion.speaker}（${formatDate(opinion.date)}）：${opinion.text}`)),
  ]);
  const toc = new BodyXml(document);
  toc.write([tocTitle(headingFont)]);
  for (let i = 0; i < headings.entries.length; i += TOC_SLICE) toc.write(headings.entries.slice(i, i + TOC_SLICE).map(tocEntry));

  const markerXml = body.xml([marker]);
  const packed = unzipSync(new Uint8Array(await Packer.toBuffer(document)));
  const documentXml = strFromU8(packed['word/document.xml']!);
  const at = documentXml.indexOf(markerXml);
  if (at < 0 || documentXml.indexOf(markerXml, at + 1) >= 0) throw new Error('report.docx: the body marker is not in word/document.xml once');
  return zipStreamed(packed, 'word/document.xml', [
    strToU8(documentXml.slice(0, at)),
    ...toc.chunks,
    ...body.chunks,
    strToU8(documentXml.slice(at + markerXml.length)),
  ]);
}

/** How much of the streamed file is deflated at a time (zipStreamed). */
const PIECE_BYTES = 1 << 20;
const EMPTY = new Uint8Array(0);

/**
 * A zip of `files` in their order, `streamed` written as the concatenation of `parts`, each file deflated
 * (level 6, as `docx` zips) as it is added, so the uncompressed document.xml is never one buffer.
 */
function zipStreamed(files: Record<string, Uint8Array>, streamed: string, parts: Uint8Array[]): Uint8Array {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  for (const [path, data] of Object.entries(files)) {
    const entry = new ZipDeflate(path, { level: 6 });
    zip.add(entry);
    if (path !== streamed) entry.push(data, true);
    else {
      // Pushed a MiB at a time: fflate deflates each push on its own, and a measure's few KB at a time
      // compressed ~11% worse. Each part is let go once copied.
      const piece = new Uint8Array(PIECE_BYTES);
      let filled = 0;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        parts[i] = EMPTY;
        if (filled + part.length > PIECE_BYTES && filled > 0) {
          entry.push(piece.slice(0, filled));
          filled = 0;
        }
        if (part.length >= PIECE_BYTES) entry.push(part);
        else {
          piece.set(part, filled);
          filled += part.length;
        }
      }
      entry.push(piece.slice(0, filled), true);
    }
  }
  zip.end();
  if (failure) throw failure;
  return new Uint8Array(Buffer.concat(out));
}

/** The document `docx` packs: its properties, styles, the page with its running header and page number, and `children`. */
function reportDocument(report: YearReport, input: { font: BodyFont; headingFont: string; title: string; author: string; children: Paragraph[] }): Document {
  const heads = fontOf(input.headingFont);
  return new Document({
    title: input.title,
    subject: `${report.fiscalYearLabel} 進捗状況報告書`,
    creator: input.author,
    lastModifiedBy: input.author,
    description: `${report.plan.city.name}（${report.plan.city.prefecture}）${report.planTitle}（${report.plan.periodLabel}）の${report.fiscalYearLabel}の進捗状況`,
    styles: {
      default: {
        document: { run: { font: fontOf(input.font), size: 21 } },
        title: { run: { font: heads, size: 44, bold: true } },
        heading1: { run: { font: heads, size: 32, bold: true }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading2: { run: { font: heads, size: 26, bold: true }, paragraph: { spacing: { before: 200, after: 100 }, keepNext: true } },
        heading3: { run: { font: heads, size: 23, bold: true }, paragraph: { spacing: { before: 160, after: 80 }, keepNext: true } },
      },
      // 目次 entries close together, so the whole 目次 of the 8th plan (88 entries) takes two pages.
      paragraphStyles: [1, 2, 3].map((level) => ({
        id: `TOC${level}`,
        name: `toc ${level}`,
        basedOn: 'Normal',
        next: 'Normal',
        run: { size: 19 },
        paragraph: { spacing: { before: 0, after: 0, line: 250 }, indent: { left: (level - 1) * 210 } },
      })),
    },
    sections: [
      {
        // titlePage: the cover takes the (empty) first-page header and footer, without the running title or 「- 1 -」.
        properties: {
          titlePage: true,
          page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.side, right: PAGE.side } },
        },
        headers: {
          first: new Header({ children: [new Paragraph({ children: [] })] }),
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: input.title, size: 16 })] })] }),
        },
        footers: {
          first: new Footer({ children: [new Paragraph({ children: [] })] }),
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'], size: 18 })] })],
          }),
        },
        children: input.children,
      },
    ],
  });
}
