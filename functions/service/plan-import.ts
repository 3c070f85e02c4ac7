import { createHash } from 'node:crypto';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { CatalogueError, parseCatalogue } from '../domain/catalogue/parse.ts';
import type { PlanChange } from '../domain/catalogue/revision.ts';
import type { PlanInput } from '../domain/catalogue/schema.ts';
import {
  type ColumnMapping,
  columnLetter,
  type KpiField,
  PLAN_INFO_FIELDS,
  PLAN_INFO_SHEET,
  type PlanField,
  type PlanInfoItem,
  readPlanWorkbook,
  type SheetInput,
} from '../domain/plan-import/index.ts';
import * as z from '../domain/zod.ts';
import { headOf, OverlappingPlanError, overlapping, planHash } from '../store/bootstrap.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError, InvalidInputError, InvalidStateError, NotFoundError } from './errors.ts';
import { planSummary, previewRevision } from './plans.ts';

/*
 * A plan from the city's own spreadsheet (issue 21), shared by HQ's screen (functions/sheets/plan-import-routes.ts)
 * and the CLI (scripts/cli/plan.ts): the sheets are already cells here (functions/sheets/plan-file.ts reads the bytes).
 */

/** Column letter → field, for the 実施計画 sheet (`columns`) and the KPI sheet (`kpiColumns`). */
export interface PlanMapping {
  columns?: ColumnMapping<PlanField>;
  kpiColumns?: ColumnMapping<KpiField>;
}

const fieldSchema = z.union([
  z.enum(['measure', 'actionItem', 'outline', 'departments', 'key', 'measureKey', 'ignore']),
  z.object({ level: z.int().check(z.gte(0), z.lte(2)) }),
  z.object({ year: z.int().check(z.gte(1989), z.lte(2200)) }),
]);
const column = z.string().check(z.regex(/^[A-Z]{1,3}$/, '列は A、B … の列名で書いてください'));
/** A mapping as posted or stored: {columns?: {A: 'measure', D: {year: 2031}}, kpiColumns?: {B: 'name'}}. */
export const planMappingSchema = z.object({
  columns: z.optional(z.record(column, fieldSchema)),
  kpiColumns: z.optional(z.record(column, z.enum(['measure', 'name', 'unit', 'baseline', 'target', 'targetYear', 'note', 'key', 'ignore']))),
});
export const MAPPING_FIELDS_TEXT = 'measure, actionItem, outline, departments, key, measureKey, ignore, {"level": 0〜2}, {"year": 年度}';

/** A layout's signature as the API names it: sha256 hex of the header texts (readPlanWorkbook's `signature`), safe in a URL. */
export function signatureId(layout: string): string {
  return createHash('sha256').update(layout).digest('hex');
}

/** {levels: [{name, count}], measures, actionItems, kpis, departments, firstYear, lastYear}: what HQ checks before applying. */
export function planCounts(plan: PlanInput) {
  const depth = new Map<string, number>();
  for (const group of plan.groups ?? []) depth.set(group.key, group.parent ? depth.get(group.parent)! + 1 : 0);
  const actionItems = plan.measures.reduce((n, m) => n + m.actionItems.length, 0);
  const counts = [...plan.levels.slice(0, -2).map((_, i) => [...depth.values()].filter((d) => d === i).length), plan.measures.length, actionItems];
  return {
    levels: plan.levels.map((level, i) => ({ name: level.name, count: counts[i]! })),
    measures: plan.measures.length,
    actionItems,
    kpis: plan.measures.reduce((n, m) => n + (m.kpis?.length ?? 0), 0),
    departments: plan.departments.length,
    firstYear: plan.period.firstFiscalYear,
    lastYear: plan.period.lastFiscalYear,
  };
}

