import * as z from '../zod.ts';
import { entryKeySchema } from './keys.ts';

const nonEmpty = () => z.string().check(z.minLength(1));
const int = () => z.int();

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
 * improve_on_baseline: "現状より向上"; window_mean: "8件/年 (R7～11年度)", the mean of the window's actuals;
 * unset: a target the plan leaves to be set later (「未設定」, value null) until a revision sets it.
 */
export const comparisonSchema = z.enum(['reach', 'at_least', 'at_most', 'improve_on_baseline', 'window_mean', 'unset']);
export type Comparison = z.infer<typeof comparisonSchema>;

export const targetSchema = z.object({
  /** null for "現状より向上" and 「未設定」, which name no number, and for a qualitative KPI's target. */
  value: z.nullable(z.number()),
  label: nonEmpty(),
  approximate: z._default(z.boolean(), false),
  comparison: comparisonSchema,
  /** The period the target is for; the plan's last year when the plan names none. */
  period: int(),
  window: z.optional(windowSchema),
});
export type Target = z.infer<typeof targetSchema>;

/**
 * quantitative: a measured number against a numeric target (every KPI of the 8th plan);
 * qualitative: a state described in words (「制度を導入」), rated from the department's own assessment (A–D)
 * in each year's actual, with no number to measure.
 */
export const kpiKindSchema = z.enum(['quantitative', 'qualitative']);
export type KpiKind = z.infer<typeof kpiKindSchema>;

/** KPI (重要業績評価指標). */
export const kpiSchema = z.object({
  /** Never changes, never reused (reports point at it); the plan's first ids ("1-K1") became the keys. */
  key: entryKeySchema,
  /** As the plan numbers it now ("1-K1"); may change in a revision. */
  number: nonEmpty(),
  name: nonEmpty(),
  /** 件, 人, %, 円, 日, 団体 … */
  unit: nonEmpty(),
  direction: z._default(z.enum(['increase', 'decrease']), 'increase'),
  kind: z._default(kpiKindSchema, 'quantitative'),
  basis: periodBasisSchema,
  /** The baseline progress is measured from (for a qualitative KPI, its label says the state; value 0 by convention). */
  baseline: baselineSchema,
  /** Earlier or other baselines the plan shows beside `baseline` (e.g. 1,176人（H31.4.1）); for display only. */
  baselines: z.optional(z.array(baselineSchema)),
  /** The final target: the one a year without its own target is compared with. */
  target: targetSchema,
  /**
   * A target for each year the plan gives one (年度ごとの目標, or a count per year 「10件/年」), oldest first:
   * a year with its own target is compared with it; other years with `target`.
   */
  targets: z.optional(z.array(targetSchema)),
  /** The ※ note that defines the KPI, when the plan gives one. */
  note: z.optional(z.string()),
  /** 統合元: keys of earlier KPIs merged into this one (see mergedFromSchema in schema.ts); they leave the plan. */
  mergedFrom: z.optional(z.array(entryKeySchema).check(z.minLength(1))),
});
export type Kpi = z.infer<typeof kpiSchema>;
