import { formatDateTime, formatFiscalYear } from '../../../functions/domain/calendar/index.ts';
import type { PlanStatus } from '../../../functions/domain/catalogue/schema.ts';
import { PLAN_STATUS_LABELS, PlansModel, countsText, departmentsByYear, describeChange } from '../models/plans.ts';
import { announce, html, mount, nothing, scroller } from '../ui.ts';
import type { Screen } from '../ui.ts';
import { errorBox, okBox } from './common.ts';
import { PlanImportModel } from '../models/plan-import.ts';
import { effectiveFromSelect, planImportSection } from './plan-import.ts';

/**
 * 計画の管理 (HQ): the deployment's plans, the chosen plan's versions (中間見直し), the difference of a
 * revised plan pasted or uploaded as JSON with its apply button, the plan's status, and its departments by year.
 */
export async function plansView(planId?: string): Promise<void> {
  const model = await PlansModel.load(planId);
  const importer = new PlanImportModel(model.state.selected);
  // The models keep the state; the screen draws it again after each step (tick).
  mount({ tick: 0 }, (screen) => draw(model, importer, screen));
}

function draw(model: PlansModel, importer: PlanImportModel, screen: Screen<{ tick: number }>) {
  const redraw = () => screen.set({ tick: screen.state.tick + 1 });
  const imported = planImportSection(importer, model.state.plan, redraw, () => model.refresh());
  const { plans, plan, versions, preview, notice } = model.state;
  const run = async (work: () => Promise<unknown>) => {
    await work();
    redraw();
    if (model.state.notice) announce(model.state.notice.text);
  };
  const upload = async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    model.edit({ text: await file.text() });
    redraw();
  };
  return html`
    <h1>計画の管理</h1>
    ${notice ? (notice.kind === 'ok' ? okBox(notice.text) : errorBox(notice.text)) : nothing}
    ${notice?.errors?.length ? html`<ul class="problems">${notice.errors.map((e) => html`<li><strong>${e.path}</strong>: ${e.message}</li>`)}</ul>` : nothing}
    ${scroller(
      '計画の一覧',
      html`<table class="plans stack">
        <caption>計画の一覧</caption>
        <thead><tr><th scope="col">計画</th><th scope="col">団体</th><th scope="col">期間</th><th scope="col">状態</th><th scope="col">版</th></tr></thead>
        <tbody>${plans.map(
          (p) => html`<tr aria-current=${p.id === model.state.selected ? 'true' : nothing}>
            <th scope="row"><a href="#/hq/plans/${p.id}">${p.title}</a></th>
            <td data-label="団体">${p.city.prefecture}${p.city.name}（${p.city.code}）</td>
            <td data-label="期間">${p.periodLabel}</td>
            <td data-label="状態">${PLAN_STATUS_LABELS[p.status]}</td>
            <td data-label="版">第${p.version}版</td>
          </tr>`,
        )}</tbody>
      </table>`,
    )}
    ${
      plan
        ? html`
      <h2>${plan.title}</h2>
      <p>
        <label>状態
          <select @change=${(e: Event) => run(() => model.setStatus((e.target as HTMLSelectElement).value as PlanStatus))}>
            ${(Object.keys(PLAN_STATUS_LABELS) as PlanStatus[]).map((s) => html`<option value=${s} ?selected=${s === plan.status}>${PLAN_STATUS_LABELS[s]}</option>`)}
          </select>
        </label>
        <span class="muted">推進中にすると、それまで推進中の計画は終了（閲覧のみ）になります。</span>
      </p>

      <h3>版の履歴</h3>
      ${scroller(
        '版の履歴',
        html`<table class="versions stack">
          <thead><tr><th scope="col">版</th><th scope="col">適用開始</th><th scope="col">日時</th><th scope="col">変更者</th><th scope="col">変更の数</th><th scope="col">理由</th></tr></thead>
          <tbody>${(versions?.versions ?? []).map(
            (v) => html`<tr>
              <th scope="row">第${v.version}版</th>
              <td data-label="適用開始">${formatFiscalYear(v.effectiveFrom)}から</td>
              <td data-label="日時">${formatDateTime(v.at)}</td>
              <td data-label="変更者">${v.by.name}</td>
              <td data-label="変更の数">${countsText(v.counts)}</td>
              <td data-label="理由">${v.comment ?? ''}</td>
            </tr>`,
          )}</tbody>
        </table>`,
      )}

      <h3>見直し（新しい版）</h3>
      <p>見直し後の計画データ（JSON）を貼り付けるか、ファイルを選んでください。適用の前に、キーごとの違いを確認します。</p>
      <p><label>計画データのファイル <input type="file" accept="application/json,.json" @change=${upload} /></label></p>
      <p><label>計画データ（JSON）<br /><textarea rows="6" .value=${model.state.text} @input=${(e: Event) => {
        model.edit({ text: (e.target as HTMLTextAreaElement).value });
        redraw();
      }}></textarea></label></p>
      <p>
        ${effectiveFromSelect(plan, model.state.effectiveFrom, (year) => model.edit({ effectiveFrom: year }))}
        <label>見直しの理由 <input type="text" .value=${model.state.comment} @input=${(e: Event) => model.edit({ comment: (e.target as HTMLInputElement).value })} /></label>
      </p>
      <p><button type="button" ?disabled=${!model.state.text} @click=${() => run(() => model.preview())}>違いを確認する</button></p>
      ${
        preview
          ? html`
        <h4>第${preview.version}版との違い${preview.problems.length ? '' : `（${formatFiscalYear(preview.effectiveFrom)}から）`}</h4>
        ${preview.problems.length ? html`${errorBox('このままでは適用できません')}<ul class="problems">${preview.problems.map((p) => html`<li><strong>${p.path}</strong>: ${p.message}</li>`)}</ul>` : nothing}
        ${preview.changes.length === 0 && preview.problems.length === 0 ? html`<p>変更はありません。</p>` : nothing}
        ${scroller(
          '違いの一覧',
          html`<table class="changes stack">
            <thead><tr><th scope="col">項目</th><th scope="col">変更</th></tr></thead>
            <tbody>${preview.changes.map((change) => {
              const line = describeChange(change);
              return html`<tr><th scope="row">${line.what}</th><td data-label="変更">${line.how}</td></tr>`;
            })}</tbody>
          </table>`,
        )}
        <p><button type="button" class="primary" ?disabled=${!model.canApply} @click=${() => run(() => model.apply())}>この見直しを適用する</button></p>`
          : nothing
      }

      ${imported}

      <h3>課の構成（年度別）</h3>
      ${departmentsByYear(plan.departments, plan.years).map(
        (year) => html`<details>
          <summary>${formatFiscalYear(year.fiscalYear)}（${year.departments.length}課）</summary>
          <ul>${year.departments.map(
            (d) =>
              html`<li>${d.name}${d.starts ? html` <span class="badge">新設</span>` : nothing}${
                d.endsInto ? html` <span class="badge">この年度まで${d.endsInto.length ? `（${d.endsInto.join('・')}へ）` : ''}</span>` : nothing
              }</li>`,
          )}</ul>
        </details>`,
      )}`
        : html`<p>計画が登録されていません。</p>${imported}`
    }`;
}
