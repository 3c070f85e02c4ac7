import { currentFiscalYear, formatPeriodLabel } from '../domain/calendar/index.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { CatalogueError, parseCatalogue } from '../domain/catalogue/parse.ts';
import { entryKeys, planDifference } from '../domain/catalogue/revision.ts';
import type { EntryKind, PlanChange } from '../domain/catalogue/revision.ts';
import type { PlanStatus } from '../domain/catalogue/schema.ts';
import type { Permissions } from '../domain/permissions/permissions.ts';
import { OverlappingPlanError, headOf, overlapping, planHash } from '../store/bootstrap.ts';
import type { PlanHeadRecord } from '../store/plan-records.ts';
import { versionInForce } from '../store/plans.ts';
import type { PlanEntry } from '../store/plans.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from './errors.ts';
import type { FieldProblem } from './errors.ts';
import { checkPrecondition } from './precondition.ts';
import type { IfMatch } from './precondition.ts';

/** A plan as GET /api/plans lists it (contract: planSummarySchema). */
export function planSummary(head: PlanHeadRecord) {
  return {
    id: head.id,
    title: head.title,
    city: head.city,
    firstFiscalYear: head.firstFiscalYear,
    lastFiscalYear: head.lastFiscalYear,
    periodLabel: formatPeriodLabel({ kind: 'fiscal_years', from: head.firstFiscalYear, to: head.lastFiscalYear }),
    status: head.status,
    version: head.version,
  };
}

/** Every plan of the deployment, in period order. Anyone signed in may read them: the plan is public. */
export async function listPlans(ctx: ServiceContext) {
  return (await ctx.plans.list()).map((entry) => planSummary(entry.head));
}

/** Which plan (and version) a plan view shows: the active plan's latest, a year's, or a plan's latest by id. */
export type PlanSelector = { active: true } | { fiscalYear: number } | { planId: string };

async function select(ctx: ServiceContext, selector: PlanSelector): Promise<{ entry: PlanEntry; catalogue: Catalogue; versionShown: number }> {
  const plans = await ctx.plans.list();
  let entry: PlanEntry | undefined;
  let version: PlanEntry['versions'][number] | undefined;
  if ('planId' in selector) {
    entry = plans.find((plan) => plan.head.id === selector.planId);
    if (!entry) throw new NotFoundError(`計画「${selector.planId}」はありません`);
    version = entry.versions.at(-1);
  } else if ('fiscalYear' in selector) {
    entry = await ctx.plans.entryFor(selector.fiscalYear);
    if (!entry) throw new NotFoundError(`${selector.fiscalYear}年度の計画はありません`);
    version = versionInForce(entry.versions, selector.fiscalYear);
  } else {
    entry = plans.find((plan) => plan.head.status === 'active') ?? plans.at(-1);
    if (!entry) throw new NotFoundError('計画データが読み込まれていません');
    version = entry.versions.at(-1);
  }
  return { entry, catalogue: await ctx.plans.catalogueOf(version!), versionShown: version!.version };
}

/**
 * The plan with its keys, its groups and measures in document order, and HQ's assignments folded in
 * (contract: planSchema). The assignments are the deployment's, by measure key.
 */
export async function planView(ctx: ServiceContext, selector: PlanSelector) {
  const [{ entry, catalogue, versionShown }, assignments] = await Promise.all([select(ctx, selector), ctx.store.listAssignments()]);
  const byMeasure = new Map(assignments.map((a) => [a.measure, a]));
  const assigned = Object.fromEntries(assignments.map((a) => [a.measure, a.departments]));
  const { plan } = catalogue;
  const nameOf = (code: string, names?: Record<string, string>) => catalogue.departmentName(code) ?? names?.[code] ?? code;
  return {
    ...planSummary(entry.head),
    // The plan's period as a plan file writes it, so this answer, edited, can be posted back as a revision.
    period: plan.period,
    versionShown,
    years: [...catalogue.years],
    hq: plan.hq,
    levels: plan.levels,
    scheduleVocabulary: plan.scheduleVocabulary,
    departments: plan.departments,
    groups: catalogue.groups.map(({ group, level }) => ({ ...group, level })),
    measures: catalogue.measures.map(({ measure, path }) => {
      const assignment = byMeasure.get(measure.key);
      return {
        ...measure,
        label: catalogue.measureLabel(measure),
        path: path.map((group) => group.key),
        assignedDepartments: (assignment?.departments ?? []).map((code) => ({ code, name: nameOf(code, assignment?.names) })),
        responsibleDepartments: catalogue.responsibleDepartments(measure, assigned),
      };
    }),
    financialIndicators: plan.financialIndicators,
    populationOutlook: plan.populationOutlook ?? null,
  };
}

