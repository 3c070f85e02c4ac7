import { hrefOf, search, searchHref, snippetParts, yearChoices } from '../models/search.ts';
import type { SearchResult } from '../models/search.ts';
import { fiscalYears, fyLabel } from '../state.ts';
import { html, nothing, show } from '../ui.ts';
import { errorBox, stateBadge } from './common.ts';

const KIND_LABELS: Record<SearchResult['kind'], string> = { measure: '施策', action: '取組項目', kpi: 'KPI' };

/**
 * 検索結果 (#/search?q=&fy=): what the header's box found, each a link to its measure or report. Loaded only
 * when opened, so the first load carries only the box. The match is marked where it was found. The 年度
 * select chooses whose reports are searched (the header's box searches the year of the page it is on);
 * changing it searches again at once.
 */
export async function searchView(q: string, fy: number): Promise<void> {
  const found = await search(q, fy);
  const row = (r: SearchResult) => {
    const { before, match, after } = snippetParts(r.snippet);
    return html`<li class="search-result">
      <a href=${hrefOf(r, found.fy)}>${r.kind === 'measure' ? `施策${r.number}` : `${KIND_LABELS[r.kind]} ${r.number}`} ${r.title}</a>
      <span class="muted">${r.fiscalYear ? `${fyLabel(r.fiscalYear)}の報告` : '計画'}${r.departmentName ? `　${r.departmentName}` : ''}</span>
      ${r.state ? stateBadge(r.state) : nothing}
      <p class="snippet">${before}<mark>${match}</mark>${after}</p>
    </li>`;
  };
  show(html`
    <h1>検索</h1>
    <form role="search" aria-label="検索条件" class="search-page" @submit=${(e: Event) => {
      e.preventDefault();
      const form = new FormData(e.target as HTMLFormElement);
      location.hash = searchHref(String(form.get('q') ?? ''), Number(form.get('fy')) || found.fy);
    }}>
      <div><label for="search-page-q">検索する語（施策・取組項目・KPIの番号や名称、担当課、${fyLabel(found.fy)}の報告の本文）</label>
      <input id="search-page-q" name="q" type="search" maxlength="100" .value=${q} /></div>
      <div><label for="search-page-fy">年度</label>
      <select id="search-page-fy" name="fy" @change=${(e: Event) => {
        const select = e.target as HTMLSelectElement;
        const typed = (select.form?.elements.namedItem('q') as HTMLInputElement | null)?.value ?? q;
        location.hash = searchHref(typed, Number(select.value));
      }}>${yearChoices(fiscalYears(), found.fy).map((year) => html`<option value=${year.value} ?selected=${year.selected}>${year.label}</option>`)}</select></div>
      <button type="submit">検索</button>
    </form>
    ${
      found.error
        ? errorBox(found.error)
        : html`<p class="summary" role="status">「${q}」：${found.results.length}件${found.truncated ? '（多すぎるため一部だけ表示しています。語を足して絞り込んでください）' : ''}</p>
          ${found.results.length ? html`<ol class="search-results">${found.results.map(row)}</ol>` : html`<p>見つかりませんでした。別の語や年度でお試しください。</p>`}`
    }`);
}
