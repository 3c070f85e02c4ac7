import * as z from '../../domain/zod.ts';
import { healthSchema, meSchema, tokenSchema } from '../../contract/index.ts';
import { departmentCodeSchema } from '../../domain/catalogue/schema.ts';
import { resolveDepartments } from '../../domain/departments.ts';
import { DEPARTMENT_GROUP_PREFIX, HEAD_GROUP_PREFIX } from '../auth/principal.ts';
import { serviceContext } from '../context.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';

const departmentRoles = new Set(['department', 'department_head']);

const devTokenBodySchema = z
  .strictObject({
    sub: z.string().check(z.trim(), z.minLength(1, { error: 'sub（利用者ID）を入力してください' }), z.maxLength(128)),
    role: z.enum(['department', 'department_head', 'hq', 'viewer'], {
      error: 'role は department・department_head・hq・viewer のいずれかです',
    }),
    department: z.optional(departmentCodeSchema),
    name: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  })
  .check(
    z.refine((body) => !departmentRoles.has(body.role) || Boolean(body.department), {
      error: '担当課（department）を指定してください',
      path: ['department'],
    }),
  );

export function registerSessionRoutes(routes: Routes, options: { localSignIn: boolean }): void {
  routes.add(
    {
      method: 'get',
      path: '/health',
      summary: '稼働確認（データベースに接続できるか。できないときは 503）',
      tag: 'システム',
      public: true,
      response: healthSchema,
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
      response: healthSchema,
    },
    (c) => c.json({ status: 'ok' as const }),
  );

  routes.add(
    {
      method: 'get',
      path: '/me',
      summary: '自分の権限・担当課・担当施策',
      tag: 'システム',
      response: meSchema,
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

  if (!options.localSignIn) return;

  routes.add(
    {
      method: 'post',
      path: '/dev/token',
      summary: '開発用サインイン（AUTH_MODE=local のときだけ）',
      tag: 'システム',
      public: true,
      body: devTokenBodySchema,
      response: tokenSchema,
    },
    async (c, { body }) => {
      const { deps } = c.var;
      // A department HQ added for a 関係各課 measure signs in like one the plan names.
      const [catalogue, assignments] = await Promise.all([deps.catalogue.get(), deps.store.listAssignments()]);
      const departments = resolveDepartments(catalogue, assignments);
      const departmentName = body.department && departments.has(body.department) ? departments.name(body.department) : undefined;
      const forDepartment = departmentRoles.has(body.role);
      if (forDepartment && !departmentName) {
        throw problems.badRequest(`課コード「${body.department}」は登録されていません（計画にある課か、推進本部が関係各課に追加した課を選んでください）`, 'department');
      }
      const group =
        body.role === 'department'
          ? `${DEPARTMENT_GROUP_PREFIX}${body.department}`
          : body.role === 'department_head'
            ? `${HEAD_GROUP_PREFIX}${body.department}`
            : body.role;
      const defaultName =
        body.role === 'hq'
          ? '行財政改革推進本部（総合政策課）'
          : body.role === 'viewer'
            ? '推進懇談会'
            : body.role === 'department_head'
              ? `${departmentName}長`
              : departmentName;
      const token = await deps.localTokens!.issue({
        sub: body.sub,
        name: body.name || defaultName || body.sub,
        'cognito:groups': [group],
      });
      return c.json({ token });
    },
  );
}
