/**
 * The API's contract: the shape of every request body and every answer, in one module.
 * The routes document their answers with these schemas (and the OpenAPI document is generated from
 * them), the web app takes its types from here, and the tests parse every answer with them.
 * Pure zod over the domain: no AWS, no Node, no server code, so the web app may import it.
 */
import * as z from '../domain/zod.ts';
import { text } from '../domain/text-field.ts';
import {
  citySchema,
  departmentSchema,
  financialIndicatorSchema,
  groupSchema,
  measureSchema,
  phaseSchema,
  planStatusSchema,
  populationOutlookSchema,
  scheduleWordSchema,
} from '../domain/catalogue/schema.ts';
import { actionRatingSchema, actionStatusSchema, fiscalYearSchema } from '../domain/progress-reports/schema.ts';
import { PERMISSION_NAMES } from '../domain/permissions/permissions.ts';
import type { PermissionName } from '../domain/permissions/permissions.ts';
import { WORKFLOW_ACTIONS, reportStateSchema } from '../domain/progress-reports/workflow.ts';
import { OPINION_STATES } from '../domain/annual-report/opinions.ts';
import { NOTICE_KINDS } from '../domain/notices/index.ts';
import { OPINION_ACTIONS, PUBLICATION_ACTIONS } from '../domain/permissions/table.ts';
import type { Assessment } from '../domain/attainment/index.ts';

export { etagOf } from './etag.ts';
export { FILE_MEDIA_TYPES } from './files.ts';
export type { FileMediaType } from './files.ts';

export {
  actionReportBodySchema,
  actionItemIdSchema,
  fiscalYearSchema,
  kpiActualBodySchema,
  kpiIdSchema,
  measureKeySchema,
  returnBodySchema,
  reviewBodySchema,
} from '../domain/progress-reports/schema.ts';
export type { ActionReportBody, KpiActualBody } from '../domain/progress-reports/schema.ts';

// ——— errors ———

/** application/problem+json (RFC 9457), Japanese title and detail; `errors` names each field at fault. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.string(),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  /** 404 of a report not written yet: what the reader may do to it all the same (`save` starts it). */
  actions: z.optional(z.array(z.string())),
  /** 412: the record as the other person left it, in the shape of the route's answer. */
  current: z.optional(z.unknown()),
});
export type Problem = z.infer<typeof problemSchema>;

// ——— session ———

export const healthSchema = z.object({ status: z.literal('ok') });

/** Every permission the web app may ask about, computed on the server for the signed-in user (one rule: the domain's). */
export { PERMISSION_NAMES } from '../domain/permissions/permissions.ts';
export type { PermissionName } from '../domain/permissions/permissions.ts';
export const permissionsSchema = z.object(Object.fromEntries(PERMISSION_NAMES.map((name) => [name, z.boolean()])) as Record<PermissionName, z.ZodMiniBoolean>);
export type Permissions = z.infer<typeof permissionsSchema>;

export const roleSchema = z.enum(['hq', 'department', 'department_head', 'viewer']);

/** One department a person belongs to: as its staff (dept-<code>) or its 所属長 (head-<code>). */
export const membershipSchema = z.object({ ...departmentSchema.shape, role: z.enum(['staff', 'head']) });

/**
 * GET /api/me: who is signed in, for which departments, which measures, and what they may do.
 * `role` is the strongest role held (one word for the screens); `memberships`, `hq` and `viewer` are
 * every group the person is in (兼務 included), and `departments` the memberships' departments.
 */
