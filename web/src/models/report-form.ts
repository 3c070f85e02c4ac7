/**
 * One report's screen (an action item's 取組状況 or a KPI's 実績, for one fiscal year) as state and actions,
 * without a page: load, edit, save, submit, the 課内確認 / review / withdrawal steps, and the 412 conflict.
 * The view (views/report-form/) draws `state` and wires its events to these methods; tests drive the same
 * methods against the real API. Which steps are offered comes only from the report's `actions`.
 */
import { kpiActualWarnings } from '../../../functions/domain/attainment/plausibility.ts';
import { formatFiscalYear, parseJapaneseNumber } from '../../../functions/domain/calendar/index.ts';
import type { Kpi } from '../../../functions/domain/catalogue/schema.ts';
import { japanToday } from '../../../functions/domain/progress-reports/as-of.ts';
import { returnBodySchema } from '../../../functions/domain/progress-reports/schema.ts';
import { ApiError, call } from '../api.ts';
import { STATE_LABELS, asItemState } from '../labels.ts';
import type { ItemState } from '../labels.ts';
import { getMe } from '../state.ts';
import type { Report } from '../state.ts';
import { allowedActions } from './actions.ts';
import { serverClock } from './clock.ts';
import { conflictOf, isConflict } from './conflict.ts';
import type { Conflict } from './conflict.ts';
import { chosenPart, departmentQuery, loadParts, rollUpLine, selectorChoices, sharedLine } from './parts.ts';
import type { Part, ReportParts } from './parts.ts';
import { draftKey, fieldsFromReport, reportPath, serverErrors, validate } from './report-fields.ts';
import type { Errors, Fields, Kind, Purpose } from './report-fields.ts';

/** The steps after writing; each is `POST …/{step}` and is offered only when the report's `actions` name it. */
export type ReviewAction = 'confirm' | 'withdraw' | 'return' | 'approve' | 'reopen';

/** A line the screen shows above the form: a success or what went wrong, in the user's words. */
export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export interface ReportFormState {
  /** The stored report; null while nothing is stored (未入力). */
  report: Report | null;
  etag: string | null;
  /** `actions` of the last answer: of the report, or of the 404 for a report not yet stored. */
  actions: ReadonlySet<string>;
  /** The fields as last loaded or saved, to tell unsaved input apart. */
  saved: Fields;
  fields: Fields;
  errors: Errors;
  /** Which rules the messages showing came from: 'submit' after 提出 was refused for a missing field, else 'draft'. */
  checking: Purpose;
  notice: Notice | null;
  /** Unsaved input was brought back from an earlier visit. */
  restored: boolean;
  conflict: (Conflict<Report> & { theirs: Fields }) | null;
  /** The comment for 差し戻し / 確認 / 承認, kept in the browser like the fields. */
  comment: string;
  commentError?: string;
  /** Who returned it (所属長 or 推進本部), for the 差し戻しコメント line. */
  returnedBy?: string;
  /** Every responsible department's part of a shared action item (GET …/parts), read again after each write; null otherwise. */
  parts: ReportParts | null;
}

/** What a write came to, so the view knows where to move focus. */
export type Outcome = 'done' | 'invalid' | 'conflict' | 'failed';

export interface ReportFormOptions {
  kind: Kind;
  id: string;
  fy: number;
  /** The KPI of a KPI actual: its unit and the period rules its value is checked with. */
  kpi?: Kpi;
  /** Whether the reader may read revisions (to name who returned the report). */
  readsHistory: boolean;
  /** Whether to read the KPI's other actuals, for the questions a typed value raises. */
  readsSeries: boolean;
  /** Where unsaved input and comments are kept between visits; the browser's sessionStorage by default. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Told after every change of state (the view draws again). */
  onChange?: () => void;
  /** The clock a 時点 is checked against (not after today); this machine's by default, the API's in tests. */
  now?: () => Date;
  /** The codes of the caller's departments (GET /me `departments`): which parts of a shared item are theirs. */
  ownDepartments?: readonly string[];
  /** The part asked for (the route's ?department=), taken when it is one the caller may choose. */
  department?: string;
}

