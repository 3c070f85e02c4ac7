import { KPI_RATING_LABELS, SCHEDULE_FLAG_LABELS } from '../domain/attainment/labels.ts';
import { formatTally, LABEL_SEPARATOR, labelled, TERMS } from '../domain/notation/index.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { formatBaseline, formatTarget } from '../domain/catalogue/kpi-periods.ts';
import { formatPercent, formatValue } from '../domain/calendar/index.ts';
import { ACTION_RATING_LABELS } from '../domain/progress-reports/labels.ts';
import { UNASSIGNED } from '../progress/year-status.ts';
import type { YearStatus } from '../progress/year-status.ts';
import { ASSIGN_SCREEN, assignRequest, periodLabel } from './labels.ts';
import type { Block, Inline, MailDocument } from './mail-document.ts';
import { renderMailHtml } from './mail-html.ts';
import { renderMailText } from './mail-text.ts';

/** The yearly digest HQ receives, as HTML and as plain text with the same content. */
export interface Digest {
  subject: string;
  html: string;
  text: string;
}

const RATINGS = ['A', 'B', 'C', 'D', 'N'] as const;

/**
 * Rows a list in the mail shows at most; the rest are counted and left to the overview. Today's plan fits
 * except for the busiest department when almost nothing is submitted (総合政策課 has 47 action items). At 100×
 * the plan the lists would run to thousands of rows: several MB of mail, more than the archive's one
 * DynamoDB item holds (400 KB); bounded, that digest is ~300 KB (`npm run bench:scale`).
 */
export const MAX_ROWS_PER_LIST = 40;

/** The first MAX_ROWS_PER_LIST rows and how many were left out. */
function bounded<T>(rows: readonly T[]): { shown: T[]; more: number } {
  return { shown: rows.slice(0, MAX_ROWS_PER_LIST), more: Math.max(0, rows.length - MAX_ROWS_PER_LIST) };
}

/** The line under a shortened list, pointing to where the whole of it is. */
const moreNote = (more: number, overviewUrl: string): Block[] =>
  more > 0 ? [{ kind: 'paragraph', tone: 'note', content: [`ほか${more}件は`, { href: overviewUrl, text: '全体状況' }, 'で確認できます。'] }] : [];

/** Renders a mail's one content model to both parts. */
export function renderMail(document: MailDocument): Digest {
  return { subject: document.subject, html: renderMailHtml(document), text: renderMailText(document) };
}

/**
 * What the digest says about a fiscal year: the headline counts, each pillar's KPIs, what changed
 * since the previous year (or that the plan's first year has none), the action items that need
 * attention, the reports not yet submitted to HQ by department, and the plan's fiscal indicators.
 * The figures count approved reports only, the annual report's scope (countsInYearFigures, loaded with
 * `reportScope`); the list by department chases what has not reached HQ at all.
 */
