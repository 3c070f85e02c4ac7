import * as z from '../zod.ts';

/** The plan covers 令和8年度〜令和12年度. */
export const PLAN_FIRST_YEAR = 2026;
export const PLAN_LAST_YEAR = 2030;
export const PLAN_YEARS = [2026, 2027, 2028, 2029, 2030] as const;

/** 関係各課: "the departments HQ assigns", kept as its own marker in a measure's owners. */
export const ASSIGNED_DEPARTMENTS = 'kankei-kakuka';

const nonEmpty = () => z.string().check(z.minLength(1));
const int = () => z.int();

export const departmentCodeSchema = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, '課コードは英小文字・数字・ハイフンで指定してください'));
export type DepartmentCode = z.infer<typeof departmentCodeSchema>;

export const departmentSchema = z.object({
  code: departmentCodeSchema,
  name: nonEmpty(),
});
export type Department = z.infer<typeof departmentSchema>;

/**
 * What the plan schedules for a year, in a form the engine can compare with a reported status.
 * 検討 study / 検討・実施 study_implement / 実施 implement / 見直し review / 策定 draw_up /
 * 検討・策定 study_draw_up / 隔年実施 biennial (held every other year) / 随時 as_needed.
 */
export const phaseSchema = z.enum(['study', 'study_implement', 'implement', 'review', 'draw_up', 'study_draw_up', 'biennial', 'as_needed']);
export type Phase = z.infer<typeof phaseSchema>;

export const plannedActivitySchema = z.object({
  fiscalYear: int(),
  /** The cell's text as the document writes it, with merged cells and → resolved. */
  activity: nonEmpty(),
  phase: phaseSchema,
});
export type PlannedActivity = z.infer<typeof plannedActivitySchema>;

const actionItemIdSchema = z.string().check(z.regex(/^\d{1,4}-\d{1,2}$/, '取組項目IDは「施策番号-行番号」です'));

/** 取組項目: one row of a measure's table. */
export const scheduledActionItemSchema = z.object({
  id: actionItemIdSchema,
  title: nonEmpty(),
  schedule: z.array(plannedActivitySchema),
});

/** A row that only points to another measure's action item (施策11「〈施策5に記載〉」). */
export const referenceActionItemSchema = z.object({
  id: actionItemIdSchema,
  title: nonEmpty(),
  referenceTo: actionItemIdSchema,
});

export const actionItemSchema = z.union([z.strictObject(scheduledActionItemSchema.shape), z.strictObject(referenceActionItemSchema.shape)]);
export type ScheduledActionItem = z.infer<typeof scheduledActionItemSchema>;
export type ReferenceActionItem = z.infer<typeof referenceActionItemSchema>;
export type ActionItem = z.infer<typeof actionItemSchema>;

export function isReference(item: ActionItem): item is ReferenceActionItem {
  return 'referenceTo' in item;
}

/** Fiscal years (年度) or calendar years (年): a KPI keeps the basis the plan gives it. */
export const periodBasisSchema = z.enum(['fiscal_year', 'calendar_year']);
export type PeriodBasis = z.infer<typeof periodBasisSchema>;

const windowSchema = z.object({ from: int(), to: int() });

export const baselineSchema = z.object({
  value: z.number(),
  /** As the document writes it, e.g. "83件 (R7.12月末)". */
  label: nonEmpty(),
  /** 約12%: the value is 12, shown with its "approximately" mark. */
  approximate: z._default(z.boolean(), false),
  /** How the plan dates the baseline: a point in time (月末), a fiscal year, a calendar year, or a window of fiscal years. */
  asOf: z.enum(['point_in_time', 'fiscal_year', 'calendar_year', 'fiscal_year_window']),
  /** ISO date of the point in time (the month's last day for 月末). */
  date: z.optional(z.iso.date()),
  /** The period the baseline belongs to, in the KPI's basis: a date's fiscal year, or a window's last year. */
  period: int(),
  window: z.optional(windowSchema),
});
export type Baseline = z.infer<typeof baselineSchema>;

/**
 * reach: a plain target ("100件"), met at ≥ t for an increasing KPI; at_least: "以上";
 * improve_on_baseline: "現状より向上"; window_mean: "8件/年 (R7～11年度)", the mean of the window's actuals.
 */
export const comparisonSchema = z.enum(['reach', 'at_least', 'at_most', 'improve_on_baseline', 'window_mean']);
export type Comparison = z.infer<typeof comparisonSchema>;

