/**
 * 審査待ち for one fiscal year as state and actions, without a page: the reports submitted to HQ (oldest
 * first) with their revisions, the ones returned and awaiting resubmission, and 承認 / 差し戻し straight
 * from the queue. Which of the two a report offers comes only from its `actions`.
 */
import { etagOf } from '../../../functions/contract/etag.ts';
import { SCHEDULE_FLAG_LABELS } from '../../../functions/domain/attainment/labels.ts';
import type { ScheduleFlag } from '../../../functions/domain/attainment/labels.ts';
import { compareWithSchedule, ON_PLAN_STATUSES } from '../../../functions/domain/attainment/schedule.ts';
import { formatFiscalYear } from '../../../functions/domain/calendar/index.ts';
import type { Phase } from '../../../functions/domain/catalogue/schema.ts';
import { ACTION_STATUS_LABELS } from '../../../functions/domain/progress-reports/labels.ts';
import { formatBaseline, formatTarget } from '../../../functions/domain/catalogue/kpi-periods.ts';
import type { ActionStatus } from '../../../functions/domain/progress-reports/schema.ts';
import { returnBodySchema } from '../../../functions/domain/progress-reports/schema.ts';
import { returnedBy } from '../../../functions/domain/progress-reports/workflow.ts';
import { ApiError, call } from '../api.ts';
import { getPlan, getReports } from '../state.ts';
import type { Plan, Report, Revision } from '../state.ts';
import { allowedActions } from './actions.ts';
import { departmentQuery, loadParts } from './parts.ts';
import type { ReportParts } from './parts.ts';
import type { Notice } from './report-form.ts';

/** One report's key on the page: a part of a shared item is its item and its department (4-1-zaisei). */
export const reportKey = (r: Report) => `${r.kind}-${r.id}${r.department ? `-${r.department}` : ''}`;
/** A report's route, `step` after it (/approve, /revisions), with ?department= for a part of a shared item. */
const pathOf = (fy: number, r: Report, step = '') =>
  `/fiscal-years/${fy}/${r.kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${r.id}${step}${departmentQuery(r.department ?? null)}`;
/** How the notices name a report: 4-1, or 4-1（財政課） for a part. */
const nameOf = (r: Report) => (r.department ? `${r.id}（${r.departmentName ?? r.department}）` : r.id);

/** The queue as HQ reads it: one entry per item, its queued reports (several parts of a shared item side by side). */
export interface QueueItem {
  kind: Report['kind'];
  id: string;
  reports: Report[];
  /** Every part of a shared item (its other parts too, whatever their state); null for an unshared item. */
  parts: ReportParts | null;
}

export interface ReviewQueueState {
  queue: Report[];
  /**
   * The reports HQ returned, awaiting resubmission (差戻し whose last 差し戻し was HQ's, by returnedBy). One
   * its 所属長 returned in 課内確認 never reached HQ and is its department's draft again: not listed here.
   */
  returned: Report[];
  /** Revisions of each queued report, by reportKey. */
  histories: Map<string, Revision[]>;
  /** The parts of each shared action item in the queue, by item id. */
  parts: Map<string, ReportParts>;
  /** Return comments being written, and their messages, by reportKey. */
  comments: Record<string, string>;
  commentErrors: Record<string, string>;
  notice: Notice | null;
  /** The plausibility warnings of each queued KPI actual (as GET of the one report answers them), by reportKey. */
  warnings: Map<string, string[]>;
  /** The reports ticked for 一括承認, by reportKey. */
  selected: Set<string>;
  /** The year before of each queued action report that looks at it (looksAtYearBefore), by reportKey. */
  yearsBefore: Map<string, YearBefore>;
  /** What the last bulk approval did, report by report; empty before one. */
  bulk: BulkOutcome[];
}

/**
 * The same item's (or part's) report a year earlier, as HQ approved it: `status` is its 進捗状況 when that
 * report is 承認済, else null; `stateLabel` its state now (承認済, 差戻し…), null when there was no report.
 */
export interface YearBefore {
  fiscalYear: number;
  status: ActionStatus | null;
  stateLabel: string | null;
}

/**
 * Whether judging an action item's year needs the year before: when its schedule alternates (隔年実施: the
 * year is due unless the work was held the year before, ON_PLAN_STATUSES' `afterHeldYear`), or has no
 * activity this year (a blank cell or none: a report of work done is 前倒し only if it was not already done).
 */
