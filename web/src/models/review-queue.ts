/**
 * 審査待ち for one fiscal year as state and actions, without a page: the reports submitted to HQ (oldest
 * first) with their revisions, the ones returned and awaiting resubmission, and 承認 / 差し戻し straight
 * from the queue. Which of the two a report offers comes only from its `actions`.
 */
import { returnBodySchema } from '../../../functions/domain/progress-reports/schema.ts';
import { ApiError, call } from '../api.ts';
import { getReports } from '../state.ts';
import type { Report, Revision } from '../state.ts';
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
  returned: Report[];
  /** Revisions of each queued report, by reportKey. */
  histories: Map<string, Revision[]>;
  /** The parts of each shared action item in the queue, by item id. */
  parts: Map<string, ReportParts>;
  /** Return comments being written, and their messages, by reportKey. */
  comments: Record<string, string>;
  commentErrors: Record<string, string>;
  notice: Notice | null;
}

/** 'done': the queue was read again after the step; 'stale': the report changed since it was listed, and the queue was read again. */
export type Outcome = 'done' | 'invalid' | 'stale' | 'failed';

export class ReviewQueueModel {
  state: ReviewQueueState = { queue: [], returned: [], histories: new Map(), parts: new Map(), comments: {}, commentErrors: {}, notice: null };

  constructor(
    readonly fy: number,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Reads the year's reports, the revisions of those waiting for HQ, and every part of the shared items among them. */
  async load(): Promise<void> {
    const reports = await getReports(this.fy);
    const queue = reports.filter((r) => r.state === 'submitted').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    const returned = reports.filter((r) => r.state === 'returned');
    const sharedIds = [...new Set(queue.filter((r) => r.kind === 'action' && r.department).map((r) => r.id))];
    const [histories, parts] = await Promise.all([
      Promise.all(queue.map(async (r) => [reportKey(r), (await call('revisionListSchema', pathOf(this.fy, r, '/revisions'))).data.revisions] as const)),
      Promise.all(sharedIds.map(async (id) => [id, await loadParts(this.fy, id)] as const)),
    ]);
    this.set({
      queue,
      returned,
      histories: new Map(histories),
      parts: new Map(parts.flatMap(([id, itemParts]) => (itemParts ? [[id, itemParts] as const] : []))),
    });
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
