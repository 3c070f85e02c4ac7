import * as z from '../../domain/zod.ts';
import {
  actionItemIdSchema,
  actionReportDraftSchema,
  fiscalYearSchema,
  kpiActualDraftSchema,
  kpiActualYearSchema,
  kpiIdSchema,
  returnBodySchema,
  reviewBodySchema,
} from '../../domain/progress-reports/schema.ts';
import { REPORT_STATE_LABELS } from '../../domain/progress-reports/workflow.ts';
import type { WorkflowAction } from '../../domain/progress-reports/workflow.ts';
import {
  actionItemYears,
  actOnReport,
  carryForwardDepartment,
  carryForwardReport,
  kpiActualWarnings,
  listReports,
  partNameOf,
  readReport,
  reportActions,
  reportParts,
  reportRevisions,
  saveReport,
} from '../../service/reports.ts';
import { departmentCodeSchema } from '../../domain/catalogue/schema.ts';
import type { ServiceContext } from '../../service/context.ts';
import type { ReportPart, ReviewAction } from '../../service/reports.ts';
import type { ReportKind, ReportRecord } from '../../store/records.ts';
import type { Report } from '../../contract/index.ts';
import { serviceContext } from '../../http/service-context.ts';
import { parseIfMatch } from '../../http/etag.ts';
import { answersIn } from '../../http/translate.ts';
import { pageQuerySchema } from '../../http/paging.ts';
import type { Routes } from '../../http/route.ts';
import { answer } from '../../http/answer.ts';

/** The most a client may ask for in one page of the reports list; without ?limit= a page is what one Query reads (≤ 1 MB). */
const REPORTS_PER_PAGE = 1000;

/**
 * The two kinds of report share one set of routes; they differ in path, id, body and years. An action item
 * is reported for the plan's years; a KPI actual's year is checked against the KPI by the service (33-K1/K2
 * also take FY2025).
 */
const KINDS: {
  kind: ReportKind;
  segment: string;
  label: string;
  idSchema: z.ZodMiniType<string>;
  yearSchema: z.ZodMiniType<number, string>;
  draftSchema: z.ZodMiniType;
}[] = [
  {
    kind: 'action',
    segment: 'action-reports',
    label: '取組項目の報告',
    idSchema: actionItemIdSchema,
    yearSchema: fiscalYearSchema,
    draftSchema: actionReportDraftSchema,
  },
  { kind: 'kpi', segment: 'kpi-actuals', label: 'KPI実績', idSchema: kpiIdSchema, yearSchema: kpiActualYearSchema, draftSchema: kpiActualDraftSchema },
];

/** A report as answered; `actions`: the steps the caller may take on it now (service reportActions); `part`: a shared item's part (service partNameOf). */
export function reportView(record: ReportRecord, actions: WorkflowAction[], part: { department: string; departmentName: string } | null = null): Report {
  const meta = {
    fiscalYear: record.fiscalYear,
    id: record.subject,
    measure: record.measure,
    state: record.state,
    stateLabel: REPORT_STATE_LABELS[record.state],
    comment: record.comment,
    ...(record.submittedBy ? { submittedBy: record.submittedBy } : {}),
    ...(record.submittedFromNames ? { departmentNames: record.submittedFromNames } : {}),
    department: part?.department ?? null,
    departmentName: part?.departmentName ?? null,
    ...(record.carriedFrom ? { carriedFrom: record.carriedFrom } : {}),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    actions,
  };
  // Per kind, so that the answer's kind and body agree (the contract's discriminated union).
  return record.kind === 'action' ? { kind: 'action', ...meta, body: record.body } : { kind: 'kpi', ...meta, body: record.body };
}

/** The other person's report a 412 carries as `current`: for reading beside one's own text, so no actions. */
const currentView = (record: ReportRecord) =>
  reportView(
    record,
    [],
    record.department === undefined
      ? null
      : { department: record.department, departmentName: record.submittedFromNames?.[record.department] ?? record.department },
  );

/** A report with the caller's actions on it and, for a shared item's part, its department. */
async function fullView(ctx: ServiceContext, record: ReportRecord): Promise<Report> {
  const [actions, part] = await Promise.all([reportActions(ctx, record), partNameOf(ctx, record)]);
  return reportView(record, actions, part);
}

