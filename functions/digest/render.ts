import { KPI_RATING_LABELS, SCHEDULE_FLAG_LABELS } from '../domain/attainment/labels.ts';
import type { KpiRating } from '../domain/attainment/labels.ts';
import type { KpiAssessment } from '../domain/attainment/kpi.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { formatFiscalYear, formatPercent, formatValue } from '../domain/calendar/index.ts';
import { ACTION_RATING_LABELS } from '../domain/reports/labels.ts';
import type { YearStatus } from '../progress/year-status.ts';

/**
 * The yearly digest HQ receives: HTML built from tables with inline styles (what Outlook and Gmail
 * both render), and the same content as plain text. No images or scripts: trends are bars made of
 * table cells, and every colour comes with a word.
 */
export interface Digest {
  subject: string;
  html: string;
  text: string;
}

const RATING_COLOURS: Record<KpiRating, { bg: string; fg: string }> = {
  A: { bg: '#d7f0dd', fg: '#0b5a27' },
  B: { bg: '#dbe9fb', fg: '#0b3d91' },
  C: { bg: '#fff0c2', fg: '#6b4e00' },
  D: { bg: '#fbdada', fg: '#8a1111' },
  N: { bg: '#eceff3', fg: '#3d4550' },
};
const FONT = "font-family:'Hiragino Sans','Yu Gothic','Meiryo',sans-serif;";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

function badge(rating: KpiRating): string {
  const { bg, fg } = RATING_COLOURS[rating];
  return `<span style="display:inline-block;padding:2px 8px;border-radius:10px;background:${bg};color:${fg};font-weight:bold;white-space:nowrap;">${rating} ${KPI_RATING_LABELS[rating]}</span>`;
}

/** A progress bar in table cells: filled up to the progress, a marker where the plan expects it to be. */
function bar(progress: number | null, expected: number | null): string {
  if (progress === null) return '<span style="color:#5f6b7a;">—</span>';
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * 100);
  const cells = `<td width="${Math.max(filled, 1)}%" style="background:#2f6fcc;height:8px;font-size:0;line-height:0;">&nbsp;</td>${
    filled < 100 ? `<td width="${100 - filled}%" style="background:#dde3ea;height:8px;font-size:0;line-height:0;">&nbsp;</td>` : ''
  }`;
  const label = `${formatPercent(progress * 100)}${expected === null ? '' : `（目安 ${formatPercent(expected * 100)}）`}`;
  return `<table role="presentation" width="120" cellpadding="0" cellspacing="0" style="border-collapse:collapse;"><tr>${cells}</tr></table><span style="font-size:12px;color:#3d4550;">${label}</span>`;
}

function kpiValue(kpi: KpiAssessment, value: number | null, approximate = false): string {
  return value === null ? '—' : formatValue(value, kpi.unit, { approximate });
}

const table = (head: string[], rows: string[][]) =>
  `<table role="presentation" width="100%" cellpadding="6" cellspacing="0" style="border-collapse:collapse;${FONT}font-size:13px;">` +
  `<tr>${head.map((h) => `<th align="left" style="background:#f3f5f8;border-bottom:2px solid #c9d1db;color:#1f2933;">${h}</th>`).join('')}</tr>` +
  rows.map((cells) => `<tr>${cells.map((c) => `<td valign="top" style="border-bottom:1px solid #e3e8ee;color:#1f2933;">${c}</td>`).join('')}</tr>`).join('') +
  '</table>';

const heading = (text: string) => `<h2 style="${FONT}font-size:17px;color:#0b3d91;margin:28px 0 8px;border-left:4px solid #0b3d91;padding-left:8px;">${escape(text)}</h2>`;
const paragraph = (html: string) => `<p style="${FONT}font-size:14px;color:#1f2933;margin:6px 0;">${html}</p>`;