const INVALID_FORM = '入力内容に誤りがあります。各項目のメッセージを確認してください。';
const SUBMIT_INCOMPLETE = '提出するには、各項目のメッセージを確認して入力してください（下書き保存は入力の途中でもできます）。';

export class ReportFormModel {
  readonly kind: Kind;
  readonly id: string;
  readonly fy: number;
  readonly kpi?: Kpi;
  readonly path: string;
  /**
   * The department whose part of a shared action item this form shows and writes (関係各課・共管); null for an
   * unshared item and for KPI actuals (one value per KPI, never split).
   */
  readonly department: string | null;
  state: ReportFormState;
  /** `?department=<code>` on every call about a part, '' otherwise. */
  private readonly query: string;
  private readonly ownDepartments: readonly string[];
  private readonly key: string;
  private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  private readonly onChange: () => void;
  private readonly now: () => Date;
  private earlier: { period: number; value: number }[] = [];

  private constructor(options: ReportFormOptions, parts: ReportParts | null) {
    this.kind = options.kind;
    this.id = options.id;
    this.fy = options.fy;
    this.kpi = options.kpi;
    this.ownDepartments = options.ownDepartments ?? [];
    this.department = chosenPart(parts, this.ownDepartments, options.department);
    this.query = departmentQuery(this.department);
    this.path = reportPath(options.kind, options.id, options.fy);
    // Each part keeps its own unsaved input: a 兼務 user switching 課 must not carry one part's text to the other.
    this.key = draftKey(options.kind, options.id, options.fy) + (this.department ? `.${this.department}` : '');
    this.storage = options.storage ?? sessionStorage;
    this.onChange = options.onChange ?? (() => {});
    this.now = options.now ?? (() => serverClock.now());
    const empty = fieldsFromReport(options.kind, null);
    this.state = {
      report: null,
      etag: null,
      actions: new Set(),
      saved: empty,
      fields: { ...empty },
      errors: {},
      checking: 'draft',
      notice: null,
      restored: false,
      conflict: null,
      comment: '',
      parts,
    };
  }

  /**
   * Reads the report (a 404 is a report not yet written, and may carry `actions` of its own), the KPI's
   * other actuals and who returned it, and brings back input kept from an earlier visit while it may be saved.
   */
  static async load(options: ReportFormOptions): Promise<ReportFormModel> {
    // Only action items are split into parts; which part the form shows is known before the report is read.
    const parts = options.kind === 'action' ? await loadParts(options.fy, options.id) : null;
    // Whose parts are the caller's: given by the view, else the signed-in person's departments (GET /me, cached).
    const ownDepartments = options.ownDepartments ?? (parts?.shared ? (await getMe()).departments.map((d) => d.code) : []);
    const model = new ReportFormModel({ ...options, ownDepartments }, parts);
    let report: Report | null = null;
    let etag: string | null = null;
    let actions: ReadonlySet<string>;
    try {
      ({ data: report, etag } = await call('reportSchema', model.path + model.query));
      actions = allowedActions(report);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      actions = allowedActions(error.problem);
    }
    const [earlier, returnedBy] = await Promise.all([model.earlierActuals(options.readsSeries), model.returner(report, options.readsHistory)]);
    model.earlier = earlier;
    const saved = fieldsFromReport(model.kind, report);
    const kept = actions.has('save') ? model.storage.getItem(model.key) : null;
    const fields: Fields = kept ? { ...saved, ...(JSON.parse(kept) as Fields) } : { ...saved };
    model.state = {
      ...model.state,
      report,
      etag,
      actions,
      saved,
      fields,
      returnedBy,
      restored: Boolean(kept && JSON.stringify(fields) !== JSON.stringify(saved)),
      comment: model.storage.getItem(`${model.key}.comment`) ?? '',
    };
    return model;
  }

  /** The report's state as the labels know it ('missing' while nothing is stored). */
  get itemState(): ItemState {
    return asItemState(this.state.report?.state);
  }

