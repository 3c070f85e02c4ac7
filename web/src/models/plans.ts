import { formatFiscalYear } from '../../../functions/domain/calendar/index.ts';
import type { Plan, PlanChange, PlanDifference, PlanSummary, PlanVersionList } from '../../../functions/contract/index.ts';
import type { Department, PlanStatus } from '../../../functions/domain/catalogue/schema.ts';
import { ApiError, call } from '../api.ts';

/** 計画の状態 as HQ reads it. */
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { upcoming: '策定中', active: '推進中', archived: '終了（閲覧のみ）' };

const KIND_LABELS: Record<PlanChange['kind'], string> = {
  plan: '計画',
  department: '課',
  group: '区分',
  measure: '施策',
  actionItem: '取組項目',
  kpi: 'KPI',
};
const CHANGE_LABELS: Record<PlanChange['change'], string> = {
  added: '追加',
  retired: '廃止',
  merged: '統合',
  renumbered: '番号変更',
  moved: '移動',
  text: '文言の変更',
  target: '目標値・基準値の変更',
  schedule: 'スケジュールの変更',
  owners: '担当課の変更',
  reference: '参照先の変更',
  renamed: '名称変更',
  ended: '廃止・統合（機構改革）',
};
const FIELD_LABELS: Record<string, string> = {
  title: '名称',
  direction: '方向性',
  footnotes: '注記',
  name: '名称',
  unit: '単位',
  note: '注記',
  target: '目標値',
  baseline: '基準値',
  period: '計画期間',
  levels: '階層',
  status: '状態',
};

const show = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '（なし）';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(show).join('・');
  if (typeof value === 'object' && 'label' in value && typeof value.label === 'string') return value.label;
  return JSON.stringify(value);
};

/** One change as a line of the difference: 「施策3 行政手続のオンライン化等の促進: 番号変更 2 → 3」 (keys stay out of sight). */
export function describeChange(change: PlanChange): { what: string; how: string } {
  const what = `${KIND_LABELS[change.kind]}${change.number ?? ''} ${change.title}`.trim();
  const label = CHANGE_LABELS[change.change];
  switch (change.change) {
    case 'added':
    case 'retired':
      return { what, how: label };
    case 'merged':
      return { what, how: `統合（統合先：${show(change.after)}）` };
    case 'schedule':
      return { what, how: `${label}（${change.fiscalYear ? formatFiscalYear(change.fiscalYear) : ''}）：${show(change.before)} → ${show(change.after)}` };
    default: {
      const field = change.field ? `（${FIELD_LABELS[change.field] ?? change.field}）` : '';
      return { what, how: `${label}${field}：${show(change.before)} → ${show(change.after)}` };
    }
  }
}

/** How many changes of each kind, in words: 「追加 2・廃止 1・統合 1」; 「変更なし」 for none. */
export function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([change, n]) => `${CHANGE_LABELS[change as PlanChange['change']] ?? change} ${n}`);
  return parts.length ? parts.join('・') : '変更なし';
}

/** A department as it stood in one fiscal year: its name then, and where its work went when it ends that year. */
export interface DepartmentInYear {
  code: string;
  name: string;
  /** It starts this year (機構改革で新設). */
  starts: boolean;
  /** Its last year: the successors' names (empty when its work went nowhere named). */
  endsInto?: string[];
}

/**
 * 課の構成（年度別）: for each fiscal year of the plan, the departments in force (from ≤ year ≤ until), each
 * with the name it had that year (`names` lists earlier names with their last year), the ones starting that
 * year, and for the ones ending, their successors.
 */
export function departmentsByYear(departments: readonly Department[], years: readonly number[]): { fiscalYear: number; departments: DepartmentInYear[] }[] {
  const nameIn = (department: Department, year: number) =>
    [...(department.names ?? [])].sort((a, b) => a.until - b.until).find((earlier) => year <= earlier.until)?.name ?? department.name;
  return years.map((fiscalYear) => ({
    fiscalYear,
    departments: departments
      .filter((d) => (d.from ?? -Infinity) <= fiscalYear && fiscalYear <= (d.until ?? Infinity))
      .map((d) => ({
        code: d.code,
        name: nameIn(d, fiscalYear),
        starts: d.from === fiscalYear,
        ...(d.until === fiscalYear ? { endsInto: (d.successors ?? []).map((code) => departments.find((s) => s.code === code)?.name ?? code) } : {}),
      })),
  }));
}

export interface PlansState {
  plans: PlanSummary[];
  selected?: string;
  plan?: Plan;
  versions?: PlanVersionList;
  /** The pasted or uploaded plan JSON, as text. */
  text: string;
  effectiveFrom?: number;
  comment: string;
  preview?: PlanDifference;
  /** The If-Match of an apply: the version the preview compared with. */
  previewTag?: string | null;
  notice?: { kind: 'ok' | 'error'; text: string; errors?: { path: string; message: string }[] };
  busy: boolean;
}

