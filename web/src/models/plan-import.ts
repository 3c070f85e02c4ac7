import { formatFiscalYear } from '../../../functions/domain/calendar/index.ts';
import type { PlanImportPreview } from '../../../functions/contract/index.ts';
import { ApiError, call, newKey, problemOf, typedAnswer } from '../api.ts';
import { apiBase, token } from '../session.ts';
import { whileBusy } from '../ui.ts';

/**
 * 表計算ファイルから読み込む (HQ, issue 21): a plan workbook previewed against a plan (a revision) or as a new
 * plan, its column mapping corrected and remembered, then applied as the plan's next version or registered.
 */

/** A column's field as a select's value: 'measure', 'level:0', 'year:2031', … (domain/plan-import PlanField). */
export type FieldValue = string;

const NAMED: Record<string, string> = {
  measure: '施策',
  actionItem: '取組項目',
  departments: '担当課',
  outline: '体系（番号で階層）',
  key: '取組項目キー',
  measureKey: '施策キー',
  ignore: '無視',
};

export function fieldValue(field: unknown): FieldValue {
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'level' in field) return `level:${field.level}`;
  if (field && typeof field === 'object' && 'year' in field) return `year:${field.year}`;
  return 'ignore';
}

function fieldOf(value: FieldValue): unknown {
  const [kind, n] = value.split(':');
  if (kind === 'level') return { level: Number(n) };
  if (kind === 'year') return { year: Number(n) };
  return value;
}

/**
 * The choices of a column's select, in the plan's words: its group levels by name (柱, 政策 …; the levels read,
 * else 第1階層…), 施策, 取組項目, 担当課, each fiscal year of the period (令和8年度 …), the keys, 無視.
 */
export function fieldOptions(preview: PlanImportPreview): { value: FieldValue; label: string }[] {
  const levels = preview.counts?.levels.slice(0, -2).map((l) => l.name) ?? [];
  const groupLevels = [0, 1, 2].map((i) => ({ value: `level:${i}`, label: levels[i] ?? `第${i + 1}階層` }));
  const years = new Set<number>();
  for (const field of Object.values(preview.mapping.columns ?? {})) if (field && typeof field === 'object' && 'year' in field) years.add(Number(field.year));
  if (preview.counts) for (let y = preview.counts.firstYear; y <= preview.counts.lastYear; y++) years.add(y);
  return [
    ...groupLevels,
    ...['measure', 'actionItem', 'departments', 'outline'].map((value) => ({ value, label: NAMED[value]! })),
    ...[...years].sort((a, b) => a - b).map((y) => ({ value: `year:${y}`, label: formatFiscalYear(y) })),
    ...['measureKey', 'key', 'ignore'].map((value) => ({ value, label: NAMED[value]! })),
  ];
}

/** A row's proposed match as the preview lists it. */
export type RowMatch = PlanImportPreview['matches'][number];

/** How a row was matched, as the screen says it. */
export const HOW: Record<RowMatch['how'], string> = { key: 'キー列', same_place: '同じ位置', moved: '移動', chosen: '指定', new: '新規' };

/** A row's select value: the key it is read as, or 'new' when it is read as a new item. */
export const matchValue = (match: RowMatch): string => (match.how === 'new' ? 'new' : match.key);

/**
 * The choices of a row's select: the revised plan's keys of the row's kind that no other row is read as (the
 * row's own first), then 新規. Labelled 「1-2 title」.
 */
export function matchOptions(preview: PlanImportPreview, match: RowMatch): { value: string; label: string }[] {
  const taken = new Set(preview.matches.filter((m) => m !== match && m.kind === match.kind && m.how !== 'new').map((m) => m.key));
  const free = preview.candidates.filter((c) => c.kind === match.kind && !taken.has(c.key));
  free.sort((a, b) => Number(b.key === match.key) - Number(a.key === match.key));
  return [...free.map((c) => ({ value: c.key, label: `${c.number} ${c.title}` })), { value: 'new', label: '新規（新しい項目）' }];
}

export interface PlanImportState {
  /** The plan revised, or undefined for a new plan. */
  planId?: string;
  file?: File;
  preview?: PlanImportPreview;
  /** Columns HQ changed from the guess (or from the remembered mapping), column letter → field. */
  corrected: Record<string, FieldValue>;
  /** Rows HQ matched by hand, cell (実施計画!E5) → key or 'new': posted with every read of this file. */
  matches: Record<string, string>;
  effectiveFrom?: number;
  /** 見直しの理由, kept in the version's history; the file's name when left empty. */
  reason?: string;
  notice?: { kind: 'ok' | 'error'; text: string };
}

export class PlanImportModel {
  state: PlanImportState = { corrected: {}, matches: {} };

  constructor(planId?: string) {
    this.state.planId = planId;
  }

  /** The file chosen: read at once with the guessed (or remembered) mapping. */
  async choose(file: File): Promise<'done' | 'failed'> {
    this.state = { ...this.state, file, corrected: {}, matches: {}, preview: undefined, notice: undefined };
    return this.read();
  }

  /** A column's field changed in its select: the file is read again with it. */
  async setColumn(column: string, value: FieldValue): Promise<'done' | 'failed'> {
    // Other columns may move a row's title cell: the rows' matches start again from the reader's proposal.
    this.state = { ...this.state, corrected: { ...this.state.corrected, [column]: value }, matches: {} };
    return this.read();
  }

