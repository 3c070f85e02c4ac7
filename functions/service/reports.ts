import type * as z from '../domain/zod.ts';
import { kpiActualWarnings as plausibilityWarnings } from '../domain/attainment/plausibility.ts';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { kpiAcceptsFiscalYear, kpiActualYears } from '../domain/catalogue/kpi-periods.ts';
import { isReference } from '../domain/catalogue/schema.ts';
import { isShared, leastAdvancedState, legacyPartOf } from '../domain/progress-reports/parts.ts';
import type { PartState } from '../domain/progress-reports/parts.ts';
import { asOfProblem, japanToday } from '../domain/progress-reports/as-of.ts';
import { actionReportBodySchema, kpiActualBodySchema, qualitativeKpiActualBodySchema } from '../domain/progress-reports/schema.ts';
import type { KpiActualBody } from '../domain/progress-reports/schema.ts';
import { WORKFLOW_ACTIONS } from '../domain/progress-reports/workflow.ts';
import type { ReportState, WorkflowAction } from '../domain/progress-reports/workflow.ts';
import type { Permissions } from '../domain/permissions/permissions.ts';
import { VersionMismatchError } from '../store/errors.ts';
import { diffFields } from '../store/records.ts';
import type { ReportKind, ReportRecord, ReportRef, Revision } from '../store/records.ts';
import type { ReportWrite } from '../store/store.ts';
import { noticeKindOf } from '../domain/notices/index.ts';
import { CARRIED_FIELDS, hasCarryableText } from '../domain/progress-reports/carry-forward.ts';
import { stamp } from '../store/versioned.ts';
import type { ServiceContext } from './context.ts';
import {
  ForbiddenError,
  ImportConflictError,
  ImportRejectedError,
  IncompleteReportError,
  InvalidInputError,
  InvalidStateError,
  NotFoundError,
  NotWrittenYetError,
  PreconditionFailedError,
} from './errors.ts';
import type { FieldProblem } from './errors.ts';
import { checkPrecondition } from './precondition.ts';
import type { IfMatch } from './precondition.ts';

/** The two kinds of report share one workflow; they differ in how an id finds its measure and what "complete" is. */
const SUBJECTS: Record<
  ReportKind,
  {
    label: string;
    noun: string;
    complete: z.ZodMiniObject;
    measureOf(catalogue: Catalogue, id: string): string;
    /** Why the subject takes no report for the fiscal year (the message for the path's 年度), or null when it does. */
    yearProblem(catalogue: Catalogue, id: string, fiscalYear: number): string | null;
  }
> = {
  action: {
    label: '取組項目の報告',
    noun: '取組項目',
    complete: actionReportBodySchema,
    measureOf(catalogue, id) {
      const found = catalogue.actionItem(id);
      if (!found) throw new NotFoundError(`取組項目「${id}」は計画にありません`);
      if (isReference(found.item)) {
        throw new NotFoundError(`取組項目「${id}」は「${found.item.referenceTo}」に記載されています。そちらで報告してください`);
      }
      return found.measure.key;
    },
    yearProblem(catalogue, _id, fiscalYear) {
      if (catalogue.covers(fiscalYear)) return null;
      const { firstFiscalYear, lastFiscalYear } = catalogue.plan.period;
      return `年度は${firstFiscalYear}（${formatFiscalYear(firstFiscalYear)}）〜${lastFiscalYear}（${formatFiscalYear(lastFiscalYear)}）で指定してください`;
    },
  },
  kpi: {
    label: 'KPI実績',
    noun: 'KPI',
    complete: kpiActualBodySchema,
    measureOf(catalogue, id) {
      const found = catalogue.kpi(id);
      if (!found) throw new NotFoundError(`KPI「${id}」は計画にありません`);
      return found.measure.key;
    },
    yearProblem(catalogue, id, fiscalYear) {
      const { kpi } = catalogue.kpi(id)!;
      if (kpiAcceptsFiscalYear(kpi, fiscalYear, catalogue.plan.period)) return null;
      const years = kpiActualYears(kpi, catalogue.plan.period);
      const [first, last] = [years[0]!, years.at(-1)!];
      return `KPI「${id}」の年度は${first}（${formatFiscalYear(first)}）〜${last}（${formatFiscalYear(last)}）で指定してください`;
    },
  },
};

/** Workflow actions other than save, each reached by its own POST. */
export type ReviewAction = Exclude<WorkflowAction, 'save'>;

const notYetWrittenMessage = (ref: ReportRef) => `${SUBJECTS[ref.kind].label}「${ref.subject}」（${formatFiscalYear(ref.fiscalYear)}）はまだ入力されていません`;
const notYetWritten = (ref: ReportRef) => new NotFoundError(notYetWrittenMessage(ref));

/**
 * Which record holds a report, decided without reading the store (routes and the sheet import both use it):
 * an unshared item or a KPI has one record, `item`. A shared item's (関係各課) is the part `department` names,
 * else the caller's one responsible department's; 'unnamed' when neither says (HQ, 兼務), 'not-responsible'
 * when the named department is not responsible for the item. A shared item's record from before parts
 * existed (`whole`, no department) is the part of its first submitting department (legacyPartOf) and keeps
 * its key, so writes to that part go on landing there.
 */
