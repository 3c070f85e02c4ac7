import * as z from '../zod.ts';
import { text } from '../text-field.ts';

/** 推進懇談会の意見: what HQ records from the meeting, or a council member submits. */
export const opinionBodySchema = z.strictObject({
  /**
   * The key of the measure (施策) it is about; null for the year as a whole. A number is read as the key
   * it was in the first plan (5 → "5"). Whether the plan has that measure is the service's check.
   */
  measure: z._default(
    z.nullable(
      z.pipe(
        z.union([z.string(), z.int()], { error: '施策のキーを文字列で指定してください（年度全体への意見は null）' }),
        z.pipe(
          z.transform((value: string | number) => String(value)),
          z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.()-]{0,39}$/, { error: '施策のキーが正しくありません' })),
        ),
      ),
    ),
    null,
  ),
  /** 発言者: the council member's name, or 推進懇談会 for the meeting's joint opinion. */
  speaker: text('発言者', { max: 100, required: true }),
  /** The meeting's date (or the day it was submitted). */
  date: z.iso.date({ error: '日付は YYYY-MM-DD で入力してください' }),
  text: text('意見', { max: 4000, multiline: true, required: '意見の内容を入力してください' }),
});
export type OpinionBody = z.infer<typeof opinionBodySchema>;

export const opinionIdSchema = z.string().check(z.regex(/^[0-9a-f-]{36}$/, { error: '意見のIDが正しくありません' }));

/**
 * Whether an opinion may enter the year's report and its publication. HQ records what the meeting said,
 * so its record is approved at once; a council member's own submission waits for HQ's approval, like a
 * department's report (design: only 承認済 content reaches the report and the publication).
 */
export const OPINION_STATES = ['submitted', 'approved'] as const;
export type OpinionState = (typeof OPINION_STATES)[number];
export const OPINION_STATE_LABELS: Record<OpinionState, string> = { submitted: '承認待ち', approved: '承認済' };
