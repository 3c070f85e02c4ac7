import * as z from '../zod.ts';
import { departmentCodeSchema, entryKeySchema, planIdSchema } from './keys.ts';
import { kpiSchema } from './kpi-schema.ts';

export * from './keys.ts';
export * from './kpi-schema.ts';

/** 関係各課: "the departments HQ assigns", kept as its own marker in a measure's owners. */
export const ASSIGNED_DEPARTMENTS = 'kankei-kakuka';

const nonEmpty = () => z.string().check(z.minLength(1));
const int = () => z.int();

/** 年度 a plan may cover: 平成 onwards, a generous bound to catch typos such as 20266. */
const planYear = () => int().check(z.gte(1989, '年度は1989年度以降で指定してください'), z.lte(2200, '年度が大きすぎます'));

/**
 * 課. Departments are dated (機構改革): one that exists from a 年度 names `from`; one that is renamed,
 * merged or split away names its last 年度 in `until` and, when its work moved, the departments that took
 * it over in `successors` (a merge: both old ones name the new one; a split: the old one names both).
 * A rename is a name history: `names` lists earlier names with the last 年度 each was in force.
 */
export const departmentSchema = z.object({
  code: departmentCodeSchema,
  name: nonEmpty(),
  from: z.optional(planYear()),
  until: z.optional(planYear()),
  successors: z.optional(z.array(departmentCodeSchema)),
  names: z.optional(z.array(z.object({ name: nonEmpty(), until: planYear() }))),
});
export type Department = z.infer<typeof departmentSchema>;

/**
 * What the plan schedules for a year, in a form the engine can compare with a reported status.
 * 検討 study / 検討・実施 study_implement / 実施 implement / 見直し review / 策定 draw_up /
 * 検討・策定 study_draw_up / 隔年実施 biennial (held every other year) / 随時 as_needed /
 * none: nothing this year (a blank cell): nothing is due.
 */
export const phaseSchema = z.enum(['study', 'study_implement', 'implement', 'review', 'draw_up', 'study_draw_up', 'biennial', 'as_needed', 'none']);
export type Phase = z.infer<typeof phaseSchema>;

export const plannedActivitySchema = z.object({
  fiscalYear: int(),
  /** The cell's text as the document writes it, with merged cells and → resolved ("" for a blank cell). */
  activity: z.string(),
  phase: phaseSchema,
});
export type PlannedActivity = z.infer<typeof plannedActivitySchema>;

/** One word of a plan's schedule table and what it means to the schedule comparison; "" is the blank cell. */
export const scheduleWordSchema = z.object({ word: z.string(), phase: phaseSchema });
export type ScheduleWord = z.infer<typeof scheduleWordSchema>;

const entryFields = {
  key: entryKeySchema,
  /** As the plan numbers it now ("3-1"); may change in a revision, unlike the key. */
  number: nonEmpty(),
  title: nonEmpty(),
};

/** Yen, as a whole number: money is stored in yen (design.md), and 効果額 is never negative. */
const yen = () => int().check(z.gte(0, '金額は0円以上の整数（円）で指定してください'), z.lte(Number.MAX_SAFE_INTEGER, '金額が大きすぎます'));

/** 効果額: what the plan expects an action item to save or earn, in yen, for the years it names. */
export const effectPlanSchema = z.object({
  planned: z.array(z.object({ fiscalYear: int(), amount: yen() })),
});
export type EffectPlan = z.infer<typeof effectPlanSchema>;

/**
 * 統合元: the keys of entries of earlier versions a revision merged into this one. They leave the plan (a
 * key may not stay beside its 統合先), and the difference shows them as 統合先 this entry, not as 廃止.
 */
export const mergedFromSchema = z.optional(z.array(entryKeySchema).check(z.minLength(1)));

/** 取組項目: one row of a measure's table. Years the schedule does not list have nothing scheduled. */
export const scheduledActionItemSchema = z.object({
  ...entryFields,
  schedule: z.array(plannedActivitySchema),
  /** 効果額 the plan expects, per fiscal year; absent for an item the plan gives none. */
  effect: z.optional(effectPlanSchema),

  mergedFrom: mergedFromSchema,
});

/** A row that only points to another measure's action item (施策11「〈施策5に記載〉」), by key. */
export const referenceActionItemSchema = z.object({
  ...entryFields,
  referenceTo: entryKeySchema,
});