function choosePart(
  permissions: Permissions,
  measure: string,
  item: ReportRef,
  department: string | undefined,
  whole: ReportRecord | undefined,
): { ref: ReportRef; part: string | undefined } | { problem: 'unnamed' } | { problem: 'not-responsible'; part: string } {
  const responsible = permissions.departmentsOf(measure);
  if (item.kind !== 'action' || !isShared(responsible)) return { ref: item, part: undefined };
  const own = responsible.filter((code) => permissions.caller.departments.has(code));
  const part = department ?? (own.length === 1 ? own[0] : undefined);
  if (part === undefined) return { problem: 'unnamed' };
  if (!responsible.includes(part)) return { problem: 'not-responsible', part };
  if (whole && !whole.department && legacyPartOf(whole, responsible) === part) return { ref: item, part };
  return { ref: { ...item, department: part }, part };
}

/**
 * The record that holds a report (choosePart) and what it holds now. `ref.department` is what the caller
 * asked for (?department=), ignored where the item is not shared. Errors: InvalidInputError on `department`
 * when a shared item's part is not named and cannot be told; NotFoundError for a department not responsible.
 */
async function resolvePart(
  ctx: ServiceContext,
  permissions: Permissions,
  measure: string,
  ref: ReportRef,
  whole: ReportRecord | undefined,
): Promise<{ ref: ReportRef; part: string | undefined; current: ReportRecord | undefined }> {
  const item = { kind: ref.kind, fiscalYear: ref.fiscalYear, subject: ref.subject };
  const chosen = choosePart(permissions, measure, item, ref.department, whole);
  if ('problem' in chosen) {
    if (chosen.problem === 'not-responsible') throw new NotFoundError(`「${chosen.part}」は取組項目「${ref.subject}」の担当課ではありません`);
    throw new InvalidInputError([{ path: 'department', message: '関係各課の取組項目です。どの課の報告か department で指定してください' }]);
  }
  const current = chosen.ref.department === undefined ? whole : await ctx.store.getReport(chosen.ref);
  return { ...chosen, current };
}

/**
 * The report and its measure, for a caller who may see it, with the ref of the record that holds it (a
 * shared item's part, resolvePart). A report the caller may not see is answered as not found (404),
 * whatever it holds, so nothing leaks. Also the door of a report's 根拠資料 (service/attachments.ts).
 */
export async function locate(
  ctx: ServiceContext,
  asked: ReportRef,
): Promise<{ ref: ReportRef; part: string | undefined; measure: string; current: ReportRecord | undefined; permissions: Permissions }> {
  // The item's own record is read alongside the plan and the assignments: one round trip for an unshared item.
  const [{ catalogue, permissions }, whole] = await Promise.all([
    ctx.access(asked.fiscalYear),
    ctx.store.getReport({ kind: asked.kind, fiscalYear: asked.fiscalYear, subject: asked.subject }),
  ]);
  const measure = SUBJECTS[asked.kind].measureOf(catalogue, asked.subject);
  const yearProblem = SUBJECTS[asked.kind].yearProblem(catalogue, asked.subject, asked.fiscalYear);
  if (yearProblem) throw new InvalidInputError([{ path: 'fy', message: yearProblem }]);
  if (!permissions.canRead(measure, 'approved')) throw notFound(asked);
  const { ref, part, current } = await resolvePart(ctx, permissions, measure, asked, whole);
  if (!permissions.canRead(measure, current?.state ?? 'draft')) throw notFound(asked);
  return { ref, part, measure, current, permissions };
}

const notFound = (ref: ReportRef) => new NotFoundError(`${SUBJECTS[ref.kind].label}「${ref.subject}」（${formatFiscalYear(ref.fiscalYear)}）は見つかりません`);

/**
 * The department whose part a stored record is: its `department`, or for a shared item's record from before
 * parts existed, legacyPartOf; null for an unshared item's report and for KPI actuals.
 */
export async function partOf(ctx: ServiceContext, record: ReportRecord): Promise<string | null> {
  if (record.department !== undefined) return record.department;
  if (record.kind !== 'action') return null;
  const { permissions } = await ctx.access(record.fiscalYear);
  const responsible = permissions.departmentsOf(record.measure);
  return isShared(responsible) ? (legacyPartOf(record, responsible) ?? null) : null;
}

/** The part a record is (partOf) with its department's name as submitted, else as in force in the 年度; null where it is no part. */
export async function partNameOf(ctx: ServiceContext, record: ReportRecord): Promise<{ department: string; departmentName: string } | null> {
  const department = await partOf(ctx, record);
  if (department === null) return null;
  const { departments } = await ctx.access(record.fiscalYear);
  return { department, departmentName: record.submittedFromNames?.[department] ?? departments.name(department) };
}

/** The departments' names in force in the 年度 (the year's roster also names the ones HQ added): code → name. */
async function namesOf(ctx: ServiceContext, fiscalYear: number, codes: readonly string[]): Promise<Record<string, string>> {
  const { departments } = await ctx.access(fiscalYear);
  return Object.fromEntries(codes.map((code) => [code, departments.name(code)]));
}

/** An archived plan is read-only (計画の状態, service/plans.ts): no report of its years is written any more (403). */
async function refuseArchivedPlan(ctx: ServiceContext, fiscalYear: number): Promise<void> {
  if ((await ctx.plans.entryFor(fiscalYear))?.head.status === 'archived') throw new ForbiddenError('この計画は終了しています（閲覧のみ）');
}

/** What the permission table needs to know of a report (or of one not written yet) to decide on it. */
function targetOf(ctx: ServiceContext, measure: string, current: ReportRecord | undefined, part?: string | null) {
  return {
    measure,
    ...(part ? { department: part } : {}),
    state: current?.state ?? ('missing' as const),
    submittedBy: current?.submittedBy?.sub,
    submittedFrom: current?.submittedFrom,
    headConfirmation: ctx.settings.headConfirmation,
  };
}