export const targetSchema = z.object({
  /** null only for "現状より向上", which names no number. */
  value: z.nullable(z.number()),
  label: nonEmpty(),
  approximate: z._default(z.boolean(), false),
  comparison: comparisonSchema,
  /** The period the target is for; FY2030 when the plan names none. */
  period: int(),
  window: z.optional(windowSchema),
});
export type Target = z.infer<typeof targetSchema>;

const kpiIdSchema = z.string().check(z.regex(/^\d{1,4}-K\d{1,2}$/, 'KPIのIDは「施策番号-K行番号」です'));

/** KPI (重要業績評価指標). */
export const kpiSchema = z.object({
  id: kpiIdSchema,
  name: nonEmpty(),
  /** 件, 人, %, 円, 日, 団体 … */
  unit: nonEmpty(),
  direction: z._default(z.enum(['increase', 'decrease']), 'increase'),
  basis: periodBasisSchema,
  baseline: baselineSchema,
  target: targetSchema,
  /** The ※ note that defines the KPI, when the plan gives one. */
  note: z.optional(z.string()),
});
export type Kpi = z.infer<typeof kpiSchema>;

/** 施策. */
export const measureSchema = z.object({
  number: int().check(z.positive()),
  title: nonEmpty(),
  /** Owning departments (課) in the document's order; ASSIGNED_DEPARTMENTS stands for 関係各課. */
  owners: z.array(departmentCodeSchema).check(z.minLength(1)),
  /** 方向性, one string a paragraph. */
  direction: z.array(nonEmpty()).check(z.minLength(1)),
  /** ※ notes under the measure, without the ※ mark. */
  footnotes: z._default(z.array(nonEmpty()), []),
  actionItems: z.array(actionItemSchema).check(z.minLength(1)),
  kpis: z._default(z.array(kpiSchema), []),
});
export type Measure = z.infer<typeof measureSchema>;

export const subPolicySchema = z.object({
  /** e.g. "I-1-(1)". */
  id: z.string().check(z.regex(/^(I|II|III|IV)-\d+-\(\d+\)$/)),
  title: nonEmpty(),
  measures: z.array(measureSchema).check(z.minLength(1)),
});
export type SubPolicy = z.infer<typeof subPolicySchema>;

/** 政策 (e.g. I-1 デジタル変革の推進). */
export const policySchema = z.object({
  id: z.string().check(z.regex(/^(I|II|III|IV)-\d+$/)),
  title: nonEmpty(),
  subPolicies: z.array(subPolicySchema).check(z.minLength(1)),
});
export type Policy = z.infer<typeof policySchema>;

/** 柱 (I 行政改革 …). */
export const pillarSchema = z.object({
  id: z.enum(['I', 'II', 'III', 'IV']),
  title: nonEmpty(),
  policies: z.array(policySchema).check(z.minLength(1)),
});
export type Pillar = z.infer<typeof pillarSchema>;

/** 主な財政指標: one row of the plan's table, values in the indicator's unit (% or index). */
export const financialIndicatorSchema = z.object({
  name: nonEmpty(),
  unit: z.enum(['%', 'index']),
  /** 令和元年度, 令和6年度, 令和6年度 県内13市平均; null where the plan shows "-". */
  values: z.object({
    fy2019: z.nullable(z.number()),
    fy2024: z.nullable(z.number()),
    prefectureCityAverageFy2024: z.nullable(z.number()),
  }),
  /** The plan's explanation, including legal thresholds. */
  note: nonEmpty(),
  /** Legal thresholds stated in the note (実質公債費比率 18%/25%, 将来負担比率 350%). */
  thresholds: z._default(z.array(z.object({ value: z.number(), meaning: nonEmpty() })), []),
});
export type FinancialIndicator = z.infer<typeof financialIndicatorSchema>;

export const populationOutlookSchema = z.object({
  source: nonEmpty(),
  projections: z.array(z.object({ year: int(), population: int(), label: nonEmpty() })),
});

export const planSchema = z.object({
  title: nonEmpty(),
  firstFiscalYear: z.literal(PLAN_FIRST_YEAR),
  lastFiscalYear: z.literal(PLAN_LAST_YEAR),
  departments: z.array(departmentSchema).check(z.minLength(1)),
  pillars: z.array(pillarSchema).check(z.length(4)),
  financialIndicators: z.array(financialIndicatorSchema),
  populationOutlook: populationOutlookSchema,
});
export type PlanInput = z.input<typeof planSchema>;
export type Plan = z.infer<typeof planSchema>;