/** Every report of a list with the caller's actions on each (the table is in memory: no reads). */
export async function reportViews(ctx: ServiceContext, records: readonly ReportRecord[]) {
  return Promise.all(records.map((record) => fullView(ctx, record)));
}

/** A report as read or saved: a KPI actual also carries the questions its value raises (warnings, never refusals). */
async function readView(ctx: ServiceContext, record: ReportRecord): Promise<Report> {
  const view = await fullView(ctx, record);
  return view.kind === 'kpi' ? { ...view, warnings: await kpiActualWarnings(ctx, record) } : view;
}

/** Every part of an action item as answered: its department, state in words, and the report with the caller's actions (null where none). */
const partViews = (ctx: ServiceContext, parts: readonly ReportPart[]) =>
  Promise.all(
    parts.map(async ({ department, departmentName, state, record }) => ({
      department,
      departmentName,
      state,
      stateLabel: REPORT_STATE_LABELS[state],
      report: record && (await fullView(ctx, record)),
    })),
  );

/** ?department=<課コード>: which department's part of a shared item (関係各課); ignored for an unshared item or a KPI. */
const partQuery = z.object({ department: z.optional(departmentCodeSchema) });

const reviewActions: { action: ReviewAction; summary: string; body: z.ZodMiniType }[] = [
  { action: 'submit', summary: '提出する（課内確認が有効なら職員の提出は所属長へ、所属長・推進本部の提出は推進本部へ）', body: reviewBodySchema },
  { action: 'confirm', summary: '課内確認して推進本部へ提出する（所属長）', body: reviewBodySchema },
  { action: 'withdraw', summary: '取り下げて下書きに戻す（提出した本人か所属長、推進本部が審査する前）', body: reviewBodySchema },
  { action: 'return', summary: '差し戻す（課内確認待ちは所属長、提出済は推進本部）', body: returnBodySchema },
  { action: 'approve', summary: '承認する（推進本部）', body: reviewBodySchema },
  { action: 'reopen', summary: '承認を取り消して再開する（推進本部）', body: reviewBodySchema },
];