export const actionItemSchema = z.union([z.strictObject(scheduledActionItemSchema.shape), z.strictObject(referenceActionItemSchema.shape)]);
export type ScheduledActionItem = z.infer<typeof scheduledActionItemSchema>;
export type ReferenceActionItem = z.infer<typeof referenceActionItemSchema>;
export type ActionItem = z.infer<typeof actionItemSchema>;

export function isReference(item: ActionItem): item is ReferenceActionItem {
  return 'referenceTo' in item;
}

/** 施策. */
export const measureSchema = z.object({
  ...entryFields,
  /** The group it hangs from (the deepest level above measures); absent in a plan of two levels. */
  group: z.optional(entryKeySchema),
  /** Owning departments (課) in the document's order; ASSIGNED_DEPARTMENTS stands for 関係各課. */
  owners: z.array(departmentCodeSchema).check(z.minLength(1)),
  /** 方向性, one string a paragraph. */
  direction: z._default(z.array(nonEmpty()), []),
  /** ※ notes under the measure, without the ※ mark. */
  footnotes: z._default(z.array(nonEmpty()), []),
  actionItems: z.array(actionItemSchema).check(z.minLength(1)),
  kpis: z._default(z.array(kpiSchema), []),
  mergedFrom: mergedFromSchema,
});
export type Measure = z.infer<typeof measureSchema>;

/**
 * A heading above measures (柱, 政策, 施策の方向性 in the 8th plan): its level is how many parents it has
 * (a top-level group has none), and its level's name is `levels[level]`.
 */
export const groupSchema = z.object({
  ...entryFields,
  parent: z.optional(entryKeySchema),
});
export type Group = z.infer<typeof groupSchema>;

/** 全国地方公共団体コード: five digits and a check digit (総務省). */
export const cityCodeSchema = z.string().check(
  z.regex(/^\d{6}$/, '全国地方公共団体コードは6桁の数字です'),
  z.refine((code) => cityCodeCheckDigitHolds(code), '全国地方公共団体コードの検査数字が合いません'),
);

/** The check digit of a 全国地方公共団体コード: 11 minus the weighted sum (6,5,4,3,2) mod 11, its last digit. */
export function cityCodeCheckDigitHolds(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const sum = [6, 5, 4, 3, 2].reduce((total, weight, i) => total + weight * Number(code[i]), 0);
  return (11 - (sum % 11)) % 10 === Number(code[5]);
}

export const citySchema = z.object({
  /** The municipality as it names itself (…市, …町, …村). */
  name: nonEmpty(),
  /** 山形県. */
  prefecture: nonEmpty(),
  code: cityCodeSchema,
});
export type City = z.infer<typeof citySchema>;

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

/** Where a plan stands: one plan is active for reporting; archived plans are read-only. */
export const planStatusSchema = z.enum(['upcoming', 'active', 'archived']);
export type PlanStatus = z.infer<typeof planStatusSchema>;

/**
 * A plan as a city writes it: its city, its period of any length, its hierarchy (2 to 5 named levels, the
 * last two being measures and action items: 柱・政策・施策の方向性・施策・取組項目 in the 8th plan), its
 * schedule vocabulary, its departments and HQ. Groups and measures are listed in document order.
 */
export const planSchema = z.object({
  id: planIdSchema,
  title: nonEmpty(),
  /** Where a plan starts when first loaded; afterwards the plan's status is kept with its versions. */
  status: z._default(planStatusSchema, 'active'),
  city: citySchema,
  period: z.object({ firstFiscalYear: planYear(), lastFiscalYear: planYear() }),
  /** 行財政改革推進本部 and its secretariat department (事務局: 総合政策課). */
  hq: z.object({ name: nonEmpty(), department: departmentCodeSchema }),
  /** Level names from the top; the last two are measures and action items. */
  levels: z.array(z.object({ name: nonEmpty() })).check(z.minLength(2, '階層は2〜5段です'), z.maxLength(5, '階層は2〜5段です')),
  scheduleVocabulary: z.array(scheduleWordSchema).check(z.minLength(1)),
  departments: z.array(departmentSchema).check(z.minLength(1)),
  groups: z._default(z.array(groupSchema), []),
  measures: z.array(measureSchema).check(z.minLength(1)),
  financialIndicators: z._default(z.array(financialIndicatorSchema), []),
  populationOutlook: z.optional(populationOutlookSchema),
});
export type PlanInput = z.input<typeof planSchema>;

export type Plan = z.infer<typeof planSchema>;
