/**
 * 推進懇談会の意見 for one fiscal year as state and actions, without a page: the list, a new opinion, a
 * correction (with the 412 conflict), 承認, and each opinion's history. Which of 直す and 承認する an
 * opinion offers comes only from its `actions` (`save`, `approve`).
 */
import { etagOf } from '../../../functions/contract/etag.ts';
import type { Opinion, OpinionRevision } from '../../../functions/contract/index.ts';
import { tokyoDate } from '../../../functions/domain/calendar/index.ts';
import { opinionBodySchema } from '../../../functions/domain/annual-report/opinions.ts';
import type { OpinionBody } from '../../../functions/domain/annual-report/opinions.ts';
import { ApiError, call } from '../api.ts';
import { allowedActions } from './actions.ts';
import { serverClock } from './clock.ts';
import { conflictOf, isConflict } from './conflict.ts';
import type { Conflict } from './conflict.ts';
import type { Notice } from './report-form.ts';

/** The form's fields as typed: the measure as the select's value ('' = the year as a whole). */
export interface Draft {
  measure: string;
  speaker: string;
  date: string;
  text: string;
}
export type DraftErrors = Partial<Record<keyof Draft, string>>;

export interface Editing {
  id: string;
  draft: Draft;
  errors: DraftErrors;
  /** The version the edit started from, sent as If-Match. */
  etag: string;
  /** Set when someone else saved first (412): their version, to compare and take over. */
  conflict?: Conflict<Opinion>;
}

export interface OpinionsState {
  opinions: Opinion[];
  draft: Draft;
  errors: DraftErrors;
  editing: Editing | null;
  /** Revisions of the opinions whose history is open, newest first. */
  histories: Record<string, OpinionRevision[]>;
  notice: Notice | null;
}

/** What a write came to, so the view knows where to move focus. */
export type Outcome = 'done' | 'invalid' | 'conflict' | 'failed';

const todayInJapan = (now: Date) => {
  const { year, month, day } = tokyoDate(now);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};
export const draftOf = (opinion: Opinion): Draft => ({
  measure: opinion.measure === null ? '' : String(opinion.measure),
  speaker: opinion.speaker,
  date: opinion.date,
  text: opinion.text,
});

/** The draft checked with the API's own schema: the body to send, or each field's message. */
function checkDraft(draft: Draft): { body: OpinionBody } | { errors: DraftErrors } {
  const parsed = opinionBodySchema.safeParse({ ...draft, measure: draft.measure === '' ? null : draft.measure });
  if (parsed.success) return { body: parsed.data };
  const errors: DraftErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0]) as keyof Draft] ??= issue.message;
  return { errors };
}

/** The problem+json's field errors (`errors[].path`), for a refused save; null when it names no field. */
function fieldErrorsOf(error: unknown): DraftErrors | null {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
  return Object.fromEntries(error.problem.errors.map((e) => [e.path.split('.')[0], e.message]));
}

const problemText = (error: unknown, fallback: string) => (error instanceof ApiError ? error.problem.detail || error.problem.title : fallback);

export class OpinionsModel {
  state: OpinionsState;
  private readonly base: string;

  /**
   * `records`: the person records for the meeting (推進本部: approved at once) rather than submitting their
   * own (a council member); it only changes the words and the speaker a new opinion starts with.
   */
  private constructor(
    readonly fy: number,
    readonly records: boolean,
    private readonly speaker: string,
    opinions: Opinion[],
    private readonly onChange: () => void,
    private readonly now: () => Date,
  ) {
    this.base = `/fiscal-years/${fy}/opinions`;
    this.state = { opinions, draft: this.blank(), errors: {}, editing: null, histories: {}, notice: null };
  }

  static async load(options: { fy: number; records: boolean; speaker: string; onChange?: () => void; now?: () => Date }): Promise<OpinionsModel> {
    const { data } = await call('opinionListSchema', `/fiscal-years/${options.fy}/opinions`);
    return new OpinionsModel(
      options.fy,
      options.records,
      options.speaker,
      data.opinions,
      options.onChange ?? (() => {}),
      options.now ?? (() => serverClock.now()),
    );
  }

  /** The buttons one opinion offers, exactly as its `actions` list them. */
  buttons(opinion: Opinion): { edit: boolean; approve: boolean } {
    const actions = allowedActions(opinion);
    return { edit: actions.has('save'), approve: actions.has('approve') };
  }

  get pending(): number {
    return this.state.opinions.filter((o) => o.state === 'submitted').length;
  }

  editDraft(patch: Partial<Draft>): void {
    this.set({ draft: { ...this.state.draft, ...patch } });
  }