export function registerReportRoutes(routes: Routes): void {
  for (const spec of KINDS) {
    const params = z.object({ fy: spec.yearSchema, id: spec.idSchema });
    const base = `/fiscal-years/:fy/${spec.segment}/:id`;
    const refOf = (fy: number, id: string, q?: { department?: string | undefined }) => ({
      kind: spec.kind,
      fiscalYear: fy,
      subject: id,
      ...(q?.department === undefined ? {} : { department: q.department }),
    });

    routes.add(
      { method: 'get', path: base, summary: `${spec.label}を読む`, tag: spec.label, params, query: partQuery, response: 'reportSchema' },
      async (c, { params: { fy, id }, query }) => {
        const ctx = serviceContext(c);
        return answer(c, await readView(ctx, await readReport(ctx, refOf(fy, id, query))));
      },
    );

    routes.add(
      {
        method: 'put',
        path: base,
        summary: `${spec.label}を下書き保存する（未入力の項目があっても保存できます。新規は If-Match なし、更新は If-Match 必須）`,
        tag: spec.label,
        params,
        query: partQuery,
        body: spec.draftSchema,
        response: 'reportSchema',
        headers: ['If-Match'],
      },
      async (c, { params: { fy, id }, query, body }) => {
        const ctx = serviceContext(c);
        answersIn(c, currentView);
        const { record, created } = await saveReport(ctx, refOf(fy, id, query), body as ReportRecord['body'], parseIfMatch(c.req.header('If-Match')));
        return answer(c, await readView(ctx, record), { status: created ? 201 : 200 });
      },
    );

    for (const review of reviewActions) {
      routes.add(
        {
          method: 'post',
          path: `${base}/${review.action}`,
          summary: `${spec.label}を${review.summary}`,
          tag: spec.label,
          params,
          query: partQuery,
          body: review.body,
          response: 'reportSchema',
          headers: ['If-Match'],
        },
        async (c, { params: { fy, id }, query, body }) => {
          const comment = (body as { comment?: string }).comment || null;
          const ctx = serviceContext(c);
          answersIn(c, currentView);
          const record = await actOnReport(ctx, refOf(fy, id, query), review.action, comment, parseIfMatch(c.req.header('If-Match')));
          return answer(c, await fullView(ctx, record));
        },
      );
    }

    routes.add(
      {
        method: 'get',
        path: `${base}/revisions`,
        summary: `${spec.label}の変更履歴`,
        tag: spec.label,
        params,
        query: partQuery,
        response: 'revisionListSchema',
      },
      async (c, { params: { fy, id }, query }) => answer(c, { revisions: await reportRevisions(serviceContext(c), refOf(fy, id, query)) }),
    );
  }

  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/action-reports/:id/parts',
      summary: '取組項目の担当課ごとの報告（関係各課の取組項目は課ごとに報告します）と、全体の状態（最も進んでいない課の状態）',
      tag: '取組項目の報告',
      params: z.object({ fy: fiscalYearSchema, id: actionItemIdSchema }),
      response: 'partsSchema',
    },
    async (c, { params: { fy, id } }) => {
      const ctx = serviceContext(c);
      const { shared, parts, rollUp } = await reportParts(ctx, { kind: 'action', fiscalYear: fy, subject: id });
      return answer(c, {
        id,
        fiscalYear: fy,
        shared,
        parts: await partViews(ctx, parts),
        rollUp: { state: rollUp, stateLabel: REPORT_STATE_LABELS[rollUp] },
      });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/action-items/:id/years',
      summary: '取組項目の年度ごとの報告（計画の全年度を並べて。推進懇談会の委員には承認済みのものだけ）',
      tag: '取組項目の報告',
      params: z.object({ id: actionItemIdSchema }),
      response: 'actionItemYearsSchema',
    },
    async (c, { params: { id } }) => {
      const ctx = serviceContext(c);
      const years = await actionItemYears(ctx, id);
      return answer(c, {
        id,
        years: await Promise.all(
          years.map(async ({ fiscalYear, planned, parts }) => ({
            fiscalYear,
            planned,
            parts: await partViews(ctx, parts),
          })),
        ),
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/fiscal-years/:fy/action-reports/:id/carry-forward',
      summary:
        '前年度の報告から始める：前年度の進捗状況・実績・課題・今後の取組を写した下書きを作ります（自己評価と効果額は写しません）。' +
        'まだ入力していない報告だけ。文面を変えて保存するまで「前年度から引継ぎ」と表示されます',
      tag: '取組項目の報告',
      params: z.object({ fy: fiscalYearSchema, id: actionItemIdSchema }),
      query: partQuery,
      body: z.object({}),
      response: 'reportSchema',
    },
    async (c, { params: { fy, id }, query }) => {
      const ctx = serviceContext(c);
      const record = await carryForwardReport(ctx, {
        kind: 'action',
        fiscalYear: fy,
        subject: id,
        ...(query.department ? { department: query.department } : {}),
      });
      return answer(c, await readView(ctx, record), { status: 201 });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/fiscal-years/:fy/action-reports/carry-forward',
      summary:
        '課の取組項目をまとめて前年度の報告から始める：その年度に予定があり、まだ入力していない取組項目ごとに下書きを作ります。' +
        '既に入力済みのものと前年度の報告がないものは理由を添えて skipped に返します',
      tag: '取組項目の報告',
      params: z.object({ fy: fiscalYearSchema }),
      body: z.object({ department: departmentCodeSchema }),
      response: 'carryForwardResultSchema',
    },
    async (c, { params: { fy }, body }) => {
      const ctx = serviceContext(c);
      const { carried, skipped } = await carryForwardDepartment(ctx, fy, body.department);
      return answer(c, { fiscalYear: fy, carried: await reportViews(ctx, carried), skipped });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/reports',
      summary:
        'この年度の、見られる報告とKPI実績の一覧。ページごとに返し（1ページはDynamoDBの1回の読み取り、最大1MB）、続きは ?cursor=<nextCursor>（?limit= で件数）。' +
        'ページの件数は見られるものだけなので、0件でも nextCursor があれば続きがあります',
      tag: '一覧',
      params: z.object({ fy: fiscalYearSchema }),
      query: pageQuerySchema(REPORTS_PER_PAGE),
      response: 'reportListSchema',
    },
    async (c, { params: { fy }, query }) => {
      const ctx = serviceContext(c);
      const { records, nextCursor } = await listReports(ctx, fy, query);
      return answer(c, { fiscalYear: fy, reports: await reportViews(ctx, records), nextCursor: nextCursor ?? null });
    },
  );
}