/**
 * Refuses (ForbiddenError) a caller who may never take this step on the measure's reports, whatever their
 * state: checked before If-Match, so one who may not act is told so rather than asked for a version.
 */
function requireStep(permissions: Permissions, measure: string, part: string | undefined, action: WorkflowAction): void {
  const target = { measure, ...(part ? { department: part } : {}) };
  if (permissions.mayEver('report', action, target)) return;
  const roles = permissions.rolesFor(target);
  if (roles.length > 0 && roles.every((role) => role === 'viewer')) throw new ForbiddenError('閲覧専用のアカウントでは操作できません');
  const decision = permissions.decide('report', action, target);
  // Never ok here (no row of the caller's roles has the action); its message names who may.
  throw new ForbiddenError(decision.ok ? '' : decision.message);
}

/** Decides the step by the permission table (domain/permissions/table.ts); its refusals become the service's errors. */
function nextState(
  ctx: ServiceContext,
  permissions: Permissions,
  measure: string,
  current: ReportRecord | undefined,
  action: WorkflowAction,
  part?: string,
): ReportState {
  const decision = permissions.decide('report', action, targetOf(ctx, measure, current, part));
  if (decision.ok) return decision.to as ReportState;
  throw decision.reason === 'forbidden' ? new ForbiddenError(decision.message) : new InvalidStateError(decision.message);
}

/**
 * The workflow steps (`save`, `submit`, `confirm`, `return`, `withdraw`, `approve`, `reopen`) the caller may
 * take on a stored report now, by the same table that decides them: an answer's `actions`.
 */
export async function reportActions(ctx: ServiceContext, record: ReportRecord): Promise<WorkflowAction[]> {
  const [{ permissions }, part] = await Promise.all([ctx.access(record.fiscalYear), partOf(ctx, record)]);
  return permissions.actions('report', WORKFLOW_ACTIONS, targetOf(ctx, record.measure, record, part));
}

/**
 * Required fields still empty in a body, in the complete schema's words (empty when it can be submitted).
 * A field a draft left out is checked as left blank, so its message asks for it (「実績を入力してください」).
 */
function missingFields(kind: ReportKind, body: object, qualitative: boolean): FieldProblem[] {
  // A qualitative KPI is rated from the department's assessment: it, not a value, is what must be there.
  const schema = qualitative ? qualitativeKpiActualBodySchema : SUBJECTS[kind].complete;
  // Only required fields are read as left blank: an optional one a draft left out (効果額, or a qualitative
  // KPI's value) is simply absent, and '' would be refused as not a number.
  const required = Object.entries(schema.shape).filter(([, field]) => field._zod.optin !== 'optional');
  const blank = Object.fromEntries(required.map(([field]) => [field, '']));
  const result = schema.safeParse({ ...blank, ...body });
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(本文)', message: issue.message }));
}

/**
 * Why a KPI actual's 時点 cannot stand, in the words the form and the import show (domain/progress-reports/as-of.ts:
 * within the period's window and not after today in Japan, today from the request's clock); null when it
 * can, or when the body is not a KPI actual's or has no 時点 yet (a draft may leave it out).
 */
function asOfProblemOf(ctx: ServiceContext, catalogue: Catalogue, ref: ReportRef, body: object): string | null {
  const asOf = (body as Partial<KpiActualBody>).asOf;
  if (ref.kind !== 'kpi' || asOf === undefined) return null;
  return asOfProblem(asOf, ref.fiscalYear, catalogue.kpi(ref.subject)!.kpi.basis, japanToday(ctx.now));
}

/**
 * What the caller may do to a report nobody has written yet: its first save, and 提出 when that save would
 * make a draft the caller may submit (the form saves, then submits, in one step).
 */
function missingActions(ctx: ServiceContext, permissions: Permissions, measure: string, part?: string): WorkflowAction[] {
  const missing = targetOf(ctx, measure, undefined, part);
  const actions = permissions.actions('report', WORKFLOW_ACTIONS, missing);
  const submitsDraft = actions.includes('save') && permissions.decide('report', 'submit', { ...missing, state: 'draft' }).ok;
  return submitsDraft ? [...actions, 'submit'] : actions;
}

/** A report as the caller may read it. NotFoundError when it is not there or hidden from the caller. */
export async function readReport(ctx: ServiceContext, ref: ReportRef): Promise<ReportRecord> {
  const { measure, current, permissions, part } = await locate(ctx, ref);
  if (!current) throw new NotWrittenYetError(notYetWrittenMessage(ref), missingActions(ctx, permissions, measure, part));
  return current;
}

/**
 * A save, by form, import or 前年度から引継ぎ: one place decides what a save changes, so all leave the same
 * history. The 引継ぎ mark (`carriedFrom`) stays until a save changes the text.
 */
function saved(
  ctx: ServiceContext,
  input: {
    ref: ReportRef;
    measure: string;
    current: ReportRecord | undefined;
    state: ReportState;
    body: ReportRecord['body'];
    action: 'save' | 'import' | 'carry_forward';
    carriedFrom?: ReportRecord['carriedFrom'];
  },
): ReportWrite {
  const { current, ref } = input;
  const changes = diffFields(current?.body, input.body);
  const { carriedFrom: wasCarried, ...kept } = current ?? ({} as Partial<ReportRecord>);
  const carriedFrom = input.carriedFrom ?? (changes.length === 0 ? wasCarried : undefined);
  return {
    content: {
      ...(kept as Partial<ReportRecord>),
      ...ref,
      measure: input.measure,
      state: input.state,
      comment: current?.comment ?? null,
      createdAt: current?.createdAt ?? ctx.now,
      body: input.body,
      ...(carriedFrom ? { carriedFrom } : {}),
    } as ReportRecord,
    expectedVersion: current?.version ?? null,
    change: { action: input.action, state: input.state, changes, comment: null },
    at: ctx.now,
    by: ctx.by,
  };
}

