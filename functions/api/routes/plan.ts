import * as z from '../../domain/zod.ts';
import { text } from '../../domain/text-field.ts';
import { departmentCodeSchema } from '../../domain/catalogue/schema.ts';
import { fiscalYearSchema, measureKeySchema } from '../../domain/progress-reports/schema.ts';
import { planIdSchema } from '../../domain/catalogue/keys.ts';
import { planStatusSchema } from '../../domain/catalogue/schema.ts';
import type { AssignmentRecord } from '../../store/records.ts';
import { serviceContext } from '../../http/service-context.ts';
import { parseIfMatch } from '../../http/etag.ts';
import { answersIn } from '../../http/translate.ts';
import type { Routes } from '../../http/route.ts';
import { answer } from '../../http/answer.ts';

/** Loaded with this group's first request: a cold start for the reports compiles none of it (issue 22). */
const assignmentsService = () => import('../../service/assignments.ts');

/** Loaded with this group's first request: a cold start for the reports compiles none of it (issue 22). */
const plansService = () => import('../../service/plans.ts');

const assignmentBodySchema = z.strictObject({
  departments: z
    .array(
      z.object({
        code: departmentCodeSchema,
        /** Needed only for a department the plan does not name (more exist than the plan lists). */
        name: z.optional(text('課の名称', { max: 50, required: true })),
      }),
      { error: 'departments は課の一覧（配列）で指定してください' },
    )
    .check(
      z.maxLength(40, { error: '割り当てられる課は40までです' }),
      z.refine((list) => new Set(list.map((d) => d.code)).size === list.length, { error: '同じ課が重複しています' }),
    ),
});

const planQuery = z.object({ fy: z.optional(fiscalYearSchema) });

/** A revision (中間見直し): the whole plan as it will stand (checked by the service, each problem named), from when, and why. */
const revisionBodySchema = z.strictObject({
  plan: z.unknown(),
  effectiveFrom: z.optional(z.int({ error: '適用開始年度（effectiveFrom）は西暦4桁の年度を整数で指定してください' })),
  comment: z.optional(z.nullable(text('見直しの理由', { max: 1000, multiline: true }))),
});
const statusBodySchema = z.strictObject({ status: planStatusSchema });
const planParams = z.object({ id: planIdSchema });

export function registerPlanRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/plans',
      summary: '計画の一覧（計画ID・名称・団体・期間・状態・版）',
      tag: '計画',
      response: 'planListSchema',
    },
    async (c) => answer(c, { plans: await (await plansService()).listPlans(serviceContext(c)) }),
  );

  routes.add(
    {
      method: 'get',
      path: '/plan',
      summary: '年度の計画（?fy= の年度に効力のある版。省略時は報告中の計画の最新版）と関係各課の割当て',
      tag: '計画',
      query: planQuery,
      response: 'planSchema',
    },
    async (c, { query }) =>
      answer(c, await (await plansService()).planView(serviceContext(c), query.fy === undefined ? { active: true } : { fiscalYear: query.fy })),
  );

  routes.add(
    {
      method: 'get',
      path: '/plans/:id',
      summary: '計画（キー付き、最新版）と関係各課の割当て',
      tag: '計画',
      params: planParams,
      response: 'planSchema',
    },
    async (c, { params }) => answer(c, await (await plansService()).planView(serviceContext(c), { planId: params.id })),
  );

  routes.add(
    {
      method: 'post',
      path: '/plans/:id/revisions/preview',
      summary: '計画の見直し（中間見直し）の確認：最新版とのキーごとの違いと、適用できない理由（推進本部。何も保存しない）',
      tag: '計画',
      params: planParams,
      body: revisionBodySchema,
      response: 'planDifferenceSchema',
    },
    async (c, { params, body }) => answer(c, await (await plansService()).previewRevision(serviceContext(c), params.id, body)),
  );

  routes.add(
    {
      method: 'post',
      path: '/plans/:id/revisions',
      summary: '計画の見直しを適用する（推進本部）：新しい版として保存し、effectiveFrom の年度から効力を持つ。以前の版は残る',
      tag: '計画',
      params: planParams,
      body: revisionBodySchema,
      response: 'planSummarySchema',
      headers: ['If-Match'],
    },
    async (c, { params, body }) => {
      answersIn(c, (await plansService()).planSummary);
      return answer(c, await (await plansService()).applyRevision(serviceContext(c), params.id, body, parseIfMatch(c.req.header('If-Match'))));
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/plans/:id/status',
      summary: '計画の状態（策定中・推進中・終了）を変える（推進本部）。推進中にすると、それまで推進中の計画は終了になる',
      tag: '計画',
      params: planParams,
      body: statusBodySchema,
      response: 'planSummarySchema',
      headers: ['If-Match'],
    },
    async (c, { params, body }) => {
      answersIn(c, (await plansService()).planSummary);
      return answer(c, await (await plansService()).setPlanStatus(serviceContext(c), params.id, body.status, parseIfMatch(c.req.header('If-Match'))));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/plans/:id/versions',
      summary: '計画の版の履歴（だれが・いつ・何年度から・何を変えたか）',
      tag: '計画',
      params: planParams,
      response: 'planVersionListSchema',
    },
    async (c, { params }) => answer(c, await (await plansService()).planVersions(serviceContext(c), params.id)),
  );

  const params = z.object({ n: measureKeySchema });

  routes.add(
    {
      method: 'get',
      path: '/measures/:n/departments',
      summary: '関係各課の施策に割り当てた課',
      tag: '計画',
      params,
      response: 'assignmentSchema',
    },
    async (c, { params: { n } }) => {
      const ctx = serviceContext(c);
      const [record, { catalogue }] = await Promise.all([(await assignmentsService()).readAssignment(ctx, n), ctx.access()]);
      return answer(c, assignmentView(record, catalogue.departmentName.bind(catalogue)));
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/measures/:n/departments',
      summary: '関係各課の施策に課を割り当てる（推進本部）',
      tag: '計画',
      params,
      body: assignmentBodySchema,
      response: 'assignmentSchema',
      headers: ['If-Match'],
    },
    async (c, { params: { n }, body }) => {
      const ctx = serviceContext(c);
      const { catalogue } = await ctx.access();
      const view = (record: AssignmentRecord) => assignmentView(record, catalogue.departmentName.bind(catalogue));
      answersIn(c, view);
      return answer(c, view(await (await assignmentsService()).assignDepartments(ctx, n, body.departments, parseIfMatch(c.req.header('If-Match')))));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/measures/:n/departments/revisions',
      summary: '関係各課の割当ての変更履歴（推進本部と担当課）',
      tag: '計画',
      params,
      response: 'assignmentRevisionListSchema',
    },
    async (c, { params: { n } }) => answer(c, { revisions: await (await assignmentsService()).assignmentRevisions(serviceContext(c), n) }),
  );
}

function assignmentView(
  record: Pick<AssignmentRecord, 'measure' | 'departments' | 'names' | 'version'> & Partial<Pick<AssignmentRecord, 'updatedAt' | 'updatedBy'>>,
  nameOf: (code: string) => string | undefined,
) {
  return {
    measure: record.measure,
    departments: record.departments.map((code) => ({ code, name: nameOf(code) ?? record.names?.[code] ?? code })),
    version: record.version,
    updatedAt: record.updatedAt ?? null,
    updatedBy: record.updatedBy ?? null,
  };
}
