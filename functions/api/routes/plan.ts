import * as z from '../../domain/zod.ts';
import { assignmentSchema, planSchema } from '../../contract/index.ts';
import { ASSIGNED_DEPARTMENTS, departmentCodeSchema } from '../../domain/catalogue/schema.ts';
import { measureNumberSchema } from '../../domain/reports/schema.ts';
import { AlreadyExistsError, VersionMismatchError } from '../../store/errors.ts';
import { diffFields } from '../../store/records.ts';
import type { AssignmentRecord } from '../../store/records.ts';
import { etagOf, versionFromIfMatch } from '../http/etag.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';

const assignmentBodySchema = z.strictObject({
  departments: z
    .array(
      z.object({
        code: departmentCodeSchema,
        /** Needed only for a department the plan does not name (more exist than the plan lists). */
        name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(50, { error: '課の名称は50文字以内です' }))),
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
      response: planSchema,
    },
    async (c) => {
      const { deps } = c.var;
      const [catalogue, assignments] = await Promise.all([deps.catalogue.get(), deps.store.listAssignments()]);
      const byMeasure = new Map(assignments.map((a) => [a.measure, a]));
      const { plan } = catalogue;
      return c.json({
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
            responsibleDepartments: catalogue.responsibleDepartments(
              measure,
              Object.fromEntries(assignments.map((a) => [a.measure, a.departments])),
            ),
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
      response: assignmentSchema,
    },
    async (c, { params: { n } }) => {
      const { deps } = c.var;
      const catalogue = await deps.catalogue.get();
      if (!catalogue.measure(n)) throw problems.notFound(`施策${n}は計画にありません`);
      const current = (await deps.store.listAssignments()).find((a) => a.measure === n);
      const view = current
        ? assignmentView(current, catalogue.departmentName.bind(catalogue))
        : { measure: n, departments: [], version: 0 };
      c.header('ETag', etagOf(view.version));
      return c.json(view);
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
      response: assignmentSchema,
      headers: ['If-Match'],
    },
    async (c, { params: { n }, body }) => {
      const { deps, principal } = c.var;
      if (principal.role !== 'hq') throw problems.forbidden('課の割当ては推進本部（総合政策課）だけが行えます');
      const catalogue = await deps.catalogue.get();
      const entry = catalogue.measure(n);
      if (!entry) throw problems.notFound(`施策${n}は計画にありません`);
      if (!entry.measure.owners.includes(ASSIGNED_DEPARTMENTS)) {
        throw problems.conflict(`施策${n}の担当課は計画で決まっています（関係各課の施策ではありません）`);
      }
      const unnamed = body.departments.findIndex((d) => !d.name && !catalogue.departmentName(d.code));
      if (unnamed >= 0) {
        throw problems.badRequest(
          `課コード「${body.departments[unnamed]!.code}」は計画にない課です。課の名称（name）も入力してください`,
          `departments.${unnamed}.name`,
        );
      }

      const current = (await deps.store.listAssignments()).find((a) => a.measure === n);
      const expected = versionFromIfMatch(c.req.header('If-Match'));
      if (current && expected === null) throw problems.preconditionRequired();
      if (expected !== null && expected !== (current?.version ?? 0)) throw problems.preconditionFailed();

      const now = (deps.now?.() ?? new Date()).toISOString();
      const by = { sub: principal.sub, name: principal.name };
      const names = Object.fromEntries(
        body.departments.filter((d) => d.name && !catalogue.departmentName(d.code)).map((d) => [d.code, d.name!]),
      );
      const next: AssignmentRecord = {
        measure: n,
        departments: body.departments.map((d) => d.code),
        names,
        version: (current?.version ?? 0) + 1,
        updatedAt: now,
        updatedBy: by,
      };
      try {
        await deps.store.writeAssignment(next, current?.version ?? null, {
          version: next.version,
          at: now,
          by,
          action: 'assign',
          state: null,
          changes: diffFields({ departments: current?.departments ?? [] }, { departments: next.departments }),
          comment: null,
        });
      } catch (error) {
        if (error instanceof VersionMismatchError || error instanceof AlreadyExistsError) throw problems.preconditionFailed();
        throw error;
      }
      const view = assignmentView(next, catalogue.departmentName.bind(catalogue));
      c.header('ETag', etagOf(view.version));
      return c.json(view);
    },
  );
}

function assignmentView(record: AssignmentRecord, nameOf: (code: string) => string | undefined) {
  return {
    measure: record.measure,
    departments: record.departments.map((code) => ({ code, name: nameOf(code) ?? record.names?.[code] ?? code })),
    version: record.version,
  };
}