  /** Whether the form is open for editing: the API lists `save` for this person and this report now. */
  get editable(): boolean {
    return this.state.actions.has('save');
  }

  /** The buttons to show, each exactly when the report's `actions` name it. */
  get buttons(): Record<'save' | 'submit' | ReviewAction, boolean> {
    const has = (name: string) => this.state.actions.has(name);
    return {
      save: has('save'),
      submit: has('submit'),
      confirm: has('confirm'),
      return: has('return'),
      withdraw: has('withdraw'),
      approve: has('approve'),
      reopen: has('reopen'),
    };
  }

  /** The 課 selector's options: the caller's own parts for a 兼務 user, every part for HQ; empty when there is no choice. */
  get choices(): { department: string; name: string }[] {
    return selectorChoices(this.state.parts, this.ownDepartments);
  }

  /** 「関係各課の取組項目: 財政課の報告」 for a part of a shared item; null otherwise. */
  get sharedLine(): string | null {
    return sharedLine(this.state.parts, this.department);
  }

  /** The item's state as its least advanced part's, in words; null for an unshared item. */
  get rollUpLine(): string | null {
    return rollUpLine(this.state.parts);
  }

  /** The other departments' parts, shown read-only below the form. */
  get otherParts(): Part[] {
    return this.state.parts?.shared ? this.state.parts.parts.filter((p) => p.department !== this.department) : [];
  }

  get dirty(): boolean {
    return JSON.stringify(this.state.fields) !== JSON.stringify(this.state.saved);
  }

  /**
   * Questions the KPI value raises: the API's answer for the value as saved, the same rule (plausibility.ts)
   * on the value being typed. Warnings only: saving and submitting stay open.
   */
  get warnings(): string[] {
    const { kpi, state } = this;
    if (!kpi) return [];
    if (state.fields.value === state.saved.value && state.report?.kind === 'kpi' && state.report.warnings) return state.report.warnings;
    const value = parseJapaneseNumber(state.fields.value ?? '', kpi.unit);
    return value === null ? [] : kpiActualWarnings(kpi, this.fy, value, this.earlier);
  }

  /** The user typed or chose: keeps the input (in the browser too) and re-checks a field whose message shows. */
  edit(name: string, value: string): void {
    const fields = { ...this.state.fields, [name]: value };
    // A field only some reports have (効果額, 評価) emptied again is as if never typed: nothing unsaved.
    if (value === '' && !(name in this.state.saved)) delete fields[name];
    if (JSON.stringify(fields) === JSON.stringify(this.state.saved)) this.storage.removeItem(this.key);
    else this.storage.setItem(this.key, JSON.stringify(fields));
    // A message that is showing is checked again as the user types, so it goes as soon as it is fixed.
    this.set({ fields, errors: this.state.errors[name] ? this.errorsWith(name, fields) : this.state.errors });
  }

  /** The user left a field: checks it with the API's own schema. */
  check(name: string): void {
    this.set({ errors: this.errorsWith(name, this.state.fields) });
  }

  setComment(value: string): void {
    if (value) this.storage.setItem(`${this.key}.comment`, value);
    else this.storage.removeItem(`${this.key}.comment`);
    this.set({ comment: value, commentError: undefined });
  }

  /** 下書き保存: PUT with If-Match; a 412 keeps the input and shows the other person's version beside it. */
  async save(): Promise<Outcome> {
    const { body, errors } = validate(this.kind, this.state.fields, this.kpi, 'draft', this.asOfRule());
    if (!body) return this.refuse(errors, INVALID_FORM);
    try {
      const result = await call('reportSchema', this.path + this.query, { method: 'PUT', body, ifMatch: this.state.etag });
      this.storage.removeItem(this.key);
      this.adopt(result, {
        errors: {},
        checking: 'draft',
        restored: false,
        notice: { kind: 'ok', text: `保存しました（${STATE_LABELS[asItemState(result.data.state)]}、版${result.data.version}）` },
      });
      await this.refreshParts();
      return 'done';
    } catch (error) {
      return this.failed(error);
    }
  }

