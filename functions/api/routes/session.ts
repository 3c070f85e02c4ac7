import * as z from '../../domain/zod.ts';
import { departmentCodeSchema } from '../../domain/catalogue/schema.ts';
import { resolveDepartments } from '../../domain/departments.ts';
import { DEPARTMENT_GROUP_PREFIX } from '../auth/principal.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';
import { accessFor } from './reports.ts';

const devTokenBodySchema = z
  .strictObject({
    sub: z.string().check(z.trim(), z.minLength(1, { error: 'sub（利用者ID）を入力してください' }), z.maxLength(128)),
    role: z.enum(['department', 'hq', 'viewer'], { error: 'role は department・hq・viewer のいずれかです' }),
    department: z.optional(departmentCodeSchema),
    name: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  })
  .check(
    z.refine((body) => body.role !== 'department' || Boolean(body.department), {
      error: '担当課（department）を指定してください',
      path: ['department'],
    }),
  );

export function registerSessionRoutes(routes: Routes, options: { localSignIn: boolean }): void {
  routes.add(
    {
      method: 'get',
      path: '/health',
      summary: '稼働確認',
      tag: 'システム',
      public: true,
      response: z.object({ status: z.literal('ok') }),
    },
    (c) => c.json({ status: 'ok' as const }),
  );

  routes.add(
    {
      method: 'get',
      path: '/me',
      summary: '自分の権限・担当課・担当施策',
      tag: 'システム',
      response: z.object({
        sub: z.string(),
        name: z.string(),
        role: z.enum(['hq', 'department', 'viewer']),
        departments: z.array(z.object({ code: z.string(), name: z.string() })),
        measures: z.array(z.int()),
      }),
    },
    async (c) => {
      const { access, catalogue } = await accessFor(c);
      const { principal, deps } = c.var;
      const departments = resolveDepartments(catalogue, await deps.store.listAssignments());
      return c.json({
        sub: principal.sub,
        name: principal.name,
        role: principal.role,
        departments: principal.departments.map((code) => ({ code, name: departments.name(code) })),
        measures: principal.role === 'department' ? access.visibleMeasures() : [],
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
      response: z.object({ token: z.string() }),
    },
    async (c, { body }) => {
      const { deps } = c.var;
      // A department HQ added for a 関係各課 measure signs in like one the plan names.
      const [catalogue, assignments] = await Promise.all([deps.catalogue.get(), deps.store.listAssignments()]);
      const departments = resolveDepartments(catalogue, assignments);
      const departmentName = body.department && departments.has(body.department) ? departments.name(body.department) : undefined;
      if (body.role === 'department' && !departmentName) {
        throw problems.badRequest(`課コード「${body.department}」は登録されていません`, 'department');
      }
      const group = body.role === 'department' ? `${DEPARTMENT_GROUP_PREFIX}${body.department}` : body.role;
      const defaultName = body.role === 'hq' ? '行財政改革推進本部（総合政策課）' : body.role === 'viewer' ? '推進懇談会' : departmentName;
      const token = await deps.localTokens!.issue({
        sub: body.sub,
        name: body.name || defaultName || body.sub,
        'cognito:groups': [group],
      });
      return c.json({ token });
    },
  );
}