  /** 記録する / 提出する: the draft checked with the API's schema, then POSTed. */
  async record(): Promise<Outcome> {
    const checked = checkDraft(this.state.draft);
    if ('errors' in checked) {
      this.set({ errors: checked.errors });
      return 'invalid';
    }
    try {
      const { data: created } = await call('opinionSchema', this.base, { method: 'POST', body: checked.body });
      this.set({
        opinions: [...this.state.opinions, created],
        draft: this.blank(),
        errors: {},
        notice: { kind: 'ok', text: this.records ? '意見を記録しました' : '意見を提出しました（推進本部の承認待ち）' },
      });
      return 'done';
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (errors) {
        this.set({ errors, notice: { kind: 'error', text: problemText(error, '記録できませんでした') } });
        return 'invalid';
      }
      return this.failed(error, '記録できませんでした');
    }
  }

  startEdit(opinion: Opinion): void {
    this.set({ editing: { id: opinion.id, draft: draftOf(opinion), errors: {}, etag: etagOf(opinion.version) } });
  }

  cancelEdit(): void {
    this.set({ editing: null });
  }

  editCorrection(patch: Partial<Draft>): void {
    const editing = this.state.editing;
    if (editing) this.set({ editing: { ...editing, draft: { ...editing.draft, ...patch } } });
  }

  /** 保存する: PUT with the version the edit started from; a 412 keeps the input beside the other person's. */
  async saveEdit(): Promise<Outcome> {
    const editing = this.state.editing;
    if (!editing) return 'failed';
    const checked = checkDraft(editing.draft);
    if ('errors' in checked) {
      this.set({ editing: { ...editing, errors: checked.errors } });
      return 'invalid';
    }
    const path = `${this.base}/${editing.id}`;
    try {
      const { data: saved } = await call('opinionSchema', path, { method: 'PUT', body: checked.body, ifMatch: editing.conflict?.etag ?? editing.etag });
      this.set({ opinions: this.replace(saved), editing: null, notice: { kind: 'ok', text: `直しました（版${saved.version}）` } });
      return 'done';
    } catch (error) {
      if (isConflict(error)) {
        const conflict = await conflictOf(error, 'opinionSchema', path);
        this.set({ opinions: this.replace(conflict.current), editing: { ...editing, conflict }, notice: null });
        return 'conflict';
      }
      const errors = fieldErrorsOf(error);
      if (errors) {
        this.set({ editing: { ...editing, errors }, notice: { kind: 'error', text: problemText(error, '保存できませんでした') } });
        return 'invalid';
      }
      return this.failed(error, '保存できませんでした');
    }
  }

  /** After a 412: start the correction again from the other person's version (the user's input is dropped). */
  takeTheirs(): void {
    const current = this.state.editing?.conflict?.current;
    if (current) this.startEdit(current);
  }

  /** After a 412: keep the user's input and write it over the other person's version. */
  async overwrite(): Promise<Outcome> {
    const editing = this.state.editing;
    if (!editing?.conflict) return 'failed';
    this.set({ editing: { ...editing, etag: editing.conflict.etag ?? editing.etag, conflict: undefined } });
    return this.saveEdit();
  }

  async approve(opinion: Opinion): Promise<Outcome> {
    try {
      const { data: approved } = await call('opinionSchema', `${this.base}/${opinion.id}/approve`, { method: 'POST', ifMatch: etagOf(opinion.version) });
      this.set({ opinions: this.replace(approved), notice: { kind: 'ok', text: `${approved.speaker}の意見を承認しました` } });
      return 'done';
    } catch (error) {
      return this.failed(error, '承認できませんでした');
    }
  }

  /** Opens or closes one opinion's history (read when opened). */
  async toggleHistory(opinion: Opinion): Promise<Outcome> {
    if (this.state.histories[opinion.id]) {
      const { [opinion.id]: _closed, ...open } = this.state.histories;
      this.set({ histories: open });
      return 'done';
    }
    try {
      const { data } = await call('opinionRevisionListSchema', `${this.base}/${opinion.id}/revisions`);
      this.set({ histories: { ...this.state.histories, [opinion.id]: [...data.revisions].sort((a, b) => b.version - a.version) } });
      return 'done';
    } catch (error) {
      return this.failed(error, '変更履歴を読み込めませんでした');
    }
  }

  private blank(): Draft {
    return { measure: '', speaker: this.records ? '推進懇談会' : this.speaker, date: todayInJapan(this.now()), text: '' };
  }

  private replace(opinion: Opinion): Opinion[] {
    return this.state.opinions.map((o) => (o.id === opinion.id ? opinion : o));
  }

  /** A refusal in the API's words; a lost connection (no answer at all) in the fallback's. */
  private failed(error: unknown, fallback: string): Outcome {
    // 401: api.ts has already sent the user to sign in.
    if (!(error instanceof ApiError && error.status === 401)) this.set({ notice: { kind: 'error', text: problemText(error, fallback) } });
    return 'failed';
  }

  private set(patch: Partial<OpinionsState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange();
  }
}
