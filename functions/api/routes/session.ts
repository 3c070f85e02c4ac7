import { resolveDepartments } from '../../domain/departments.ts';
import { serviceContext } from '../context.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';

const departmentRoles = new Set(['department', 'department_head']);

export function registerSessionRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/health',
      summary: '稼働確認（データベースに接続できるか。できないときは 503）',
      tag: 'システム',
      public: true,
      response: 'healthSchema',
    },
    async (c) => {
      try {
        await c.var.deps.store.checkReachable();
      } catch {
        throw problems.serviceUnavailable('データベースに接続できません。復旧するまでお待ちください');
      }
      return c.json({ status: 'ok' as const });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/health/live',
      summary: '生存確認（この関数が応答するか。データベースは確かめません）',
      tag: 'システム',
      public: true,
      response: 'healthSchema',
    },
    (c) => c.json({ status: 'ok' as const }),
  );

  routes.add(
    {
      method: 'get',
      path: '/me',
      summary: '自分の権限・担当課・担当施策',
      tag: 'システム',
      response: 'meSchema',
    },
    async (c) => {
      const ctx = serviceContext(c);
      const { catalogue, permissions } = await ctx.access();
      const { principal, deps } = c.var;
      const departments = resolveDepartments(catalogue, await deps.store.listAssignments());
      return c.json({
        sub: principal.sub,
        name: principal.name,
        role: principal.role,
        departments: principal.departments.map((code) => ({ code, name: departments.name(code) })),
        // The measures a department reports on; HQ and the council work across all of them, listed elsewhere.
        measures: departmentRoles.has(principal.role) ? permissions.reportableMeasures() : [],
        permissions: permissions.flags(),
        headConfirmation: ctx.settings.headConfirmation,
      });
    },
  );
}