export function renderDigest(input: { catalogue: Catalogue; status: YearStatus; webAppUrl: string }): Digest {
  const { catalogue, status, webAppUrl } = input;
  const { attainment, previous } = status;
  const fy = formatFiscalYear(status.fiscalYear);
  const subject = `【行財政改革】${fy} 進捗ダイジェスト（KPI達成 ${attainment.total.kpiRatings.A}／${attainment.kpis.length}）`;
  const overviewUrl = `${webAppUrl.replace(/\/$/, '')}/#/hq/overview?fy=${status.fiscalYear}`;
  const itemTitle = new Map(attainment.actionItems.map((item) => [item.id, item.title]));
  const text: string[] = [];
  const html: string[] = [];

  // Headline
  const k = attainment.total.kpiRatings;
  const a = attainment.total.actionRatings;
  const f = attainment.total.scheduleFlags;
  const kpiLine = (['A', 'B', 'C', 'D', 'N'] as const).map((r) => `${KPI_RATING_LABELS[r]} ${k[r]}`).join('・');
  const actionLine = (['A', 'B', 'C', 'D'] as const).map((r) => `${r} ${ACTION_RATING_LABELS[r]} ${a[r]}`).join('・') + `・未報告 ${a.unrated}`;
  const flagLine = (['ahead', 'on_plan', 'behind', 'unreported'] as const).map((x) => `${SCHEDULE_FLAG_LABELS[x]} ${f[x]}`).join('・');
  text.push(`東根市第8次行財政改革推進プラン ${fy} 進捗ダイジェスト`, '', `KPI（${attainment.kpis.length}指標）: ${kpiLine}`, `取組項目（${attainment.actionItems.length}項目）の自己評価: ${actionLine}`, `計画との比較: ${flagLine}`);
  html.push(
    `<h1 style="${FONT}font-size:20px;color:#1f2933;margin:0 0 4px;">東根市第8次行財政改革推進プラン<br>${fy} 進捗ダイジェスト</h1>`,
    paragraph(`集計の対象は各課が提出済み・承認済みの報告です。<a href="${escape(overviewUrl)}" style="color:#0b3d91;">全体状況をシステムで開く</a>`),
    table(
      ['区分', '内訳'],
      [
        [`KPI（${attainment.kpis.length}指標）`, (['A', 'B', 'C', 'D', 'N'] as const).map((r) => `${badge(r)} ${k[r]}`).join(' ')],
        [`取組項目の自己評価（${attainment.actionItems.length}項目）`, escape(actionLine)],
        ['計画スケジュールとの比較', escape(flagLine)],
      ],
    ),
  );

  // One section per pillar, with its KPIs.
  for (const pillar of attainment.pillars) {
    const kpis = attainment.kpis.filter((kpi) => catalogue.measure(kpi.measure)?.pillar.id === pillar.id);
    const pk = pillar.kpiRatings;
    const summary = `KPI 達成${pk.A}・順調${pk.B}・遅れ${pk.C}・後退${pk.D}・未報告${pk.N}／取組項目 遅れ${pillar.scheduleFlags.behind}・未報告${pillar.scheduleFlags.unreported}`;
    html.push(heading(`${pillar.id} ${pillar.title}`), paragraph(escape(summary)));
    text.push('', `■ ${pillar.id} ${pillar.title}`, summary);
    if (kpis.length === 0) continue;
    html.push(
      table(
        ['KPI', '現在値', '目標', `${fy}実績`, '進捗', '評価'],
        kpis.map((kpi) => [
          `<span style="color:#5f6b7a;">施策${kpi.measure}</span><br>${escape(kpi.name)}`,
          escape(kpi.baseline.label),
          escape(kpi.target.label),
          escape(kpiValue(kpi, kpi.measured)),
          bar(kpi.progress, kpi.expected),
          badge(kpi.rating),
        ]),
      ),
    );
    for (const kpi of kpis) {
      const progress = kpi.progress === null ? '' : ` 進捗${formatPercent(kpi.progress * 100)}`;
      text.push(`  - [${kpi.rating} ${KPI_RATING_LABELS[kpi.rating]}] 施策${kpi.measure} ${kpi.name}: ${kpiValue(kpi, kpi.measured)}（現在値 ${kpi.baseline.label} → 目標 ${kpi.target.label}）${progress}`);
    }
  }

  // What changed since the previous fiscal year.
  html.push(heading(`前年度（${previous ? formatFiscalYear(previous.fiscalYear) : '—'}）からの変化`));
  text.push('', '■ 前年度からの変化');
  if (!previous) {
    html.push(paragraph('計画の初年度のため、前年度との比較はありません。'));
    text.push('計画の初年度のため、前年度との比較はありません。');
  } else {
    const before = new Map(previous.kpis.map((kpi) => [kpi.id, kpi.rating]));
    const moved = attainment.kpis.filter((kpi) => before.get(kpi.id) !== kpi.rating);
    const wasBehind = new Set(previous.actionItems.filter((item) => item.schedule === 'behind').map((item) => item.id));
    const newlyBehind = attainment.actionItems.filter((item) => item.schedule === 'behind' && !wasBehind.has(item.id));
    html.push(
      moved.length === 0
        ? paragraph('評価が変わったKPIはありません。')
        : table(['KPI', '前年度', `${fy}`], moved.map((kpi) => [escape(`施策${kpi.measure} ${kpi.name}`), badge(before.get(kpi.id) ?? 'N'), badge(kpi.rating)])),
      newlyBehind.length === 0
        ? paragraph('新たに計画より遅れた取組項目はありません。')
        : paragraph(`新たに計画より遅れた取組項目: ${newlyBehind.map((item) => escape(`${item.id} ${item.title}`)).join('、')}`),
    );
    for (const kpi of moved) text.push(`  - 施策${kpi.measure} ${kpi.name}: ${KPI_RATING_LABELS[before.get(kpi.id) ?? 'N']} → ${KPI_RATING_LABELS[kpi.rating]}`);
    if (moved.length === 0) text.push('  評価が変わったKPIはありません。');
    text.push(newlyBehind.length === 0 ? '  新たに計画より遅れた取組項目はありません。' : `  新たに計画より遅れた取組項目: ${newlyBehind.map((item) => `${item.id} ${item.title}`).join('、')}`);
  }

  // Action items that need attention.
  const attention = attainment.actionItems.filter(
    (item) => item.rating === 'C' || item.rating === 'D' || item.schedule === 'behind' || item.schedule === 'unreported',
  );
  const reason = (item: (typeof attention)[number]) =>
    [
      item.rating === 'C' || item.rating === 'D' ? `自己評価 ${item.rating} ${ACTION_RATING_LABELS[item.rating]}` : '',
      item.schedule === 'behind' ? `計画（${item.planned.activity}）より遅れ` : '',
      item.schedule === 'unreported' ? '報告なし' : '',
    ]
      .filter(Boolean)
      .join('／');
  const reported = attention.filter((item) => item.schedule !== 'unreported');
  html.push(heading('注意が必要な取組項目'));
  text.push('', '■ 注意が必要な取組項目（自己評価C・D、計画より遅れ）');
  html.push(
    reported.length === 0
      ? paragraph('自己評価C・Dや計画より遅れた取組項目はありません。')
      : table(['取組項目', '今年度の計画', '状況'], reported.map((item) => [escape(`${item.id} ${item.title}`), escape(item.planned.activity), escape(reason(item))])),
    paragraph(`報告のない取組項目: ${attainment.total.scheduleFlags.unreported}項目（課ごとの一覧は次のとおり）`),
  );
  for (const item of reported) text.push(`  - ${item.id} ${item.title}: ${reason(item)}`);
  if (reported.length === 0) text.push('  自己評価C・Dや計画より遅れた取組項目はありません。');

  // Missing reports by department.
  html.push(heading('未提出の報告（課ごと）'));
  text.push('', '■ 未提出の報告（課ごと）');
  if (status.missing.length === 0) {
    html.push(paragraph('未提出の報告はありません。'));
    text.push('  未提出の報告はありません。');
  } else {
    html.push(
      table(
        ['課', '取組項目', 'KPI'],
        status.missing.map((m) => [
          escape(m.name),
          escape(m.actionItems.map((id) => `${id} ${itemTitle.get(id) ?? ''}`.trim()).join('、') || '—'),
          escape(m.kpis.map((id) => `${id} ${catalogue.kpi(id)?.kpi.name ?? ''}`.trim()).join('、') || '—'),
        ]),
      ),
    );
    for (const m of status.missing) {
      text.push(`  - ${m.name}: 取組項目 ${m.actionItems.length}件（${m.actionItems.join('、') || 'なし'}）、KPI ${m.kpis.length}件（${m.kpis.join('、') || 'なし'}）`);
    }
  }

  // The plan's fiscal indicators, as context.
  const indicators = catalogue.plan.financialIndicators;
  const show = (value: number | null, unit: string) => (value === null ? '—' : unit === '%' ? formatPercent(value) : String(value));
  html.push(
    heading('参考: 主な財政指標（計画策定時）'),
    table(
      ['指標', '令和元年度', '令和6年度', '令和6年度 県内13市平均'],
      indicators.map((row) => [
        escape(row.name),
        show(row.values.fy2019, row.unit),
        show(row.values.fy2024, row.unit),
        show(row.values.prefectureCityAverageFy2024, row.unit),
      ]),
    ),
    paragraph(`<span style="font-size:12px;color:#5f6b7a;">${indicators.filter((row) => row.thresholds.length > 0).map((row) => escape(`${row.name}: ${row.thresholds.map((t) => `${t.value}%以上で${t.meaning}`).join('、')}`)).join('<br>')}</span>`),
  );
  text.push('', '■ 参考: 主な財政指標（令和元年度／令和6年度／令和6年度 県内13市平均）');
  for (const row of indicators) text.push(`  - ${row.name}: ${show(row.values.fy2019, row.unit)}／${show(row.values.fy2024, row.unit)}／${show(row.values.prefectureCityAverageFy2024, row.unit)}`);

  html.push(
    paragraph(`<a href="${escape(overviewUrl)}" style="display:inline-block;margin-top:16px;padding:10px 18px;background:#0b3d91;color:#ffffff;text-decoration:none;border-radius:4px;">${fy}の全体状況を開く</a>`),
    paragraph('<span style="font-size:12px;color:#5f6b7a;">このメールは行財政改革進捗管理システム（Shinchoku）が自動で送信しています。問い合わせ先: 総合政策課</span>'),
  );
  text.push('', `全体状況: ${overviewUrl}`, '', 'このメールは行財政改革進捗管理システム（Shinchoku）が自動で送信しています。問い合わせ先: 総合政策課');

  const body =
    '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escape(subject)}</title></head><body style="margin:0;padding:0;background:#f3f5f8;">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f5f8;"><tr><td align="center" style="padding:16px;">` +
    `<table role="presentation" width="680" cellpadding="0" cellspacing="0" style="max-width:680px;width:100%;background:#ffffff;border:1px solid #dde3ea;"><tr><td style="padding:24px;${FONT}">` +
    html.join('\n') +
    '</td></tr></table></td></tr></table></body></html>';
  return { subject, html: body, text: `${text.join('\n')}\n` };
}

