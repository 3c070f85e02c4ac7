import { currentFiscalYear, formatFiscalYear } from '../../../functions/domain/calendar/index.ts';
import type { Plan } from '../../../functions/contract/index.ts';
import { download } from '../api.ts';
import { HOW, type PlanImportModel, type RowMatch, fieldOptions, fieldValue, matchOptions, matchValue } from '../models/plan-import.ts';
import { describeChange } from '../models/plans.ts';
import { serverClock } from '../models/clock.ts';
import { announce, confirmAction, html, nothing, scroller } from '../ui.ts';
import { errorBox, okBox } from './common.ts';

/** The year a new version applies from when none is chosen: this year, within the plan (the API's default). */
export function defaultEffectiveFrom(plan: Pick<Plan, 'firstFiscalYear' | 'lastFiscalYear'>, today = currentFiscalYear(serverClock.now())): number {
  return Math.max(plan.firstFiscalYear, Math.min(today, plan.lastFiscalYear));
}

/**
 * 適用開始年度 of a new version as a 令和 select of the plan's years, preselected with `chosen` or else the default:
 * the one select both ways of revising a plan ask it with (the workbook here, the JSON on the plan screen).
 */
export function effectiveFromSelect(plan: Plan, chosen: number | undefined, onChange: (year: number) => void) {
  const selected = chosen ?? defaultEffectiveFrom(plan);
  return html`<label>適用開始年度 <select @change=${(e: Event) => onChange(Number((e.target as HTMLSelectElement).value))}>${plan.years.map(
    (year) => html`<option value=${year} ?selected=${year === selected}>${formatFiscalYear(year)}</option>`,
  )}</select></label>`;
}

/**
 * 表計算ファイルから読み込む, a section of 計画の管理 (HQ): the file, its columns as read (a select each, to
 * correct the guess, with 「この対応を記憶する」), the counts per level, the cells it could not read, the
 * difference by key, and 適用（新しい版として） or 新しい計画として登録; the plan's workbook and the template to download.
 * `model` revises `plan` (or reads a new plan when its planId is undefined); `redraw` draws the screen again.
 */