/**
 * 下書き保存: stores a body (complete or not) as the next version. A new report needs no If-Match; an
 * existing one needs the version read. Errors: NotFoundError, ForbiddenError, InvalidStateError (e.g. a
 * submitted report), PreconditionRequiredError/PreconditionFailedError; the store's version errors pass through.
 */
export async function saveReport(
  ctx: ServiceContext,
  asked: ReportRef,
  body: ReportRecord['body'],
  ifMatch: IfMatch,
): Promise<{ record: ReportRecord; created: boolean }> {
  const { ref, part, measure, current, permissions } = await locate(ctx, asked);
  await refuseArchivedPlan(ctx, ref.fiscalYear);
  requireStep(permissions, measure, part, 'save');
  const asOf = asOfProblemOf(ctx, (await ctx.access(ref.fiscalYear)).catalogue, ref, body);
  if (asOf) throw new InvalidInputError([{ path: 'asOf', message: asOf }]);
  checkPrecondition(ifMatch, { version: current?.version ?? null, required: current !== undefined, record: current });
  const state = nextState(ctx, permissions, measure, current, 'save', part);
  const record = await ctx.store.writeReport(saved(ctx, { ref, measure, current, state, body, action: 'save' }));
  return { record, created: !current };
}

/** Why an action item cannot start from last year's report, or null when it can: the messages the screen shows. */
async function carrySource(ctx: ServiceContext, ref: ReportRef): Promise<{ source: ReportRecord } | { problem: string; missing?: true }> {
  const previousYear = ref.fiscalYear - 1;
  const { catalogue } = await ctx.access(ref.fiscalYear);
  if (!catalogue.covers(previousYear)) return { problem: `${formatFiscalYear(ref.fiscalYear)}は計画の初年度です。引き継ぐ前年度の報告はありません` };
  const { current, permissions, measure } = await locate(ctx, { ...ref, fiscalYear: previousYear });
  if (!current || !permissions.canRead(measure, current.state)) {
    return { problem: `${formatFiscalYear(previousYear)}の報告がないため、引き継ぐ内容がありません`, missing: true };
  }
  // A report with only its status and rating gives nothing to start from (the same rule as the home's offer).
  if (!hasCarryableText(current.body)) {
    return { problem: `${formatFiscalYear(previousYear)}の報告に実績・課題・今後の取組の記述がないため、引き継ぐ内容がありません`, missing: true };
  }
  return { source: current };
}

/**
 * 前年度から引継ぎ: starts an action item's report for the 年度 from last year's text (CARRIED_FIELDS of
 * the report as it stands now), as a draft marked `carriedFrom` until a save changes the text. Never
 * submits. Only where nothing is written yet, so no one's text is overwritten. Errors: NotFoundError
 * (no such item, hidden, or nothing reported last year), ForbiddenError (may not write it),
 * InvalidStateError (already written: 409), InvalidInputError on `fy` (the plan's first year).
 */
export async function carryForwardReport(ctx: ServiceContext, asked: ReportRef): Promise<ReportRecord> {
  const { ref, part, measure, current, permissions } = await locate(ctx, asked);
  await refuseArchivedPlan(ctx, ref.fiscalYear);
  requireStep(permissions, measure, part, 'save');
  if (current) {
    throw new InvalidStateError(
      `${formatFiscalYear(ref.fiscalYear)}の報告は既にあります（版${current.version}）。前年度から引き継げるのは、まだ入力していない報告だけです`,
    );
  }
  const found = await carrySource(ctx, { kind: ref.kind, fiscalYear: ref.fiscalYear, subject: ref.subject, ...(part ? { department: part } : {}) });
  if ('problem' in found) throw found.missing ? new NotFoundError(found.problem) : new InvalidInputError([{ path: 'fy', message: found.problem }]);
  const { source } = found;
  const body = Object.fromEntries(
    CARRIED_FIELDS.flatMap((field) =>
      (source.body as Record<string, unknown>)[field] === undefined ? [] : [[field, (source.body as Record<string, unknown>)[field]]],
    ),
  ) as ReportRecord['body'];
  const state = nextState(ctx, permissions, measure, undefined, 'save', part);
  const carriedFrom = { fiscalYear: source.fiscalYear, version: source.version };
  return ctx.store.writeReport(saved(ctx, { ref, measure, current: undefined, state, body, action: 'carry_forward', carriedFrom }));
}

/** What 前年度から引継ぎ for all of a department's items did: the drafts made, and why the others were left. */
export interface CarryForwardResult {
  carried: ReportRecord[];
  skipped: { id: string; reason: string }[];
}

/**
 * 前年度から引継ぎ for every action item of `department` due in the 年度 (scheduled, or 関係各課 with the
 * department assigned): one draft per item with last year's text (not only a status) and nothing written this year; each is
 * its own write with its own revision, so one item's failure leaves the others done. Items already written
 * or not reported last year are listed in `skipped` with the reason. ForbiddenError when the caller may
 * write none of the department's items.
 */