  /**
   * Whether 「前年度の報告から始める」 is offered: an action item's report not written yet that the caller may
   * write, from the plan's second year (`firstFiscalYear`). The API decides the rest (nothing last year: 404).
   */
  canCarryForward(firstFiscalYear: number): boolean {
    return this.kind === 'action' && this.state.report === null && this.editable && this.fy > firstFiscalYear && !this.dirty;
  }

  /** 「前年度から引継ぎ」 when the stored draft's text is still last year's: the year it came from; null otherwise. */
  get carriedFrom(): number | null {
    return this.state.report?.carriedFrom?.fiscalYear ?? null;
  }

  /** 前年度の報告から始める: the API copies last year's text into a draft (never submitted); the form shows it. */
  async carryForward(): Promise<Outcome> {
    try {
      const result = await call('reportSchema', `${this.path}/carry-forward${this.query}`, { method: 'POST', body: {} });
      this.storage.removeItem(this.key);
      this.adopt(result, {
        errors: {},
        checking: 'draft',
        restored: false,
        notice: { kind: 'ok', text: `前年度の報告を写して下書きにしました。${formatFiscalYear(this.fy)}の内容に直して保存してください` },
      });
      await this.refreshParts();
      return 'done';
    } catch (error) {
      return this.failed(error);
    }
  }

  /** Checks every required field for 提出, before the view asks the user to confirm; the warnings to show with the question. */
  readyToSubmit(): { ready: true; warnings: string[] } | { ready: false } {
    const { errors } = validate(this.kind, this.state.fields, this.kpi, 'submit', this.asOfRule());
    if (Object.keys(errors).length) {
      this.refuse(errors, SUBMIT_INCOMPLETE, 'submit');
      return { ready: false };
    }
    return { ready: true, warnings: this.warnings };
  }

  /** 提出: saves unsaved input first, then submits the version saved. */
  async submit(): Promise<Outcome> {
    if (!this.readyToSubmit().ready) return 'invalid';
    if (!this.state.report || this.dirty) {
      const saved = await this.save();
      if (saved !== 'done') return saved;
    }
    return this.transition('submit');
  }

  /** 確認して提出・差し戻し・承認・取り下げ・承認の取消し; 差し戻し needs a comment (the API's schema). */
  async act(action: ReviewAction): Promise<Outcome> {
    const comment = this.state.comment;
    if (action === 'return') {
      const parsed = returnBodySchema.safeParse({ comment });
      if (!parsed.success) {
        this.set({ commentError: parsed.error.issues[0]!.message });
        return 'invalid';
      }
      return this.transition('return', parsed.data.comment);
    }
    // 確認して提出 sends what the 所属長 corrected on the form: unsaved input is saved first, as 提出 does,
    // and checked by the rules of 提出 (it goes to HQ).
    if (action === 'confirm' && this.dirty && this.editable) {
      if (!this.readyToSubmit().ready) return 'invalid';
      const saved = await this.save();
      if (saved !== 'done') return saved;
    }
    return this.transition(action, action === 'withdraw' ? undefined : comment);
  }

  /** After a 412 the user keeps their input and writes over the other person's version (If-Match: theirs). */
  overwrite(): void {
    const conflict = this.state.conflict;
    if (!conflict) return;
    this.set({
      etag: conflict.etag,
      report: conflict.current,
      actions: allowedActions(conflict.current),
      saved: conflict.theirs,
      conflict: null,
      notice: { kind: 'ok', text: '最新の版に対して、あなたの入力で上書きできます。もう一度「下書き保存」を押してください。' },
    });
  }

  /** After a 412 the user takes the other person's version and drops their own input. */
  discardInput(): void {
    this.storage.removeItem(this.key);
  }

