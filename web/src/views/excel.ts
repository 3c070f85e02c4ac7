import { download } from '../api.ts';
import { ExcelModel, XLSX_TYPE } from '../models/excel.ts';
import type { Preview } from '../models/excel.ts';
import { departmentName, fyLabel, getMe, getPlan, permissions } from '../state.ts';
import { announce, html, mount, nothing } from '../ui.ts';
import type { Screen, TemplateResult } from '../ui.ts';
import { errorBox, fiscalYearPicker, problemText } from './common.ts';

/** "シート「進捗」5行目（5-1）.実績" → 5: errors are shown at their rows. */
const lineOf = (path: string) => Number(/(\d+)行目/.exec(path)?.[1] ?? 0) || null;
const shown = (value: string | number | null) => (value === null || value === '' ? '（空欄）' : String(value));

/**
 * 「Excelで記入」: download my sheet (HQ: any one department's or all), upload it filled in, see
 * what will change row by row (errors at their rows), apply it as drafts, then submit them all
 * after a confirmation. Register as the route `#/excel` (`excelView(fy, params)`).
 */
export async function excelView(fy: number, params: URLSearchParams): Promise<void> {
  const [me, plan] = await Promise.all([getMe(), getPlan()]);
  // HQ (推進本部) works on any one department's sheet or on the whole year's.
  const isHq = permissions(me).canReview;
  const department = isHq ? (params.get('department') ?? '') : '';
  const who = isHq ? (department ? departmentName(plan, department) : '全課') : me.departments.map((d) => d.name).join('・');
  let downloadError = '';
  let screen: Screen<object> | undefined;
  const update = () => screen?.set({});
  const model = new ExcelModel(fy, update);

  const fetchSheet = async () => {
    downloadError = '';
    const query = department ? `?department=${encodeURIComponent(department)}` : '';
    await download(`/fiscal-years/${fy}/export.xlsx${query}`, `進捗報告_${fyLabel(fy)}_${who}.xlsx`).catch((error) => {
      downloadError = problemText(error, 'ダウンロードできませんでした');
    });
    update();
  };

  const check = async (file: File) => {
    await model.check(file);
    if (model.step.at === 'preview')
      announce(model.step.result.errors.length ? `${model.step.result.errors.length}件の誤りがあります` : `${model.step.result.applied}行が変わります`);
  };

  const apply = async () => {
    await model.apply();
    if (model.step.at === 'applied') announce(`${model.step.result.applied}件を下書きとして保存しました`);
  };

  const submitAll = async () => {
    await model.submitAll();
    if (model.step.at === 'applied' && model.step.submitted) {
      const { ok, failed } = model.step.submitted;
      announce(`${ok.length}件を提出しました${failed.length ? `。${failed.length}件は提出できませんでした` : ''}`);
    }
  };

  const departmentPicker = () => html`<p>
    <label for="excel-dept">対象の課</label>
    <select id="excel-dept" @change=${(event: Event) => (location.hash = `#/excel?fy=${fy}&department=${(event.target as HTMLSelectElement).value}`)}>
      <option value="" ?selected=${!department}>全課（年度のすべての行）</option>
      ${plan.departments.map((d) => html`<option value=${d.code} ?selected=${d.code === department}>${d.name}</option>`)}
    </select>
  </p>`;

  const previewTable = (result: Preview) => {
    const errorsByLine = new Map<number | null, Preview['errors']>();
    for (const error of result.errors) errorsByLine.set(lineOf(error.path), [...(errorsByLine.get(lineOf(error.path)) ?? []), error]);
    const lines = [...new Set([...result.preview.map((row) => row.line), ...[...errorsByLine.keys()].filter((line): line is number => line !== null)])].sort(
      (a, b) => a - b,
    );
    const general = errorsByLine.get(null) ?? [];
    return html`
      ${general.map((error) => errorBox(error.message))}
      <div class="scroll" role="region" aria-label="取込の確認" tabindex="0">
        <table class="items-table excel-preview">
          <caption>変更される行（${result.applied}行）と誤りのある行（${result.errors.length}件）。変わらない行 ${result.unchanged}行は省略</caption>
          <thead><tr><th scope="col">行</th><th scope="col">項目</th><th scope="col">状態</th><th scope="col">変更（前 → 後）または誤り</th></tr></thead>
          <tbody>
            ${lines.map((line) => {
              const row = result.preview.find((r) => r.line === line);
              const errors = errorsByLine.get(line) ?? [];
              return html`<tr class=${errors.length ? 'has-error' : ''}>
                <th scope="row">${line}行目</th>
                <td>${row ? `${row.id} ${row.title}` : (/（(.+?)）/.exec(errors[0]?.path ?? '')?.[1] ?? '')}</td>
                <td>${row ? `${row.stateBefore} → ${row.stateAfter}` : nothing}</td>
                <td>
                  ${row ? html`<ul class="changes">${row.changes.filter((c) => shown(c.before) !== shown(c.after)).map((c) => html`<li><strong>${c.label}</strong>：<del>${shown(c.before)}</del> → <ins>${shown(c.after)}</ins></li>`)}</ul>` : nothing}
                  ${errors.length ? html`<ul class="row-errors" role="list">${errors.map((e) => html`<li class="error-text">⚠ ${e.path.split('.').at(-1)}: ${e.message}</li>`)}</ul>` : nothing}
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
  };

  const stepView = (): TemplateResult | typeof nothing => {
    const step = model.step;
    switch (step.at) {
      case 'choose':
        return nothing;
      case 'checking':
        return html`<p role="status">「${step.file.name}」を確認しています…</p>`;
      case 'rejected':
        return html`<section class="card" aria-labelledby="excel-rejected">
          <h2 id="excel-rejected">取り込めませんでした（何も反映していません）</h2>
          ${errorBox(step.problem.detail)}
          ${step.problem.errors?.length ? html`<ul>${step.problem.errors.map((e) => html`<li>${e.path}: ${e.message}</li>`)}</ul>` : nothing}
        </section>`;
      case 'preview': {
        const { file, result } = step;
        const blocked = result.errors.length > 0;
        return html`<section class="card" aria-labelledby="excel-preview">
          <h2 id="excel-preview">3. 変更点の確認</h2>
          <p>「${file.name}」：${blocked ? `${result.errors.length}件の誤りがあります。ファイルを直して選び直してください（何も反映していません）。` : `${result.applied}行を下書きとして保存します。`}</p>
          ${previewTable(result)}
          <p class="actions">
            <button type="button" class="primary" ?disabled=${!model.canApply} @click=${() => void apply()}>反映する（下書きとして保存）</button>
          </p>
        </section>`;
      }
      case 'applied': {
        const { result, confirming, submitted } = step;
        return html`<section class="card" aria-labelledby="excel-applied">
          <h2 id="excel-applied">4. 提出</h2>
          <p role="status">${result.applied}件を下書きとして保存しました（変更のない行 ${result.unchanged}件）。</p>
          ${
            submitted
              ? html`<p role="status">${submitted.ok.length}件を提出しました。</p>
                ${submitted.failed.length ? html`<ul>${submitted.failed.map((f) => html`<li class="error-text">${f.id}: ${f.message}</li>`)}</ul>` : nothing}`
              : confirming
                ? html`<div class="alert" role="alertdialog" aria-labelledby="excel-confirm">
                  <p id="excel-confirm">取り込んだ${result.reports.length}件（${result.reports.map((r) => r.id).join('、')}）を提出します。よろしいですか？</p>
                  <button type="button" class="primary" @click=${() => void submitAll()}>提出する</button>
                  <button type="button" @click=${() => model.confirming(false)}>やめる</button>
                </div>`
                : html`<p class="actions"><button type="button" class="primary" ?disabled=${result.reports.length === 0} @click=${() => model.confirming(true)}>まとめて提出</button></p>`
          }
        </section>`;
      }
    }
  };

  const view = () => html`
    <h1>Excelで記入（${who}）</h1>
    ${fiscalYearPicker(fy, '#/excel')}
    ${isHq ? departmentPicker() : nothing}
    <section class="card" aria-labelledby="excel-download">
      <h2 id="excel-download">1. シートをダウンロード</h2>
      <p>${fyLabel(fy)}の${who}の取組項目とKPIの行が入ったExcelです。黄色のセルに記入します（記入方法は「記入方法」シートにあります）。</p>
      <p class="actions"><button type="button" @click=${() => void fetchSheet()}>Excelをダウンロード</button></p>
      ${downloadError ? errorBox(downloadError) : nothing}
    </section>
    <section class="card" aria-labelledby="excel-upload">
      <h2 id="excel-upload">2. 記入したファイルをアップロード</h2>
      <p>
        <label for="excel-file">記入したファイル（.xlsx または CSV）</label>
        <input id="excel-file" type="file" accept=".xlsx,.csv,${XLSX_TYPE},text/csv"
          @change=${(event: Event) => {
            const file = (event.target as HTMLInputElement).files?.[0];
            if (file) void check(file);
          }} />
      </p>
      <p class="muted">選ぶとすぐに内容を確認します。この時点ではまだ何も保存しません。</p>
    </section>
    ${stepView()}
  `;

  screen = mount({}, () => view());
}
