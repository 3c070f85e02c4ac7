import type { DepartmentCode } from '../domain/catalogue/schema.ts';
import type { ActionReportDraft, KpiActualDraft } from '../domain/progress-reports/schema.ts';
import type { ReportState, WorkflowAction } from '../domain/progress-reports/workflow.ts';
import type { NoticeKind, StepNoticeKind } from '../domain/notices/index.ts';

/** action: 取組項目の報告; kpi: KPI実績. */
export type ReportKind = 'action' | 'kpi';

export interface ReportRef {
  kind: ReportKind;
  fiscalYear: number;
  /** The action item's or KPI's key ("5-1", "16-K2"). */
  subject: string;
  /**
   * A shared item's part (関係各課): the department code whose own report it is. Absent on an unshared item,
   * on KPI actuals (never split) and on a shared item's record written before parts existed.
   */
  department?: string;
}

export interface Author {
  sub: string;
  name: string;
}

interface ReportBase extends ReportRef {
  /** The key of the item's measure. */
  measure: string;
  state: ReportState;
  /** The reviewer's latest comment (差し戻し理由 or 承認コメント, by the 所属長 or HQ); null until one writes. */
  comment: string | null;
  /** Who last submitted it: they may withdraw it (取り下げ) until HQ acts. Absent before the first submission. */
  submittedBy?: Author;
  /** The submitter's departments responsible for the measure when they submitted: their 所属長 may withdraw it too. Absent on older reports. */
  submittedFrom?: string[];
  /** Those departments' names in force when they submitted (機構改革 may rename them later): code → name. Absent on older reports. */
  submittedFromNames?: Record<string, string>;
  /**
   * 前年度から引継ぎ: the report its text was copied from (its 年度 and version), until a save changes the
   * text. Absent on a report written from scratch.
   */
  carriedFrom?: { fiscalYear: number; version: number };
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: Author;
}
/** Bodies are stored as drafts may leave them; a report past 下書き/差戻し passed the complete schema on submission. */
export interface ActionReportRecord extends ReportBase {
  kind: 'action';
  body: ActionReportDraft;
}
export interface KpiActualRecord extends ReportBase {
  kind: 'kpi';
  body: KpiActualDraft;
}
export type ReportRecord = ActionReportRecord | KpiActualRecord;

/**
 * A report as a roll-up weighs it (store.listFiscalYearStatus): who and where, its state, and of its body only
 * the action item's status and rating or the KPI's value, without the texts that make up most of its bytes.
 */
export interface ReportStatusRecord extends ReportRef {
  measure: string;
  state: ReportState;
  submittedFrom?: string[];
  body: Partial<Pick<ActionReportDraft, 'status' | 'rating'> & Pick<KpiActualDraft, 'value'>>;
}

/**
 * A report as an earlier year's figures use it (store.listFiscalYearFigures): what it is and its state, and of
 * its body only a KPI actual's value, assessment, 時点 and note or an action report's 効果額, without its texts.
 */
export interface ReportFiguresRecord extends ReportRef {
  state: ReportState;
  body: Partial<Pick<ActionReportDraft, 'effectAmount'> & Pick<KpiActualDraft, 'value' | 'assessment' | 'asOf' | 'note'>>;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One accepted change, kept forever: who, when, what. */
export interface Revision {
  version: number;
  at: string;
  by: Author;
  action: WorkflowAction | 'assign' | 'import' | 'carry_forward' | 'attach' | 'detach';
  state: ReportState | null;
  changes: FieldChange[];
  comment: string | null;
}

/** HQ's concrete departments for a measure owned by 関係各課. */
export interface AssignmentRecord {
  /** The measure's key. */
  measure: string;
  departments: DepartmentCode[];
  /** Names of departments the plan does not list, as HQ entered them. */
  names?: Record<DepartmentCode, string>;
  version: number;
  updatedAt: string;
  updatedBy: Author;
}

export interface StoredPlan {
  plan: unknown;
  hash: string;
  loadedAt: string;
}

/** Every change of a record between two versions, field by field, for the revision history. */
export function diffFields(before: object | undefined, after: object): FieldChange[] {
  const previous = (before ?? {}) as Record<string, unknown>;
  const next = after as Record<string, unknown>;
  const fields = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...fields]
    .filter((field) => JSON.stringify(previous[field]) !== JSON.stringify(next[field]))
    .map((field) => ({ field, before: previous[field] ?? null, after: next[field] ?? null }));
}

