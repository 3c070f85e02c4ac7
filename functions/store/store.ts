import type {
  AssignmentRecord,
  AttachmentRecord,
  ClaimMarker,
  ClaimRef,
  DigestArchive,
  NoticeEvent,
  NoticeSettingsRecord,
  PersonRecord,
  ReportRecord,
  ReportRef,
  ReportFiguresRecord,
  ReportStatusRecord,
  Revision,
  SentMail,
  SentNotice,
  SentReminder,
  StoredPlan,
} from './records.ts';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { OpinionRecord, OpinionRevision, PublicationEvent, PublicationRecord } from './publication-records.ts';
import type { RevisionStamp, Versioned, VersionedWrite } from './versioned.ts';
import type { PlanHeadRecord, PlanVersionRecord, PlanWrite } from './plan-records.ts';

/**
 * A plan workbook layout's column mapping as HQ corrected it: `mapping` is {columns?, kpiColumns?}, column
 * letter → field (domain/plan-import/columns.ts PlanField, KpiField), kept as posted.
 */
export interface PlanMappingRecord extends Versioned {
  signature: string;
  mapping: { columns?: Record<string, unknown>; kpiColumns?: Record<string, unknown> };
}
export interface PlanMappingRevision extends RevisionStamp {
  mapping: PlanMappingRecord['mapping'];
}

/**
 * A save, import row or review step of a report or KPI actual; a step that someone waits for carries its
 * notice event, which lands in the same transaction (the outbox: no step without its notice, no notice without its step).
 */
export type ReportWrite = VersionedWrite<ReportRecord, Revision> & { notice?: NoticeEvent };

/** A change of someone's notice settings: what they turned off. */
export interface NoticeSettingsRevision extends RevisionStamp {
  off: NoticeSettingsRecord['off'];
}

/**
 * Everything the API and the digest keep. One implementation talks to DynamoDB (dynamo-store.ts);
 * nothing else knows the table's keys. Every write of a versioned record (a report, an assignment, an
 * opinion, a publication) takes the new content and the version the writer read (null: create); the store
 * gives it its next version, updatedAt and updatedBy (versioned.ts `stamp`), writes it together with its
 * revision in one transaction, and returns the stored record. When the version is not the one read (or a
 * create finds one), VersionMismatchError carries the record as it is now.
 */
export interface Store {
  /** Resolves when the table answers; throws StoreUnavailableError when it cannot be reached (health check). */
  checkReachable(): Promise<void>;

  /**
   * Where the answers given for an Idempotency-Key are kept (Powertools' persistence layer on this table).
   * Loaded on first use: only requests that carry the header need it.
   */
  idempotencyRecords(): Promise<BasePersistenceLayer>;

  /** The single plan of releases before plans were data, or undefined (read once, to upgrade the table). */
  getLegacyPlan(): Promise<StoredPlan | undefined>;
  /** Every plan's head (one Query). */
  listPlans(): Promise<PlanHeadRecord[]>;
  /** A plan's versions, oldest first. */
  listPlanVersions(planId: string): Promise<PlanVersionRecord[]>;
  /** A version's plan JSON (any size: it is kept in chunks). */
  readPlanContent(version: Pick<PlanVersionRecord, 'hash' | 'chunks'>): Promise<unknown>;
  /**
   * A plan's next version and its head, conditional on the version read (null: create). Readers see the old
   * version or the new one, never a mix; every earlier version stays. VersionMismatchError (with the head as
   * it is now) when someone changed the plan meanwhile.
   */
  writePlan(write: PlanWrite): Promise<{ head: PlanHeadRecord; version: PlanVersionRecord }>;

