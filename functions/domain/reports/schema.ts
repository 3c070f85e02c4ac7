import * as z from '../zod.ts';

/** Messages shown next to a form field and in problem+json `errors`: the same words in the API and the web app. */
const required = '入力してください';

export const actionStatusSchema = z.enum(['not_started', 'studying', 'implementing', 'done'], {
  error: '進捗状況を選んでください',
});
export type ActionStatus = z.infer<typeof actionStatusSchema>;

/** Self-rating of an action item: A 計画以上, B 計画どおり, C やや遅れ, D 遅れ・未着手. */
export const actionRatingSchema = z.enum(['A', 'B', 'C', 'D'], { error: '自己評価をA〜Dから選んでください' });
export type ActionRating = z.infer<typeof actionRatingSchema>;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}は文字列で入力してください` })
    .check(z.maxLength(max, { error: `${label}は${max.toLocaleString('ja-JP')}文字以内で入力してください` }));

const requiredText = (label: string, max: number, message = `${label}を${required}`) =>
  text(label, max).check(z.trim(), z.minLength(1, { error: message }));

/** What a department writes about one action item for one fiscal year (取組状況報告). */
export const actionReportBodySchema = z.strictObject({
  status: actionStatusSchema,
  rating: actionRatingSchema,
  achievements: requiredText('実績', 4000),
  challenges: z._default(text('課題', 4000), ''),
  nextSteps: z._default(text('今後の取組', 4000), ''),
});
export type ActionReportBody = z.infer<typeof actionReportBodySchema>;

/** A KPI actual for one period (fiscal year, or calendar year for a calendar-year KPI). */
export const kpiActualBodySchema = z.strictObject({
  value: z.number({ error: '実績値は数値で入力してください' }).check(z.gte(0, { error: '実績値は0以上で入力してください' })),
  asOf: z.iso.date({ error: '時点は YYYY-MM-DD の日付で入力してください' }),
  note: z._default(text('出典・備考', 1000), ''),
});
export type KpiActualBody = z.infer<typeof kpiActualBodySchema>;

/** HQ's words when approving or reopening a report (optional), or returning it (差し戻し, required). */
export const reviewBodySchema = z.strictObject({ comment: z._default(text('コメント', 2000).check(z.trim()), '') });
export const returnBodySchema = z.strictObject({ comment: requiredText('コメント', 2000, '差し戻しの理由を入力してください') });

const wholeNumber = (message: string) => z.refine<number>((value) => Number.isInteger(value), { error: message });
const fiscalYearRange = '年度は2026（令和8年度）〜2030（令和12年度）で指定してください';

/** Fiscal years a report can be for: the plan's five 年度. */
export const fiscalYearSchema = z.coerce
  .number({ error: '年度は西暦の数値で指定してください（例: 2026）' })
  .check(wholeNumber('年度は整数で指定してください'), z.gte(2026, { error: fiscalYearRange }), z.lte(2030, { error: fiscalYearRange }));

export const actionItemIdSchema = z
  .string()
  .check(z.regex(/^\d{1,2}-\d{1,2}$/, { error: '取組項目IDは「施策番号-行番号」（例: 5-1）で指定してください' }));
export const kpiIdSchema = z
  .string()
  .check(z.regex(/^\d{1,2}-K\d{1,2}$/, { error: 'KPIのIDは「施策番号-K番号」（例: 16-K2）で指定してください' }));

const measureRange = '施策番号は1〜44で指定してください';
export const measureNumberSchema = z.coerce
  .number({ error: '施策番号は数値で指定してください' })
  .check(wholeNumber('施策番号は整数で指定してください'), z.gte(1, { error: measureRange }), z.lte(44, { error: measureRange }));

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
