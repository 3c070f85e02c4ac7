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
