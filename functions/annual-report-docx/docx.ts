import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { KPI_RATING_LABELS, SCHEDULE_FLAG_LABELS } from '../domain/attainment/labels.ts';
import { formatDate, formatPercent } from '../domain/calendar/index.ts';
import type { ReportMeasure, ReportTally, YearReport } from '../domain/annual-report/schema.ts';
import { approvalNote, effectLine, effectTotalsLine, kpiRatingText } from '../domain/annual-report/effect-text.ts';
import { measuresWithHeadings } from '../domain/annual-report/model.ts';
import { ACTION_RATING_LABELS } from '../domain/progress-reports/labels.ts';
import { withoutUnsafeText } from '../domain/text.ts';

/**
 * 進捗状況報告書 as a Word document HQ edits before publishing. Built with `docx` (the maintained
 * OOXML writer on npm): headings use Word's own Heading1–3 styles so Word's 目次 (TOC field) works,
 * body text is 游明朝 (or ＭＳ 明朝 for offices whose PCs predate 游明朝), headings 游ゴシック, named as
 * eastAsia fonts the way Japanese Word writes them; every KPI is a real table. Charts are left to the print view.
 */
export type BodyFont = '游明朝' | 'ＭＳ 明朝';
const HEADING_FONT = { ascii: '游ゴシック', eastAsia: '游ゴシック', hAnsi: '游ゴシック' };
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
/**
 * Every cell's four edges, given once on the table (its outer edges and the lines inside) rather than on each cell:
 * Word draws the same lines, and a long report has ~100,000 cells, each a tree of border objects in memory.
 */
const BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER, insideHorizontal: CELL_BORDER, insideVertical: CELL_BORDER };

/**
 * A paragraph; a line break typed in the text (and the one between a shared item's 【課】 parts) becomes a
 * break in Word — a newline inside <w:t> would be shown as a space.
 */
const text = (value: string, options: { bold?: boolean } = {}) =>
  new Paragraph({ children: value.split('\n').map((line, i) => new TextRun({ text: line, bold: options.bold, break: i > 0 ? 1 : 0 })) });

function cell(value: string, header = false): TableCell {
  return new TableCell({
    shading: header ? { type: ShadingType.CLEAR, fill: 'E8ECF2', color: 'auto' } : undefined,
    children: value.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: header || undefined, size: 18 })] })),
  });
}

function table(head: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((c) => cell(c)) })),
    ],
  });
}

const tallyRow = (label: string, tally: ReportTally) => [
  label,
  ...(['A', 'B', 'C', 'D', 'N'] as const).map((r) => String(tally.kpiRatings[r])),
  ...(['A', 'B', 'C', 'D'] as const).map((r) => String(tally.actionRatings[r])),
  String(tally.actionRatings.unrated),
];
const TALLY_HEAD = [
  '',
  ...(['A', 'B', 'C', 'D', 'N'] as const).map((r) => `KPI ${r} ${KPI_RATING_LABELS[r]}`),
  ...(['A', 'B', 'C', 'D'] as const).map((r) => `取組 ${r} ${ACTION_RATING_LABELS[r]}`),
  '未承認',
];

function measureSection(measure: ReportMeasure): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_3, pageBreakBefore: true, children: [new TextRun(`${measure.label}　${measure.title}`)] }),
    text(`担当課: ${measure.departments.join('・')}`),
    text('方向性', { bold: true }),
    ...measure.direction.map((paragraph) => text(paragraph)),
    text('取組項目', { bold: true }),
    table(
      ['取組項目', '当年度の計画', '進捗状況', '計画との比較', '自己評価'],
      measure.actionItems.map((item) => [
        `${item.number} ${item.title}`,
        item.planned ?? item.scheduleLabel,
        item.referenceTo ? '—' : (item.statusLabel ?? '未承認'),
        item.referenceTo || !item.approved ? '—' : item.scheduleLabel,
        item.rating ? `${item.rating} ${item.ratingLabel}` : '—',
      ]),
    ),
  ];
  for (const item of measure.actionItems) {
    if (item.referenceTo) continue;
    out.push(text(`${item.number} ${item.title}`, { bold: true }));
    const effect = effectLine(item);
    if (effect) out.push(text(effect));
    const note = approvalNote(item);
    if (note === '未承認') {
      out.push(text(note));
      continue;
    }
    out.push(text(`実績: ${item.achievements}`), text(`課題: ${item.challenges || '—'}`), text(`今後の取組: ${item.nextSteps || '—'}`));
    if (note) out.push(text(`（${note}）`));
  }
  if (measure.kpis.length > 0) {
    out.push(
      text('KPI', { bold: true }),
      table(
        ['指標', '基準値', '目標値', '実績', '評価'],
        measure.kpis.map((kpi) => [
          `${kpi.number} ${kpi.name}`,
          kpi.baseline.label,
          `${kpi.target.label}（${kpi.target.periodLabel}）`,
          kpi.actuals.map((a) => `${a.periodLabel} ${a.valueText}`).join('\n') || '—',
          kpiRatingText(kpi),
        ]),
      ),
    );
  }
  if (measure.opinions.length > 0) {
    out.push(text('推進懇談会の意見', { bold: true }), ...measure.opinions.map((o) => text(`${o.speaker}（${formatDate(o.date)}）: ${o.text}`)));
  }
  return out;
}