export async function carryForwardDepartment(ctx: ServiceContext, fiscalYear: number, department: string): Promise<CarryForwardResult> {
  const { catalogue, permissions } = await ctx.access(fiscalYear);
  if (!catalogue.covers(fiscalYear - 1)) {
    throw new InvalidInputError([{ path: 'fy', message: `${formatFiscalYear(fiscalYear)}は計画の初年度です。引き継ぐ前年度の報告はありません` }]);
  }
  const items = catalogue.measures.flatMap(({ measure }) =>
    permissions.departmentsOf(measure.key).includes(department) && permissions.mayEver('report', 'save', { measure: measure.key, department })
      ? measure.actionItems.filter((item) => !isReference(item) && item.schedule.some((s) => s.fiscalYear === fiscalYear && s.phase !== 'none'))
      : [],
  );
  if (items.length === 0) throw new ForbiddenError('この課の取組項目を前年度から引き継ぐ権限がありません');
  const result: CarryForwardResult = { carried: [], skipped: [] };
  for (const item of items) {
    try {
      result.carried.push(await carryForwardReport(ctx, { kind: 'action', fiscalYear, subject: item.key, department }));
    } catch (error) {
      if (!(error instanceof InvalidStateError || error instanceof NotFoundError)) throw error;
      result.skipped.push({ id: item.key, reason: error.message });
    }
  }
  return result;
}

/**
 * One workflow step on a stored report: submit 提出, confirm 課内確認, withdraw 取り下げ, return 差し戻し,
 * approve 承認, reopen 再開. Submitting and confirming require a complete body (IncompleteReportError naming
 * each missing field). The reviewer's comment replaces the last one; the department's steps keep it in view.
 */
export async function actOnReport(
  ctx: ServiceContext,
  asked: ReportRef,
  action: ReviewAction,
  comment: string | null,
  ifMatch: IfMatch,
): Promise<ReportRecord> {
  const { ref, part, measure, current, permissions } = await locate(ctx, asked);
  await refuseArchivedPlan(ctx, ref.fiscalYear);
  requireStep(permissions, measure, part, action);
  if (!current) throw notYetWritten(ref);
  // A part is submitted for its own department only: that department's 所属長 may withdraw it.
  const submittedFrom = part ? [part] : permissions.ownDepartmentsOf(measure);
  checkPrecondition(ifMatch, { version: current.version, required: true, record: current });
  const state = nextState(ctx, permissions, measure, current, action, part);
  if (action === 'submit' || action === 'confirm') {
    const { catalogue } = await ctx.access(ref.fiscalYear);
    const qualitative = ref.kind === 'kpi' && catalogue.kpi(ref.subject)?.kpi.kind === 'qualitative';
    const missing = missingFields(ref.kind, current.body, qualitative);
    if (missing.length > 0) throw new IncompleteReportError(missing);
    // A draft stored before this rule existed may hold a 時点 it now refuses: it is checked again on its way to HQ.
    const asOf = asOfProblemOf(ctx, catalogue, ref, current.body);
    if (asOf) throw new InvalidInputError([{ path: 'asOf', message: asOf }]);
  }

  // A reviewer's comment replaces the last one. Resubmitting answers a 差し戻し, so its comment leaves the
  // report (it stays in the history, on the return's revision); withdrawal and 課内確認 keep what is there.
  const reviewing = action === 'return' || action === 'approve' || action === 'reopen';
  const nextComment = reviewing ? comment : action === 'submit' ? null : current.comment;
  const noticeKind = noticeKindOf(action, state);
  const writer = action === 'submit' ? ctx.by : current.submittedBy;
  return ctx.store.writeReport({
    // The notice goes with the step in one transaction and is mailed after it (functions/notices/): the request never waits on mail.
    ...(noticeKind
      ? {
          notice: {
            id: `${ctx.now}_${crypto.randomUUID()}`,
            kind: noticeKind,
            report: {
              kind: ref.kind,
              fiscalYear: ref.fiscalYear,
              subject: ref.subject,
              ...(ref.department === undefined ? {} : { department: ref.department }),
            },
            measure: current.measure,
            fiscalYear: ref.fiscalYear,
            departments: action === 'submit' ? submittedFrom : (current.submittedFrom ?? submittedFrom),
            actor: ctx.by,
            ...(writer ? { writer } : {}),
            comment,
            occurredAt: ctx.now,
          },
        }
      : {}),
    content: {
      ...current,
      state,
      comment: nextComment,
      // The submitter's departments responsible for the measure: their 所属長 may withdraw it (the permission table's headOfSubmitter).
      // Their names as of the report's year, kept so that a later rename (機構改革) does not rewrite who wrote it.
      ...(action === 'submit' ? { submittedBy: ctx.by, submittedFrom, submittedFromNames: await namesOf(ctx, ref.fiscalYear, submittedFrom) } : {}),
    },
    expectedVersion: current.version,
    change: { action, state, changes: diffFields({ state: current.state, comment: current.comment }, { state, comment: nextComment }), comment },
    at: ctx.now,
    by: ctx.by,
  });
}

/** One responsible department's part of an action item as the caller sees it: `record` null where nothing is written or hidden from them. */
export interface ReportPart {
  department: string;
  departmentName: string;
  state: PartState;
  record: ReportRecord | null;
}

/**
 * Every responsible department's part of an action item in a fiscal year, in the plan's order, and the
 * item's state rolled up from them (its least advanced part). An unshared item has one part, its record.
 * A part the caller may not read (the council before approval) counts as not written, for them.
 * NotFoundError as for reading one report.
 */
