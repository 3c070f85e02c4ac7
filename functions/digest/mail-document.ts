import type { KpiRating } from '../domain/attainment/labels.ts';

/**
 * The content of a mail, said once: headings, paragraphs, tables and lists holding the figures.
 * mail-html.ts and mail-text.ts render it to the HTML part and the plain-text part, so a sentence
 * is written in one place and escaping is the HTML template's job, never the content's.
 */
export interface MailDocument {
  subject: string;
  blocks: Block[];
}

/** A piece of running text: words, a KPI rating (with a count in summaries), a link. */
export type Inline = string | { rating: KpiRating; count?: number } | { href: string; text: string };

/** A KPI's line in a pillar's table; the figures are already written the Japanese way. */
export interface KpiRow {
  /** 「施策3」. */
  measure: string;
  name: string;
  rating: KpiRating;
  /** The period's actual (or the window's mean) with its period: 「90件（令和8年度）」, 「11.5日（令和8年）」; "—" when none. */
  measured: string;
  baseline: string;
  target: string;
  /** Fractions of the way from baseline to target (1 = reached); null when not measurable. */
  progress: number | null;
  expected: number | null;
  /** A target that is a mean over years (window_mean): met or not, never 順調 (attainment/kpi.ts). */
  meanOverYears: boolean;
}

/** A department's reports not yet submitted to HQ. */
export interface MissingRow {
  department: string;
  /** Each item's id and its title (action item) or name (KPI). */
  actionItems: { id: string; label: string }[];
  kpis: { id: string; label: string }[];
  /** Items left out of the lists above (a mail's lists are bounded), counted here. */
  moreActionItems?: number;
  moreKpis?: number;
}

export type Block =
  | { kind: 'title'; lines: string[] }
  | { kind: 'heading'; text: string }
  /** `note` is the small grey print of footers and explanations. */
  | { kind: 'paragraph'; content: Inline[]; tone?: 'note' }
  /** Label–value pairs: a two-column table in HTML, "label: value" lines in text. */
  | { kind: 'facts'; head: [string, string]; rows: { label: string; value: Inline[] }[] }
  /** A table; in text each row is one line "first cell: other cells". */
  | { kind: 'table'; head: string[]; rows: Inline[][][] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'kpis'; periodHead: string; rows: KpiRow[] }
  | { kind: 'ratingChanges'; head: [string, string, string]; rows: { label: string; before: KpiRating; after: KpiRating }[] }
  | { kind: 'missing'; rows: MissingRow[] }
  /** The mail's call to action. */
  | { kind: 'button'; href: string; text: string };