/** The difference as HQ reads it: what is new, what left (廃止, 統合), and every change of what stays. */
export function differenceOf(changes: readonly PlanChange[]) {
  const name = ({ kind, key, number, title }: PlanChange) => ({ kind, key, number, title });
  return {
    added: changes.filter((c) => c.change === 'added').map(name),
    retired: changes.filter((c) => c.change === 'retired' || c.change === 'merged').map((c) => ({ ...name(c), ...(c.into && { into: c.into }) })),
    changed: changes.filter((c) => !['added', 'retired', 'merged'].includes(c.change)),
  };
}

/**
 * A new plan's id, title and city from the workbook's 「計画」 sheet (項目 / 内容 rows: 計画ID, 計画名, 市区町村,
 * 都道府県, 団体コード, 推進本部, 事務局 — the 事務局 by the name of one of the plan's departments).
 * Undefined when the workbook has no such sheet.
 */
export function completeNewPlan(sheets: readonly SheetInput[], plan: PlanInput): PlanInput | undefined {
  const sheet = sheets.find((s) => s.sheet === PLAN_INFO_SHEET);
  if (!sheet) return undefined;
  const info: Partial<Record<PlanInfoItem, string>> = Object.fromEntries(
    sheet.rows.filter((row) => row[0] && row[1] !== null && row[1] !== undefined).map((row) => [String(row[0]).trim(), String(row[1]).trim()]),
  );
  const hq = plan.departments.find((d) => d.name === info.事務局);
  return {
    ...plan,
    id: info.計画ID ?? '',
    title: info.計画名 ?? '',
    status: 'upcoming',
    city: { name: info.市区町村 ?? '', prefecture: info.都道府県 ?? '', code: info.団体コード ?? '' },
    hq: { name: info.推進本部 ?? '', department: hq?.code ?? '' },
  };
}

export const NEW_PLAN_SHEET_MESSAGE = `新しい計画には「${PLAN_INFO_SHEET}」のシート（${PLAN_INFO_FIELDS.map((f) => f.item).join('、')}）が必要です。ひな形（計画のひな形.xlsx）にあります`;

async function requireRevise(ctx: ServiceContext): Promise<void> {
  const { permissions } = await ctx.access();
  const decision = permissions.decide('plan', 'revise');
  if (!decision.ok) throw new ForbiddenError(decision.message);
}

/**
 * 表計算ファイルから読み込む (HQ), nothing stored: the workbook read against the plan `planId` (a revision) or as
 * a new plan (`planId` undefined). The mapping is the one posted, else the one remembered for the layout, else
 * the reader's guess. `difference` only for a revision read without problems.
 */
