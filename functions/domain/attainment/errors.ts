import { formatPeriod, formatPeriodLabel } from '../calendar/index.ts';
import type { PeriodBasis, Plan } from '../catalogue/schema.ts';

/**
 * A period in a message, in the one notation (令和8年度, 令和8年 for a calendar-year KPI); a number
 * that is no 令和 year (2018, 2020.5) is still named as given, so the message says what was wrong.
 */
function periodText(year: number, basis: PeriodBasis = 'fiscal_year'): string {
  return Number.isInteger(year) && year >= 1989 ? formatPeriod(year, basis) : `${year}${basis === 'calendar_year' ? '年' : '年度'}`;
}

/** Inputs the engine refuses, with the Japanese message shown to whoever supplied them. */
export class AttainmentInputError extends Error {}

export class FiscalYearOutOfPlanError extends AttainmentInputError {
  constructor(
    readonly fiscalYear: number,
    period: Plan['period'],
  ) {
    super(
      `${periodText(fiscalYear)}は計画期間（${formatPeriodLabel({ kind: 'fiscal_years', from: period.firstFiscalYear, to: period.lastFiscalYear })}）の外です`,
    );
    this.name = 'FiscalYearOutOfPlanError';
  }
}

export class UnknownKpiError extends AttainmentInputError {
  constructor(readonly kpiId: string) {
    super(`KPI「${kpiId}」は計画にありません`);
    this.name = 'UnknownKpiError';
  }
}

export class UnknownActionItemError extends AttainmentInputError {
  constructor(readonly actionItemId: string) {
    super(`取組項目「${actionItemId}」は計画にありません`);
    this.name = 'UnknownActionItemError';
  }
}

/**
 * A report for the row that only points to another measure's item (施策11「〈施策5に記載〉」): that
 * item is reported once, under its own id. Still an UnknownActionItemError for callers that catch that.
 */
export class ReferenceActionItemError extends UnknownActionItemError {
  constructor(
    actionItemId: string,
    readonly referenceTo: string,
  ) {
    super(actionItemId);
    this.message = `取組項目「${actionItemId}」は「${referenceTo}」を参照する行です。報告は「${referenceTo}」に対して行ってください`;
    this.name = 'ReferenceActionItemError';
  }
}

/** Two actuals of one KPI for the same period: which one counts would be a guess. */
export class DuplicateActualError extends AttainmentInputError {
  constructor(
    readonly kpiId: string,
    readonly period: number,
    basis: PeriodBasis = 'fiscal_year',
  ) {
    super(`KPI「${kpiId}」の${periodText(period, basis)}の実績が2件以上あります`);
    this.name = 'DuplicateActualError';
  }
}

/** Two reports of one action item for the assessed fiscal year. */
export class DuplicateActionReportError extends AttainmentInputError {
  constructor(
    readonly actionItemId: string,
    readonly fiscalYear: number,
  ) {
    super(`取組項目「${actionItemId}」の${periodText(fiscalYear)}の報告が2件以上あります`);
    this.name = 'DuplicateActionReportError';
  }
}

/** An actual for a period the KPI does not take (see kpiActualYears): FY2025 only where a window needs it. */
export class KpiPeriodNotAcceptedError extends AttainmentInputError {
  constructor(
    readonly kpiId: string,
    readonly period: number,
    basis: PeriodBasis,
    accepted: readonly number[],
  ) {
    const range = formatPeriodLabel({
      kind: basis === 'calendar_year' ? 'calendar_years' : 'fiscal_years',
      from: accepted[0]!,
      to: accepted[accepted.length - 1]!,
    });
    super(`KPI「${kpiId}」は${periodText(period, basis)}の実績を受け付けません（受け付けるのは${range}です）`);
    this.name = 'KpiPeriodNotAcceptedError';
  }
}
