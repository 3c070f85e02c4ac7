/**
 * 前年度から引継ぎ (issue 24): what a report starts from when it is begun from last year's. The service makes
 * the draft (service/reports.ts) and the department home offers it (web/src/models/carry-forward.ts) by this one
 * rule, so the number offered is the number of drafts made.
 */

/** What is copied: the status and the three texts; never the rating or 効果額, which are this year's judgement. */
export const CARRIED_FIELDS = ['status', 'achievements', 'challenges', 'nextSteps'] as const;

/** The written ones among them. */
const CARRIED_TEXTS = ['achievements', 'challenges', 'nextSteps'] as const;

/**
 * Whether an action report's body has text to start from (one of 実績・課題・今後の取組 not blank): the status
 * alone is one select, not worth a draft.
 */
export function hasCarryableText(body: unknown): boolean {
  const fields = (body ?? {}) as Record<string, unknown>;
  return CARRIED_TEXTS.some((field) => typeof fields[field] === 'string' && (fields[field] as string).trim() !== '');
}
