import type { OpinionRecord, OpinionRevision, PublicationEvent, PublicationRecord } from './publication-records.ts';
import type { AssignmentRecord, DigestArchive, DigestMarker, ReportRecord, ReportRef, Revision, StoredPlan } from './records.ts';

/**
 * Everything the API and the digest keep. One implementation talks to DynamoDB (dynamo-store.ts);
 * nothing else knows the table's keys. Every write is conditional on the version the writer read
 * and lands together with its revision.
 */
export interface Store {
  getPlan(): Promise<StoredPlan | undefined>;
  /** Stores the plan unless the same one (by hash) is already there; true when it wrote. */
  putPlan(plan: unknown, hash: string): Promise<boolean>;

  getReport(ref: ReportRef): Promise<ReportRecord | undefined>;
  /** All reports and actuals of a fiscal year (HQ's overview, the digest, exports). */
  listFiscalYear(fiscalYear: number): Promise<ReportRecord[]>;
  /** One measure's action reports and KPI actuals for a fiscal year. */
  listMeasure(fiscalYear: number, measure: number): Promise<ReportRecord[]>;
  /** A KPI's actuals over all periods, oldest first. */
  kpiSeries(kpiId: string): Promise<ReportRecord[]>;
  /**
   * Writes a report and its revision in one transaction. expectedVersion null means "create":
   * it fails with AlreadyExistsError when the report exists; otherwise VersionMismatchError when stale.
   */
  writeReport(next: ReportRecord, expectedVersion: number | null, revision: Revision): Promise<void>;
  /** Several report writes that all land or none does (spreadsheet import). */
  writeReports(writes: readonly { next: ReportRecord; expectedVersion: number | null; revision: Revision }[]): Promise<void>;
  listRevisions(ref: ReportRef): Promise<Revision[]>;

  listAssignments(): Promise<AssignmentRecord[]>;
  writeAssignment(next: AssignmentRecord, expectedVersion: number | null, revision: Revision): Promise<void>;
  listAssignmentRevisions(measure: number): Promise<Revision[]>;

  /**
   * Claims the right to send a fiscal year's digest. False when it was already sent (unless forced)
   * or another invocation is sending it right now; a claim left by a crashed run expires.
   */
  claimDigest(fiscalYear: number, options: { force: boolean; now: string; staleBefore: string }): Promise<boolean>;
  /** Marks the claimed digest sent and archives what went out, in one transaction. */
  completeDigest(claimedAt: string, archive: DigestArchive): Promise<void>;
  /** Releases a claim after a failed send, so the scheduler's retry can try again. */
  failDigest(fiscalYear: number, claimedAt: string): Promise<void>;
  getDigestMarker(fiscalYear: number): Promise<DigestMarker | undefined>;
  /** Every digest sent for a fiscal year, oldest first. */
  listDigests(fiscalYear: number): Promise<DigestArchive[]>;

  getOpinion(fiscalYear: number, id: string): Promise<OpinionRecord | undefined>;
  /** The year's opinions, in no particular order. */
  listOpinions(fiscalYear: number): Promise<OpinionRecord[]>;
  /** Same contract as writeReport: null creates, otherwise the version read; the revision lands with it. */
  writeOpinion(next: OpinionRecord, expectedVersion: number | null, revision: OpinionRevision): Promise<void>;
  listOpinionRevisions(fiscalYear: number, id: string): Promise<OpinionRevision[]>;

  getPublication(fiscalYear: number): Promise<PublicationRecord | undefined>;
  /** Every fiscal year ever published (withdrawn ones included), for open-data/index.json. */
  listPublications(): Promise<PublicationRecord[]>;
  writePublication(next: PublicationRecord, expectedVersion: number | null, event: PublicationEvent): Promise<void>;
  /** A year's publications and withdrawals, oldest first. */
  listPublicationEvents(fiscalYear: number): Promise<PublicationEvent[]>;
}