export function planImportSection(model: PlanImportModel, plan: Plan | undefined, redraw: () => void, done: () => Promise<void>) {
  const { preview, notice } = model.state;
  const run = async (work: () => Promise<unknown>, after?: () => Promise<void>) => {
    const result = await work();
    if (result === 'done' && after) await after();
    redraw();
    if (model.state.notice) announce(model.state.notice.text);
  };
  const applyFrom = () => model.state.effectiveFrom ?? (plan ? defaultEffectiveFrom(plan) : currentFiscalYear(serverClock.now()));
  /** A new version changes what every department reports against: asked first. */
  const applyAsked = async () => {
    const next = (model.state.preview?.difference?.version ?? 0) + 1;
    const asked = await confirmAction(
      `第${next}版として適用しますか？`,
      `${formatFiscalYear(applyFrom())}から、各課は第${next}版の計画に沿って報告します。それより前の年度は今の版のままです。`,
      '適用する',
    );
    if (asked) await run(() => model.apply(), done);
  };
  const choose = (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void run(() => model.choose(file));
  };
  const revising = Boolean(model.state.planId);
  const options = preview ? fieldOptions(preview) : [];
  const difference = preview?.difference;
  const changes = difference ? [...difference.added, ...difference.retired].length + difference.changed.length : 0;
  const levels = preview?.counts?.levels ?? [];
  const kindName = (kind: RowMatch['kind']) =>
    kind === 'measure' ? (levels.at(-2)?.name ?? '施策') : kind === 'actionItem' ? (levels.at(-1)?.name ?? '取組項目') : 'KPI';
  // 実施計画!E3 → 実施計画 E3: the sheet and cell as Excel shows them.
  const rowName = (cell: string) => cell.replace(/!(?=[A-Z]+\d+$)/, ' ');
  const matches = revising ? (preview?.matches ?? []) : [];
  const tally = Object.entries(HOW)
    .map(([how, label]) => [label, matches.filter((m) => m.how === how).length] as const)
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${label} ${n}`)
    .join('、');
  return html`
    <section class="plan-import" aria-labelledby="plan-import-heading">
      <h3 id="plan-import-heading">表計算ファイルから読み込む</h3>
      <p>
        ${plan ? html`<button type="button" class="link" @click=${() => download(`/plans/${plan.id}/export.xlsx`, `${plan.title}.xlsx`)}>この計画を Excel で出力</button> ・ ` : nothing}
        <button type="button" class="link" @click=${() => download('/plans/import/template.xlsx', '計画のひな形.xlsx')}>新しい計画のひな形（Excel）</button>
      </p>
      <fieldset>
        <legend>読み込み先</legend>
        ${
          plan
            ? html`<label><input type="radio" name="import-target" ?checked=${revising} @change=${() => {
                model.state = { corrected: {}, matches: {}, planId: plan.id };
                redraw();
              }} /> 「${plan.title}」の見直し</label>`
            : nothing
        }
        <label><input type="radio" name="import-target" ?checked=${!revising} @change=${() => {
          model.state = { corrected: {}, matches: {} };
          redraw();
        }} /> 新しい計画（「計画」シートに計画ID・計画名・団体を記入）</label>
      </fieldset>
      <p><label>計画のファイル（.xlsx または .csv） <input type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" @change=${choose} /></label></p>
      ${notice ? (notice.kind === 'ok' ? okBox(notice.text) : errorBox(notice.text)) : nothing}
      ${
        preview
          ? html`
        <h4>列の対応${preview.rememberedMapping ? '（記憶した対応）' : '（見出しから推定）'}</h4>
        ${scroller(
          '列の対応',
          html`<table class="mapping stack">
            <thead><tr><th scope="col">列</th><th scope="col">見出し</th><th scope="col">読み方</th></tr></thead>
            <tbody>${preview.headers.map(
              (h) => html`<tr>
                <th scope="row">列 ${h.column}</th>
                <td data-label="見出し">${h.header || '（空欄）'}</td>
                <td data-label="読み方"><select aria-label="列 ${h.column} の読み方" @change=${(e: Event) => run(() => model.setColumn(h.column, (e.target as HTMLSelectElement).value))}>
                  ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === fieldValue(preview.mapping.columns?.[h.column])}>${o.label}</option>`)}
                </select></td>
              </tr>`,
            )}</tbody>
          </table>`,
        )}
        <p><button type="button" @click=${() => run(() => model.remember())}>この対応を記憶する</button></p>
        ${
          preview.counts
            ? html`<h4>読み取った内容</h4>
          <p class="counts">${preview.counts.levels.map((l) => `${l.name} ${l.count}`).join('、')}、KPI ${preview.counts.kpis}、課 ${preview.counts.departments}、${formatFiscalYear(preview.counts.firstYear)}〜${formatFiscalYear(preview.counts.lastYear)}</p>`
            : nothing
        }
        ${
          matches.length
            ? html`<h4>行と項目の対応</h4>
          <p>ファイルの行ごとに、見直す計画のどの項目として読んだかです（${tally}）。違っていれば対応先を選び直してください。違いはその対応で読み直します。</p>
          <div class="scroll match-box" role="region" aria-label="行と項目の対応" tabindex="0">
            <table class="matches stack">
              <thead><tr><th scope="col">行</th><th scope="col">読み取った項目</th><th scope="col">根拠</th><th scope="col">対応先</th></tr></thead>
              <tbody>${matches.map(
                (m) => html`<tr class="how-${m.how}">
                  <th scope="row">${rowName(m.cell)}</th>
                  <td data-label="読み取った項目">${kindName(m.kind)} ${m.number} ${m.title}</td>
                  <td data-label="根拠">${HOW[m.how]}</td>
                  <td data-label="対応先"><select aria-label="${rowName(m.cell)} の対応先" @change=${(e: Event) =>
                    run(() => model.setMatch(m.cell, (e.target as HTMLSelectElement).value))}>
                    ${matchOptions(preview, m).map((o) => html`<option value=${o.value} ?selected=${o.value === matchValue(m)}>${o.label}</option>`)}
                  </select></td>
                </tr>`,
              )}</tbody>
            </table>
          </div>`
            : nothing
        }
        ${
          preview.problems.length
            ? html`${errorBox(`読み取れないセルが${preview.problems.length}か所あります。ファイルを直すか、列の読み方を変えてください`)}
          <ul class="problems">${preview.problems.map((p) => html`<li>${p.cell ? html`<strong>${p.cell}</strong>: ` : nothing}${p.message}</li>`)}</ul>`
            : nothing
        }
        ${
          difference
            ? html`<h4>第${difference.version}版との違い</h4>
          ${
            changes === 0
              ? html`<p>変更はありません。</p>`
              : scroller(
                  'キーごとの違い',
                  html`<table class="changes stack">
              <thead><tr><th scope="col">項目</th><th scope="col">変更</th></tr></thead>
              <tbody>
                ${difference.added.map((c) => html`<tr><th scope="row">${describeChange({ ...c, change: 'added' }).what}</th><td data-label="変更">追加</td></tr>`)}
                ${difference.retired.map((c) => html`<tr><th scope="row">${describeChange({ ...c, change: 'retired' }).what}</th><td data-label="変更">廃止${c.into ? `（${c.into}へ統合）` : ''}</td></tr>`)}
                ${difference.changed.map((c) => {
                  const line = describeChange(c);
                  return html`<tr><th scope="row">${line.what}</th><td data-label="変更">${line.how}</td></tr>`;
                })}
              </tbody>
            </table>`,
                )
          }`
            : nothing
        }
        ${
          revising && plan
            ? html`<p>
            ${effectiveFromSelect(plan, model.state.effectiveFrom, (year) => {
              model.state = { ...model.state, effectiveFrom: year };
            })}
            <label class="block">見直しの理由（版の履歴に残ります） <textarea rows="2" .value=${model.state.reason ?? ''} @input=${(e: Event) => {
              model.state = { ...model.state, reason: (e.target as HTMLTextAreaElement).value };
            }}></textarea></label>
            <button type="button" class="primary" ?disabled=${!model.ready} @click=${() => void applyAsked()}>適用（新しい版として）</button>
          </p>`
            : html`<p><button type="button" class="primary" ?disabled=${!model.ready} @click=${() => run(() => model.create(), done)}>新しい計画として登録</button></p>`
        }`
          : nothing
      }
    </section>`;
}