export async function previewPlanImport(
  ctx: ServiceContext,
  input: { sheets: SheetInput[]; planId?: string; mapping?: PlanMapping; matches?: Record<string, string> },
) {
  await requireRevise(ctx);
  let base: Catalogue | undefined;
  if (input.planId !== undefined) {
    const entry = await ctx.plans.entry(input.planId);
    if (!entry) throw new NotFoundError(`計画「${input.planId}」はありません`);
    base = await ctx.plans.catalogueOf(entry.versions.at(-1)!);
  }
  // The layout is known only once read: read with the guess first, then again with a remembered mapping if there is one.
  const { matches } = input;
  let reading = readPlanWorkbook(input.sheets, { base, ...input.mapping, matches });
  const signature = signatureId(reading.signature);
  let remembered = false;
  if (!input.mapping) {
    const record = await ctx.store.getPlanMapping(signature);
    if (record) {
      reading = readPlanWorkbook(input.sheets, { base, ...(record.mapping as PlanMapping), matches });
      remembered = true;
    }
  }
  // A correction HQ made that cannot be followed is HQ's input at fault, not the file's: refused, naming the row.
  if (reading.matchProblems.length > 0) {
    throw new InvalidInputError(reading.matchProblems.map((p) => ({ path: `対応 › シート「${p.sheet}」${p.cell}`, message: p.message })));
  }
  const problems = reading.problems.map((p) => ({ cell: p.sheet ? `シート「${p.sheet}」${p.cell}` : '', message: p.message }));
  let plan = reading.plan;
  if (plan && !base) {
    plan = completeNewPlan(input.sheets, plan);
    if (!plan) problems.push({ cell: '', message: NEW_PLAN_SHEET_MESSAGE });
  }
  let difference = null;
  if (base && plan && problems.length === 0) {
    // The service's own revision check (keys never reused, periods); the year it takes effect is chosen only when
    // applying, so the preview asks about the plan's first year and drops the effectiveFrom check.
    const preview = await previewRevision(ctx, base.plan.id, { plan, effectiveFrom: base.plan.period.firstFiscalYear });
    for (const p of preview.problems) if (p.path !== 'effectiveFrom') problems.push({ cell: p.path, message: p.message });
    difference = problems.length === 0 ? { version: preview.version, ...differenceOf(preview.changes) } : null;
  }
  // The signature is the 実施計画 sheet's header texts, column by column from A.
  const headers = reading.signature.split('|').map((header, i) => ({ column: columnLetter(i), header }));
  return {
    signature,
    headers,
    mapping: { columns: reading.columns, kpiColumns: reading.kpiColumns },
    rememberedMapping: remembered,
    counts: plan ? planCounts(plan) : null,
    problems,
    difference,
    plan: plan ?? null,
    matches: base ? reading.matches.flatMap(({ kind, ...match }) => (kind === 'group' ? [] : [{ kind, ...match }])) : [],
    candidates: (base?.measures ?? []).flatMap(({ measure }) => [
      { kind: 'measure' as const, key: measure.key, number: measure.number, title: measure.title },
      ...measure.actionItems.map((item) => ({ kind: 'actionItem' as const, key: item.key, number: item.number, title: item.title })),
      ...measure.kpis.map((kpi) => ({ kind: 'kpi' as const, key: kpi.key, number: kpi.number, title: kpi.name })),
    ]),
  };
}

/** この対応を記憶する (HQ): the mapping the next file with this layout (signature) is read with. Returns the record's version. */
export async function rememberPlanMapping(ctx: ServiceContext, signature: string, mapping: PlanMapping) {
  await requireRevise(ctx);
  const current = await ctx.store.getPlanMapping(signature);
  const record = await ctx.store.writePlanMapping({
    content: { signature, mapping },
    expectedVersion: current?.version ?? null,
    change: { mapping },
    at: ctx.now,
    by: ctx.by,
  });
  return { signature, mapping: record.mapping as PlanMapping, version: record.version };
}

/**
 * 新しい計画として登録 (HQ): the plan stored as version 1, status 策定中 (upcoming), in force from its first year.
 * Errors: ForbiddenError; InvalidInputError (each problem of the plan, or a period overlapping another plan's);
 * InvalidStateError (409) for an id already in use.
 */
export async function createPlan(ctx: ServiceContext, input: { plan: unknown; comment?: string | null }) {
  await requireRevise(ctx);
  let catalogue: Catalogue;
  try {
    catalogue = parseCatalogue({ ...(input.plan as object), status: 'upcoming' });
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    throw new InvalidInputError(error.issues.map((issue) => ({ path: `plan › ${issue.path}`, message: issue.message })));
  }
  const { plan } = catalogue;
  const heads = await ctx.store.listPlans();
  if (heads.some((head) => head.id === plan.id))
    throw new InvalidStateError(`計画ID「${plan.id}」の計画はすでにあります。別の計画IDにするか、その計画の見直しとして適用してください`);
  const other = overlapping(plan, heads);
  if (other) throw new InvalidInputError([{ path: 'plan › period', message: new OverlappingPlanError(plan, other).message }]);
  const { head } = await ctx.store.writePlan({
    head: headOf(plan),
    content: { plan, hash: planHash(plan) },
    action: 'load',
    effectiveFrom: plan.period.firstFiscalYear,
    changes: [],
    comment: input.comment ?? null,
    expectedVersion: null,
    at: ctx.now,
    by: ctx.by,
  });
  ctx.plans.forget();
  return planSummary(head);
}
