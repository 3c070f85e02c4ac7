/**
 * 「通知の設定」 as state without a page: which kinds of e-mail notice a person sees (those that can reach
 * them, by what they may do), what they ticked, and the PUT body. Saving sends every kind, so a kind not
 * shown keeps what was read.
 */
import type { NoticeSettings, NoticeSettingsBody } from '../../../functions/contract/index.ts';
import type { NoticeKind } from '../../../functions/domain/notices/index.ts';

/** What a person may do, as GET /api/me's flags say it (only the ones that decide which notices reach them). */
export interface NoticeAudience {
  canReport: boolean;
  canConfirm: boolean;
  /** HQ (推進本部), who approve: the only ones the daily summary of 提出済 goes to. */
  canReview: boolean;
}

/**
 * The kinds that can reach someone: 所属長 are told what awaits their 課内確認; whoever writes reports, of returns
 * and approvals; HQ, once a day, of what reached 提出済 (daily_submitted). A kind that never reaches them is left
 * off the screen.
 */
export function kindsFor(audience: NoticeAudience): NoticeKind[] {
  return [
    ...(audience.canConfirm ? (['awaiting_head'] as const) : []),
    ...(audience.canReport ? (['returned', 'approved'] as const) : []),
    ...(audience.canReview ? (['daily_submitted'] as const) : []),
  ];
}

/** The choices as read: kind → on. */
export const choicesOf = (settings: NoticeSettings): Record<NoticeKind, boolean> =>
  Object.fromEntries(settings.kinds.map(({ kind, on }) => [kind, on])) as Record<NoticeKind, boolean>;

/** Whether the screen differs from what was read (the save button is offered only then). */
export const changed = (settings: NoticeSettings, choices: Record<NoticeKind, boolean>): boolean => settings.kinds.some(({ kind, on }) => choices[kind] !== on);

/** PUT /api/me/notice-settings: every kind, as chosen (a kind not on the screen as it was read). */
export const bodyOf = (settings: NoticeSettings, choices: Record<NoticeKind, boolean>): NoticeSettingsBody => ({
  kinds: settings.kinds.map(({ kind, on }) => ({ kind, on: choices[kind] ?? on })),
});