  private async transition(action: 'submit' | ReviewAction, comment?: string): Promise<Outcome> {
    try {
      const result = await call('reportSchema', `${this.path}/${action}${this.query}`, {
        method: 'POST',
        ifMatch: this.state.etag,
        body: comment === undefined ? undefined : { comment },
      });
      this.storage.removeItem(`${this.key}.comment`);
      this.adopt(result, { comment: '', commentError: undefined, notice: { kind: 'ok', text: `${STATE_LABELS[asItemState(result.data.state)]}になりました` } });
      await this.refreshParts();
      return 'done';
    } catch (error) {
      return this.failed(error);
    }
  }

  /** A part's write moves the item's roll-up: the parts are read again (only for a shared item). */
  private async refreshParts(): Promise<void> {
    if (!this.state.parts?.shared) return;
    const parts = await loadParts(this.fy, this.id);
    if (parts) this.set({ parts });
  }

  /** The report as the API answered a write: it, its tag, its actions and its fields become the form's, with `rest` of the state. */
  private adopt(result: { data: Report; etag: string | null }, rest: Partial<ReportFormState>): void {
    const stored = fieldsFromReport(this.kind, result.data);
    this.set({ report: result.data, etag: result.etag, actions: allowedActions(result.data), saved: stored, fields: { ...stored }, conflict: null, ...rest });
  }

  private async failed(error: unknown): Promise<Outcome> {
    if (isConflict(error)) {
      const conflict = await conflictOf(error, 'reportSchema', this.path + this.query);
      this.set({ conflict: { ...conflict, theirs: fieldsFromReport(this.kind, conflict.current) }, notice: null });
      return 'conflict';
    }
    if (!(error instanceof ApiError)) throw error;
    // 401: api.ts has already sent the user to sign in; their input stays kept for their return.
    if (error.status === 401) return 'failed';
    const errors = serverErrors(error.problem.errors);
    const onForm = Object.keys(errors).some((name) => name in this.state.fields);
    return this.refuse(onForm ? errors : {}, onForm ? INVALID_FORM : error.problem.detail, 'draft', onForm ? 'invalid' : 'failed');
  }

  private refuse(errors: Errors, summary: string, checking: Purpose = 'draft', outcome: Outcome = 'invalid'): Outcome {
    this.set({ errors, checking, notice: { kind: 'error', text: summary } });
    return outcome;
  }

  /** The 時点 rule the API applies, with today taken from this machine's clock when the form checks. */
  private asOfRule() {
    return this.kpi ? { period: this.fy, basis: this.kpi.basis, today: japanToday(this.now()) } : undefined;
  }

  /**
   * The errors with one field's message brought up to date. While drafting, a field left empty is no
   * mistake; once 提出 has asked for the required fields, an empty one is shown again.
   */
  private errorsWith(name: string, fields: Fields): Errors {
    const { [name]: _old, ...rest } = this.state.errors;
    const message = validate(this.kind, fields, this.kpi, this.state.checking, this.asOfRule()).errors[name];
    return message ? { ...rest, [name]: message } : rest;
  }

  /** The KPI's actuals of other years, for the questions a value raises as it is typed (the API asks the same on save). */
  private async earlierActuals(reads: boolean): Promise<{ period: number; value: number }[]> {
    if (!this.kpi || !reads) return [];
    const { data: series } = await call('kpiSeriesSchema', `/kpis/${encodeURIComponent(this.id)}/actuals`);
    return series.actuals.flatMap((actual) =>
      actual.kind === 'kpi' && actual.fiscalYear !== this.fy && actual.body.value !== undefined
        ? [{ period: actual.fiscalYear, value: actual.body.value }]
        : [],
    );
  }

  /** Who returned it (所属長 or 推進本部): the last return in the history, not whoever saved it since. */
  private async returner(report: Report | null, reads: boolean): Promise<string | undefined> {
    if (report?.state !== 'returned' || !report.comment || !reads) return undefined;
    const { data } = await call('revisionListSchema', `${this.path}/revisions${this.query}`);
    return data.revisions.filter((r) => r.action === 'return' || r.action === 'reopen').at(-1)?.by.name;
  }

  private set(patch: Partial<ReportFormState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange();
  }
}