export async function reportParts(ctx: ServiceContext, asked: ReportRef): Promise<{ shared: boolean; parts: ReportPart[]; rollUp: PartState }> {
  const item = { kind: 'action' as const, fiscalYear: asked.fiscalYear, subject: asked.subject };
  const [{ catalogue, permissions, departments }, whole] = await Promise.all([ctx.access(item.fiscalYear), ctx.store.getReport(item)]);
  const measure = SUBJECTS.action.measureOf(catalogue, item.subject);
  const yearProblem = SUBJECTS.action.yearProblem(catalogue, item.subject, item.fiscalYear);
  if (yearProblem) throw new InvalidInputError([{ path: 'fy', message: yearProblem }]);
  if (!permissions.canRead(measure, 'approved')) throw notFound(item);
  const responsible = permissions.departmentsOf(measure);
  const parts = await Promise.all(
    responsible.map(async (department): Promise<ReportPart> => {
      const { current } = await resolvePart(ctx, permissions, measure, { ...item, department }, whole);
      const record = current && permissions.canRead(measure, current.state) ? current : null;
      return { department, departmentName: departments.name(department), state: record?.state ?? 'missing', record };
    }),
  );
  return { shared: isShared(responsible), parts, rollUp: leastAdvancedState(parts.map((part) => part.state)) };
}

/**
 * The questions a KPI actual's value raises before HQ reads it (domain/attainment/plausibility.ts): a % over
 * 100, or a value far from the actual before it (or the baseline). Warnings, never refusals: Japanese
 * sentences, empty when nothing looks odd or no value is filled in yet. The earlier years are read by key
 * (at most five GetItems, in parallel), not from the KPI's series index: an index may lag a write just made.
 */
export async function kpiActualWarnings(ctx: ServiceContext, record: ReportRecord): Promise<string[]> {
  const value = (record.body as Partial<KpiActualBody>).value;
  if (record.kind !== 'kpi' || value === undefined) return [];
  const { catalogue, permissions } = await ctx.access(record.fiscalYear);
  const { kpi } = catalogue.kpi(record.subject)!;
  const years = kpiActualYears(kpi, catalogue.plan.period).filter((year) => year < record.fiscalYear);
  const stored = await Promise.all(years.map((fiscalYear) => ctx.store.getReport({ kind: 'kpi', fiscalYear, subject: record.subject })));
  const earlier = stored.flatMap((other) => {
    const otherValue = (other?.body as Partial<KpiActualBody> | undefined)?.value;
    return other && otherValue !== undefined && permissions.canRead(other.measure, other.state) ? [{ period: other.fiscalYear, value: otherValue }] : [];
  });
  return plausibilityWarnings(kpi, record.fiscalYear, value, earlier);
}

/** Every accepted change of a report, oldest first. The council reads approved progress, not how it came about. */
export async function reportRevisions(ctx: ServiceContext, asked: ReportRef): Promise<Revision[]> {
  const { ref, measure, current, permissions } = await locate(ctx, asked);
  if (!current) throw notYetWritten(ref);
  if (!permissions.mayEver('report', 'history', { measure })) throw new ForbiddenError('変更履歴は推進本部と担当課だけが見られます');
  return ctx.store.listRevisions(ref);
}

/**
 * One page of the fiscal year's reports, keeping those the caller may read (Store.listFiscalYearPage: a
 * page may hold fewer than `limit`, even none, and still have a next one). InvalidCursorError for a cursor
 * the store did not make.
 */
export async function listReports(
  ctx: ServiceContext,
  fiscalYear: number,
  page: { cursor?: string; limit?: number } = {},
): Promise<{ records: ReportRecord[]; nextCursor: string | undefined }> {
  const [{ permissions }, { records, nextCursor }] = await Promise.all([ctx.access(fiscalYear), ctx.store.listFiscalYearPage(fiscalYear, page)]);
  return { records: records.filter((record) => permissions.canRead(record.measure, record.state)), nextCursor };
}

/**
 * One KPI's actuals over every fiscal year the caller may read, oldest first (one Query on the KPI's series).
 * A KPI of a measure the caller may not see is answered as not found, like an unknown one.
 */
export async function kpiActuals(ctx: ServiceContext, kpiId: string): Promise<ReportRecord[]> {
  const [{ catalogue, permissions }, series] = await Promise.all([ctx.access(), ctx.store.kpiSeries(kpiId)]);
  const found = catalogue.kpi(kpiId);
  if (!found || !permissions.canRead(found.measure.key, 'approved')) throw new NotFoundError(`KPI「${kpiId}」は計画にありません`);
  return series.filter((record) => permissions.canRead(record.measure, record.state));
}

/** One plan year of an action item, for the multi-year view: its planned activity and every part as the caller may read it. */
export interface ActionItemYear {
  fiscalYear: number;
  /** The year's planned activity (計画), or null when nothing is scheduled. */
  planned: string | null;
  parts: ReportPart[];
}

/**
 * An action item's reports for every year of the plan, side by side (年度ごとの報告): each year's parts as
 * reportParts gives them, so the council reads approved text only and a department its own. A year whose
 * plan version no longer holds the item (retired in a 見直し) is left out. NotFoundError when the item is
 * not in the plan or hidden from the caller.
 */