export function digestDocument(input: { catalogue: Catalogue; status: YearStatus; webAppUrl: string }): MailDocument {
  const { catalogue, status, webAppUrl } = input;
  const { attainment, previous } = status;
  const fy = periodLabel.fiscalYear(status.fiscalYear);
  const overviewUrl = `${webAppUrl.replace(/\/$/, '')}/#/hq/overview?fy=${status.fiscalYear}`;
  const itemTitle = new Map(attainment.actionItems.map((item) => [item.id, item.title]));
  // Reports point at keys; people read the plan's display numbers (a revision may renumber, and another
  // plan's keys need not look like numbers at all).
  const itemNumber = (key: string) => catalogue.actionItem(key)?.item.number ?? key;
  const kpiNumber = (key: string) => catalogue.kpi(key)?.kpi.number ?? key;
  const blocks: Block[] = [];

  const k = attainment.total.kpiRatings;
  const a = attainment.total.actionRatings;
  const f = attainment.total.scheduleFlags;
  const kpiCounts = RATINGS.flatMap((r, i): Inline[] => [...(i > 0 ? ['・'] : []), { rating: r, count: k[r] }]);
  const actionLine = `${(['A', 'B', 'C', 'D'] as const).map((r) => `${r} ${ACTION_RATING_LABELS[r]} ${a[r]}`).join('・')}・未報告 ${a.unrated}`;
  const flagLine = (['ahead', 'on_plan', 'behind', 'unreported'] as const).map((x) => `${SCHEDULE_FLAG_LABELS[x]} ${f[x]}`).join('・');
  blocks.push(
    { kind: 'title', lines: [catalogue.plan.title, `${fy} 進捗ダイジェスト`] },
    {
      kind: 'paragraph',
      content: [
        '集計の対象は推進本部が承認した報告で、年次報告書と同じです（承認前の報告は含みません）。',
        { href: overviewUrl, text: '全体状況をシステムで開く' },
      ],
    },
    {
      kind: 'facts',
      head: ['区分', '内訳'],
      rows: [
        { label: `KPI（${attainment.kpis.length}指標）`, value: kpiCounts },
        { label: `取組項目の自己評価（${attainment.actionItems.length}項目）`, value: [actionLine] },
        { label: '計画スケジュールとの比較', value: [flagLine] },
      ],
    },
  );

  // By top-level group (柱); a plan of two levels has none, and its KPIs are listed once under the plan's title.
  const tops = attainment.groups.filter((group) => group.level === 0);
  const sections = tops.length > 0 ? tops : [{ key: '', number: '', title: catalogue.plan.title, level: 0, ...attainment.total }];
  for (const pillar of sections) {
    const pk = pillar.kpiRatings;
    blocks.push(
      { kind: 'heading', text: `${pillar.number} ${pillar.title}`.trim() },
      {
        kind: 'paragraph',
        content: [
          `KPI ${formatTally(RATINGS.map((r) => [KPI_RATING_LABELS[r], pk[r]]))}／取組項目 ${formatTally([
            ['遅れ', pillar.scheduleFlags.behind],
            ['未報告', pillar.scheduleFlags.unreported],
          ])}`,
        ],
      },
    );
    const rows = attainment.kpis
      .filter((kpi) => pillar.key === '' || catalogue.measure(kpi.measure)?.path[0]?.key === pillar.key)
      .map((kpi) => {
        const planned = catalogue.kpi(kpi.id)!.kpi;
        return {
          measure: catalogue.measureLabel(catalogue.measure(kpi.measure)!.measure),
          name: kpi.name,
          rating: kpi.rating,
          // A calendar-year KPI's actual is for 令和8年, not 令和8年度: each value says its own period.
          measured:
            kpi.measured === null
              ? '—'
              : `${formatValue(kpi.measured, kpi.unit)}（${kpi.basis === 'calendar_year' ? periodLabel.calendarYear(kpi.period) : periodLabel.fiscalYear(kpi.period)}）`,
          baseline: formatBaseline(planned),
          target: formatTarget(planned),
          progress: kpi.progress,
          expected: kpi.expected,
          meanOverYears: planned.target.comparison === 'window_mean',
        };
      });
    const { shown, more } = bounded(rows);
    if (shown.length > 0) blocks.push({ kind: 'kpis', periodHead: '実績値', rows: shown }, ...moreNote(more, overviewUrl));
  }

  if (!previous) {
    blocks.push({ kind: 'heading', text: '前年度からの変化' }, { kind: 'paragraph', content: [`${fy}は計画の初年度のため、前年度はありません。`] });
  } else {
    const before = new Map(previous.kpis.map((kpi) => [kpi.id, kpi.rating]));
    const moved = attainment.kpis.filter((kpi) => before.get(kpi.id) !== kpi.rating);
    const wasBehind = new Set(previous.actionItems.filter((item) => item.schedule === 'behind').map((item) => item.id));
    const newlyBehind = attainment.actionItems.filter((item) => item.schedule === 'behind' && !wasBehind.has(item.id));
    const previousFy = periodLabel.fiscalYear(previous.fiscalYear);
    const movedRows = bounded(moved);
    const behind = bounded(newlyBehind);
    blocks.push(
      { kind: 'heading', text: `前年度（${previousFy}）からの変化` },
      ...(moved.length === 0
        ? [{ kind: 'paragraph', content: ['評価が変わったKPIはありません。'] } satisfies Block]
        : [
            {
              kind: 'ratingChanges',
              head: ['KPI', previousFy, fy],
              rows: movedRows.shown.map((kpi) => ({
                label: `${catalogue.measureLabel(catalogue.measure(kpi.measure)!.measure)} ${kpi.name}`,
                before: before.get(kpi.id) ?? 'N',
                after: kpi.rating,
              })),
            } satisfies Block,
            ...moreNote(movedRows.more, overviewUrl),
          ]),
      {
        kind: 'paragraph',
        content: [
          newlyBehind.length === 0
            ? '新たに計画より遅れた取組項目はありません。'
            : `新たに計画より遅れた取組項目${LABEL_SEPARATOR}${behind.shown.map((item) => `${itemNumber(item.id)} ${item.title}`).join('、')}${behind.more > 0 ? `、ほか${behind.more}件` : ''}`,
        ],
      },
    );
  }

  // Items the report does not count yet although HQ has them: submitted (a shared item: every part), not approved.
  const stateOf = new Map(status.measures.flatMap((m) => m.actionItems.map((item) => [item.id, item.state])));
  const awaitingApproval = attainment.actionItems.filter((item) => item.schedule === 'unreported' && stateOf.get(item.id) === 'submitted').length;
  const reported = attainment.actionItems.filter(
    (item) => item.schedule !== 'unreported' && (item.rating === 'C' || item.rating === 'D' || item.schedule === 'behind'),
  );
  const reason = (item: (typeof reported)[number]) =>
    [
      item.rating === 'C' || item.rating === 'D' ? `自己評価 ${item.rating} ${ACTION_RATING_LABELS[item.rating]}` : '',
      item.schedule === 'behind' ? `計画（${item.planned.activity}）より遅れ` : labelled('計画', item.planned.activity),
    ]
      .filter(Boolean)
      .join('／');
  const attention = bounded(reported);
  blocks.push(
    { kind: 'heading', text: '注意が必要な取組項目（自己評価C・D、計画より遅れ）' },
    reported.length === 0
      ? { kind: 'paragraph', content: ['自己評価C・Dや計画より遅れた取組項目はありません。'] }
      : {
          kind: 'table',
          head: ['取組項目', '状況'],
          rows: attention.shown.map((item) => [[`${itemNumber(item.id)} ${item.title}`], [reason(item)]]),
        },
    ...moreNote(attention.more, overviewUrl),
    // In the annual report's scope an item counts once approved. Those without an approved report are named by the
    // README's terms (表記の決まり): 未報告, nothing submitted yet (drafts too), and 未承認, submitted and awaiting HQ.
    {
      kind: 'paragraph',
      content: [
        labelled(
          '承認された報告のない取組項目',
          `${f.unreported}項目（${TERMS.unreported} ${f.unreported - awaitingApproval}・${TERMS.unapproved} ${awaitingApproval}。推進本部に未提出の報告は課ごとに次のとおり）`,
        ),
      ],
    },
  );

  // A 関係各課 measure no department is assigned to has nobody to remind: listed apart, as HQ's to assign.
  const byDepartment = status.missing.filter((m) => m.department !== UNASSIGNED);
  const unassigned = status.missing.find((m) => m.department === UNASSIGNED);
  blocks.push({ kind: 'heading', text: '推進本部に未提出の報告（課ごと）' });
  blocks.push(
    byDepartment.length === 0
      ? { kind: 'paragraph', content: ['未提出の報告はありません。'] }
      : {
          kind: 'missing',
          rows: byDepartment.map((m) => {
            const actionItems = bounded(m.actionItems);
            const kpis = bounded(m.kpis);
            return {
              department: m.name,
              actionItems: actionItems.shown.map((id) => ({ id: itemNumber(id), label: itemTitle.get(id) ?? '' })),
              kpis: kpis.shown.map((id) => ({ id: kpiNumber(id), label: catalogue.kpi(id)?.kpi.name ?? '' })),
              ...(actionItems.more > 0 ? { moreActionItems: actionItems.more } : {}),
              ...(kpis.more > 0 ? { moreKpis: kpis.more } : {}),
            };
          }),
        },
    { kind: 'paragraph', tone: 'note', content: ['未入力・下書き・差戻し・課内確認待ちの報告を数えています。'] },
  );
  if (unassigned) {
    const open = bounded([
      ...unassigned.actionItems.map((id) => `${itemNumber(id)} ${itemTitle.get(id) ?? catalogue.actionItem(id)?.item.title ?? ''}`.trim()),
      ...unassigned.kpis.map((id) => `KPI ${kpiNumber(id)} ${catalogue.kpi(id)?.kpi.name ?? ''}`.trim()),
    ]);
    blocks.push(
      { kind: 'heading', text: '担当課が未設定の取組項目' },
      {
        kind: 'paragraph',
        content: [
          `次の取組項目${unassigned.kpis.length > 0 ? '・KPI' : ''}は、施策の担当課（関係各課）が決まっていないため、どの課にも督促していません。`,
          ...assignRequest({ href: `${webAppUrl.replace(/\/$/, '')}/${ASSIGN_SCREEN.path}`, text: ASSIGN_SCREEN.name }),
          '。',
        ],
      },
      { kind: 'list', items: open.shown.map((line) => [line]) },
      ...moreNote(open.more, overviewUrl),
    );
  }

  const indicators = catalogue.plan.financialIndicators;
  const show = (value: number | null, unit: string) => (value === null ? '—' : unit === '%' ? formatPercent(value) : String(value));
  // Only a plan that states its financial indicators has this section (the 8th plan's table of 令和元年度 and 令和6年度).
  if (indicators.length > 0) {
    blocks.push(
      { kind: 'heading', text: '参考：主な財政指標（計画策定時）' },
      {
        kind: 'table',
        head: ['指標', periodLabel.fiscalYear(2019), periodLabel.fiscalYear(2024), `${periodLabel.fiscalYear(2024)} 県内13市平均`],
        rows: indicators.map((row) => [
          [row.name],
          [show(row.values.fy2019, row.unit)],
          [show(row.values.fy2024, row.unit)],
          [show(row.values.prefectureCityAverageFy2024, row.unit)],
        ]),
      },
      ...indicators
        .filter((row) => row.thresholds.length > 0)
        .map(
          (row): Block => ({
            kind: 'paragraph',
            tone: 'note',
            content: [`${row.name}${LABEL_SEPARATOR}${row.thresholds.map((t) => `${t.value}%以上で${t.meaning}`).join('、')}`],
          }),
        ),
    );
  }
  const secretariat = catalogue.departmentName(catalogue.plan.hq.department) ?? catalogue.plan.hq.name;
  blocks.push(
    { kind: 'button', href: overviewUrl, text: `${fy}の全体状況を開く` },
    {
      kind: 'paragraph',
      tone: 'note',
      content: [`このメールは行財政改革進捗管理システム（Shinchoku）が自動で送信しています。問い合わせ先${LABEL_SEPARATOR}${secretariat}`],
    },
  );

  // 「3／17」 reads as a date in a subject line: the count says what it counts.
  return { subject: `【行財政改革】${fy} 進捗ダイジェスト（KPI ${attainment.kpis.length}件中${k.A}件達成）`, blocks };
}

/** The digest mail for a fiscal year's status: subject, HTML part and text part. */
export function renderDigest(input: { catalogue: Catalogue; status: YearStatus; webAppUrl: string }): Digest {
  return renderMail(digestDocument(input));
}
