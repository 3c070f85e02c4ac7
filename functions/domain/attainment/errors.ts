/** Inputs the engine refuses, with the Japanese message shown to whoever supplied them. */
export class AttainmentInputError extends Error {}

export class FiscalYearOutOfPlanError extends AttainmentInputError {
  constructor(readonly fiscalYear: number) {
    super(`${fiscalYear}年度は計画期間（2026〜2030年度）の外です`);
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
  ) {
    super(`KPI「${kpiId}」の ${period} の実績が2件以上あります`);
    this.name = 'DuplicateActualError';
  }
}

/** Two reports of one action item for the assessed fiscal year. */
export class DuplicateActionReportError extends AttainmentInputError {
  constructor(
    readonly actionItemId: string,
    readonly fiscalYear: number,
  ) {
    super(`取組項目「${actionItemId}」の${fiscalYear}年度の報告が2件以上あります`);
    this.name = 'DuplicateActionReportError';
  }
}