export function looksAtYearBefore(phase: Phase | undefined): boolean {
  return !phase || phase === 'none' || ON_PLAN_STATUSES[phase].afterHeldYear !== undefined;
}

/**
 * What HQ weighs a report against (issue 24): for an action item the year's planned activity and how the
 * reported status compares with it (compareWithSchedule: 前倒し / 予定どおり / 遅れ), with the year before's
 * approved status where the schedule looks at it (`yearBefore`, the sentence HQ reads); for a KPI its
 * baseline, its target and the questions its value raises (the API's plausibility warnings).
 */
export type ReviewContext =
  | { kind: 'action'; activity: string; flag: ScheduleFlag; flagLabel: string; yearBefore?: string }
  | { kind: 'kpi'; baseline: string; target: string; warnings: string[] };

/** HQ's sentence for the year before: 令和8年度（前年度）の承認済みの進捗状況：実施中, or why there is none. */
function yearBeforeText(before: YearBefore): string {
  const year = `${formatFiscalYear(before.fiscalYear)}（前年度）`;
  if (before.status) return `${year}の承認済みの進捗状況：${ACTION_STATUS_LABELS[before.status]}`;
  return before.stateLabel ? `${year}は承認済みの報告がありません（現在：${before.stateLabel}）` : `${year}の報告はありません`;
}

/**
 * The context of one report from the plan (as GET /api/plan answers it) and, for a KPI, its warnings; null
 * for an item the plan does not hold. A blank schedule cell is "nothing planned this year". `yearBefore`
 * (ReviewQueueModel.load reads it for the items that look at it) is compared as the engine compares it
 * (compareWithSchedule's `previousYear`), with the approved status only; without it, an alternate-year item
 * is compared as if the year before held nothing.
 */
export function reviewContext(plan: Pick<Plan, 'measures'>, report: Report, warnings: readonly string[] = [], yearBefore?: YearBefore): ReviewContext | null {
  for (const measure of plan.measures) {
    if (report.kind === 'kpi') {
      const kpi = measure.kpis.find((k) => k.key === report.id);
      // In the one notation (「87.5%（令和6年度）」), never the plan's 「87.5% (R6年度)」 beside 令和.
      if (kpi) return { kind: 'kpi', baseline: formatBaseline(kpi), target: formatTarget(kpi), warnings: [...warnings] };
      continue;
    }
    const item = measure.actionItems.find((i) => i.key === report.id);
    if (!item) continue;
    if (!('schedule' in item)) return null;
    const planned = item.schedule.find((p) => p.fiscalYear === report.fiscalYear);
    const body: Record<string, unknown> = report.body;
    const flag = compareWithSchedule(planned?.phase ?? 'none', (body.status as ActionStatus | undefined) ?? null, yearBefore?.status);
    return {
      kind: 'action',
      activity: planned?.activity || '（この年度の予定はありません）',
      flag,
      flagLabel: SCHEDULE_FLAG_LABELS[flag],
      ...(yearBefore && looksAtYearBefore(planned?.phase) ? { yearBefore: yearBeforeText(yearBefore) } : {}),
    };
  }
  return null;
}

/** The plan's side of an action report (reviewContext for an action item). */
export type ActionContext = Extract<ReviewContext, { kind: 'action' }>;

/**
 * What HQ weighs a shared item's queued parts against: the year's planned activity, one for the item, and
 * each queued part's own comparison with it by department (each part reports its own 進捗状況), as
 * reviewContext gives them with that part's year before. null for an item the plan does not hold or whose
 * schedule it does not keep.
 */
export function sharedReviewContext(
  plan: Pick<Plan, 'measures'>,
  item: Pick<QueueItem, 'reports'>,
  yearsBefore: ReadonlyMap<string, YearBefore> = new Map(),
): { activity: string; parts: Map<string, ActionContext> } | null {
  const parts = new Map<string, ActionContext>();
  for (const r of item.reports) {
    const found = reviewContext(plan, r, [], yearsBefore.get(reportKey(r)));
    if (found?.kind === 'action' && r.department) parts.set(r.department, found);
  }
  const first = parts.values().next().value;
  return first ? { activity: first.activity, parts } : null;
}

/** What happened to one report of a bulk approval. */
export interface BulkOutcome {
  key: string;
  /** How the notices name it: 4-1, or 4-1（財政課）. */
  name: string;
  result: 'approved' | 'stale' | 'failed';
  /** In Japanese, for the list shown after the approval. */
  text: string;
}

/** 'done': the queue was read again after the step; 'stale': the report changed since it was listed, and the queue was read again. */
export type Outcome = 'done' | 'invalid' | 'stale' | 'failed';

