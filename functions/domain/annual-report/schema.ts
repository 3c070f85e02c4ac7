import * as z from '../zod.ts';

/**
 * The year's report (進捗状況報告書) as one shape: the print view, the Word document and the
 * publication's progress.json are all made from it, and progress.schema.json is generated from it.
 * Only approved content ever enters it (see model.ts).
 */

const tallySchema = z.object({
  kpiRatings: z.object({ A: z.int(), B: z.int(), C: z.int(), D: z.int(), N: z.int() }),
  actionRatings: z.object({ A: z.int(), B: z.int(), C: z.int(), D: z.int(), unrated: z.int() }),
  scheduleFlags: z.object({ ahead: z.int(), on_plan: z.int(), behind: z.int(), unreported: z.int() }),
});
export type ReportTally = z.infer<typeof tallySchema>;

/** 推進懇談会の意見 as the report shows it. */
export const reportOpinionSchema = z.object({
  id: z.string(),
  /** The key of the measure it is about; null for an opinion on the year as a whole. */
  measure: z.nullable(z.string()),
  /** Who said it (委員名 or 推進懇談会), as HQ recorded it. */
  speaker: z.string(),
  /** The meeting's or the submission's date, YYYY-MM-DD. */
  date: z.string(),
  text: z.string(),
});
export type ReportOpinion = z.infer<typeof reportOpinionSchema>;

/** One action item (取組項目) for the year. Not approved: approved false and every reported field null. */
/** One responsible department's part of a shared action item (関係各課): its approved report, or nulls. */
export const reportActionPartSchema = z.object({
  department: z.string(),
  /** The department's name in the year reported on. */
  name: z.string(),
  status: z.nullable(z.enum(['not_started', 'studying', 'implementing', 'done'])),
  statusLabel: z.nullable(z.string()),
  rating: z.nullable(z.enum(['A', 'B', 'C', 'D'])),
  ratingLabel: z.nullable(z.string()),
  achievements: z.nullable(z.string()),
  challenges: z.nullable(z.string()),
  nextSteps: z.nullable(z.string()),
});
export type ReportActionPart = z.infer<typeof reportActionPartSchema>;

export const reportActionItemSchema = z.object({
  /** The item's key. */
  id: z.string(),
  /** As the plan numbers it now ("3-1"). */
  number: z.string(),
  title: z.string(),
  /** The year's planned activity as the plan writes it (検討, 実施 …); null for the cross-reference row and a year with nothing scheduled. */
  planned: z.nullable(z.string()),
  /** Set for the row that only points to another measure's item (施策11 → 5-x). */
  referenceTo: z.nullable(z.string()),
  approved: z.boolean(),
  status: z.nullable(z.enum(['not_started', 'studying', 'implementing', 'done'])),
  statusLabel: z.nullable(z.string()),
  /** 前倒し / 予定どおり / 遅れ / 未報告 against the planned activity; not_scheduled: the plan asks nothing this year. */
  schedule: z.enum(['ahead', 'on_plan', 'behind', 'unreported', 'not_scheduled']),
  scheduleLabel: z.string(),
  rating: z.nullable(z.enum(['A', 'B', 'C', 'D'])),
  ratingLabel: z.nullable(z.string()),
  /** 実績・課題・今後の取組. */
  achievements: z.nullable(z.string()),
  challenges: z.nullable(z.string()),
  nextSteps: z.nullable(z.string()),
  /**
   * 効果額 of the year in yen: planned by the plan (null when it names none for the year), achieved as the
   * approved report states it (null when none). null for an item with neither.
   */
  effect: z.nullable(z.object({ planned: z.nullable(z.int()), achieved: z.nullable(z.int()) })),
  /**
   * A shared item's parts (関係各課), one per responsible department; null for an unshared item. The item's
   * texts are its approved parts' texts, each prefixed 【課名】; status and rating the roll-up (least advanced, worst).
   */
  parts: z.nullable(z.array(reportActionPartSchema)),
});
export type ReportActionItem = z.infer<typeof reportActionItemSchema>;

