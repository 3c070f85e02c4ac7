import { describe, expect, it } from 'vitest';
import { bodyOf, changed, choicesOf, kindsFor } from '../../web/src/models/notice-settings.ts';
import { dailySummaryDue, noticeDay, noticeKindOf, wantsNotice } from '../../functions/domain/notices/index.ts';

const settings = {
  kinds: [
    { kind: 'awaiting_head' as const, label: '課内確認待ちになったとき（所属長へ）', on: true },
    { kind: 'returned' as const, label: '差し戻されたとき（提出した人へ）', on: true },
    { kind: 'approved' as const, label: '承認されたとき（提出した人へ）', on: false },
    { kind: 'daily_submitted' as const, label: '提出済になった報告の一覧（推進本部へ、1日1回）', on: true },
  ],
  version: 3,
};

describe('通知の設定 (model)', () => {
  it('shows each person only the notices that can reach them', () => {
    expect(kindsFor({ canReport: true, canConfirm: false, canReview: false })).toEqual(['returned', 'approved']);
    expect(kindsFor({ canReport: true, canConfirm: true, canReview: false })).toEqual(['awaiting_head', 'returned', 'approved']);
    // HQ alone gets the daily summary of 提出済; the council (推進懇談会) gets nothing.
    expect(kindsFor({ canReport: false, canConfirm: false, canReview: true })).toEqual(['daily_submitted']);
    expect(kindsFor({ canReport: false, canConfirm: false, canReview: false })).toEqual([]);
  });

  it('offers saving only after a change, and sends every kind, the hidden ones as read', () => {
    const choices = choicesOf(settings);
    expect(changed(settings, choices)).toBe(false);
    const off = { ...choices, returned: false };
    expect(changed(settings, off)).toBe(true);
    expect(bodyOf(settings, off).kinds).toEqual([
      { kind: 'awaiting_head', on: true },
      { kind: 'returned', on: false },
      { kind: 'approved', on: false },
      { kind: 'daily_submitted', on: true },
    ]);
  });
});

describe('which step raises which notice', () => {
  it('tells the head of staff’s submission, HQ’s daily summary of what reached 提出済, the writer of a return or an approval, and nobody of the rest', () => {
    expect(noticeKindOf('submit', 'pending_head')).toBe('awaiting_head');
    // A 所属長's own submission (or 課内確認 off) and a confirm reach 提出済: filed for HQ's daily summary.
    expect(noticeKindOf('submit', 'submitted')).toBe('daily_submitted');
    expect(noticeKindOf('confirm', 'submitted')).toBe('daily_submitted');
    expect(noticeKindOf('return', 'returned')).toBe('returned');
    expect(noticeKindOf('approve', 'approved')).toBe('approved');
    for (const action of ['save', 'withdraw', 'reopen'] as const) expect(noticeKindOf(action, 'draft')).toBeNull();
    expect(wantsNotice(undefined, 'returned')).toBe(true);
    expect(wantsNotice(['returned'], 'returned')).toBe(false);
  });
});

describe('HQ’s daily summary: which day, and from when', () => {
  it('files a submission under its day in Japan, and is due from 17:30 Japan time to the day’s end', () => {
    // 23:30 UTC is already the next morning in Japan.
    expect(noticeDay('2026-12-05T23:30:00Z')).toBe('2026-12-06');
    expect(noticeDay(new Date('2026-12-06T14:59:59Z'))).toBe('2026-12-06');
    expect(dailySummaryDue(new Date('2026-12-06T17:29:00+09:00'))).toBe(false);
    expect(dailySummaryDue(new Date('2026-12-06T17:30:00+09:00'))).toBe(true);
    expect(dailySummaryDue(new Date('2026-12-06T23:59:00+09:00'))).toBe(true);
    expect(dailySummaryDue(new Date('2026-12-07T00:10:00+09:00'))).toBe(false);
  });
});