export const meSchema = z.object({
  sub: z.string(),
  name: z.string(),
  email: z.optional(z.string()),
  role: roleSchema,
  hq: z.boolean(),
  viewer: z.boolean(),
  departments: z.array(departmentSchema),
  memberships: z.array(membershipSchema),
  /** The keys of the measures the caller's departments are responsible for. */
  measures: z.array(z.string()),
  permissions: permissionsSchema,
  /** 課内確認: whether staff submit to their 所属長 before HQ (a deployment setting). */
  headConfirmation: z.boolean(),
  /**
   * The server's clock when it answered (an ISO 8601 instant, as every time in this contract): the app's
   * "today" (the year that has begun, days to 提出期限) is read from it, so screens agree with the API,
   * including a local system started with SHINCHOKU_TODAY.
   */
  now: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const tokenSchema = z.object({ token: z.string() });

// ——— the plan ———

export const planMeasureSchema = z.object({
  ...measureSchema.shape,
  /** 「施策3」: the level's name and the number. */
  label: z.string(),
  /** The keys of its groups from the top (柱, 政策, 施策の方向性 in the 8th plan). */
  path: z.array(z.string()),
  assignedDepartments: z.array(departmentSchema),
  responsibleDepartments: z.array(z.string()),
});
export type PlanMeasure = z.infer<typeof planMeasureSchema>;

/** A plan as GET /api/plans lists it. */
export const planSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  city: citySchema,
  firstFiscalYear: z.int(),
  lastFiscalYear: z.int(),
  /** The plan's period as people write it (平成27〜30年度). */
  periodLabel: z.string(),
  status: planStatusSchema,
  /** The plan's version: 1 when loaded, +1 for every revision (中間見直し) applied. */
  version: z.int(),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;
export const planListSchema = z.object({ plans: z.array(planSummarySchema) });

/**
 * GET /api/plan (the plan of the year asked for, ?fy=; the active plan without it) and GET /api/plans/{id}:
 * the plan with its keys, its groups in document order, the measures in full, and HQ's assignments folded in.
 */
export const planSchema = z.object({
  ...planSummarySchema.shape,
  /** The version in force for the year asked (the latest without ?fy=). */
  versionShown: z.int(),
  /** The period as a plan file writes it: this answer, edited, is accepted as a revision's `plan`. */
  period: z.object({ firstFiscalYear: z.int(), lastFiscalYear: z.int() }),
  /** The plan's years, first to last. */
  years: z.array(z.int()),
  hq: z.object({ name: z.string(), department: z.string() }),
  /** Level names from the top; the last two are measures and action items. */
  levels: z.array(z.object({ name: z.string() })),
  scheduleVocabulary: z.array(scheduleWordSchema),
  departments: z.array(departmentSchema),
  groups: z.array(z.object({ ...groupSchema.shape, level: z.int() })),
  measures: z.array(planMeasureSchema),
  financialIndicators: z.array(financialIndicatorSchema),
  populationOutlook: z.nullable(populationOutlookSchema),
});
export type Plan = z.infer<typeof planSchema>;

/** GET/PUT /api/measures/{n}/departments: the departments HQ assigned to a 関係各課 measure. */
const assignmentAuthor = z.object({ sub: z.string(), name: z.string() });
export const assignmentSchema = z.object({
  measure: z.string(),
  departments: z.array(departmentSchema),
  version: z.int(),
  /** When and by whom the assignment was last changed; null before the first (version 0). */
  updatedAt: z.nullable(z.string()),
  updatedBy: z.nullable(assignmentAuthor),
});
export type Assignment = z.infer<typeof assignmentSchema>;

// ——— reports ———

const author = z.object({ sub: z.string(), name: z.string() });

/** One difference between two versions of a plan, by key (domain/catalogue/revision.ts PlanChange). */
export const planChangeSchema = z.object({
  kind: z.enum(['plan', 'department', 'group', 'measure', 'actionItem', 'kpi']),
  key: z.string(),
  change: z.enum(['added', 'retired', 'merged', 'renumbered', 'moved', 'text', 'target', 'schedule', 'owners', 'reference', 'renamed', 'ended']),
  number: z.string(),
  title: z.string(),
  field: z.optional(z.string()),
  fiscalYear: z.optional(z.int()),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
  /** For a merged entry: the key of the entry it was merged into (統合先). */
  into: z.optional(z.string()),
});
export type PlanChange = z.infer<typeof planChangeSchema>;

/**
 * POST /api/plans/{id}/revisions/preview: what a revision would change against the plan's latest version
 * (`version`: send it back as If-Match to apply), from which fiscal year, and what would stop it.
 */
export const planDifferenceSchema = z.object({
  planId: z.string(),
  version: z.int(),
  effectiveFrom: z.int(),
  changes: z.array(planChangeSchema),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type PlanDifference = z.infer<typeof planDifferenceSchema>;

const keyed = z.object({ kind: planChangeSchema.shape.kind, key: z.string(), number: z.string(), title: z.string() });
/** A column mapping: column letter → field (domain/plan-import/columns.ts PlanField / KpiField). */
const columnMapping = z.object({ columns: z.optional(z.record(z.string(), z.unknown())), kpiColumns: z.optional(z.record(z.string(), z.unknown())) });

/**
 * HQ's corrections of the proposed matches, posted with the preview (multipart field `matches`, JSON): the cell
 * of a row's 施策, 取組項目 or 指標 as the preview's `matches` name it (`実施計画!E5`) → a key of the same kind of the
 * plan revised, or 'new' for a new item. The kinds and keys are checked against the plan (400 naming the cell).
 */
export const planImportMatchesBodySchema = z.record(
  z.string().check(z.regex(/^.+![A-Z]{1,3}[1-9][0-9]*$/, '行はシート名!セル（例：実施計画!E5）で指定してください')),
  z.string().check(z.minLength(1, 'キーか new を指定してください'), z.maxLength(64, 'キーが長すぎます')),
);
export type PlanImportMatches = z.infer<typeof planImportMatchesBodySchema>;

/** A row of the workbook and the key it is read as (revising): by the キー column, in its place, moved, HQ's choice, or new. */
const rowMatch = z.object({
  kind: z.enum(['measure', 'actionItem', 'kpi']),
  /** The cell of the row's title, `実施計画!E5`: the name to post a correction under. */
  cell: z.string(),
  key: z.string(),
  number: z.string(),
  title: z.string(),
  how: z.enum(['key', 'same_place', 'moved', 'chosen', 'new']),
});

/**
 * POST /api/plans/import/preview: a plan workbook as read (nothing stored). `signature` names the layout (for
 * PUT /api/plans/import/mappings/{signature}); `problems` each name the cell (シート「実施計画」H14);
 * `difference` (revising, without problems) by key; `plan` is what to post to apply or create.
 */
export const planImportPreviewSchema = z.object({
  signature: z.string(),
  headers: z.array(z.object({ column: z.string(), header: z.string() })),
  mapping: columnMapping,
  rememberedMapping: z.boolean(),
  counts: z.nullable(
    z.object({
      levels: z.array(z.object({ name: z.string(), count: z.int() })),
      measures: z.int(),
      actionItems: z.int(),
      kpis: z.int(),
      departments: z.int(),
      firstYear: z.int(),
      lastYear: z.int(),
    }),
  ),
  problems: z.array(z.object({ cell: z.string(), message: z.string() })),
  difference: z.nullable(
    z.object({
      /** The plan's version compared with: send it back as If-Match to apply. */
      version: z.int(),
      added: z.array(keyed),
      retired: z.array(z.object({ ...keyed.shape, into: z.optional(z.string()) })),
      changed: z.array(planChangeSchema),
    }),
  ),
  plan: z.nullable(z.unknown()),
  /** Every 施策, 取組項目 and 指標 row and the key it is read as; empty for a new plan. */
  matches: z.array(rowMatch),
  /** The plan revised's 施策, 取組項目 and 指標 (its latest version), the keys a row may be matched to; empty for a new plan. */
  candidates: z.array(z.object({ kind: rowMatch.shape.kind, key: z.string(), number: z.string(), title: z.string() })),
});
export type PlanImportPreview = z.infer<typeof planImportPreviewSchema>;

/** PUT /api/plans/import/mappings/{signature}: the mapping remembered for a layout, and its record's version. */
export const planMappingAnswerSchema = z.object({ signature: z.string(), mapping: columnMapping, version: z.int() });
export type PlanMappingAnswer = z.infer<typeof planMappingAnswerSchema>;

/** GET /api/plans/{id}/versions: every version of a plan, oldest first (who, when, from when, why, what). */
export const planVersionListSchema = z.object({
  planId: z.string(),
  /** The plan's latest version (its head). */
  version: z.int(),
  versions: z.array(
    z.object({
      version: z.int(),
      action: z.enum(['load', 'revise', 'status', 'upgrade']),
      status: planStatusSchema,
      effectiveFrom: z.int(),
      at: z.string(),
      by: author,
      comment: z.nullable(z.string()),
      /** How many changes of each kind (added, retired, merged, …). */
      counts: z.record(z.string(), z.int()),
      changes: z.array(planChangeSchema),
    }),
  ),
});
export type PlanVersionList = z.infer<typeof planVersionListSchema>;

const reportMeta = {
  fiscalYear: z.int(),
  id: z.string(),
  /** The key of the item's measure. */
  measure: z.string(),
  state: reportStateSchema,
  stateLabel: z.string(),
  /** HQ's latest comment (差し戻し理由 or 承認コメント); null until HQ writes one. */
  comment: z.nullable(z.string()),
  /** Who last sent it onwards (提出 or 確認), for the review queue. */
  submittedBy: z.optional(author),
  /**
   * The departments it was submitted for, by the names they had then (機構改革 may have renamed or merged
   * them since): department code → name. Absent before the first submission and on older reports.
   */
  departmentNames: z.optional(z.record(z.string(), z.string())),
  /**
   * A shared item's part (関係各課): the department code whose own report this is, and its name (as
   * submitted, else in force in the 年度). null on an unshared item's report and on KPI actuals.
   */
  department: z.nullable(z.string()),
  departmentName: z.nullable(z.string()),
  /**
   * 前年度から引継ぎ: the 年度 and version of last year's report this draft's text was copied from; absent
   * once a save changes the text, and on reports written from scratch.
   */
  carriedFrom: z.optional(z.object({ fiscalYear: z.int(), version: z.int() })),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: author,
  /**
   * The workflow steps the caller may take on it now, each a POST …/<action> (save: PUT), decided by the
   * same permission table (functions/domain/permissions/table.ts) that decides the request: show a button
   * when its action is here, and nothing else need be known of roles and states.
   */
  actions: z.array(z.enum(WORKFLOW_ACTIONS)),
};

/**
 * Report bodies as stored and answered (requests are the domain's schemas, which also normalize).
 * A draft (下書き) keeps whatever was filled in, so every field may be absent until it is submitted.
 */
const actionReportContent = z.partial(
  z.object({
    status: actionStatusSchema,
    rating: actionRatingSchema,
    achievements: z.string(),
    challenges: z.string(),
    nextSteps: z.string(),
    /** 効果額 of the year, in yen. */
    effectAmount: z.int(),
  }),
);
/** `assessment`: a qualitative KPI's rating by its department (A–D), in place of a value. */
const kpiActualContent = z.partial(z.object({ value: z.number(), assessment: z.enum(['A', 'B', 'C', 'D']), asOf: z.string(), note: z.string() }));

/** An action item's report (取組状況報告) or a KPI actual for one fiscal year, as the API answers it. */
export const reportSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('action'), ...reportMeta, body: actionReportContent }),
  z.object({
    kind: z.literal('kpi'),
    ...reportMeta,
    body: kpiActualContent,
    /**
     * On reading or saving one KPI actual: questions its value raises (a % over 100, far from the actual
     * before it), in Japanese, for the form to show beside the value. Warnings, never refusals: the value
     * was saved. Empty when nothing looks odd; absent from lists and series.
     */
    warnings: z.optional(z.array(z.string())),
  }),
]);
export type Report = z.infer<typeof reportSchema>;