  /**
   * A row's match changed in its select (a key, or 'new'): the file is read again with it, so the counts and the
   * difference follow. Refused (the API names the row), the screen keeps the reading it had.
   */
  async setMatch(cell: string, value: string): Promise<'done' | 'failed'> {
    const before = this.state;
    this.state = { ...this.state, matches: { ...this.state.matches, [cell]: value } };
    const result = await this.read();
    if (result === 'failed') this.state = { ...before, notice: this.state.notice };
    return result;
  }

  /** The mapping now in use (the preview's), as the API takes it. */
  private mapping() {
    return this.state.preview?.mapping ?? {};
  }

  private async read(): Promise<'done' | 'failed'> {
    const { file, planId, corrected, matches } = this.state;
    if (!file) return 'failed';
    const form = new FormData();
    form.set('file', file);
    if (Object.keys(corrected).length > 0) {
      const columns = { ...(this.mapping().columns ?? {}) };
      for (const [column, value] of Object.entries(corrected)) columns[column] = fieldOf(value);
      form.set('mapping', JSON.stringify({ columns, kpiColumns: this.mapping().kpiColumns }));
    }
    if (Object.keys(matches).length > 0) form.set('matches', JSON.stringify(matches));
    const bearer = token();
    const query = planId ? `plan=${encodeURIComponent(planId)}` : 'new=1';
    const response = await whileBusy(() =>
      fetch(`${apiBase()}/api/plans/import/preview?${query}`, {
        method: 'POST',
        headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), 'idempotency-key': newKey() },
        body: form,
      }),
    );
    const data: unknown = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : undefined;
    if (!response.ok) {
      const problem = problemOf(data, response.status, '読み込めませんでした');
      // A refused correction names its row in `errors`; a refused file says it all in `detail`.
      const details = (problem.errors ?? [])
        .filter((e) => e.message !== problem.detail)
        .map((e) => `${e.path}: ${e.message}`)
        .join(' / ');
      this.state = { ...this.state, preview: undefined, notice: { kind: 'error', text: details || problem.detail || '読み込めませんでした' } };
      return 'failed';
    }
    const preview = typedAnswer('planImportPreviewSchema', data);
    this.state = { ...this.state, preview, corrected: {}, notice: undefined };
    return 'done';
  }

  /** この対応を記憶する: the next file with the same headers is read with this mapping. */
  async remember(): Promise<'done' | 'failed'> {
    const preview = this.state.preview;
    if (!preview) return 'failed';
    try {
      await call('planMappingAnswerSchema', `/plans/import/mappings/${preview.signature}`, { method: 'PUT', body: { mapping: preview.mapping } });
      this.state = {
        ...this.state,
        preview: { ...preview, rememberedMapping: true },
        notice: { kind: 'ok', text: 'この列の対応を記憶しました。同じ見出しのファイルは次からこの対応で読みます' },
      };
      return 'done';
    } catch (error) {
      return this.failed(error);
    }
  }

  /** Whether the read plan may be applied or registered: read without problems (and, revising, with some change). */
  get ready(): boolean {
    const preview = this.state.preview;
    if (!preview?.plan || preview.problems.length > 0) return false;
    if (!this.state.planId) return true;
    const d = preview.difference;
    return Boolean(d && d.added.length + d.retired.length + d.changed.length > 0);
  }

  /** 適用（新しい版として）: the plan as read, the plan's next version from `effectiveFrom`, conditional on the version compared with. */
  async apply(): Promise<'done' | 'failed'> {
    const { preview, planId, effectiveFrom, file, reason } = this.state;
    if (!preview?.difference || !planId || !this.ready) return 'failed';
    try {
      const { data } = await call('planSummarySchema', `/plans/${planId}/revisions`, {
        method: 'POST',
        body: { plan: preview.plan, ...(effectiveFrom ? { effectiveFrom } : {}), comment: reason?.trim() || (file ? `${file.name} から見直し` : null) },
        ifMatch: `"${preview.difference.version}"`,
      });
      this.state = { corrected: {}, matches: {}, planId, notice: { kind: 'ok', text: `「${data.title}」を第${data.version}版として適用しました` } };
      return 'done';
    } catch (error) {
      return this.failed(error);
    }
  }

  /** 新しい計画として登録: version 1, 策定中. */
  async create(): Promise<'done' | 'failed'> {
    const { preview, file } = this.state;
    if (!preview?.plan || this.state.planId || !this.ready) return 'failed';
    try {
      const { data } = await call('planSummarySchema', '/plans', {
        method: 'POST',
        body: { plan: preview.plan, comment: file ? `${file.name} から登録` : null },
      });
      this.state = { corrected: {}, matches: {}, notice: { kind: 'ok', text: `「${data.title}」を新しい計画（策定中）として登録しました` } };
      return 'done';
    } catch (error) {
      return this.failed(error);
    }
  }

  private failed(error: unknown): 'failed' {
    if (!(error instanceof ApiError)) throw error;
    const details = (error.problem.errors ?? []).map((e) => `${e.path}: ${e.message}`).join(' / ');
    this.state = { ...this.state, notice: { kind: 'error', text: details || error.problem.detail || '操作できませんでした' } };
    return 'failed';
  }
}
