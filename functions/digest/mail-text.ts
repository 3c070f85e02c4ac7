import { KPI_RATING_LABELS } from '../domain/attainment/labels.ts';
import { progressLabel } from '../domain/notation/index.ts';
import type { Block, Inline, MailDocument } from './mail-document.ts';

function inline(part: Inline): string {
  if (typeof part === 'string') return part;
  if ('rating' in part) return part.count === undefined ? KPI_RATING_LABELS[part.rating] : `${KPI_RATING_LABELS[part.rating]} ${part.count}`;
  return `${part.text}（${part.href}）`;
}

const line = (parts: readonly Inline[]) => parts.map(inline).join('');

function block(b: Block): string[] {
  switch (b.kind) {
    case 'title':
      return [b.lines.join(' ')];
    case 'heading':
      return ['', `■ ${b.text}`];
    case 'paragraph':
      return [line(b.content)];
    case 'facts':
      return b.rows.map((row) => `${row.label}：${line(row.value)}`);
    case 'table':
      return b.rows.map(([first = [], ...rest]) => `  - ${line(first)}：${rest.map(line).join('／')}`);
    case 'list':
      return b.items.map((item) => `・${line(item)}`);
    case 'kpis':
      return b.rows.map(
        (kpi) =>
          `  - [${kpi.rating} ${KPI_RATING_LABELS[kpi.rating]}] ${kpi.measure} ${kpi.name}：${kpi.measured}` +
          `／基準値 ${kpi.baseline} → 目標値 ${kpi.target}／進捗 ${progressLabel(kpi.progress, kpi.expected, { meanOverYears: kpi.meanOverYears })}`,
      );
    case 'ratingChanges':
      return b.rows.map((row) => `  - ${row.label}：${KPI_RATING_LABELS[row.before]} → ${KPI_RATING_LABELS[row.after]}`);
    case 'missing':
      return b.rows.map((row) => {
        const ids = (items: { id: string }[], more = 0) => [...items.map((item) => item.id), ...(more > 0 ? [`ほか${more}件`] : [])].join('、') || 'なし';
        const actionItems = row.actionItems.length + (row.moreActionItems ?? 0);
        const kpis = row.kpis.length + (row.moreKpis ?? 0);
        return `  - ${row.department}：取組項目 ${actionItems}件（${ids(row.actionItems, row.moreActionItems)}）、KPI ${kpis}件（${ids(row.kpis, row.moreKpis)}）`;
      });
    case 'button':
      return ['', `${b.text}：${b.href}`];
  }
}

/** The plain-text part: one line per sentence or row, sections marked ■. Ends with a newline. */
export function renderMailText(document: MailDocument): string {
  return `${document.blocks.flatMap(block).join('\n')}\n`;
}
