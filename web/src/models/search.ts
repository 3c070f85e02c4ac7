/**
 * 検索 as state, without a page: the answer of GET /api/search and where each result leads. The query is
 * checked by the API (contract searchQuerySchema), whose message naming the field is shown as it comes:
 * the web app takes only types from the contract (.dependency-cruiser.cjs), and the search box sends at most
 * 100 characters anyway (maxlength).
 */
import type { SearchResults } from '../../../functions/contract/index.ts';
import { formatFiscalYear } from '../../../functions/domain/calendar/index.ts';
import { ApiError, call } from '../api.ts';

export type SearchResult = SearchResults['results'][number];

export interface SearchState {
  q: string;
  fy: number;
  results: SearchResult[];
  truncated: boolean;
  /** Why nothing was searched or found (a query too long, a refusal in the API's words); null otherwise. */
  error: string | null;
}

/** Searches the plan's items and the year's reports the user may read; never throws but for a 401 (sent to sign in). */
export async function search(q: string, fy: number): Promise<SearchState> {
  const empty = { q, fy, results: [], truncated: false };
  try {
    const { data } = await call('searchResultsSchema', `/search?q=${encodeURIComponent(q)}&fy=${fy}`);
    return { q, fy: data.fiscalYear, results: [...data.results], truncated: data.truncated, error: null };
  } catch (error) {
    if (!(error instanceof ApiError)) return { ...empty, error: '検索できませんでした。時間をおいてもう一度お試しください。' };
    return { ...empty, error: error.problem.errors?.[0]?.message ?? (error.problem.detail || error.problem.title) };
  }
}

/** Where a result leads: a measure's page, or the report of the item for the result's year (a part's names its 課). */
export function hrefOf(result: SearchResult, fy: number): string {
  const year = result.fiscalYear ?? fy;
  if (result.kind === 'measure') return `#/measures/${encodeURIComponent(result.key)}?fy=${year}`;
  const part = result.department ? `&department=${encodeURIComponent(result.department)}` : '';
  return `#/report/${result.kind}/${encodeURIComponent(result.key)}?fy=${year}${part}`;
}

/**
 * The search screen's address for a query and 年度 (#/search?q=&fy=): the box and the 年度 select both go
 * there, so a changed year searches again and the back button returns to the year before.
 */
export function searchHref(q: string, fy: number): string {
  return `#/search?q=${encodeURIComponent(q)}&fy=${fy}`;
}

/** The 年度 select's choices: the plan's years first to last, in 令和 (「令和8年度」), the searched one selected. */
export function yearChoices(years: readonly number[], fy: number): { value: number; label: string; selected: boolean }[] {
  return years.map((year) => ({ value: year, label: formatFiscalYear(year), selected: year === fy }));
}

/** A snippet's parts: the text before the match, the match (between 〔〕), and after. */
export function snippetParts(snippet: string): { before: string; match: string; after: string } {
  const open = snippet.indexOf('〔');
  const close = snippet.lastIndexOf('〕');
  if (open < 0 || close < open) return { before: snippet, match: '', after: '' };
  return { before: snippet.slice(0, open), match: snippet.slice(open + 1, close), after: snippet.slice(close + 1) };
}
