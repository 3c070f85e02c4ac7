import * as z from '../zod.ts';
import { text } from '../text-field.ts';

export const actionStatusSchema = z.enum(['not_started', 'studying', 'implementing', 'done'], {
  error: '進捗状況を選んでください',
});
export type ActionStatus = z.infer<typeof actionStatusSchema>;

/** Self-rating of an action item: A 計画以上, B 計画どおり, C やや遅れ, D 遅れ・未着手. */
export const actionRatingSchema = z.enum(['A', 'B', 'C', 'D'], { error: '自己評価をA〜Dから選んでください' });
export type ActionRating = z.infer<typeof actionRatingSchema>;

/** What a department writes about one action item for one fiscal year (取組状況報告). */
export const actionReportBodySchema = z.strictObject({
  status: actionStatusSchema,
  rating: actionRatingSchema,
  achievements: text('実績', { max: 4000, multiline: true, required: true }),
  challenges: z._default(text('課題', { max: 4000, multiline: true }), ''),
  nextSteps: z._default(text('今後の取組', { max: 4000, multiline: true }), ''),
  /** 効果額: what the item saved or earned in the fiscal year, in yen (an integer); absent when none is reported. */
  effectAmount: z.optional(
    z
      .int({ error: '効果額は円単位の整数で入力してください' })
      .check(
        z.gte(0, { error: '効果額は0円以上で入力してください' }),
        z.lte(Number.MAX_SAFE_INTEGER, { error: '効果額が大きすぎます（9,007,199,254,740,991円以下で入力してください）' }),
      ),
  ),
});
export type ActionReportBody = z.infer<typeof actionReportBodySchema>;

/**
 * The largest KPI value kept exactly. DynamoDB keeps 38 digits, but the SDK refuses integers past
 * Number.MAX_SAFE_INTEGER (9,007,199,254,740,991; 9千兆) and JavaScript cannot hold them exactly: money in
 * yen (26億2,850万円) is far below.
 */
export const MAX_KPI_VALUE = Number.MAX_SAFE_INTEGER;
/** Decimal places a KPI value may have (a rate such as 12.345%); more is noise from a calculation. */
export const MAX_KPI_DECIMALS = 6;

/** Digits after the point as the number is written back (1e-7 has 7; 0.1 + 0.2 has 17). */
function decimals(value: number): number {
  const [mantissa = '', exponent = '0'] = value.toString().toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/** A department's own assessment of a qualitative KPI for the period: the KPI's rating (A 達成 … D 後退). */
export const kpiSelfAssessmentSchema = z.enum(['A', 'B', 'C', 'D'], { error: 'KPIの評価をA〜Dから選んでください' });

const kpiValueSchema = z.number({ error: '実績値は数値で入力してください' }).check(
  z.gte(0, { error: '実績値は0以上で入力してください' }),
  z.lte(MAX_KPI_VALUE, { error: '実績値が大きすぎます（9,007,199,254,740,991 以下で入力してください）' }),
  z.refine((value: number) => decimals(value) <= MAX_KPI_DECIMALS, {
    error: `実績値の小数は${MAX_KPI_DECIMALS}桁までで入力してください`,
  }),
);

/**
 * A KPI actual for one period (fiscal year, or calendar year for a calendar-year KPI). A quantitative KPI's
 * needs its value; `assessment` is a qualitative KPI's (see qualitativeKpiActualBodySchema).
 */
export const kpiActualBodySchema = z.strictObject({
  value: kpiValueSchema,
  assessment: z.optional(kpiSelfAssessmentSchema),
  asOf: z.iso.date({ error: '時点は YYYY-MM-DD の日付で入力してください' }),
  note: z._default(text('出典・備考', { max: 1000, multiline: true }), ''),
});
export type KpiActualBody = z.infer<typeof kpiActualBodySchema>;

/** A qualitative KPI's actual, complete: the department's assessment instead of a value (a value may still be given). */
export const qualitativeKpiActualBodySchema = z.strictObject({
  ...kpiActualBodySchema.shape,
  value: z.optional(kpiValueSchema),
  assessment: kpiSelfAssessmentSchema,
});

/** HQ's words when approving or reopening a report (optional), or returning it (差し戻し, required). */
export const reviewBodySchema = z.strictObject({
  comment: z._default(text('コメント', { max: 2000, multiline: true }), ''),
});
export const returnBodySchema = z.strictObject({ comment: text('コメント', { max: 2000, multiline: true, required: '差し戻しの理由を入力してください' }) });

/**
 * A whole number in a URL, written exactly: digits only, no sign, no leading zero, no 0x, no exponent
 * (Number() would read "0x7E0" as 2016). Range and wording come from the caller.
 */
const pathNumber = (input: { pattern: RegExp; accepts: (value: number) => boolean; notANumber: string; outOfRange: string }) =>
  z.pipe(
    z.string({ error: input.notANumber }).check(
      z.refine((text: string) => input.pattern.test(text) && input.accepts(Number(text)), {
        error: (issue) => (input.pattern.test(String(issue.input)) ? input.outOfRange : input.notANumber),
      }),
    ),
    z.transform(Number),
  );

/**
 * A fiscal year in a path: four digits, from 平成 on. Whether a plan covers the year is the plans' to say
 * (the service answers 404 「この年度の計画はありません」), not this shape's.
 */
export const fiscalYearSchema = pathNumber({
  pattern: /^[12]\d{3}$/,
  accepts: (year) => year >= 1989 && year <= 2200,
  notANumber: '年度は西暦4桁の数値で指定してください',
  outOfRange: '年度は1989〜2200の西暦で指定してください',
});

/**
 * The year in a KPI actual's path: a fiscal year, four digits. Which years a KPI takes is the plan's to say
 * (kpiAcceptsFiscalYear: the plan's years, and earlier ones when a target's window starts earlier), so the
 * service checks the year against the KPI and names that KPI's years when it refuses one.
 */
export const kpiActualYearSchema = fiscalYearSchema;

const entryKeyIn = (what: string) =>
  z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.()-]{0,39}$/, { error: `${what}は英数字と - _ . ( ) の40文字以内で指定してください（例：5-1）` }));

/** A measure's key (施策の番号 in the first plan: "5"). Which keys exist is the plan's to say (404). */
export const measureKeySchema = entryKeyIn('施策のキー');
/** An action item's key ("12-1" in the first plan). */
export const actionItemIdSchema = entryKeyIn('取組項目のキー');
/** A KPI's key ("16-K2" in the first plan). */
export const kpiIdSchema = entryKeyIn('KPIのキー');

/** Text left blank counts as not filled in: a draft drops it rather than refusing it. */
function withoutBlankText(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([, value]) => typeof value !== 'string' || value.trim() !== ''));
}

/**
 * Drafts (下書き保存) keep whatever is filled in: the complete schemas above with every field optional.
 * Only submitting (and the 所属長's confirmation) checks the stored draft against the complete schema.
 */
export const actionReportDraftSchema = z.pipe(z.transform(withoutBlankText), z.partial(actionReportBodySchema));
export type ActionReportDraft = z.output<typeof actionReportDraftSchema>;
export const kpiActualDraftSchema = z.pipe(z.transform(withoutBlankText), z.partial(kpiActualBodySchema));
export type KpiActualDraft = z.output<typeof kpiActualDraftSchema>;