  getReport(ref: ReportRef): Promise<ReportRecord | undefined>;
  /** All reports and actuals of a fiscal year (HQ's whole-year export, the year's report). */
  listFiscalYear(fiscalYear: number): Promise<ReportRecord[]>;
  /**
   * A fiscal year's reports without their texts (ReportStatusRecord), for the overview and the digest: the same
   * Query as listFiscalYear, but DynamoDB hands back only the projected fields (~1/20 of the bytes at 100×).
   * `only: 'kpi'` reads the KPI actuals alone (their sort keys' range), for years whose action reports no
   * roll-up weighs.
   */
  listFiscalYearStatus(fiscalYear: number, only?: 'kpi'): Promise<ReportStatusRecord[]>;
  /**
   * A year's reports as an earlier year's figures take them (ReportFiguresRecord): the annual report and its
   * publication read the years before theirs for KPI series and 効果額 totals, never for their texts, which
   * are most of a report's bytes (issue 22: at 100× data, ~48,000 earlier records).
   */
  listFiscalYearFigures(fiscalYear: number): Promise<ReportFiguresRecord[]>;
  /**
   * The stored reports among `refs`, in key order as listFiscalYear reads them; a ref with nothing stored is left out, and a ref
   * given twice is read once. BatchGetItem, 100 keys a request: the cost follows the refs (an import's rows, one
   * department's items), not the year.
   */
  getReports(refs: readonly ReportRef[]): Promise<ReportRecord[]>;
  /** The same, without their texts (ReportStatusRecord, as listFiscalYearStatus projects): a page of the overview. */
  getReportStatuses(refs: readonly ReportRef[]): Promise<ReportStatusRecord[]>;
  /**
   * One page of a fiscal year's reports, in key order (GET /fiscal-years/{fy}/reports): what one DynamoDB
   * Query returns, at most `limit` records and never more than the 1 MB a Query reads, so an answer made
   * of it stays far below Lambda's 6 MB at any size of plan. `cursor` is the previous page's `nextCursor`
   * (opaque; InvalidCursorError when it is not one this store made); `nextCursor` is undefined on the last page.
   */
  listFiscalYearPage(fiscalYear: number, page: { cursor?: string; limit?: number }): Promise<{ records: ReportRecord[]; nextCursor: string | undefined }>;
  /** A KPI's actuals over all periods, oldest first (GET /api/kpis/{kpiId}/actuals: one request for the measure page's chart). */
  kpiSeries(kpiId: string): Promise<ReportRecord[]>;
  /** A report or KPI actual and its revision (see above). */
  writeReport(write: ReportWrite): Promise<ReportRecord>;
  /**
   * Several report writes that all land or none does, in one transaction (spreadsheet import): at most what
   * one group of reportTransactions holds.
   */
  writeReports(writes: readonly ReportWrite[]): Promise<ReportRecord[]>;
  /**
   * `writes` in order, grouped so that each group fits one transaction (DynamoDB: 100 actions and 4 MB; a
   * write is a report and its revision, sized as DynamoDB counts them). Long texts make fewer rows per group.
   */
  reportTransactions<W extends ReportWrite>(writes: readonly W[]): W[][];
  /**
   * Takes back report writes that landed (a part-way failure of a batch larger than one transaction):
   * each report returns to `previous` (or is removed when the write created it) and the write's revision
   * is removed, in as many transactions as DynamoDB's limits need, each only while the report is still at the
   * version that write left (VersionMismatchError when someone has changed it since).
   */
  revertReportWrites(writes: readonly { next: ReportRecord; previous: ReportRecord | undefined }[]): Promise<void>;
  listRevisions(ref: ReportRef): Promise<Revision[]>;

  /** A report's 根拠資料, every state, in no particular order. */
  listAttachments(ref: ReportRef): Promise<AttachmentRecord[]>;
  /** Every report's 根拠資料 of a fiscal year, every state, in one Query (paged); for the annual report. */
  listFiscalYearAttachments(fiscalYear: number): Promise<AttachmentRecord[]>;
  getAttachment(ref: ReportRef, id: string): Promise<AttachmentRecord | undefined>;
  /** A file announced (state pending, version 1); nothing in the report's history yet. */
  createAttachment(record: AttachmentRecord): Promise<void>;
  /** Forgets a pending file whose content was refused (conditional on it still being pending). */
  deletePendingAttachment(ref: ReportRef, id: string): Promise<void>;
  /**
   * A file's next state (stored at completion, removed at removal) and the report's revision that records
   * it, in one transaction, conditional on the file's version read and on the report not being approved
   * (VersionMismatchError with the report's key when it is approved by then, with the file's key otherwise).
   */
  changeAttachment(next: AttachmentRecord, expectedVersion: number, revision: Revision): Promise<void>;