export const reportKpiSchema = z.object({
  /** The KPI's key. */
  id: z.string(),
  /** As the plan numbers it now ("1-K1"). */
  number: z.string(),
  name: z.string(),
  unit: z.string(),
  basis: z.enum(['fiscal_year', 'calendar_year']),
  baseline: z.object({
    value: z.number(),
    label: z.string(),
    period: z.int(),
    periodLabel: z.string(),
    /** In the one notation: 「83件（令和7年12月末）」 for the plan's 「83件 (R7.12月末)」. Absent from reports published before it existed. */
    text: z.optional(z.string()),
    /** YYYY-MM-DD: the day the plan measured it (「R7.12月末」 → 2025-12-31); absent when the plan names a period only. */
    date: z.optional(z.string()),
  }),
  target: z.object({
    value: z.nullable(z.number()),
    label: z.string(),
    period: z.int(),
    periodLabel: z.string(),
    /**
     * The target with its period written once: 「100件（令和12年度）」, 「8件/年（令和7〜11年度平均）」 for a mean over
     * years. Absent from reports published before it existed.
     */
    text: z.optional(z.string()),
  }),
  /**
   * Approved actuals up to the year, oldest first. valueText keeps as many decimals as the plan writes the KPI
   * with (99.48% → 99.50%); asOf (YYYY-MM-DD, 時点) and note (出典・備考) as the department entered them,
   * absent from reports published before they were carried.
   */
  actuals: z.array(
    z.object({
      period: z.int(),
      periodLabel: z.string(),
      value: z.number(),
      valueText: z.string(),
      asOf: z.optional(z.string()),
      note: z.optional(z.string()),
    }),
  ),
  /** A 達成 / B 順調 / C 遅れ / D 後退 / N 未報告 (no approved actual for the year). */
  rating: z.enum(['A', 'B', 'C', 'D', 'N']),
  ratingLabel: z.string(),
  /**
   * Why the rating is what its numbers do not say: target_unset (N, 目標未設定), self_assessed (所管課の評価);
   * null otherwise. Absent from reports published before it existed.
   */
  reason: z.optional(z.nullable(z.enum(['target_unset', 'self_assessed']))),
});
export type ReportKpi = z.infer<typeof reportKpiSchema>;

export const reportMeasureSchema = z.object({
  key: z.string(),
  /** As the plan numbers it now ("3"). */
  number: z.string(),
  /** 「施策3」: the level's name and the number. */
  label: z.string(),
  title: z.string(),
  /** The keys of its groups from the top (柱, 政策, 施策の方向性 in the 8th plan). */
  path: z.array(z.string()),
  departments: z.array(z.string()),
  /** 方向性, one string a paragraph. */
  direction: z.array(z.string()),
  /** The plan's ※ notes under the measure. */
  footnotes: z.array(z.string()),
  actionItems: z.array(reportActionItemSchema),
  kpis: z.array(reportKpiSchema),
  opinions: z.array(reportOpinionSchema),
  tally: tallySchema,
});
export type ReportMeasure = z.infer<typeof reportMeasureSchema>;

const rollUpSchema = z.object({ id: z.string(), title: z.string(), tally: tallySchema });

/** A heading above measures, with its level's name (柱, 政策 …) and the tally of the measures under it. */
export const reportGroupSchema = z.object({
  key: z.string(),
  /** 0 at the top. */
  level: z.int(),
  /** 柱, 政策, 施策の方向性 … */
  levelName: z.string(),
  number: z.string(),
  title: z.string(),
  parent: z.nullable(z.string()),
  tally: tallySchema,
});
export type ReportGroup = z.infer<typeof reportGroupSchema>;

export const yearReportSchema = z.object({
  /** The plan and its city, as every output names them. */
  plan: z.object({
    id: z.string(),
    title: z.string(),
    city: z.object({ name: z.string(), prefecture: z.string(), code: z.string() }),
    firstFiscalYear: z.int(),
    lastFiscalYear: z.int(),
    /** The plan's period as people write it (平成27〜30年度). */
    periodLabel: z.string(),
    /** 行財政改革推進本部 and its secretariat's name (総合政策課). */
    hq: z.object({ name: z.string(), secretariat: z.string() }),
    /** The level names from the top: 柱・政策・施策の方向性・施策・取組項目. */
    levels: z.array(z.string()),
  }),
  planTitle: z.string(),
  fiscalYear: z.int(),
  /** 令和8年度. */
  fiscalYearLabel: z.string(),
  /** Every group in document order. */
  groups: z.array(reportGroupSchema),
  /** Every measure in document order; `path` names its groups. */
  measures: z.array(reportMeasureSchema),
  /** The whole year, each top-level group (柱), each department. */
  summary: z.object({ total: tallySchema, groups: z.array(rollUpSchema), departments: z.array(rollUpSchema) }),
  /** 主な財政指標 and the population outlook, as the plan states them (context, not progress). */
  financialIndicators: z.array(
    z.object({
      name: z.string(),
      unit: z.string(),
      fy2019: z.nullable(z.number()),
      fy2024: z.nullable(z.number()),
      prefectureCityAverageFy2024: z.nullable(z.number()),
      note: z.string(),
    }),
  ),
  populationOutlook: z.nullable(
    z.object({
      source: z.string(),
      projections: z.array(z.object({ year: z.int(), population: z.int(), label: z.string() })),
    }),
  ),
  /** Opinions on the year as a whole; those on a measure sit with the measure. */
  opinions: z.array(reportOpinionSchema),
  /** 効果額 in yen over the plan's years up to this one: planned by the plan, achieved by approved reports. */
  effectTotals: z.object({ planned: z.int(), achieved: z.int() }),
});
export type YearReport = z.infer<typeof yearReportSchema>;
