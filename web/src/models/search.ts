/**
 * 検索 as state, without a page: the query checked by the API's own schema (so a word too long is said
 * before anything is sent), the answer of GET /api/search, and where each result leads.
 */
import { searchQuerySchema } from '../../../functions/contract/index.ts';
import type { SearchResults } from '../../../functions/contract/index.ts';
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
  const parsed = searchQuerySchema.safeParse({ q });
  if (!parsed.success) return { ...empty, error: parsed.error.issues[0]!.message };
  try {
    const { data } = await call('searchResultsSchema', `/search?q=${encodeURIComponent(parsed.data.q)}&fy=${fy}`);
    return { q, fy: data.fiscalYear, results: [...data.results], truncated: data.truncated, error: null };
  } catch (error) {
    if (!(error instanceof ApiError)) return { ...empty, error: '検索できませんでした。時間をおいてもう一度お試しください。' };
    return { ...empty, error: error.problem.detail || error.problem.title };
  }
}

/** Where a result leads: a measure's page, or the report of the item for the result's year (a part's names its 課). */
export function hrefOf(result: SearchResult, fy: number): string {
  const year = result.fiscalYear ?? fy;
  if (result.kind === 'measure') return `#/measures/${encodeURIComponent(result.key)}?fy=${year}`;
  const part = result.department ? `&department=${encodeURIComponent(result.department)}` : '';
  return `#/report/${result.kind}/${encodeURIComponent(result.key)}?fy=${year}${part}`;
}

/** A snippet's parts: the text before the match, the match (between 〔〕), and after. */
export function snippetParts(snippet: string): { before: string; match: string; after: string } {
  const open = snippet.indexOf('〔');
  const close = snippet.lastIndexOf('〕');
  if (open < 0 || close < open) return { before: snippet, match: '', after: '' };
  return { before: snippet.slice(0, open), match: snippet.slice(open + 1, close), after: snippet.slice(close + 1) };
}
