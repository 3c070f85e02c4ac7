import type { OpinionBody, OpinionState } from '../domain/annual-report/opinions.ts';
import type { Author, FieldChange } from './records.ts';

/** One 推進懇談会の意見 of a fiscal year. */
export interface OpinionRecord {
  id: string;
  fiscalYear: number;
  body: OpinionBody;
  /** hq: recorded by the secretariat; viewer: submitted by a council member. */
  createdByRole: 'hq' | 'viewer';
  /** Only approved opinions enter the report and the publication (see domain/annual-report/opinions.ts). */
  state: OpinionState;
  version: number;
  createdAt: string;
  createdBy: Author;
  updatedAt: string;
  updatedBy: Author;
}

export interface OpinionRevision {
  version: number;
  at: string;
  by: Author;
  /** record: HQ wrote it down; submit: a council member sent it; edit: a correction; approve: HQ let it into the report. */
  action: 'record' | 'submit' | 'edit' | 'approve';
  changes: FieldChange[];
}

/** Where a fiscal year's publication (公表) stands; its history is the list of PublicationEvents. */
export interface PublicationRecord {
  fiscalYear: number;
  state: 'published' | 'withdrawn';
  /** The number of the latest snapshot (1 for the first publication, +1 for each republication). */
  snapshot: number;
  /** When the snapshot now online (or last online) was published. */
  publishedAt: string;
  version: number;
  updatedAt: string;
  updatedBy: Author;
}

/** One publication or withdrawal, kept forever. */
export interface PublicationEvent {
  version: number;
  at: string;
  by: Author;
  action: 'publish' | 'withdraw';
  snapshot: number;
  /** What the snapshot held: approved action items and KPI actuals of the year, opinions. */
  counts?: { actionItems: number; kpiActuals: number; opinions: number };
}