// ——— 中間見直し: preview, apply, status, versions ———

/** What HQ posts to preview or apply a revision: the whole plan as it will stand, from when, and why. */
export interface RevisionInput {
  plan: unknown;
  /** The first fiscal year the new version is in force for; the current fiscal year when absent. */
  effectiveFrom?: number;
  comment?: string | null;
}

function requirePlanAction(permissions: Permissions, action: 'revise' | 'status'): void {
  const decision = permissions.decide('plan', action);
  if (!decision.ok) throw new ForbiddenError(decision.message);
}

async function planEntry(ctx: ServiceContext, planId: string): Promise<PlanEntry> {
  const entry = await ctx.plans.entry(planId);
  if (!entry) throw new NotFoundError(`計画「${planId}」はありません`);
  return entry;
}

/**
 * Everything wrong with a revision, each with its place: the plan's own problems (parseCatalogue's checks),
 * a plan id that is not this plan's, a period overlapping another plan, an effectiveFrom outside the
 * plan's period, keys reused (a key that left in an earlier version, or one that named another kind of
 * entry: keys are never reused), and 統合元 keys no version ever had. With no problems, the difference.
 */
async function examineRevision(ctx: ServiceContext, entry: PlanEntry, input: RevisionInput) {
  const problems: FieldProblem[] = [];
  let catalogue: Catalogue;
  try {
    catalogue = parseCatalogue(input.plan);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    return {
      catalogue: undefined,
      changes: [],
      problems: error.issues.map((issue) => ({ path: `plan › ${issue.path}`, message: issue.message })),
      effectiveFrom: input.effectiveFrom ?? currentFiscalYear(new Date(ctx.now)),
    };
  }
  const { plan } = catalogue;
  if (plan.id !== entry.head.id) problems.push({ path: 'plan › id', message: `計画ID「${plan.id}」がこの計画（${entry.head.id}）と違います` });
  const others = (await ctx.plans.list()).map((other) => other.head);
  const other = overlapping(plan, others);
  if (other) problems.push({ path: 'plan › period', message: new OverlappingPlanError(plan, other).message });

  const effectiveFrom = input.effectiveFrom ?? currentFiscalYear(new Date(ctx.now));
  const { firstFiscalYear, lastFiscalYear } = plan.period;
  if (effectiveFrom < firstFiscalYear || effectiveFrom > lastFiscalYear) {
    const period = formatPeriodLabel({ kind: 'fiscal_years', from: firstFiscalYear, to: lastFiscalYear });
    problems.push({ path: 'effectiveFrom', message: `適用開始年度（${effectiveFrom}）は計画期間（${period}）の中で、西暦の年度で指定してください` });
  }

  // Every key any version ever had, with its kind; the current version's keys are the ones still in use.
  const versions = await Promise.all(entry.versions.map((version) => ctx.plans.catalogueOf(version)));
  const current = versions.at(-1)!;
  const everKind = new Map<string, EntryKind>();
  for (const version of versions) for (const [key, { kind }] of entryKeys(version)) everKind.set(key, kind);
  const inUse = entryKeys(current);
  for (const [key, { kind, number }] of entryKeys(catalogue)) {
    const was = everKind.get(key);
    if (was === undefined) continue;
    if (was !== kind || !inUse.has(key)) {
      problems.push({
        path: `plan › ${number} › key`,
        message: `キー「${key}」は以前の版で別の項目に使われていました。キーは再利用できません。新しいキーを付けてください`,
      });
    }
  }
  for (const { number, mergedFrom } of entryKeys(catalogue).values()) {
    for (const from of mergedFrom) {
      if (!everKind.has(from)) problems.push({ path: `plan › ${number} › mergedFrom`, message: `統合元「${from}」はこれまでの版にありません` });
    }
  }
  return { catalogue, changes: planDifference(current, catalogue), problems, effectiveFrom };
}