export async function actionItemYears(ctx: ServiceContext, id: string): Promise<ActionItemYear[]> {
  const { catalogue } = await ctx.access();
  if (!catalogue.actionItem(id)) throw new NotFoundError(`取組項目「${id}」は計画にありません`);
  const years = await Promise.all(
    catalogue.years.map(async (fiscalYear): Promise<ActionItemYear | null> => {
      const found = (await ctx.access(fiscalYear)).catalogue.actionItem(id);
      if (!found || isReference(found.item)) return null;
      const { parts } = await reportParts(ctx, { kind: 'action', fiscalYear, subject: id });
      const planned = found.item.schedule.find((s) => s.fiscalYear === fiscalYear && s.phase !== 'none')?.activity ?? null;
      return { fiscalYear, planned, parts };
    }),
  );
  return years.filter((year) => year !== null);
}

/** One filled-in row of a progress sheet, validated for shape already; `version` is the one the sheet was exported at. */
export interface ImportRow {
  /** The sheet's line number, for messages. */
  line: number;
  kind: ReportKind;
  id: string;
  /** A shared item's part (報告課): absent where the sheet does not say. */
  department?: string;
  version: number | null;
  /** The fields the row holds, filled in (a field of `fields` not in it is cleared). */
  body: ReportRecord['body'];
  /** The body fields the sheet has a column for: any other field is kept as stored (importedBody). */
  fields: readonly string[];
}

/**
 * The body an import row stands for, over `stored` (the report's body now, or as exported): the row's
 * fields where the sheet has their column, and the stored value of every field it has none for. A sheet of an
 * earlier release without 効果額, a CSV with columns removed and a qualitative KPI's 評価 (no column at all)
 * keep what the department reported rather than erasing it; an unchanged row stays unchanged.
 */
function importedBody(row: Pick<ImportRow, 'body' | 'fields'>, stored: object | undefined): ReportRecord['body'] {
  const kept = Object.entries(stored ?? {}).filter(([field]) => !row.fields.includes(field));
  return { ...Object.fromEntries(kept), ...row.body } as ReportRecord['body'];
}

/** What one row of an import changes: the write, the record it will store, the one it replaces, and the revision that records it. */
export interface ImportChange {
  line: number;
  write: ReportWrite;
  record: ReportRecord;
  previous: ReportRecord | undefined;
  revision: Revision;
}

/**
 * Checks a sheet's rows and, unless `dryRun`, saves them all or nothing. Every row is checked first: in the
 * plan, the caller's to report, not changed on the web since the export, in a state that can be saved, and a
 * KPI's 時点 within its period (the form's rule, domain/progress-reports/as-of.ts). A shared item's row goes
 * to the part its 報告課 names, or, left empty (a sheet from before shared items), to the importer's one
 * responsible department's part; neither is a problem naming the row's 報告課. Rows equal to what is stored, or to
 * what the export wrote (the body at the row's 版, rebuilt from the revisions), are counted, not written.
 * A row the file changes whose report changed after the export is a conflict: ImportConflictError (412)
 * naming each such row, when nothing else is wrong. Imported rows arrive as drafts, complete or not, as the
 * form saves them (a returned report stays returned); submitting checks completeness.
 *
 * A dry run answers the changes and every problem found; a real import throws ImportRejectedError listing
 * them (with `earlier` ones the caller found while reading the sheet) and writes nothing. A whole year (all
 * departments, ~120 rows) is more than one transaction holds: the rows go in as many transactions as
 * DynamoDB's limits need (store.reportTransactions: 100 actions, 4 MB), each conditional on the version
 * read; if a later one fails, the ones already written are reverted
 * (`store.revertReportWrites`) before PreconditionFailedError, so the store ends as it was.
 */