/** HQ's plan screen: the plans, one plan's versions and departments, a revision's preview and apply, its status. */
export class PlansModel {
  state: PlansState = { plans: [], text: '', comment: '', busy: false };

  static async load(planId?: string): Promise<PlansModel> {
    const model = new PlansModel();
    await model.refresh(planId);
    return model;
  }

  /** Reads the list, then the chosen plan (the active one when none is named) with its versions. */
  async refresh(planId = this.state.selected): Promise<void> {
    const { data } = await call('planListSchema', '/plans');
    const selected = planId ?? data.plans.find((p) => p.status === 'active')?.id ?? data.plans[0]?.id;
    this.state = { ...this.state, plans: data.plans, selected };
    if (!selected) return;
    const [plan, versions] = await Promise.all([call('planSchema', `/plans/${selected}`), call('planVersionListSchema', `/plans/${selected}/versions`)]);
    this.state = { ...this.state, plan: plan.data, versions: versions.data };
  }

  async select(planId: string): Promise<void> {
    this.state = { ...this.state, preview: undefined, notice: undefined, text: '' };
    await this.refresh(planId);
  }

  edit(fields: Partial<Pick<PlansState, 'text' | 'comment' | 'effectiveFrom'>>): void {
    // A changed plan must be previewed again before it can be applied.
    this.state = { ...this.state, ...fields, ...(fields.text !== undefined ? { preview: undefined, previewTag: undefined } : {}) };
  }

  private parsed(): unknown {
    try {
      return JSON.parse(this.state.text);
    } catch {
      this.state = { ...this.state, notice: { kind: 'error', text: '計画データ（JSON）として読めません。ファイルの内容を確かめてください' } };
      return undefined;
    }
  }

  private body(plan: unknown) {
    return { plan, ...(this.state.effectiveFrom ? { effectiveFrom: this.state.effectiveFrom } : {}), comment: this.state.comment || null };
  }

  /** 見直しの確認: the difference by key; nothing is written. 'invalid' when the text is no JSON. */
  async preview(): Promise<'done' | 'invalid' | 'failed'> {
    const plan = this.parsed();
    if (plan === undefined || !this.state.selected) return 'invalid';
    try {
      const { data, etag } = await call('planDifferenceSchema', `/plans/${this.state.selected}/revisions/preview`, { method: 'POST', body: this.body(plan) });
      this.state = { ...this.state, preview: data, previewTag: etag, notice: undefined };
      return 'done';
    } catch (error) {
      return this.failed(error);
    }
  }

  /** Whether the previewed revision may be applied: previewed, without problems, and with at least one change. */
  get canApply(): boolean {
    const preview = this.state.preview;
    return Boolean(preview && preview.problems.length === 0 && preview.changes.length > 0);
  }

  /** 見直しの適用, conditional on the version previewed (a plan changed meanwhile gets 412: preview again). */
  async apply(): Promise<'done' | 'conflict' | 'failed'> {
    const plan = this.parsed();
    if (plan === undefined || !this.state.selected || !this.canApply) return 'failed';
    try {
      const { data } = await call('planSummarySchema', `/plans/${this.state.selected}/revisions`, {
        method: 'POST',
        body: this.body(plan),
        ifMatch: this.state.previewTag ?? null,
      });
      this.state = { ...this.state, preview: undefined, text: '', comment: '', notice: { kind: 'ok', text: `見直しを第${data.version}版として適用しました` } };
      await this.refresh();
      return 'done';
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 412) {
        this.state = {
          ...this.state,
          preview: undefined,
          notice: { kind: 'error', text: 'この計画はほかの人が先に変更しました。もう一度確認してから適用してください' },
        };
        await this.refresh();
        return 'conflict';
      }
      return this.failed(error);
    }
  }

  /** 計画の状態を変える; activating one archives the plan active before (the API does both). */
  async setStatus(status: PlanStatus): Promise<'done' | 'conflict' | 'failed'> {
    const head = this.state.plans.find((p) => p.id === this.state.selected);
    if (!head) return 'failed';
    try {
      await call('planSummarySchema', `/plans/${head.id}/status`, { method: 'PUT', body: { status }, ifMatch: `"${head.version}"` });
      this.state = { ...this.state, notice: { kind: 'ok', text: `「${head.title}」を${PLAN_STATUS_LABELS[status]}にしました` } };
      await this.refresh();
      return 'done';
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 412) {
        await this.refresh();
        this.state = { ...this.state, notice: { kind: 'error', text: 'この計画はほかの人が先に変更しました。表示を更新しました' } };
        return 'conflict';
      }
      return this.failed(error);
    }
  }

  private failed(error: unknown): 'failed' {
    if (!(error instanceof ApiError)) throw error;
    this.state = {
      ...this.state,
      notice: { kind: 'error', text: error.problem.detail ?? error.problem.title ?? '操作できませんでした', errors: error.problem.errors as never },
    };
    return 'failed';
  }
}
