import type { ClaimRef, ReportRef } from './records.ts';

const subjectKey = (ref: ReportRef) =>
  `${ref.kind === 'action' ? 'ACTION' : 'KPI'}#${ref.subject}${ref.department === undefined ? '' : `#PART#${ref.department}`}`;

/** The only place that knows how items are keyed (see table.ts for the access patterns). */
export const keys = {
  fiscalYear: (fiscalYear: number) => `FY#${fiscalYear}`,
  /** A shared item's part (関係各課) is its own record beside the item's: `ACTION#<itemKey>#PART#<department code>`. */
  report: (ref: ReportRef) => ({
    PK: `FY#${ref.fiscalYear}`,
    SK: subjectKey(ref),
  }),
  /**
   * A page of a fiscal year's reports resumes after the sort key it names, sent to clients as an opaque
   * cursor (base64url): only a report's sort key is taken back, so a cursor cannot reach other items of the partition.
   */
  reportCursor: {
    encode: (sortKey: string) => Buffer.from(sortKey, 'utf8').toString('base64url'),
    decode: (cursor: string): string | undefined => {
      const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
      return /^(ACTION|KPI)#[^#\s]{1,64}(#PART#[^#\s]{1,64})?$/.test(sortKey) ? sortKey : undefined;
    },
  },
  /** The sort keys of a fiscal year's KPI actuals begin with this (its action reports' with `ACTION#`). */
  kpiReportPrefix: 'KPI#',
  kpiSeries: (kpiId: string) => `KPI#${kpiId}`,
  period: (period: number) => `PERIOD#${period}`,
  revisions: (ref: ReportRef) => `REV#FY#${ref.fiscalYear}#${subjectKey(ref)}`,
  /**
   * 根拠資料 (issue 24): one partition per fiscal year beside the reports' (a year's Query of reports never
   * meets them), so the annual report lists a whole year's files in one Query; a report's files are the sort
   * keys that begin with its subject (`ACTION#1-1#FILE#`, which `ACTION#1-10…` and a part's keys do not).
   */
  fiscalYearAttachments: (fiscalYear: number) => `ATT#FY#${fiscalYear}`,
  attachments: (ref: ReportRef) => ({ PK: `ATT#FY#${ref.fiscalYear}`, prefix: `${subjectKey(ref)}#FILE#` }),
  attachment: (ref: ReportRef, id: string) => ({ PK: `ATT#FY#${ref.fiscalYear}`, SK: `${subjectKey(ref)}#FILE#${id}` }),
  /**
   * Adding or removing a file is a revision of the report's history without a new version of the report
   * (a form being edited keeps its If-Match): kept after the version it happened at, by time.
   */
  attachmentRevision: (reportVersion: number, at: string, id: string) => `V#${String(reportVersion).padStart(6, '0')}#FILE#${at}#${id}`,
  /** Zero-padded so revisions sort by version. */
  revision: (version: number) => `V#${String(version).padStart(6, '0')}`,
  /** The single plan of releases before plans were data (read once, to upgrade it): its head names its chunks. */
  plan: { PK: 'PLAN', SK: 'CURRENT' },
  /** Every plan's head in one partition: GET /api/plans is one Query. */
  plans: 'PLANS',
  planHead: (planId: string) => ({ PK: 'PLANS', SK: `PLAN#${planId}` }),
  /** A plan's versions, oldest first. */
  planVersions: (planId: string) => `PLANVER#${planId}`,
  planVersion: (planId: string, version: number) => ({ PK: `PLANVER#${planId}`, SK: `V#${String(version).padStart(6, '0')}` }),
  /** A plan's chunks, by the content's hash: immutable once written, shared by versions with the same content, never deleted. */
  planChunks: (hash: string) => `PLAN#${hash}`,
  /** Zero-padded so chunks sort in order. */
  planChunk: (index: number) => `CHUNK#${String(index).padStart(4, '0')}`,
  /**
   * HQ's corrected column mapping of a plan workbook's layout, by the layout's signature (a sha256 hex of
   * its header texts, service/plan-import.ts): the next file with the same headers is read the same way.
   */
  planMapping: (signature: string) => ({ PK: 'PLANMAPPING', SK: `SIG#${signature}` }),
  planMappingRevisions: (signature: string) => `REV#PLANMAPPING#${signature}`,
  /** Never written: reading it is the health check's cheapest possible read. */
  health: { PK: 'HEALTH', SK: 'CHECK' },
  assignments: 'ASSIGNMENT',
  /** A measure key of digits only (the first plan's numbers) keeps the zero-padded sort key it was written with. */
  assignment: (measure: string) => ({ PK: 'ASSIGNMENT', SK: `MEASURE#${/^\d+$/.test(measure) ? measure.padStart(3, '0') : measure}` }),
  assignmentRevisions: (measure: string) => `REV#ASSIGNMENT#${measure}`,

  /** A digest's claim keeps the key it had before reminders shared the mechanism, so sent years stay sent. */
  claim: (ref: ClaimRef) => {
    if (ref.kind === 'digest') return { PK: 'DIGEST', SK: `FY#${ref.fiscalYear}` };
    if (ref.kind === 'notice') return keys.sentNotice(ref.fiscalYear, ref.event);
    return { PK: 'REMINDER', SK: `${keys.remindersOf(ref.fiscalYear).prefix}ROUND#${String(ref.round).padStart(2, '0')}#DEPT#${ref.department}` };
  },
  /** A fiscal year's reminder claims: one Query of the REMINDER partition, begins_with this prefix. */
  remindersOf: (fiscalYear: number) => ({ PK: 'REMINDER', prefix: `FY#${fiscalYear}#` }),
  /** Round and department back from a reminder claim's sort key (the inverse of `claim`). */
  reminderOf: (sk: string): { round: number; department: string } | undefined => {
    const match = /^FY#\d+#ROUND#(\d+)#DEPT#(.+)$/.exec(sk);
    return match ? { round: Number(match[1]), department: match[2]! } : undefined;
  },
  digestArchive: (fiscalYear: number) => `DIGEST#FY#${fiscalYear}`,
  digestSent: (sentAt: string) => `SENT#${sentAt}`,

  /** 推進懇談会の意見 of a fiscal year: one partition, listed whole for the year's report. */
  opinions: (fiscalYear: number) => `OPINION#FY#${fiscalYear}`,
  opinion: (fiscalYear: number, id: string) => ({ PK: `OPINION#FY#${fiscalYear}`, SK: `OPINION#${id}` }),
  opinionRevisions: (fiscalYear: number, id: string) => `REV#OPINION#FY#${fiscalYear}#${id}`,
  /** Every fiscal year's publication (公表) in one partition, for open-data/index.json. */
  publications: 'PUBLICATION',
  publication: (fiscalYear: number) => ({ PK: 'PUBLICATION', SK: `FY#${fiscalYear}` }),
  publicationEvents: (fiscalYear: number) => `REV#PUBLICATION#FY#${fiscalYear}`,
  /**
   * Notice events not yet known delivered (the outbox, issue 24): one partition, so the local server reads
   * what is pending with one Query. In AWS the table's stream carries each new item of it to the mail queue
   * (infra/stacks/digest.ts filters on this partition key) and its TTL removes it a week later.
   */
  noticeOutbox: 'NOTICE#OUTBOX',
  noticeEvent: (id: string) => ({ PK: 'NOTICE#OUTBOX', SK: `EVENT#${id}` }),
  /** A notice's claim, which is also the sent log: one partition a fiscal year, newest last (ids sort by time). */
  sentNotices: (fiscalYear: number) => `NOTICE#SENT#FY#${fiscalYear}`,
  sentNotice: (fiscalYear: number, event: string) => ({ PK: `NOTICE#SENT#FY#${fiscalYear}`, SK: `EVENT#${event}` }),
  /**
   * What reached 提出済 on a day (Japan time, `YYYY-MM-DD`), for HQ's daily summary: one partition a day, so
   * the day's mail is one Query; ids sort by time.
   */
  dailySubmissions: (day: string) => `NOTICE#DAILY#${day}`,
  dailySubmission: (day: string, event: string) => ({ PK: `NOTICE#DAILY#${day}`, SK: `EVENT#${event}` }),
  /** Everyone who signed in, one partition: the mail function finds a department's 所属長 with one Query. */
  people: 'PERSON',
  person: (sub: string) => ({ PK: 'PERSON', SK: `SUB#${sub}` }),
  noticeSettings: (sub: string) => ({ PK: 'NOTICESETTINGS', SK: `SUB#${sub}` }),
  noticeSettingsRevisions: (sub: string) => `REV#NOTICESETTINGS#${sub}`,
  /** The answers kept for an Idempotency-Key: one partition, the sort key is Powertools' hash of caller, route and key. */
  idempotency: 'IDEMPOTENCY',
};
