import * as z from 'zod';

/** The plan covers 令和8年度〜令和12年度. */
export const PLAN_FIRST_YEAR = 2026;
export const PLAN_LAST_YEAR = 2030;
export const PLAN_YEARS = [2026, 2027, 2028, 2029, 2030] as const;

/** 関係各課: "the departments HQ assigns", kept as its own marker in a measure's owners. */
export const ASSIGNED_DEPARTMENTS = 'kankei-kakuka';

export const departmentCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, '課コードは英小文字・数字・ハイフンで指定してください');
export type DepartmentCode = z.infer<typeof departmentCodeSchema>;

export const departmentSchema = z.object({
  code: departmentCodeSchema,
  name: z.string().min(1),
});
export type Department = z.infer<typeof departmentSchema>;

/**
 * What the plan schedules for a year, in a form the engine can compare with a reported status.
 * 検討 study / 検討・実施 study_implement / 実施 implement / 見直し review / 策定 draw_up / 随時 as_needed.
 */
export const phaseSchema = z.enum(['study', 'study_implement', 'implement', 'review', 'draw_up', 'as_needed']);
export type Phase = z.infer<typeof phaseSchema>;

export const plannedActivitySchema = z.object({
  fiscalYear: z.number().int(),
  /** The cell's text as the document writes it, with merged cells and → resolved. */
  activity: z.string().min(1),
  phase: phaseSchema,
});
export type PlannedActivity = z.infer<typeof plannedActivitySchema>;

const actionItemIdSchema = z.string().regex(/^\d{1,4}-\d{1,2}$/, '取組項目IDは「施策番号-行番号」です');

/** 取組項目: one row of a measure's table. */
export const scheduledActionItemSchema = z.object({
  id: actionItemIdSchema,
  title: z.string().min(1),
  schedule: z.array(plannedActivitySchema),
});

/** A row that only points to another measure's action item (施策11「〈施策5に記載〉」). */
export const referenceActionItemSchema = z.object({
  id: actionItemIdSchema,
  title: z.string().min(1),
  referenceTo: actionItemIdSchema,
});

export const actionItemSchema = z.union([scheduledActionItemSchema.strict(), referenceActionItemSchema.strict()]);
export type ScheduledActionItem = z.infer<typeof scheduledActionItemSchema>;
export type ReferenceActionItem = z.infer<typeof referenceActionItemSchema>;
export type ActionItem = z.infer<typeof actionItemSchema>;

export function isReference(item: ActionItem): item is ReferenceActionItem {
  return 'referenceTo' in item;
}

/** Fiscal years (年度) or calendar years (年): a KPI keeps the basis the plan gives it. */
export const periodBasisSchema = z.enum(['fiscal_year', 'calendar_year']);
export type PeriodBasis = z.infer<typeof periodBasisSchema>;

const windowSchema = z.object({ from: z.number().int(), to: z.number().int() });

export const baselineSchema = z.object({
  value: z.number(),
  /** As the document writes it, e.g. "83件 (R7.12月末)". */
  label: z.string().min(1),
  /** 約12%: the value is 12, shown with its "approximately" mark. */
  approximate: z.boolean().default(false),
  /** How the plan dates the baseline: a point in time (月末), a fiscal year, a calendar year, or a window of fiscal years. */
  asOf: z.enum(['point_in_time', 'fiscal_year', 'calendar_year', 'fiscal_year_window']),
  /** ISO date of the point in time (the month's last day for 月末). */
  date: z.iso.date().optional(),
  /** The period the baseline belongs to, in the KPI's basis: a date's fiscal year, or a window's last year. */
  period: z.number().int(),
  window: windowSchema.optional(),
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
  value: z.number().nullable(),
  label: z.string().min(1),
  approximate: z.boolean().default(false),
  comparison: comparisonSchema,
  /** The period the target is for; FY2030 when the plan names none. */
  period: z.number().int(),
  window: windowSchema.optional(),
});
export type Target = z.infer<typeof targetSchema>;

