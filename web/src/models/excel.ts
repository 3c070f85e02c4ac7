/**
 * 「Excelで記入」 as state and actions, without a page: a filled-in sheet is checked (what would change,
 * every problem at its row), applied as drafts, then the rows it wrote are submitted together after the
 * user confirms. The view draws `step` and keeps the download (a browser matter) to itself.
 */
import { etagOf } from '../../../functions/contract/etag.ts';
import { ApiError, call, newKey } from '../api.ts';
import type { Problem } from '../api.ts';
import { apiBase, token } from '../session.ts';
import { whileBusy } from '../ui.ts';

/** What POST …/import?dryRun=1 answers: the rows that would change and every problem at its row. */
export interface Preview {
  applied: number;
  unchanged: number;
  preview: {
    line: number;
    kind: 'action' | 'kpi';
    id: string;
    title: string;
    stateBefore: string;
    stateAfter: string;
    changes: { field: string; label: string; before: string | number | null; after: string | number | null }[];
  }[];
  errors: { path: string; message: string }[];
}

/** What POST …/import answers: the reports written, with the versions to submit them at. */
export interface Applied {
  applied: number;
  unchanged: number;
  reports: { kind: 'action' | 'kpi'; id: string; version: number; state: string }[];
}

export type Step =
  | { at: 'choose' }
  | { at: 'checking'; file: File }
  | { at: 'preview'; file: File; result: Preview }
  | { at: 'rejected'; file: File; problem: Problem }
  | { at: 'applied'; result: Applied; confirming: boolean; submitted?: { ok: string[]; failed: { id: string; message: string }[] } };

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NETWORK: Problem = { status: 0, title: 'エラー', detail: '通信に失敗しました' };

/** Idempotency-Keys of applies sent without an answer: applying the same file again reuses its key, so it applies once. */
const unanswered = new WeakMap<File, string>();

/**
 * Sends the chosen file as it is: the sheets function reads .xlsx and CSV (UTF-8 or Shift_JIS). Applying
 * is a write, so, as api.ts call() does for JSON writes, the button is busy until the answer (whileBusy)
 * and the upload carries an Idempotency-Key.
 */
async function sendFile(fy: number, file: File, dryRun: boolean): Promise<unknown> {
  const type = /\.csv$/i.test(file.name) ? 'text/csv' : file.type || XLSX_TYPE;
  const key = dryRun ? undefined : (unanswered.get(file) ?? newKey());
  if (key) unanswered.set(file, key);
  const response = await whileBusy(() =>
    fetch(`${apiBase()}/api/fiscal-years/${fy}/import${dryRun ? '?dryRun=1' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token() ?? ''}`, 'content-type': type, ...(key ? { 'idempotency-key': key } : {}) },
      body: file,
    }),
  );
  unanswered.delete(file);
  const data = (response.headers.get('content-type') ?? '').includes('json')
    ? await response.json()
    : { status: response.status, title: 'エラー', detail: await response.text() };
  if (!response.ok) throw new ApiError(data as Problem);
  return data;
}

const problemText = (error: unknown, fallback: string) => (error instanceof ApiError ? error.problem.detail || error.problem.title : fallback);

export class ExcelModel {
  step: Step = { at: 'choose' };

  constructor(
    readonly fy: number,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Whether the checked file may be applied: it changes something and has no problem at any row. */
  get canApply(): boolean {
    return this.step.at === 'preview' && this.step.result.errors.length === 0 && this.step.result.applied > 0;
  }

  /** Checks a chosen file without saving anything (dryRun): the rows that would change, or every problem. */
  async check(file: File): Promise<void> {
    this.go({ at: 'checking', file });
    try {
      this.go({ at: 'preview', file, result: (await sendFile(this.fy, file, true)) as Preview });
    } catch (error) {
      this.go({ at: 'rejected', file, problem: error instanceof ApiError ? error.problem : NETWORK });
    }
  }

  /** 反映する: writes the checked file's rows as drafts. */
  async apply(): Promise<void> {
    if (this.step.at !== 'preview' || !this.canApply) return;
    const { file } = this.step;
    try {
      this.go({ at: 'applied', result: (await sendFile(this.fy, file, false)) as Applied, confirming: false });
    } catch (error) {
      this.go({ at: 'rejected', file, problem: error instanceof ApiError ? error.problem : NETWORK });
    }
  }

  /** まとめて提出 asks first; やめる goes back. */
  confirming(asking: boolean): void {
    if (this.step.at === 'applied') this.go({ ...this.step, confirming: asking });
  }

  /** Submits each report the import wrote, at the version it wrote; one refused does not stop the rest. */
  async submitAll(): Promise<void> {
    if (this.step.at !== 'applied') return;
    const { result } = this.step;
    const ok: string[] = [];
    const failed: { id: string; message: string }[] = [];
    for (const report of result.reports) {
      const segment = report.kind === 'action' ? 'action-reports' : 'kpi-actuals';
      await call('reportSchema', `/fiscal-years/${this.fy}/${segment}/${report.id}/submit`, { method: 'POST', body: {}, ifMatch: etagOf(report.version) }).then(
        () => ok.push(report.id),
        (error) => failed.push({ id: report.id, message: problemText(error, '提出できませんでした') }),
      );
    }
    this.go({ at: 'applied', result, confirming: false, submitted: { ok, failed } });
  }

  private go(next: Step): void {
    this.step = next;
    this.onChange();
  }
}

export { XLSX_TYPE };

/** The overview's filters an export follows (the sheets routes read the same names); '' = not narrowed. */
export interface ExportFilters {
  department: string;
  state: string;
  top: string;
  group: string;
}

/**
 * The export of what the overview shows: the API path with the screen's filters as query parameters, and a
 * file name saying what it holds (「進捗報告_令和8年度_庶務課_提出済.csv」). The 評価 filter narrows KPIs only
 * on screen and is not an export filter.
 */
export function exportTarget(
  fy: number,
  extension: 'csv' | 'xlsx',
  filters: ExportFilters,
  labels: { fiscalYear: string; department: (code: string) => string; group: (key: string) => string; state: (state: string) => string },
): { path: string; filename: string } {
  const query = new URLSearchParams(
    (['department', 'top', 'group', 'state'] as const).filter((key) => filters[key]).map((key) => [key, filters[key]]),
  ).toString();
  const parts = [
    labels.fiscalYear,
    filters.department && labels.department(filters.department),
    filters.top && labels.group(filters.top),
    filters.group && labels.group(filters.group),
    filters.state && labels.state(filters.state),
  ].filter(Boolean);
  return { path: `/fiscal-years/${fy}/export.${extension}${query ? `?${query}` : ''}`, filename: `進捗報告_${parts.join('_')}.${extension}` };
}