/** One responsible department's part of an action item: its state in words and the report, null where nothing is written or the caller may not read it. */
const reportPartSchema = z.object({
  department: z.string(),
  departmentName: z.string(),
  state: z.union([reportStateSchema, z.literal('missing')]),
  stateLabel: z.string(),
  report: z.nullable(reportSchema),
});

/**
 * GET /api/fiscal-years/{fy}/action-reports/{id}/parts: every responsible department's part of an action
 * item side by side (one part for an unshared item). `report` is null where the department has written
 * nothing or the caller may not read it; rollUp is the item's state, its least advanced part's
 * (未入力 < 下書き・差戻し < 課内確認待ち < 提出済 < 承認済).
 */
export const partsSchema = z.object({
  id: z.string(),
  fiscalYear: z.int(),
  shared: z.boolean(),
  parts: z.array(reportPartSchema),
  rollUp: z.object({ state: z.union([reportStateSchema, z.literal('missing')]), stateLabel: z.string() }),
});
export type Parts = z.infer<typeof partsSchema>;

/** POST /api/fiscal-years/{fy}/action-reports/carry-forward: the drafts made from last year's reports, and the items left with the reason. */
export const carryForwardResultSchema = z.object({
  fiscalYear: z.int(),
  carried: z.array(reportSchema),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type CarryForwardResult = z.infer<typeof carryForwardResultSchema>;

/**
 * GET /api/action-items/{id}/years: an action item's reports for every year of the plan, side by side. Each
 * year: its planned activity (null when nothing is scheduled) and every responsible department's part,
 * `report` null where nothing is written or the caller may not read it (the council reads approved ones).
 */
export const actionItemYearsSchema = z.object({
  id: z.string(),
  years: z.array(
    z.object({
      fiscalYear: z.int(),
      planned: z.nullable(z.string()),
      parts: z.array(reportPartSchema),
    }),
  ),
});
export type ActionItemYears = z.infer<typeof actionItemYearsSchema>;

export const reportListSchema = z.object({
  fiscalYear: z.int(),
  reports: z.array(reportSchema),
  /** The next page's cursor (?cursor=), or null on the last page. */
  nextCursor: z.nullable(z.string()),
});
export type ReportList = z.infer<typeof reportListSchema>;

/** GET /api/search?q=&fy=: the query (1–100 characters; compared NFKC, 全角/半角 and case alike) and the 年度 of the reports searched. */
export const searchQuerySchema = z.object({
  // A text field like any other (text-field.ts): control characters and non-characters refused by name.
  // Full- and half-width forms are matched alike by the search itself (service/search.ts).
  q: text('検索する語', { max: 100, required: '検索する語を入力してください' }),
  fy: z.optional(fiscalYearSchema),
});

/** What GET /api/search found among the plan's items and the year's reports the caller may read (at most 50; then `truncated`). */
export const searchResultsSchema = z.object({
  q: z.string(),
  fiscalYear: z.int(),
  results: z.array(
    z.object({
      kind: z.enum(['measure', 'action', 'kpi']),
      key: z.string(),
      number: z.string(),
      title: z.string(),
      /** A report's 年度; absent for an item of the plan (found by its number, title or department). */
      fiscalYear: z.optional(z.int()),
      /** A shared item's part: the department code whose report it is. */
      department: z.optional(z.string()),
      departmentName: z.optional(z.string()),
      state: z.optional(reportStateSchema),
      /** The matching text with 〔…〕 around the match, at most 80 characters. */
      snippet: z.string(),
    }),
  ),
  truncated: z.boolean(),
});
export type SearchResults = z.infer<typeof searchResultsSchema>;

/** GET /api/kpis/{kpiId}/actuals: one KPI's actuals over every fiscal year the caller may see, oldest first. */
export const kpiSeriesSchema = z.object({ kpi: z.string(), actuals: z.array(reportSchema) });
export type KpiSeries = z.infer<typeof kpiSeriesSchema>;

/** One accepted change, kept forever: who, when, what (fields before and after). */
export const revisionSchema = z.object({
  version: z.int(),
  at: z.string(),
  by: author,
  action: z.string(),
  state: z.nullable(reportStateSchema),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  comment: z.nullable(z.string()),
});
export type Revision = z.infer<typeof revisionSchema>;
export const revisionListSchema = z.object({ revisions: z.array(revisionSchema) });

// ——— 根拠資料 (issue 24) ———

export { attachmentRequestSchema, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../domain/attachments/index.ts';
/** A report's file as listed: its name as the user gave it, media type, bytes, and who added it when. */
export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.int(),
  addedAt: z.string(),
  addedBy: author,
});
export type Attachment = z.infer<typeof attachmentSchema>;
/** GET …/attachments; `canChange`: whether the caller may add and remove files now (until approval). */
export const attachmentListSchema = z.object({ attachments: z.array(attachmentSchema), canChange: z.boolean() });
/** POST …/attachments: where to PUT the bytes (with the announced Content-Type), then POST …/complete. */
export const attachmentUploadSchema = z.object({ id: z.string(), uploadUrl: z.string() });

// ——— 推進懇談会の意見 ———

export { opinionBodySchema } from '../domain/annual-report/opinions.ts';
export type { OpinionBody } from '../domain/annual-report/opinions.ts';

/** One opinion as GET/POST/PUT …/opinions answer it: the body, its state, who recorded it and when, its version (= ETag). */
export const opinionSchema = z.object({
  id: z.string(),
  fiscalYear: z.int(),
  /** The key of the measure it is about; null for the year as a whole. */
  measure: z.nullable(z.string()),
  speaker: z.string(),
  date: z.string(),
  text: z.string(),
  createdByRole: z.enum(['hq', 'viewer']),
  /** submitted: a council member's, waiting for HQ; approved: in the report (HQ's own records are approved at once). */
  state: z.enum(OPINION_STATES),
  stateLabel: z.string(),
  version: z.int(),
  createdAt: z.string(),
  createdBy: author,
  updatedAt: z.string(),
  updatedBy: author,
  /** What the caller may do to it now, by the permission table: save (PUT), approve (POST …/approve). */
  actions: z.array(z.enum(OPINION_ACTIONS)),
});
export type Opinion = z.infer<typeof opinionSchema>;
export const opinionListSchema = z.object({ opinions: z.array(opinionSchema) });

/** One accepted change of an opinion, kept forever. */
export const opinionRevisionSchema = z.object({
  version: z.int(),
  at: z.string(),
  by: author,
  action: z.enum(['record', 'submit', 'edit', 'approve']),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type OpinionRevision = z.infer<typeof opinionRevisionSchema>;
export const opinionRevisionListSchema = z.object({ revisions: z.array(opinionRevisionSchema) });

// ——— overview and attainment ———

const itemState = z.union([reportStateSchema, z.literal('missing')]);

const kpiRating = z.enum(['A', 'B', 'C', 'D', 'N']);
const scheduleFlag = z.enum(['ahead', 'on_plan', 'behind', 'unreported']);
const count = z.int();

/** The distributions a measure shows and the roll-ups add up. */
export const tallySchema = z.object({
  kpiRatings: z.object({ A: count, B: count, C: count, D: count, N: count }),
  actionRatings: z.object({ A: count, B: count, C: count, D: count, unrated: count }),
  scheduleFlags: z.object({ ahead: count, on_plan: count, behind: count, unreported: count }),
});
export type Tally = z.infer<typeof tallySchema>;

const periodValue = z.object({ period: z.int(), value: z.number() });
export const kpiAssessmentSchema = z.object({
  id: z.string(),
  measure: z.string(),
  name: z.string(),
  unit: z.string(),
  basis: z.enum(['fiscal_year', 'calendar_year']),
  period: z.int(),
  rating: kpiRating,
  measured: z.nullable(z.number()),
  progress: z.nullable(z.number()),
  expected: z.nullable(z.number()),
  baseline: z.object({ value: z.number(), period: z.int(), label: z.string(), approximate: z.boolean() }),
  target: z.object({
    value: z.nullable(z.number()),
    period: z.int(),
    label: z.string(),
    comparison: z.enum(['reach', 'at_least', 'at_most', 'improve_on_baseline', 'window_mean', 'unset']),
  }),
  /** Why a KPI is rated as it is when the numbers do not say: 目標未設定 (N), or the department's own assessment. */
  reason: z.nullable(z.enum(['target_unset', 'self_assessed'])),
  reasonLabel: z.nullable(z.string()),
  series: z.array(periodValue),
});
export type KpiAssessment = z.infer<typeof kpiAssessmentSchema>;

const tallied = <S extends z.core.$ZodLooseShape>(shape: S) => z.object({ ...shape, ...tallySchema.shape });

export const assessmentSchema = z.object({
  fiscalYear: z.int(),
  kpis: z.array(kpiAssessmentSchema),
  actionItems: z.array(
    z.object({
      id: z.string(),
      measure: z.string(),
      title: z.string(),
      planned: z.object({ activity: z.string(), phase: phaseSchema }),
      status: z.nullable(actionStatusSchema),
      rating: z.nullable(actionRatingSchema),
      schedule: scheduleFlag,
      /** A shared item's (関係各課) parts, each department's own: what its 課別 tally counts. */
      parts: z.optional(
        z.array(z.object({ department: z.string(), status: z.nullable(actionStatusSchema), rating: z.nullable(actionRatingSchema), schedule: scheduleFlag })),
      ),
    }),
  ),
  total: tallySchema,
  measures: z.array(tallied({ key: z.string(), number: z.string(), title: z.string(), path: z.array(z.string()), departments: z.array(z.string()) })),
  /** Every group of the plan in document order; level 0 is the top (柱). */
  groups: z.array(tallied({ key: z.string(), number: z.string(), title: z.string(), level: z.int() })),
  departments: z.array(tallied({ code: z.string(), name: z.string(), measures: z.array(z.string()) })),
});

/**
 * GET /api/fiscal-years/{fy}/overview, one page of measures: each measure's report states, what is missing by
 * department, attainment.
 */
export const overviewSchema = z.object({
  fiscalYear: z.int(),
  /** submitted: what departments have submitted (HQ); approved: only what HQ approved (the council). */
  basis: z.enum(['submitted', 'approved']),
  measures: z.array(
    z.object({
      key: z.string(),
      number: z.string(),
      title: z.string(),
      path: z.array(z.string()),
      departments: z.array(z.string()),
      /**
       * A shared item's (関係各課) state is its least advanced part's; `parts` gives each responsible
       * department's part (null for an unshared item).
       */
      actionItems: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          state: itemState,
          stateLabel: z.string(),
          parts: z.nullable(z.array(z.object({ department: z.string(), name: z.string(), state: itemState, stateLabel: z.string() }))),
        }),
      ),
      kpis: z.array(z.object({ id: z.string(), name: z.string(), state: itemState, stateLabel: z.string() })),
    }),
  ),
  /**
   * 未提出 by department, of the page's measures: a shared item is listed under the departments whose own part is
   * not submitted yet.
   */
  missing: z.array(z.object({ department: z.string(), name: z.string(), actionItems: z.array(z.string()), kpis: z.array(z.string()) })),
  /**
   * The page's measures only, roll-ups included: total, groups and departments count the page's measures, so a
   * page costs what its measures do (issue 22). The first page lists every group of the plan, later pages the groups
   * their measures are under. joinOverviewPages (contract/overview-pages.ts) adds the pages up to the year's whole.
   */
  attainment: assessmentSchema,
  /** The next page's cursor (?cursor=), or null on the last page. */
  nextCursor: z.nullable(z.string()),
});
export type Overview = z.infer<typeof overviewSchema>;

