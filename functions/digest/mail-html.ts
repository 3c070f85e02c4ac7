import { html as template, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { KPI_RATING_LABELS } from '../domain/attainment/labels.ts';
import type { KpiRating } from '../domain/attainment/labels.ts';
import type { Block, Inline, MailDocument } from './mail-document.ts';
import { progressLabel } from '../domain/notation/index.ts';

/**
 * The HTML part: tables with inline styles (what Outlook and Gmail both render), no images or
 * scripts; bars are table cells and every colour comes with a word. Built with hono/html's `html`
 * template, which escapes every interpolated string, so content never needs escaping by hand.
 */

/** `html` returns a promise only when one is interpolated; nothing here is, so the result is plain. */
const html = (strings: TemplateStringsArray, ...values: unknown[]) => template(strings, ...values) as HtmlEscapedString;

const RATING_COLOURS: Record<KpiRating, { bg: string; fg: string }> = {
  A: { bg: '#d7f0dd', fg: '#0b5a27' },
  B: { bg: '#dbe9fb', fg: '#0b3d91' },
  C: { bg: '#fff0c2', fg: '#6b4e00' },
  D: { bg: '#fbdada', fg: '#8a1111' },
  N: { bg: '#eceff3', fg: '#3d4550' },
};
const FONT = "font-family:'Hiragino Sans','Yu Gothic','Meiryo',sans-serif;";
const TEXT = '#1f2933';
const MUTED = '#5f6b7a';

function badge(rating: KpiRating) {
  const { bg, fg } = RATING_COLOURS[rating];
  const style = `display:inline-block;padding:2px 8px;border-radius:10px;background:${bg};color:${fg};font-weight:bold;white-space:nowrap;`;
  return html`<span style="${style}">${rating} ${KPI_RATING_LABELS[rating]}</span>`;
}

/** A progress bar in table cells: filled up to the progress, with the figure and the plan's expectation beneath. */
function bar(progress: number | null, expected: number | null, meanOverYears = false) {
  if (progress === null || meanOverYears)
    return html`<span style="font-size:12px;color:${MUTED};">${progressLabel(progress, expected, { meanOverYears })}</span>`;
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * 100);
  const cell = (width: number, colour: string) => html`<td width="${width}%" style="background:${colour};height:8px;font-size:0;line-height:0;">&nbsp;</td>`;
  return html`<table role="presentation" width="120" cellpadding="0" cellspacing="0" style="border-collapse:collapse;"><tr>${cell(
    Math.max(filled, 1),
    '#2f6fcc',
  )}${filled < 100 ? cell(100 - filled, '#dde3ea') : ''}</tr></table><span style="font-size:12px;color:#3d4550;">${progressLabel(progress, expected)}</span>`;
}

function inline(part: Inline) {
  if (typeof part === 'string') return html`${part}`;
  if ('rating' in part) return part.count === undefined ? badge(part.rating) : html`${badge(part.rating)} ${part.count}`;
  return html`<a href="${part.href}" style="color:#0b3d91;">${part.text}</a>`;
}

const inlines = (parts: readonly Inline[]) => parts.map(inline);

/**
 * A table that stacks on a phone (NARROW below): each row becomes a block, each cell a line headed by its
 * column's name, so nothing is wider than 375 px (it was 464–527 px). Clients without media queries keep the table.
 */
function table(head: readonly string[], rows: readonly (readonly unknown[])[], options: { labelValues?: boolean } = {}) {
  const labelled = (i: number) => i === 0 || options.labelValues !== false;
  return html`<table class="stack" role="presentation" width="100%" cellpadding="6" cellspacing="0" style="border-collapse:collapse;${FONT}font-size:13px;"><tr>${head.map(
    (cell) => html`<th align="left" style="background:#f3f5f8;border-bottom:2px solid #c9d1db;color:${TEXT};">${cell}</th>`,
  )}</tr>${rows.map(
    (cells) =>
      html`<tr>${cells.map((cell, i) =>
        labelled(i)
          ? html`<td valign="top" data-label="${head[i] ?? ''}" style="border-bottom:1px solid #e3e8ee;color:${TEXT};">${cell}</td>`
          : html`<td valign="top" style="border-bottom:1px solid #e3e8ee;color:${TEXT};">${cell}</td>`,
      )}</tr>`,
  )}</table>`;
}

