import * as z from '../../domain/zod.ts';
import { text } from '../../domain/text-field.ts';
import { departmentCodeSchema } from '../../domain/catalogue/schema.ts';
import { measureNumberSchema } from '../../domain/progress-reports/schema.ts';
import { assignDepartments, assignmentRevisions, readAssignment } from '../../service/assignments.ts';
import type { AssignmentRecord } from '../../store/records.ts';
import { serviceContext } from '../../http/service-context.ts';
import { parseIfMatch } from '../../http/etag.ts';
import { answersIn } from '../../http/translate.ts';
import type { Routes } from '../../http/route.ts';
import { answer } from '../../http/answer.ts';

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

export function registerPlanRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/plan',
      summary: '計画（柱・政策・施策・取組項目・KPI）と関係各課の割当て',
      tag: '計画',
      response: 'planSchema',
    },
    async (c) => {
      const { deps } = c.var;
      const [catalogue, assignments] = await Promise.all([deps.catalogue.get(), deps.store.listAssignments()]);
      const byMeasure = new Map(assignments.map((a) => [a.measure, a]));
      const { plan } = catalogue;
      return answer(c, {
        title: plan.title,
        firstFiscalYear: plan.firstFiscalYear,
        lastFiscalYear: plan.lastFiscalYear,
        departments: plan.departments,
        pillars: plan.pillars.map((pillar) => ({
          id: pillar.id,
          title: pillar.title,
          policies: pillar.policies.map((policy) => ({
            id: policy.id,
            title: policy.title,
            subPolicies: policy.subPolicies.map((sub) => ({
              id: sub.id,
              title: sub.title,
              measures: sub.measures.map((m) => m.number),
            })),
          })),
        })),
        measures: catalogue.measures.map(({ measure, pillar, policy, subPolicy }) => {
          const assignment = byMeasure.get(measure.number);
          return {
            ...measure,
            pillar: pillar.id,
            policy: policy.id,
            subPolicy: subPolicy.id,
            assignedDepartments: assignment ? assignmentView(assignment, catalogue.departmentName.bind(catalogue)).departments : [],
            responsibleDepartments: catalogue.responsibleDepartments(measure, Object.fromEntries(assignments.map((a) => [a.measure, a.departments]))),
          };
        }),
        financialIndicators: plan.financialIndicators,
        populationOutlook: plan.populationOutlook,
      });
    },
  );

  const params = z.object({ n: measureNumberSchema });

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
      const [record, { catalogue }] = await Promise.all([readAssignment(ctx, n), ctx.access()]);
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
      return answer(c, view(await assignDepartments(ctx, n, body.departments, parseIfMatch(c.req.header('If-Match')))));
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
    async (c, { params: { n } }) => answer(c, { revisions: await assignmentRevisions(serviceContext(c), n) }),
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