const kpiIdSchema = z.string().regex(/^\d{1,4}-K\d{1,2}$/, 'KPIのIDは「施策番号-K行番号」です');

/** KPI (重要業績評価指標). */
export const kpiSchema = z.object({
  id: kpiIdSchema,
  name: z.string().min(1),
  /** 件, 人, %, 円, 日, 団体 … */
  unit: z.string().min(1),
  direction: z.enum(['increase', 'decrease']).default('increase'),
  basis: periodBasisSchema,
  baseline: baselineSchema,
  target: targetSchema,
  /** The ※ note that defines the KPI, when the plan gives one. */
  note: z.string().optional(),
});
export type Kpi = z.infer<typeof kpiSchema>;

/** 施策. */
export const measureSchema = z.object({
  number: z.number().int().positive(),
  title: z.string().min(1),
  /** Owning departments (課) in the document's order; ASSIGNED_DEPARTMENTS stands for 関係各課. */
  owners: z.array(departmentCodeSchema).min(1),
  /** 方向性, one string a paragraph. */
  direction: z.array(z.string().min(1)).min(1),
  /** ※ notes under the measure, without the ※ mark. */
  footnotes: z.array(z.string().min(1)).default([]),
  actionItems: z.array(actionItemSchema).min(1),
  kpis: z.array(kpiSchema).default([]),
});
export type Measure = z.infer<typeof measureSchema>;

export const subPolicySchema = z.object({
  /** e.g. "I-1-(1)". */
  id: z.string().regex(/^(I|II|III|IV)-\d+-\(\d+\)$/),
  title: z.string().min(1),
  measures: z.array(measureSchema).min(1),
});
export type SubPolicy = z.infer<typeof subPolicySchema>;

/** 政策 (e.g. I-1 デジタル変革の推進). */
export const policySchema = z.object({
  id: z.string().regex(/^(I|II|III|IV)-\d+$/),
  title: z.string().min(1),
  subPolicies: z.array(subPolicySchema).min(1),
});
export type Policy = z.infer<typeof policySchema>;

/** 柱 (I 行政改革 …). */
export const pillarSchema = z.object({
  id: z.enum(['I', 'II', 'III', 'IV']),
  title: z.string().min(1),
  policies: z.array(policySchema).min(1),
});
export type Pillar = z.infer<typeof pillarSchema>;

/** 主な財政指標: one row of the plan's table, values in the indicator's unit (% or index). */
export const financialIndicatorSchema = z.object({
  name: z.string().min(1),
  unit: z.enum(['%', 'index']),
  /** 令和元年度, 令和6年度, 令和6年度 県内13市平均; null where the plan shows "-". */
  values: z.object({
    fy2019: z.number().nullable(),
    fy2024: z.number().nullable(),
    prefectureCityAverageFy2024: z.number().nullable(),
  }),
  /** The plan's explanation, including legal thresholds. */
  note: z.string().min(1),
  /** Legal thresholds stated in the note (実質公債費比率 18%/25%, 将来負担比率 350%). */
  thresholds: z.array(z.object({ value: z.number(), meaning: z.string().min(1) })).default([]),
});
export type FinancialIndicator = z.infer<typeof financialIndicatorSchema>;

export const populationOutlookSchema = z.object({
  source: z.string().min(1),
  projections: z.array(z.object({ year: z.number().int(), population: z.number().int(), label: z.string().min(1) })),
});

export const planSchema = z.object({
  title: z.string().min(1),
  firstFiscalYear: z.literal(PLAN_FIRST_YEAR),
  lastFiscalYear: z.literal(PLAN_LAST_YEAR),
  departments: z.array(departmentSchema).min(1),
  pillars: z.array(pillarSchema).length(4),
  financialIndicators: z.array(financialIndicatorSchema),
  populationOutlook: populationOutlookSchema,
});
export type PlanInput = z.input<typeof planSchema>;
export type Plan = z.infer<typeof planSchema>;
