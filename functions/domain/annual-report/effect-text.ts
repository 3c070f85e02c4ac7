/**
 * The year's report in words where the print view and the .docx must say the same: 効果額 per item and in
 * total (yen written in 億・万円 by formatYen, as every amount in the reports), and a KPI's rating with the
 * reason its numbers do not give (N 目標未設定).
 */
import { KPI_RATING_LABELS, KPI_RATING_REASON_LABELS } from '../attainment/labels.ts';
import { formatYen } from '../calendar/index.ts';
import type { ReportActionItem, ReportKpi, YearReport } from './schema.ts';

const yen = (amount: number | null) => (amount === null ? '—' : formatYen(amount));

/** 「効果額: 計画 1,000万円・実績 800万円」 for an item with either amount; null for an item with neither. */
export function effectLine(item: Pick<ReportActionItem, 'effect'>): string | null {
  if (!item.effect) return null;
  return `効果額：計画 ${yen(item.effect.planned)}・実績 ${yen(item.effect.achieved)}`;
}

/** 「効果額の合計: 計画 2,300万円、実績 2,050万円」: the plan's years up to the report's (see effectTotals). */
export function effectTotalsLine(report: Pick<YearReport, 'effectTotals'>): string {
  return `効果額の合計：計画 ${formatYen(report.effectTotals.planned)}、実績 ${formatYen(report.effectTotals.achieved)}`;
}

/** 「A 達成」, and 「N 目標未設定」 for a KPI whose target the plan leaves to a revision (never 未報告: nothing was missing). */
export function kpiRatingText(kpi: Pick<ReportKpi, 'rating' | 'ratingLabel' | 'reason'>): string {
  const label =
    kpi.rating === 'N' && kpi.reason === 'target_unset' ? KPI_RATING_REASON_LABELS.target_unset : (kpi.ratingLabel ?? KPI_RATING_LABELS[kpi.rating]);
  return `${kpi.rating} ${label}`;
}

/**
 * What an item's text says of its approval: null when approved (or a reference row); 「未承認」 when nothing
 * of it is; for a shared item (関係各課) some of whose parts HQ approved, the departments still waiting —
 * 「庶務課は未承認」 — under the approved parts' texts, which are shown (the council's measure page shows them too).
 */
export function approvalNote(item: Pick<ReportActionItem, 'approved' | 'achievements' | 'parts'>): string | null {
  if (item.approved) return null;
  const waiting = (item.parts ?? []).filter((part) => part.status === null).map((part) => part.name);
  if (item.achievements === null || waiting.length === (item.parts ?? []).length) return '未承認';
  return `${waiting.join('・')}は未承認`;
}