export class ReviewQueueModel {
  state: ReviewQueueState = {
    queue: [],
    returned: [],
    histories: new Map(),
    parts: new Map(),
    comments: {},
    commentErrors: {},
    notice: null,
    warnings: new Map(),
    selected: new Set(),
    yearsBefore: new Map(),
    bulk: [],
  };

  constructor(
    readonly fy: number,
    private readonly onChange: () => void = () => {},
  ) {}

  /**
   * Reads the year's reports, the revisions of those waiting for HQ, every part of the shared items among
   * them, the warnings of the queued KPI actuals (the list leaves them out; each is one GET), and the year
   * before of the queued action reports whose schedule looks at it (one GET each, not the whole year's list).
   * Each 差戻し report's revisions are read too (one GET each), to tell HQ's returns from the 所属長's.
   * A ticked report no longer waiting is unticked.
   */
  async load(): Promise<void> {
    const [reports, plan] = await Promise.all([getReports(this.fy), getPlan()]);
    const queue = reports.filter((r) => r.state === 'submitted').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    const allReturned = reports.filter((r) => r.state === 'returned');
    const sharedIds = [...new Set(queue.filter((r) => r.kind === 'action' && r.department).map((r) => r.id))];
    const scheduled = new Map(plan.measures.flatMap((m) => m.actionItems.flatMap((item) => ('schedule' in item ? [[item.key, item.schedule] as const] : []))));
    const looksBack = (r: Report) => {
      const schedule = r.kind === 'action' ? scheduled.get(r.id) : undefined;
      return schedule !== undefined && looksAtYearBefore(schedule.find((entry) => entry.fiscalYear === this.fy)?.phase);
    };
    const before = plan.years.includes(this.fy - 1) ? queue.filter(looksBack) : [];
    const revisionsOf = async (r: Report) => (await call('revisionListSchema', pathOf(this.fy, r, '/revisions'))).data.revisions;
    const [histories, returnedByHq, parts, warnings, yearsBefore] = await Promise.all([
      Promise.all(queue.map(async (r) => [reportKey(r), await revisionsOf(r)] as const)),
      Promise.all(allReturned.map(async (r) => returnedBy(await revisionsOf(r)) !== 'head')),
      Promise.all(sharedIds.map(async (id) => [id, await loadParts(this.fy, id)] as const)),
      Promise.all(
        queue
          .filter((r) => r.kind === 'kpi')
          .map(async (r) => {
            const { data } = await call('reportSchema', pathOf(this.fy, r));
            return [reportKey(r), data.kind === 'kpi' ? (data.warnings ?? []) : []] as const;
          }),
      ),
      Promise.all(before.map(async (r) => [reportKey(r), await this.yearBefore(r)] as const)),
    ]);
    const waiting = new Set(queue.map(reportKey));
    this.set({
      queue,
      returned: allReturned.filter((_, i) => returnedByHq[i]),
      histories: new Map(histories),
      parts: new Map(parts.flatMap(([id, itemParts]) => (itemParts ? [[id, itemParts] as const] : []))),
      warnings: new Map(warnings),
      yearsBefore: new Map(yearsBefore),
      selected: new Set([...this.state.selected].filter((key) => waiting.has(key))),
    });
  }

  /** One report's year before (YearBefore); a 404 is no report that year. */
  private async yearBefore(r: Report): Promise<YearBefore> {
    const fiscalYear = this.fy - 1;
    try {
      const { data } = await call('reportSchema', pathOf(fiscalYear, r));
      const status = data.state === 'approved' && data.kind === 'action' ? ((data.body as { status?: ActionStatus }).status ?? null) : null;
      return { fiscalYear, status, stateLabel: data.stateLabel };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { fiscalYear, status: null, stateLabel: null };
      throw error;
    }
  }

  /**
   * The queue by item, in the order its first report was submitted: a shared item's queued parts together,
   * so HQ reads them side by side and approves or returns each on its own.
   */
  get items(): QueueItem[] {
    const items = new Map<string, QueueItem>();
    for (const r of this.state.queue) {
      const key = `${r.kind}-${r.id}`;
      const item = items.get(key) ?? { kind: r.kind, id: r.id, reports: [], parts: (r.kind === 'action' && this.state.parts.get(r.id)) || null };
      item.reports.push(r);
      items.set(key, item);
    }
    return [...items.values()];
  }