/** The phone layout: stacked tables (see `table`) and less padding around the mail. */
const NARROW = `@media (max-width:480px){
.frame{padding:0!important}.sheet{padding:12px!important}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block!important;width:auto!important}
table.stack tr:first-child{display:none!important}
table.stack tr{border-bottom:1px solid #c9d1db;padding:4px 0}
table.stack td{border:0!important;padding:2px 6px!important}
table.stack td[data-label]:not(:first-child)::before{content:attr(data-label) "：";color:#5b6470}
}`;

function block(b: Block) {
  switch (b.kind) {
    case 'title':
      return html`<h1 style="${FONT}font-size:20px;color:${TEXT};margin:0 0 4px;">${b.lines.map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}</h1>`;
    case 'heading':
      return html`<h2 style="${FONT}font-size:17px;color:#0b3d91;margin:28px 0 8px;border-left:4px solid #0b3d91;padding-left:8px;">${b.text}</h2>`;
    case 'paragraph':
      return b.tone === 'note'
        ? html`<p style="${FONT}font-size:12px;color:${MUTED};margin:6px 0;">${inlines(b.content)}</p>`
        : html`<p style="${FONT}font-size:14px;color:${TEXT};margin:6px 0;">${inlines(b.content)}</p>`;
    case 'facts':
      // A label and its value: stacked on a phone, the label line already names the value (no 「内容：」), and
      // a value keeps the line breaks its writer typed (a reviewer's comment).
      return table(
        b.head,
        b.rows.map((row) => [row.label, html`<span style="white-space:pre-line;">${inlines(row.value)}</span>`]),
        { labelValues: false },
      );
    case 'table':
      return table(
        b.head,
        b.rows.map((cells) => cells.map(inlines)),
      );
    case 'list':
      return html`<ul style="${FONT}font-size:14px;color:${TEXT};margin:6px 0;padding-left:20px;">${b.items.map((item) => html`<li>${inlines(item)}</li>`)}</ul>`;
    case 'kpis':
      return table(
        ['KPI', '基準値', '目標値', b.periodHead, '進捗', '評価'],
        b.rows.map((kpi) => [
          html`<span style="color:${MUTED};">${kpi.measure}</span><br>${kpi.name}`,
          kpi.baseline,
          kpi.target,
          kpi.measured,
          bar(kpi.progress, kpi.expected, kpi.meanOverYears),
          badge(kpi.rating),
        ]),
      );
    case 'ratingChanges':
      return table(
        b.head,
        b.rows.map((row) => [row.label, badge(row.before), badge(row.after)]),
      );
    case 'missing': {
      const named = (items: { id: string; label: string }[], more = 0) =>
        [...items.map((item) => `${item.id} ${item.label}`), ...(more > 0 ? [`ほか${more}件`] : [])].join('、') || '—';
      return table(
        ['課', '取組項目', 'KPI'],
        // The department's name on one line: beside long lists of items a narrow column broke it a character a line (生／涯／学／習／課).
        b.rows.map((row) => [
          html`<span style="white-space:nowrap;">${row.department}</span>`,
          named(row.actionItems, row.moreActionItems),
          named(row.kpis, row.moreKpis),
        ]),
      );
    }
    case 'button':
      return html`<p style="${FONT}font-size:14px;margin:6px 0;"><a href="${b.href}" style="display:inline-block;margin-top:16px;padding:10px 18px;background:#0b3d91;color:#ffffff;text-decoration:none;border-radius:4px;">${b.text}</a></p>`;
  }
}

/** The whole HTML mail: a centred 680px card on a grey background, `lang="ja"`. */
export function renderMailHtml(document: MailDocument): string {
  return html`<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${document.subject}</title><style>${raw(NARROW)}</style></head><body style="margin:0;padding:0;background:#f3f5f8;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f5f8;"><tr><td class="frame" align="center" style="padding:16px;"><table role="presentation" width="680" cellpadding="0" cellspacing="0" style="max-width:680px;width:100%;background:#ffffff;border:1px solid #dde3ea;"><tr><td class="sheet" style="padding:24px;${FONT}">${document.blocks.map(
    (b) => html`${block(b)}
`,
  )}</td></tr></table></td></tr></table></body></html>`.toString();
}
