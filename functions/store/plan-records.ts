import type { City, Plan, PlanStatus } from '../domain/catalogue/schema.ts';
import type { Author } from './records.ts';

/**
 * A plan as the table lists it (one item a plan, in one partition: GET /api/plans is one Query): what a
 * list needs without reading the plan itself, and the version every change of the plan is conditional on.
 */
export interface PlanHeadRecord {
  id: string;
  title: string;
  city: City;
  firstFiscalYear: number;
  lastFiscalYear: number;
  status: PlanStatus;
  /** 1 when loaded, +1 for every revision or change of status. */
  version: number;
  updatedAt: string;
  updatedBy: Author;
}

/** What a version of the plan was made by. */
export type PlanAction = 'load' | 'revise' | 'status' | 'upgrade';

/**
 * One version of a plan, kept forever (the plan's revision history: who, when, what). Its content is
 * the plan's JSON in chunks named by its hash, so versions that share content share the chunks.
 */
export interface PlanVersionRecord {
  planId: string;
  version: number;
  action: PlanAction;
  /** The sha-256 of the plan's JSON, and how many chunks hold it. */
  hash: string;
  chunks: number;
  /**
   * PLAN_CONTENT_FORMAT (domain/catalogue/schema.ts) of the content when written: content of today's format is
   * read without checking it again. Absent in versions written before it was kept: read and checked in full.
   */
  format?: number;
  /** The first fiscal year this version is in force for: earlier years keep the version that was. */
  effectiveFrom: number;
  /** The plan's status after this version. */
  status: PlanStatus;
  /** What changed from the version before, by key (domain/catalogue/revision.ts); empty for the first. */
  changes: unknown[];
  comment: string | null;
  at: string;
  by: Author;
}

/** A write of a plan's next version: its head fields, its content (or the previous version's), and the version read. */
export interface PlanWrite {
  head: Omit<PlanHeadRecord, 'version' | 'updatedAt' | 'updatedBy'>;
  /**
   * The plan as planSchema and the catalogue's validation returned it (parseCatalogue(…).plan), and its hash;
   * `null` keeps the content of version `expectedVersion` (a change of status).
   */
  content: { plan: Plan; hash: string } | null;
  action: PlanAction;
  effectiveFrom: number;
  changes: unknown[];
  comment: string | null;
  /** The version read; null to create the plan (VersionMismatchError when it exists). */
  expectedVersion: number | null;
  at: string;
  by: Author;
}