  buttons(report: Report): { approve: boolean; return: boolean } {
    const actions = allowedActions(report);
    return { approve: actions.has('approve'), return: actions.has('return') };
  }

  /** Ticks or unticks a report for 一括承認; only one HQ may approve can be ticked. */
  select(report: Report, on: boolean): void {
    const selected = new Set(this.state.selected);
    if (on && this.buttons(report).approve) selected.add(reportKey(report));
    else selected.delete(reportKey(report));
    this.set({ selected });
  }

  /** The ticked reports still in the queue, in the queue's order. */
  get selectedReports(): Report[] {
    return this.state.queue.filter((r) => this.state.selected.has(reportKey(r)));
  }

  /**
   * 一括承認: approves every ticked report, each with its own POST …/approve and the If-Match of the version
   * listed, one after another. A report changed since it was listed (412) or refused is reported and the
   * others still go; the queue is read once at the end. The caller asks for the one confirmation first.
   */
  async approveSelected(): Promise<BulkOutcome[]> {
    const outcomes: BulkOutcome[] = [];
    for (const report of this.selectedReports) {
      const name = nameOf(report);
      try {
        await call('reportSchema', pathOf(this.fy, report, '/approve'), { method: 'POST', ifMatch: etagOf(report.version), body: {} });
        outcomes.push({ key: reportKey(report), name, result: 'approved', text: `${name}：承認しました` });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return outcomes;
        const stale = error instanceof ApiError && error.status === 412;
        const why = error instanceof ApiError ? error.problem.detail || error.problem.title : '通信に失敗しました';
        outcomes.push({
          key: reportKey(report),
          name,
          result: stale ? 'stale' : 'failed',
          text: stale ? `${name}：一覧を表示した後に変更されたため承認していません。内容を確かめてください` : `${name}：承認できませんでした（${why}）`,
        });
      }
    }
    await this.load();
    const approved = outcomes.filter((o) => o.result === 'approved').length;
    const rest = outcomes.length - approved;
    this.set({
      selected: new Set(),
      bulk: outcomes,
      notice: {
        kind: rest ? 'error' : 'ok',
        text: rest
          ? `${outcomes.length}件のうち${approved}件を承認し、${rest}件は承認していません（下の一覧を確かめてください）`
          : `${approved}件を承認しました`,
      },
    });
    return outcomes;
  }

  setComment(report: Report, text: string): void {
    const key = reportKey(report);
    this.set({ comments: { ...this.state.comments, [key]: text }, commentErrors: { ...this.state.commentErrors, [key]: '' } });
  }

  /**
   * Approves or returns one report (差し戻し needs a comment, by the API's schema). The report is read first
   * for its ETag; if it is no longer the version listed, nothing is sent and the queue is read again.
   */
  async act(report: Report, action: 'approve' | 'return'): Promise<Outcome> {
    const key = reportKey(report);
    let comment: string | undefined;
    if (action === 'return') {
      const parsed = returnBodySchema.safeParse({ comment: this.state.comments[key] ?? '' });
      if (!parsed.success) {
        this.set({ commentErrors: { ...this.state.commentErrors, [key]: parsed.error.issues[0]!.message } });
        return 'invalid';
      }
      comment = parsed.data.comment;
    }
    try {
      const current = await call('reportSchema', pathOf(this.fy, report));
      if (current.data.version !== report.version || current.data.state !== 'submitted') {
        await this.load();
        this.set({
          notice: {
            kind: 'error',
            text: `${nameOf(report)}は一覧を表示した後に変更されました（現在：${current.data.stateLabel}、版${current.data.version}）。一覧を読み込み直しました。`,
          },
        });
        return 'stale';
      }
      await call('reportSchema', pathOf(this.fy, report, `/${action}`), {
        method: 'POST',
        ifMatch: current.etag,
        body: comment === undefined ? {} : { comment },
      });
      const { [key]: _sent, ...comments } = this.state.comments;
      await this.load();
      this.set({ comments, notice: { kind: 'ok', text: `${nameOf(report)}を${action === 'approve' ? '承認' : '差し戻'}しました` } });
      return 'done';
    } catch (error) {
      // A refusal in the API's words; a lost connection in ours. 401: api.ts has sent the user to sign in.
      if (error instanceof ApiError && error.status === 401) return 'failed';
      this.set({ notice: { kind: 'error', text: error instanceof ApiError ? error.problem.detail || error.problem.title : '審査を記録できませんでした' } });
      return 'failed';
    }
  }

  private set(patch: Partial<ReviewQueueState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange();
  }
}