/** One digest e-mail as it was sent, kept so HQ can reopen past digests. */
export interface DigestArchive {
  fiscalYear: number;
  sentAt: string;
  messageId: string;
  recipients: string[];
  subject: string;
  html: string;
  text: string;
  forced: boolean;
}

/**
 * A mail that goes out once: the yearly digest (per fiscal year) or a reminder (per fiscal year,
 * reminder round and department). Re-sending a reminder is a new round, never the same claim again.
 */
export type ClaimRef =
  | { kind: 'digest'; fiscalYear: number }
  | { kind: 'reminder'; fiscalYear: number; round: number; department: string }
  /** One notice event's mail (NoticeEvent.id); the claim is also the sent log's entry (HQ's 「送信した通知」). */
  | { kind: 'notice'; fiscalYear: number; event: string };

/** Whether a claimed mail went out: the conditional write that makes sending happen once. */
export interface ClaimMarker {
  fiscalYear: number;
  status: 'sending' | 'sent' | 'failed';
  claimedAt: string;
  sentCount: number;
  lastSentAt?: string;
  /** The last send's SES message id and addressees (for HQ's "when and to whom"). */
  messageId?: string;
  recipients?: string[];
}

/** What a completed send records on its claim; the digest also archives the mail itself. */
export interface SentMail {
  sentAt: string;
  /** Empty when nobody was mailed (every addressee had turned the kind off, or had no address). */
  messageId: string;
  recipients: string[];
  /** A notice's subject line, kind and item, for HQ's sent log. */
  notice?: { kind: NoticeKind; subject: string; report?: ReportRef; itemLabel?: string };
}

/**
 * A notice event (the outbox of issue 24): written in the same transaction as the workflow step that raises
 * it, so a step and its notice land together or not at all; delivered to the mail function after the write
 * (in AWS by the table's stream and a queue, locally by the local server), never in the request.
 */
export interface NoticeEvent {
  /** `<occurredAt>_<uuid>`: unique, and sorts by time in the sent log. */
  id: string;
  kind: StepNoticeKind;
  report: ReportRef;
  /** The key of the item's measure. */
  measure: string;
  fiscalYear: number;
  /** The departments the report was submitted from (their 所属長 are told of 課内確認待ち). */
  departments: string[];
  /** Who took the step. */
  actor: Author;
  /** Who submitted the report (told of a return or an approval); absent when nobody has. */
  writer?: Author;
  /** The reviewer's comment (差し戻し理由, 承認コメント), null without one. */
  comment: string | null;
  /** ISO 8601 (UTC), the step's time. */
  occurredAt: string;
}

/** A notice's claim as the sent log reads it (ClaimMarker with the event's details). */
export interface SentNotice extends ClaimMarker {
  event: string;
  notice?: SentMail['notice'];
}

/** A department reminder's claim (督促メール), for HQ's 「送信した通知」: which round, which department. */
export interface SentReminder extends ClaimMarker {
  round: number;
  department: string;
}

/**
 * Someone who signed in, as the mail function finds them (issue 24): recorded from their token each time they
 * open the product (GET /api/me), so notices follow role and address changes made in Cognito.
 */
export interface PersonRecord {
  sub: string;
  name: string;
  /** The token's `email` claim; absent: nothing can be mailed to them. */
  email?: string;
  hq: boolean;
  /** department code → 'staff' | 'head'. */
  departments: Record<string, 'staff' | 'head'>;
  seenAt: string;
}

/** Which notices a person turned off (versioned: PUT with If-Match). Every kind is on until turned off. */
export interface NoticeSettingsRecord {
  sub: string;
  off: NoticeKind[];
  version: number;
  updatedAt: string;
  updatedBy: Author;
}

/**
 * 根拠資料: one file of a report (issue 24). `pending` from POST …/attachments until `complete` has checked the
 * stored bytes; only `stored` files are listed; `removed` keeps the record after removal (the bytes are gone).
 * Versioned: 1 when announced, +1 at completion and at removal.
 */
export interface AttachmentRecord {
  /** The report it belongs to. */
  report: ReportRef;
  /** A random UUID: also the stored file's name (the URL of its upload is the permission). */
  id: string;
  /** As the user named it (NFC, without folders: domain/attachments fileNameOf). */
  name: string;
  /** Its declared media type, checked against its content at completion. */
  type: string;
  /** Bytes, as declared (the upload URL accepts exactly this many). */
  size: number;
  state: 'pending' | 'stored' | 'removed';
  version: number;
  createdAt: string;
  createdBy: Author;
  updatedAt: string;
  updatedBy: Author;
}
