import { formatFiscalYear } from '../../domain/calendar/index.ts';
import type { Context } from 'hono';
import * as z from '../../domain/zod.ts';
import type { Catalogue } from '../../domain/catalogue/catalogue.ts';
import { isReference } from '../../domain/catalogue/schema.ts';
import {
  actionItemIdSchema,
  actionReportBodySchema,
  fiscalYearSchema,
  kpiActualBodySchema,
  kpiIdSchema,
  returnBodySchema,
  reviewBodySchema,
} from '../../domain/reports/schema.ts';
import { REPORT_STATE_LABELS, reportStateSchema, transition } from '../../domain/reports/workflow.ts';
import type { WorkflowAction } from '../../domain/reports/workflow.ts';
import { AlreadyExistsError, VersionMismatchError } from '../../store/errors.ts';
import { diffFields, savedReport } from '../../store/records.ts';
import type { ReportKind, ReportRecord, ReportRef, Revision } from '../../store/records.ts';
import { Access } from '../access.ts';
import type { AppEnv } from '../env.ts';
import { etagOf, versionFromIfMatch } from '../http/etag.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';

/** The two kinds of report share one workflow; they differ in id, body and how an id finds its measure. */
interface ReportKindSpec {
  kind: ReportKind;
  segment: string;
  label: string;
  idSchema: z.ZodMiniType<string>;
  bodySchema: typeof actionReportBodySchema | typeof kpiActualBodySchema;
  /** The measure the subject belongs to; a problem for an id the plan does not have. */
  measureOf(catalogue: Catalogue, id: string): number;
}

const KINDS: ReportKindSpec[] = [
  {
    kind: 'action',
    segment: 'action-reports',
    label: '取組項目の報告',
    idSchema: actionItemIdSchema,
    bodySchema: actionReportBodySchema,
    measureOf(catalogue, id) {
      const found = catalogue.actionItem(id);
      if (!found) throw problems.notFound(`取組項目「${id}」は計画にありません`);
      if (isReference(found.item)) {
        throw problems.notFound(`取組項目「${id}」は「${found.item.referenceTo}」に記載されています。そちらで報告してください`);
      }
      return found.measure.number;
    },
  },
  {
    kind: 'kpi',
    segment: 'kpi-actuals',
    label: 'KPI実績',
    idSchema: kpiIdSchema,
    bodySchema: kpiActualBodySchema,
    measureOf(catalogue, id) {
      const found = catalogue.kpi(id);
      if (!found) throw problems.notFound(`KPI「${id}」は計画にありません`);
      return found.measure.number;
    },
  },
];

export const reportSchema = z.object({
  kind: z.enum(['action', 'kpi']),
  fiscalYear: z.int(),
  id: z.string(),
  measure: z.int(),
  state: reportStateSchema,
  stateLabel: z.string(),
  comment: z.nullable(z.string()),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.object({ sub: z.string(), name: z.string() }),
  body: z.record(z.string(), z.unknown()),
});

export function reportView(record: ReportRecord) {
  return {
    kind: record.kind,
    fiscalYear: record.fiscalYear,
    id: record.subject,
    measure: record.measure,
    state: record.state,
    stateLabel: REPORT_STATE_LABELS[record.state],
    comment: record.comment,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    body: record.body,
  };
}

/** The caller's view of the plan and of HQ's assignments, for per-object decisions. */
export async function accessFor(c: Context<AppEnv>): Promise<{ access: Access; catalogue: Catalogue }> {
  const { deps, principal } = c.var;
  const [catalogue, assignments] = await Promise.all([deps.catalogue.get(), deps.store.listAssignments()]);
  const byMeasure = Object.fromEntries(assignments.map((a) => [a.measure, a.departments]));
  return { access: new Access(principal, catalogue, byMeasure), catalogue };
}

const reviewActions: { action: WorkflowAction; path: string; summary: string; body: z.ZodMiniType }[] = [
  { action: 'submit', path: 'submit', summary: '提出する', body: reviewBodySchema },
  { action: 'return', path: 'return', summary: '差し戻す（推進本部）', body: returnBodySchema },
  { action: 'approve', path: 'approve', summary: '承認する（推進本部）', body: reviewBodySchema },
  { action: 'reopen', path: 'reopen', summary: '承認を取り消して再開する（推進本部）', body: reviewBodySchema },
];

function translateStoreError(error: unknown): never {
  if (error instanceof VersionMismatchError || error instanceof AlreadyExistsError) throw problems.preconditionFailed();
  throw error;
}