// ——— spreadsheet import and digest ———

const cellValue = z.nullable(z.union([z.string(), z.number()]));

/**
 * POST /api/fiscal-years/{fy}/import: with ?dryRun=1 the rows that would change and every problem at its
 * row (nothing stored); without it, what was stored as drafts (all rows or, on any problem, a 400 and none).
 */
export const importResultSchema = z.union([
  z.object({
    dryRun: z.literal(true),
    applied: z.int(),
    unchanged: z.int(),
    preview: z.array(
      z.object({
        line: z.int(),
        kind: z.enum(['action', 'kpi']),
        id: z.string(),
        title: z.string(),
        measure: z.string(),
        stateBefore: z.string(),
        stateAfter: z.string(),
        changes: z.array(z.object({ field: z.string(), label: z.string(), before: cellValue, after: cellValue })),
      }),
    ),
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
  z.object({
    applied: z.int(),
    unchanged: z.int(),
    reports: z.array(z.object({ kind: z.enum(['action', 'kpi']), id: z.string(), version: z.int(), state: reportStateSchema })),
  }),
]);
export type ImportResult = z.infer<typeof importResultSchema>;

export const digestSchema = z.object({ subject: z.string(), html: z.string(), text: z.string() });
export type Digest = z.infer<typeof digestSchema>;

export const digestSendSchema = z.object({
  sent: z.literal(true),
  fiscalYear: z.int(),
  messageId: z.string(),
  recipients: z.array(z.string()),
  subject: z.string(),
});

export const digestListSchema = z.object({
  digests: z.array(
    z.object({
      fiscalYear: z.int(),
      sentAt: z.string(),
      messageId: z.string(),
      recipients: z.array(z.string()),
      subject: z.string(),
      html: z.string(),
      text: z.string(),
      forced: z.boolean(),
    }),
  ),
});

type Holds<T extends true> = T;
/** The domain's assessment always fits the contract: tsc fails here when one drifts from the other. */
export type AssessmentFitsContract = Holds<Assessment extends z.infer<typeof assessmentSchema> ? true : false>;

// ——— the rest of the API's answers ———

/** GET /api/departments: the plan's departments and those HQ added for 関係各課 measures. */
export const departmentListSchema = z.object({
  departments: z.array(z.object({ code: z.string(), name: z.string(), addedByHq: z.boolean() })),
});

/** GET /api/measures/{n}/departments/revisions: each change of a measure's departments, field by field. */
export const assignmentRevisionListSchema = revisionListSchema;

/** GET/POST/DELETE /api/fiscal-years/{fy}/publication: the year's publication (公表) and its history. */
export const publicationSchema = z.object({
  fiscalYear: z.int(),
  /** unpublished: never published; withdrawn: was online, taken down. */
  state: z.enum(['unpublished', 'published', 'withdrawn']),
  stateLabel: z.string(),
  snapshot: z.nullable(z.int()),
  /** The publication record's version (its ETag), null before the first publication. */
  version: z.nullable(z.int()),
  publishedAt: z.nullable(z.string()),
  files: z.nullable(z.object({ csv: z.string(), json: z.string(), schema: z.string() })),
  history: z.array(
    z.object({
      version: z.int(),
      at: z.string(),
      on: z.string(),
      by: z.object({ sub: z.string(), name: z.string() }),
      action: z.enum(['publish', 'withdraw']),
      actionLabel: z.string(),
      snapshot: z.int(),
    }),
  ),
  /** What the caller may do now, by the permission table: publish (POST, also republishing), withdraw (DELETE). */
  actions: z.array(z.enum(PUBLICATION_ACTIONS)),
});

export type Publication = z.infer<typeof publicationSchema>;

/** GET /api/fiscal-years/{fy}/report: the year's report for the council (推進懇談会), approved content only. */
export { yearReportSchema } from '../domain/annual-report/schema.ts';

// ——— e-mail notices (issue 24) ———

export const noticeKindSchema = z.enum(NOTICE_KINDS, { error: `kind は ${NOTICE_KINDS.join('・')} のいずれかです` });

/** GET/PUT /api/me/notice-settings: each kind of notice, on or off for the caller; `version` is the ETag (0: never saved). */
export const noticeSettingsSchema = z.object({
  kinds: z.array(z.object({ kind: noticeKindSchema, label: z.string(), on: z.boolean() })),
  version: z.int(),
});
export type NoticeSettings = z.infer<typeof noticeSettingsSchema>;

/** PUT /api/me/notice-settings: every kind with on or off; a kind left out is on. */
export const noticeSettingsBodySchema = z.object({
  kinds: z
    .array(z.object({ kind: noticeKindSchema, on: z.boolean({ error: 'on は true か false で指定してください' }) }))
    .check(z.maxLength(NOTICE_KINDS.length, { error: `kinds は${NOTICE_KINDS.length}個までです` })),
});
export type NoticeSettingsBody = z.infer<typeof noticeSettingsBodySchema>;

/** One notice in HQ's 「送信した通知」: when, to whom, what. An empty `recipients`: nobody wanted it (or had an address). */
export const sentNoticeSchema = z.object({
  event: z.string(),
  kind: noticeKindSchema,
  kindLabel: z.string(),
  subject: z.string(),
  itemLabel: z.nullable(z.string()),
  report: z.nullable(z.object({ kind: z.enum(['action', 'kpi']), fiscalYear: z.int(), subject: z.string(), department: z.optional(z.string()) })),
  /** sent; sending while a delivery holds it; failed until the queue's retry sends it. */
  status: z.enum(['sending', 'sent', 'failed']),
  sentAt: z.nullable(z.string()),
  recipients: z.array(z.string()),
});
export type SentNotice = z.infer<typeof sentNoticeSchema>;
/** One department reminder (督促メール) that went out: its round (1 = the first), the department, when (ISO 8601) and to whom. */
export const sentReminderSchema = z.object({
  round: z.int(),
  department: z.string(),
  departmentName: z.string(),
  sentAt: z.string(),
  recipients: z.array(z.string()),
});
export type SentReminder = z.infer<typeof sentReminderSchema>;
/** GET /api/fiscal-years/{fy}/notices: a page of notices; `reminders` is the 年度's sent reminders, newest first, whole on every page. */
export const sentNoticeListSchema = z.object({
  fiscalYear: z.int(),
  notices: z.array(sentNoticeSchema),
  nextCursor: z.nullable(z.string()),
  reminders: z.array(sentReminderSchema),
});