/** The .docx bytes of the year's report (the same content as the print view, charts aside). */
export async function buildReportDocx(stored: YearReport, options: { bodyFont?: BodyFont } = {}): Promise<Uint8Array> {
  // A character XML 1.0 forbids (U+FFFF from text stored before the text rule) makes Word refuse the file.
  const report = withoutUnsafeText(stored);
  const font = options.bodyFont ?? '游明朝';
  const title = `${report.planTitle} ${report.fiscalYearLabel} 進捗状況報告書`;
  const total = report.summary.total;
  const children: (Paragraph | Table | TableOfContents)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { before: 3000 }, children: [new TextRun(report.planTitle)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${report.fiscalYearLabel} 進捗状況報告書`, size: 40, bold: true })] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 1200 },
      children: [new TextRun({ text: `${report.plan.city.name} ${report.plan.hq.name}`, size: 28 })],
    }),
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('目次')] }),
    new TableOfContents('目次', { hyperlink: true, headingStyleRange: '1-3' }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun('1 概要')] }),
    text(
      `KPI ${report.measures.reduce((n, m) => n + m.kpis.length, 0)}指標のうち 達成 ${total.kpiRatings.A}・順調 ${total.kpiRatings.B}・遅れ ${total.kpiRatings.C}・後退 ${total.kpiRatings.D}・未報告 ${total.kpiRatings.N}。` +
        `取組項目の計画との比較: ${(['ahead', 'on_plan', 'behind', 'unreported'] as const).map((f) => `${SCHEDULE_FLAG_LABELS[f]} ${total.scheduleFlags[f]}`).join('・')}。`,
    ),
    text(`${effectTotalsLine(report)}（計画期間の初年度から${report.fiscalYearLabel}まで）。`),
    ...(report.summary.groups.length > 0
      ? [
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${report.plan.levels[0]}別の評価`)] }),
          table(
            TALLY_HEAD,
            report.summary.groups.map((g) => tallyRow(g.title, g.tally)),
          ),
        ]
      : []),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('課別の評価')] }),
    table(
      TALLY_HEAD,
      report.summary.departments.map((d) => tallyRow(d.title, d.tally)),
    ),
    ...(report.financialIndicators.length > 0
      ? [
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('主な財政指標')] }),
          table(
            ['指標', '令和元年度', '令和6年度', '令和6年度 県内13市平均'],
            report.financialIndicators.map((f) => [
              f.name,
              ...[f.fy2019, f.fy2024, f.prefectureCityAverageFy2024].map((v) => (v === null ? '—' : f.unit === '%' ? formatPercent(v) : String(v))),
            ]),
          ),
        ]
      : []),
    ...(report.populationOutlook
      ? [
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('人口の見通し')] }),
          table(
            ['年', '推計人口'],
            report.populationOutlook.projections.map((p) => [p.label, `${p.population.toLocaleString('ja-JP')}人`]),
          ),
          text(`出典: ${report.populationOutlook.source}`),
        ]
      : []),
  ];
  // A chapter for each top-level group (柱), headings for the groups below it; measures directly in a plan of two levels.
  let chapter = 1;
  for (const { measure, headings } of measuresWithHeadings(report)) {
    for (const group of headings) {
      const top = group.level === 0;
      if (top) chapter++;
      const label = top ? `${chapter} ${group.levelName}${group.number} ${group.title}` : `${group.number} ${group.title}`;
      children.push(new Paragraph({ heading: top ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, pageBreakBefore: top, children: [new TextRun(label)] }));
    }
    children.push(...measureSection(measure));
  }
  children.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [new TextRun(`${chapter + 1} 推進懇談会の意見（年度全体）`)],
    }),
  );
  if (report.opinions.length === 0) children.push(text('記録された意見はありません。'));
  for (const opinion of report.opinions) children.push(text(`${opinion.speaker}（${formatDate(opinion.date)}）: ${opinion.text}`));

  const document = new Document({
    title,
    creator: `${report.plan.city.name} ${report.plan.hq.secretariat}`,
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: { ascii: font, eastAsia: font, hAnsi: font }, size: 21 } },
        title: { run: { font: HEADING_FONT, size: 44, bold: true } },
        heading1: { run: { font: HEADING_FONT, size: 32, bold: true }, paragraph: { spacing: { before: 240, after: 120 } } },
        heading2: { run: { font: HEADING_FONT, size: 26, bold: true }, paragraph: { spacing: { before: 200, after: 100 } } },
        heading3: { run: { font: HEADING_FONT, size: 23, bold: true }, paragraph: { spacing: { before: 160, after: 80 }, keepNext: true } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1247, right: 1247 } } },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: title, size: 16 })] })] }) },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'], size: 18 })] })],
          }),
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
