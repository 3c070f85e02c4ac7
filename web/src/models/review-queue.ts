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
import type { Notice } from './report-form.ts';

export const reportKey = (r: Report) => `${r.kind}-${r.id}`;
const pathOf = (fy: number, r: Report) => `/fiscal-years/${fy}/${r.kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${r.id}`;

export interface ReviewQueueState {
  queue: Report[];
  returned: Report[];
  /** Revisions of each queued report, by reportKey. */
  histories: Map<string, Revision[]>;
  /** Return comments being written, and their messages, by reportKey. */
  comments: Record<string, string>;
  commentErrors: Record<string, string>;
  notice: Notice | null;
}

/** 'done': the queue was read again after the step; 'stale': the report changed since it was listed, and the queue was read again. */
export type Outcome = 'done' | 'invalid' | 'stale' | 'failed';

export class ReviewQueueModel {
  state: ReviewQueueState = { queue: [], returned: [], histories: new Map(), comments: {}, commentErrors: {}, notice: null };

  constructor(
    readonly fy: number,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Reads the year's reports and the revisions of those waiting for HQ. */
  async load(): Promise<void> {
    const reports = await getReports(this.fy);
    const queue = reports.filter((r) => r.state === 'submitted').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    const returned = reports.filter((r) => r.state === 'returned');
    const histories = new Map(
      await Promise.all(queue.map(async (r) => [reportKey(r), (await call('revisionListSchema', `${pathOf(this.fy, r)}/revisions`)).data.revisions] as const)),
    );
    this.set({ queue, returned, histories });
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
            text: `${report.id}は一覧を表示した後に変更されました（現在: ${current.data.stateLabel}、版${current.data.version}）。一覧を読み込み直しました。`,
          },
        });
        return 'stale';
      }
      await call('reportSchema', `${pathOf(this.fy, report)}/${action}`, {
        method: 'POST',
        ifMatch: current.etag,
        body: comment === undefined ? {} : { comment },
      });
      const { [key]: _sent, ...comments } = this.state.comments;
      await this.load();
      this.set({ comments, notice: { kind: 'ok', text: `${report.id}を${action === 'approve' ? '承認' : '差し戻'}しました` } });
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