export function registerReportRoutes(routes: Routes): void {
  for (const spec of KINDS) {
    const params = z.object({ fy: fiscalYearSchema, id: spec.idSchema });
    const base = `/fiscal-years/:fy/${spec.segment}/:id`;

    /** Loads what a request about one report needs, answering 404 for what the caller may not see. */
    const locate = async (c: Context<AppEnv>, fy: number, id: string) => {
      const ref: ReportRef = { kind: spec.kind, fiscalYear: fy, subject: id };
      // The report is read alongside the plan and the assignments: one round trip, not two.
      const [{ access, catalogue }, current] = await Promise.all([accessFor(c), c.var.deps.store.getReport(ref)]);
      const measure = spec.measureOf(catalogue, id);
      const hidden = current ? !access.canRead(measure, current.state) : !access.canRead(measure, 'draft');
      if (hidden) throw problems.notFound(`${spec.label}「${id}」（${formatFiscalYear(fy)}）は見つかりません`);
      return { access, measure, ref, current };
    };

    routes.add(
      { method: 'get', path: base, summary: `${spec.label}を読む`, tag: spec.label, params, response: reportSchema },
      async (c, { params: { fy, id } }) => {
        const { current } = await locate(c, fy, id);
        if (!current) throw problems.notFound(`${spec.label}「${id}」（${formatFiscalYear(fy)}）はまだ入力されていません`);
        c.header('ETag', etagOf(current.version));
        return c.json(reportView(current));
      },
    );

    routes.add(
      {
        method: 'put',
        path: base,
        summary: `${spec.label}を保存する（新規は If-Match なし、更新は If-Match 必須）`,
        tag: spec.label,
        params,
        body: spec.bodySchema,
        response: reportSchema,
        headers: ['If-Match'],
      },
      async (c, { params: { fy, id }, body }) => {
        const { access, measure, ref, current } = await locate(c, fy, id);
        if (!access.canWrite(measure) || !access.actor) {
          throw problems.forbidden('閲覧専用のアカウントでは保存できません');
        }
        const expected = versionFromIfMatch(c.req.header('If-Match'));
        if (current && expected === null) throw problems.preconditionRequired();
        if (expected !== null && expected !== current?.version) throw problems.preconditionFailed();
        const next = transition(current?.state ?? 'missing', 'save', access.actor);
        if (!next.ok) throw problems.conflict(next.message);

        const { record, revision } = savedReport({
          ref,
          measure,
          current,
          state: next.state,
          body: body as ReportRecord['body'],
          by: { sub: c.var.principal.sub, name: c.var.principal.name },
          at: (c.var.deps.now?.() ?? new Date()).toISOString(),
          action: 'save',
        });
        await c.var.deps.store.writeReport(record, current?.version ?? null, revision).catch(translateStoreError);
        c.header('ETag', etagOf(record.version));
        return c.json(reportView(record), current ? 200 : 201);
      },
    );

    for (const review of reviewActions) {
      routes.add(
        {
          method: 'post',
          path: `${base}/${review.path}`,
          summary: `${spec.label}を${review.summary}`,
          tag: spec.label,
          params,
          body: review.body,
          response: reportSchema,
          headers: ['If-Match'],
        },
        async (c, { params: { fy, id }, body }) => {
          const { access, measure, current } = await locate(c, fy, id);
          if (!access.actor || !access.canWrite(measure)) {
            throw problems.forbidden('閲覧専用のアカウントでは操作できません');
          }
          if (!current) throw problems.notFound(`${spec.label}「${id}」（${formatFiscalYear(fy)}）はまだ入力されていません`);
          const expected = versionFromIfMatch(c.req.header('If-Match'));
          if (expected === null) throw problems.preconditionRequired();
          if (expected !== current.version) throw problems.preconditionFailed();
          const next = transition(current.state, review.action, access.actor);
          if (!next.ok) throw next.reason === 'forbidden' ? problems.forbidden(next.message) : problems.conflict(next.message);

          const comment = (body as { comment?: string }).comment || null;
          const now = (c.var.deps.now?.() ?? new Date()).toISOString();
          const by = { sub: c.var.principal.sub, name: c.var.principal.name };
          // A department's submission keeps HQ's last comment in view; HQ's review replaces it.
          const nextComment = review.action === 'submit' ? current.comment : comment;
          const record: ReportRecord = {
            ...current,
            state: next.state,
            comment: nextComment,
            version: current.version + 1,
            updatedAt: now,
            updatedBy: by,
          };
          const revision: Revision = {
            version: record.version,
            at: now,
            by,
            action: review.action,
            state: next.state,
            changes: diffFields({ state: current.state, comment: current.comment }, { state: next.state, comment: nextComment }),
            comment,
          };
          await c.var.deps.store.writeReport(record, current.version, revision).catch(translateStoreError);
          c.header('ETag', etagOf(record.version));
          return c.json(reportView(record));
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
        response: z.object({ revisions: z.array(z.record(z.string(), z.unknown())) }),
      },
      async (c, { params: { fy, id } }) => {
        const { ref, current, access } = await locate(c, fy, id);
        if (!current) throw problems.notFound(`${spec.label}「${id}」（${formatFiscalYear(fy)}）はまだ入力されていません`);
        // The council reads approved progress, not the drafts and comments that led to it.
        if (access.principal.role === 'viewer') throw problems.forbidden('変更履歴は推進本部と担当課だけが見られます');
        return c.json({ revisions: await c.var.deps.store.listRevisions(ref) });
      },
    );
  }

  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/reports',
      summary: 'この年度の、見られる報告とKPI実績の一覧',
      tag: '一覧',
      params: z.object({ fy: fiscalYearSchema }),
      response: z.object({ fiscalYear: z.number(), reports: z.array(reportSchema) }),
    },
    async (c, { params: { fy } }) => {
      const { access } = await accessFor(c);
      const records = await c.var.deps.store.listFiscalYear(fy);
      const visible = records.filter((record) => access.canRead(record.measure, record.state));
      return c.json({ fiscalYear: fy, reports: visible.map(reportView) });
    },
  );
}