/**
 * 見直しの確認 (HQ): what applying `input` would change, by key, against the plan's latest version, and
 * what would stop it; nothing is written. `version` is the version compared with: send it back as If-Match.
 */
export async function previewRevision(ctx: ServiceContext, planId: string, input: RevisionInput) {
  const { permissions } = await ctx.access();
  requirePlanAction(permissions, 'revise');
  const entry = await planEntry(ctx, planId);
  const { changes, problems, effectiveFrom } = await examineRevision(ctx, entry, input);
  return { planId, version: entry.head.version, effectiveFrom, changes, problems };
}

/**
 * 見直しの適用 (HQ): stores the plan as its next version, in force from `effectiveFrom`; every earlier
 * version stays, so a year before it is still read against the plan as it stood then. Errors: ForbiddenError,
 * NotFoundError, InvalidInputError (every problem of examineRevision, nothing written), the precondition
 * errors (If-Match names the head's version; 412 carries the plan's summary as it is now).
 */
export async function applyRevision(ctx: ServiceContext, planId: string, input: RevisionInput, ifMatch: IfMatch) {
  const { permissions } = await ctx.access();
  requirePlanAction(permissions, 'revise');
  const entry = await planEntry(ctx, planId);
  checkPrecondition(ifMatch, { version: entry.head.version, required: true, record: entry.head });
  const { catalogue, changes, problems, effectiveFrom } = await examineRevision(ctx, entry, input);
  if (!catalogue || problems.length > 0) throw new InvalidInputError(problems);
  const { head } = await ctx.store.writePlan({
    head: headOf(catalogue.plan, entry.head.status),
    content: { plan: catalogue.plan, hash: planHash(catalogue.plan) },
    action: 'revise',
    effectiveFrom,
    changes,
    comment: input.comment ?? null,
    expectedVersion: entry.head.version,
    at: ctx.now,
    by: ctx.by,
  });
  ctx.plans.forget();
  return planSummary(head);
}

/**
 * 計画の状態 (HQ): upcoming 策定中 / active 推進中 / archived 終了. Exactly one plan is active: activating one
 * archives the one active before, in the same request (two conditional writes: the other plan first, so a
 * failure never leaves two active). Archived plans are read-only (service/reports.ts refuses their reports' writes).
 */
export async function setPlanStatus(ctx: ServiceContext, planId: string, status: PlanStatus, ifMatch: IfMatch) {
  const { permissions } = await ctx.access();
  requirePlanAction(permissions, 'status');
  const entry = await planEntry(ctx, planId);
  checkPrecondition(ifMatch, { version: entry.head.version, required: true, record: entry.head });
  if (entry.head.status === status) return planSummary(entry.head);
  const write = (target: PlanEntry, next: PlanStatus) => {
    const { version: _version, updatedAt: _at, updatedBy: _by, ...head } = target.head;
    return ctx.store.writePlan({
      head: { ...head, status: next },
      content: null,
      action: 'status',
      effectiveFrom: target.versions.at(-1)!.effectiveFrom,
      changes: [{ kind: 'plan', key: 'status', change: 'text', field: 'status', number: '', title: head.title, before: target.head.status, after: next }],
      comment: null,
      expectedVersion: target.head.version,
      at: ctx.now,
      by: ctx.by,
    });
  };
  if (status === 'active') {
    for (const other of await ctx.plans.list()) if (other.head.id !== planId && other.head.status === 'active') await write(other, 'archived');
  }
  const { head } = await write(entry, status);
  ctx.plans.forget();
  return planSummary(head);
}

/** A plan's versions, oldest first: who, when, from which year, why, and what changed (counted by kind of change). */
export async function planVersions(ctx: ServiceContext, planId: string) {
  const entry = await planEntry(ctx, planId);
  return {
    planId,
    version: entry.head.version,
    versions: entry.versions.map((version) => {
      const changes = version.changes as PlanChange[];
      const counts: Record<string, number> = {};
      for (const change of changes) counts[change.change] = (counts[change.change] ?? 0) + 1;
      return {
        version: version.version,
        action: version.action,
        status: version.status,
        effectiveFrom: version.effectiveFrom,
        at: version.at,
        by: version.by,
        comment: version.comment,
        counts,
        changes,
      };
    }),
  };
}