  listAssignments(): Promise<AssignmentRecord[]>;
  writeAssignment(write: VersionedWrite<AssignmentRecord, Revision>): Promise<AssignmentRecord>;
  listAssignmentRevisions(measure: string): Promise<Revision[]>;
  /** The column mapping HQ remembered for a plan workbook layout (by its signature), or undefined. */
  getPlanMapping(signature: string): Promise<PlanMappingRecord | undefined>;
  writePlanMapping(write: VersionedWrite<PlanMappingRecord, PlanMappingRevision>): Promise<PlanMappingRecord>;

  /**
   * Claims the right to send one mail (a fiscal year's digest, or one department's reminder of a
   * round). False when it was already sent (unless forced) or another invocation is sending it right
   * now; a claim older than `staleBefore` (ISO time) belonged to a run that crashed and is free again.
   */
  claim(ref: ClaimRef, options: { force: boolean; now: string; staleBefore: string }): Promise<boolean>;
  /**
   * Marks the claim taken at `claimedAt` sent; with `archive` (the digest) it also keeps the mail,
   * in the same transaction. VersionMismatchError when the claim is no longer this run's.
   */
  completeClaim(ref: ClaimRef, claimedAt: string, sent: SentMail, archive?: DigestArchive): Promise<void>;
  /** Releases a claim after a failed send, so the scheduler's retry can try again. */
  failClaim(ref: ClaimRef, claimedAt: string): Promise<void>;
  getClaim(ref: ClaimRef): Promise<ClaimMarker | undefined>;
  /** Every digest sent for a fiscal year, oldest first. */
  listDigests(fiscalYear: number): Promise<DigestArchive[]>;

  getOpinion(fiscalYear: number, id: string): Promise<OpinionRecord | undefined>;
  /** The year's opinions, in no particular order. */
  listOpinions(fiscalYear: number): Promise<OpinionRecord[]>;
  writeOpinion(write: VersionedWrite<OpinionRecord, OpinionRevision>): Promise<OpinionRecord>;
  listOpinionRevisions(fiscalYear: number, id: string): Promise<OpinionRevision[]>;

  /** Notice events in the outbox, oldest first: what the local server has still to deliver. */
  pendingNoticeEvents(): Promise<NoticeEvent[]>;
  /** Takes a delivered event out of the outbox (locally; in AWS the TTL does). */
  forgetNoticeEvent(id: string): Promise<void>;
  /**
   * Files a daily_submitted event under its day (`YYYY-MM-DD`, Japan time) for HQ's daily summary. Filing the
   * same event again (a second delivery) replaces it: it is listed once.
   */
  fileDailySubmission(day: string, event: NoticeEvent): Promise<void>;
  /** The events filed under a day, oldest first: one Query of the day's partition. */
  listDailySubmissions(day: string): Promise<NoticeEvent[]>;
  /**
   * One page of a fiscal year's notices (their claims), newest first: at most `limit` by one Query.
   * `cursor` is the previous page's `nextCursor` (InvalidCursorError when it is not one this store made).
   */
  listSentNotices(fiscalYear: number, page: { cursor?: string; limit: number }): Promise<{ notices: SentNotice[]; nextCursor: string | undefined }>;
  /** A fiscal year's reminder claims (sent, sending or failed), by round then department code: one Query. */
  listReminders(fiscalYear: number): Promise<SentReminder[]>;
  /** Records (replaces) what a person's token said when they last opened the product. */
  recordPerson(person: PersonRecord): Promise<void>;
  getPerson(sub: string): Promise<PersonRecord | undefined>;
  /** Everyone who has signed in (one Query): a department's 所属長 and HQ are found among them. */
  listPeople(): Promise<PersonRecord[]>;
  getNoticeSettings(sub: string): Promise<NoticeSettingsRecord | undefined>;
  writeNoticeSettings(write: VersionedWrite<NoticeSettingsRecord, NoticeSettingsRevision>): Promise<NoticeSettingsRecord>;

  getPublication(fiscalYear: number): Promise<PublicationRecord | undefined>;
  /** Every fiscal year ever published (withdrawn ones included), for open-data/index.json. */
  listPublications(): Promise<PublicationRecord[]>;
  writePublication(write: VersionedWrite<PublicationRecord, PublicationEvent>): Promise<PublicationRecord>;
  /** A year's publications and withdrawals, oldest first. */
  listPublicationEvents(fiscalYear: number): Promise<PublicationEvent[]>;
}
