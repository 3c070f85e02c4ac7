import { fiscalYearOf } from '../domain/calendar/index.ts';
import type { ReportRecord } from '../store/records.ts';
import type { ReportState } from '../domain/progress-reports/workflow.ts';
import type { ServiceContext } from './context.ts';

/** One thing found: an item of the plan (by its title, number or department) or a report of the year (by its text). */
export interface SearchResult {
  kind: 'measure' | 'action' | 'kpi';
  key: string;
  number: string;
  title: string;
  /** A report's 年度; absent for an item of the plan. */
  fiscalYear?: number;
  /** A shared item's part: the department code whose report it is. */
  department?: string;
  /** The responsible departments' names (a measure's owners, a report's part). */
  departmentName?: string;
  /** A report's state; absent for an item of the plan. */
  state?: ReportState;
  /** The matching text with 〔…〕 around the match, at most SNIPPET_LENGTH characters. */
  snippet: string;
}

/** At most this many results in an answer (then `truncated`): a page a person reads, not an export. */
export const SEARCH_LIMIT = 50;
/** A snippet's length in characters, the 〔〕 and … included. */
export const SNIPPET_LENGTH = 80;

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/**
 * The form both sides are compared in: NFKC (全角 ＡＢＣ１２ = ABC12, 半角 ｶﾞ = ガ) and lower case. Done per
 * grapheme, so each normalised character still points at the original text it came from (a snippet shows
 * what the person wrote, not its normalised form); a half-width ｶﾞ is one grapheme, so it becomes ガ whole.
 */
function normalised(text: string): { text: string; origin: number[] } {
  let out = '';
  const origin: number[] = [];
  for (const { segment, index } of graphemes.segment(text)) {
    const piece = segment.normalize('NFKC').toLowerCase();
    for (let i = 0; i < piece.length; i++) origin.push(index);
    out += piece;
  }
  origin.push(text.length);
  return { text: out, origin };
}

/** The query as matched: NFKC, lower case, trimmed. */
export const normaliseQuery = (q: string) => q.normalize('NFKC').toLowerCase().trim();

/**
 * Where `query` (already normaliseQuery'd) occurs in `text`, as a snippet of at most SNIPPET_LENGTH characters
 * with 〔…〕 around the match and … where text was cut; null when it does not occur.
 */
export function snippetOf(text: string, query: string): string | null {
  if (!query) return null;
  const norm = normalised(text);
  const at = norm.text.indexOf(query);
  if (at < 0) return null;
  const start = norm.origin[at]!;
  // The original text of the match ends where the grapheme holding the query's last character ends.
  const last = norm.origin[at + query.length - 1]!;
  const end = norm.origin.find((origin, i) => i >= at + query.length && origin > last) ?? text.length;
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  let match = flat(text.slice(start, end));
  const room = SNIPPET_LENGTH - 2;
  if (match.length >= room) return `〔${match.slice(0, room - 1)}…〕`;
  let before = flat(text.slice(0, start));
  let after = flat(text.slice(end));
  // Context on both sides, a third before the match and the rest after.
  const spare = room - match.length;
  const keepBefore = Math.min(before.length, Math.max(Math.floor(spare / 3), spare - after.length));
  const cutBefore = keepBefore < before.length;
  before = cutBefore ? `…${before.slice(before.length - keepBefore + 1)}` : before;
  const keepAfter = spare - before.length;
  after = after.length > keepAfter ? `${after.slice(0, Math.max(0, keepAfter - 1))}…` : after;
  match = `〔${match}〕`;
  return `${before}${match}${after}`;
}

/** The first of `texts` that holds the query, as its snippet. */
const firstSnippet = (texts: readonly (string | null | undefined)[], query: string) => {
  for (const text of texts) {
    const snippet = text ? snippetOf(text, query) : null;
    if (snippet) return snippet;
  }
  return null;
};

/**
 * Items and reports that hold `q` (NFKC, 全角/半角 and case alike), within what the caller may read:
 * the plan's measures, action items and KPIs by number, title and department (from the catalogue, in memory),
 * then the fiscal year's reports by 実績・課題・今後の取組・出典 and the reviewer's comment, kept only when
 * `permissions.canRead(measure, state)` (the council: approved only; a department: its own and what it may read).
 * One Query for the year's reports (Store.listFiscalYear), never a Scan. `fiscalYear` defaults to the plan's year now.
 * NotFoundError (from ctx.access) for a year no plan covers.
 */
export async function search(
  ctx: ServiceContext,
  q: string,
  fiscalYear?: number,
): Promise<{ fiscalYear: number; results: SearchResult[]; truncated: boolean }> {
  const query = normaliseQuery(q);
  const year = fiscalYear ?? planYearNow((await ctx.access()).catalogue.plan.period, ctx.now);
  const [{ catalogue, permissions, departments }, records] = await Promise.all([ctx.access(year), ctx.store.listFiscalYear(year)]);
  const results: SearchResult[] = [];
  const namesOf = (codes: readonly string[]) => codes.map((code) => departments.name(code)).join('・');

  for (const { measure } of catalogue.measures) {
    // An item whose measure the caller may not see at all is not found, as GET answers it.
    if (!permissions.canRead(measure.key, 'approved')) continue;
    const departmentName = namesOf(permissions.departmentsOf(measure.key));
    const measureSnippet = firstSnippet([`施策${measure.number}`, measure.title, departmentName], query);
    if (measureSnippet)
      results.push({ kind: 'measure', key: measure.key, number: measure.number, title: measure.title, departmentName, snippet: measureSnippet });
    for (const item of measure.actionItems) {
      const snippet = firstSnippet([item.number, item.title], query);
      if (snippet) results.push({ kind: 'action', key: item.key, number: item.number, title: item.title, departmentName, snippet });
    }
    for (const kpi of measure.kpis) {
      const snippet = firstSnippet([kpi.number, kpi.name], query);
      if (snippet) results.push({ kind: 'kpi', key: kpi.key, number: kpi.number, title: kpi.name, departmentName, snippet });
    }
  }

  for (const record of records) {
    if (!permissions.canRead(record.measure, record.state)) continue;
    const snippet = firstSnippet(reportTexts(record), query);
    if (!snippet) continue;
    const item = record.kind === 'action' ? catalogue.actionItem(record.subject)?.item : catalogue.kpi(record.subject)?.kpi;
    if (!item) continue;
    results.push({
      kind: record.kind,
      key: record.subject,
      number: item.number,
      title: 'title' in item ? item.title : item.name,
      fiscalYear: record.fiscalYear,
      ...(record.department ? { department: record.department, departmentName: departments.name(record.department) } : {}),
      state: record.state,
      snippet,
    });
  }
  return { fiscalYear: year, results: results.slice(0, SEARCH_LIMIT), truncated: results.length > SEARCH_LIMIT };
}

/** The plan's year now, as the home page takes it: before the plan its first year, after it its last. */
function planYearNow(period: { firstFiscalYear: number; lastFiscalYear: number }, now: string): number {
  return Math.min(period.lastFiscalYear, Math.max(period.firstFiscalYear, fiscalYearOf(now)));
}

/** A report's texts a person writes, in the order a match is shown from. */
function reportTexts(record: ReportRecord): (string | null | undefined)[] {
  const body: Record<string, unknown> = record.body;
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  return record.kind === 'action' ? [text('achievements'), text('challenges'), text('nextSteps'), record.comment] : [text('note'), record.comment];
}