export async function importReports(
  ctx: ServiceContext,
  input: { fiscalYear: number; rows: readonly ImportRow[]; earlier?: readonly FieldProblem[]; dryRun?: boolean },
): Promise<{ changes: ImportChange[]; unchanged: number; errors: FieldProblem[] }> {
  const { catalogue, permissions, departments } = await ctx.access(input.fiscalYear);
  if (!permissions.mayEver('sheet', 'import')) throw new ForbiddenError('閲覧専用のアカウントでは取り込めません');
  const errors: FieldProblem[] = [...(input.earlier ?? [])];
  const storedKey = (ref: ReportRef) => `${ref.kind}:${ref.subject}:${ref.department ?? ''}`;
  const stored = new Map((await ctx.store.getReports(rowRecords(catalogue, permissions, input))).map((record) => [storedKey(record), record]));
  const changes: ImportChange[] = [];
  /** Rows the file changes although the report changed on the web after the export (412 when nothing else is wrong). */
  const conflicts: FieldProblem[] = [];
  let unchanged = 0;

  for (const row of input.rows) {
    const where = `${row.line}行目（${row.id}）`;
    let measure: string;
    try {
      measure = SUBJECTS[row.kind].measureOf(catalogue, row.id);
    } catch {
      errors.push({ path: `${where}.ID`, message: `「${row.id}」は計画にない${SUBJECTS[row.kind].noun}です` });
      continue;
    }
    if (!permissions.mayEver('sheet', 'import', { measure }) || !permissions.mayEver('report', 'save', { measure })) {
      errors.push({ path: `${where}.ID`, message: `${catalogue.measureLabel(catalogue.measure(measure)!.measure)}は担当外のため取り込めません` });
      continue;
    }
    const yearProblem = SUBJECTS[row.kind].yearProblem(catalogue, row.id, input.fiscalYear);
    if (yearProblem) {
      errors.push({ path: `${where}.年度`, message: yearProblem });
      continue;
    }
    // The row's record is chosen as the routes choose it (choosePart): its 報告課, else the importer's one part.
    const item = { kind: row.kind, fiscalYear: input.fiscalYear, subject: row.id };
    const chosen = choosePart(permissions, measure, item, row.department, stored.get(storedKey(item)));
    if ('problem' in chosen) {
      const message =
        chosen.problem === 'unnamed'
          ? '関係各課の取組項目です。報告課の列に課名を書いてください'
          : `「${chosen.part}」はこの取組項目の担当課ではありません。報告課は出力されたままにしてください`;
      errors.push({ path: `${where}.報告課`, message });
      continue;
    }
    const { ref, part } = chosen;
    // Another responsible department's part is theirs to write (their staff save it, their 所属長 confirms it).
    if (part !== undefined && !permissions.mayEver('report', 'save', { measure, department: part })) {
      errors.push({ path: `${where}.報告課`, message: `${departments.name(part)}の報告は${departments.name(part)}の職員が取り込みます` });
      continue;
    }
    const current = stored.get(storedKey(ref));
    const body = importedBody(row, current?.body);
    // A row that holds what is stored, or what the export wrote, changes nothing: a department's own file goes
    // back in as it came out, even when a colleague has saved some of its items on the web since.
    if (current && sameBody(current.body, body)) {
      unchanged++;
      continue;
    }
    if ((current?.version ?? null) !== row.version) {
      const exported = current && (await exportedBody(ctx, current, row.version));
      if (exported && sameBody(exported, importedBody(row, exported))) {
        unchanged++;
        continue;
      }
      conflicts.push({
        path: `${where}.版`,
        message: `出力後に画面で更新された行です（出力時の版 ${row.version ?? 'なし'}、現在の版 ${current?.version ?? 'なし'}）。最新を出力し直して記入してください`,
      });
      continue;
    }
    const asOf = asOfProblemOf(ctx, catalogue, ref, body);
    if (asOf) {
      errors.push({ path: `${where}.時点`, message: asOf });
      continue;
    }
    let state: ReportState;
    try {
      state = nextState(ctx, permissions, measure, current, 'save', part);
    } catch (error) {
      errors.push({ path: `${where}.状態`, message: (error as Error).message });
      continue;
    }
    const write = saved(ctx, { ref, measure, current, state, body, action: 'import' });
    changes.push({ line: row.line, write, ...stamp(write), previous: current });
  }

  if (input.dryRun) return { changes, unchanged, errors: [...errors, ...conflicts] };
  if (errors.length > 0) throw new ImportRejectedError([...errors, ...conflicts]);
  if (conflicts.length > 0) throw new ImportConflictError(conflicts);
  await writeAllOrNothing(ctx, changes);
  return { changes, unchanged, errors: [] };
}

/**
 * The records an import's rows may touch, read by key rather than the whole year, so the check costs what the
 * file holds: each row's item, and for a shared item (関係各課) every responsible department's part too
 * (choosePart picks one by the row's 報告課, the importer's departments and the item's own record).
 */
function rowRecords(
  catalogue: Catalogue,
  permissions: Permissions,
  input: { fiscalYear: number; rows: readonly Pick<ImportRow, 'kind' | 'id'>[] },
): ReportRef[] {
  return input.rows.flatMap(({ kind, id }) => {
    const item = { kind, fiscalYear: input.fiscalYear, subject: id };
    const measure = (kind === 'action' ? catalogue.actionItem(id) : catalogue.kpi(id))?.measure.key;
    if (measure === undefined) return [];
    const responsible = permissions.departmentsOf(measure);
    return kind === 'action' && isShared(responsible) ? [item, ...responsible.map((department) => ({ ...item, department }))] : [item];
  });
}

const sameBody = (a: object | undefined, b: object) => a !== undefined && diffFields(a, b).length === 0;

/**
 * The body a report had at `version` (the one a sheet was exported at), rebuilt from the current body by
 * undoing the body changes of every later revision, newest first (only saves and imports change the body;
 * workflow steps change state and comment). Version null is the report before it was created: no fields.
 * Undefined when the history does not reach back to that version.
 */
async function exportedBody(ctx: ServiceContext, current: ReportRecord, version: number | null): Promise<object | undefined> {
  const target = version ?? 0;
  if (target > current.version) return undefined;
  // Adding or removing a 根拠資料 is in the history without being a version of the report: not counted here.
  const later = (await ctx.store.listRevisions(current))
    .filter((revision) => revision.version > target && revision.action !== 'attach' && revision.action !== 'detach')
    .sort((a, b) => b.version - a.version);
  if (later.length !== current.version - target) return undefined;
  const body: Record<string, unknown> = { ...current.body };
  for (const revision of later) {
    if (revision.action !== 'save' && revision.action !== 'import') continue;
    for (const { field, before } of revision.changes) {
      if (before === null || before === undefined) delete body[field];
      else body[field] = before;
    }
  }
  return body;
}

async function writeAllOrNothing(ctx: ServiceContext, changes: readonly ImportChange[]): Promise<void> {
  const writes = changes.map((change) => ({ ...change.write, next: change.record, previous: change.previous }));
  const landed: typeof writes = [];
  // A transaction holds 100 actions and 4 MB: 50 short rows, fewer when their texts are long.
  for (const chunk of ctx.store.reportTransactions(writes)) {
    try {
      await ctx.store.writeReports(chunk);
    } catch (error) {
      if (landed.length > 0) await ctx.store.revertReportWrites(landed);
      if (error instanceof VersionMismatchError) {
        throw new PreconditionFailedError('取込の途中で他の人が同じ報告を更新したため、何も反映していません。最新を出力し直して、もう一度取り込んでください');
      }
      throw error;
    }
    landed.push(...chunk);
  }
}
