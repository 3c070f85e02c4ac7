import * as z from '../../domain/zod.ts';
import { text } from '../../domain/text-field.ts';
import { departmentCodeSchema } from '../../domain/catalogue/schema.ts';
import { resolveDepartments } from '../../domain/departments.ts';
import type { LocalTokens } from '../auth/local.ts';
import { DEPARTMENT_GROUP_PREFIX, HEAD_GROUP_PREFIX } from '../auth/principal.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';

const departmentRoles = new Set(['department', 'department_head']);

const devTokenBodySchema = z
  .strictObject({
    sub: text('sub（利用者ID）', { max: 128, required: true }),
    role: z.enum(['department', 'department_head', 'hq', 'viewer'], {
      error: 'role は department・department_head・hq・viewer のいずれかです',
    }),
    department: z.optional(departmentCodeSchema),
    name: z.optional(text('name（表示名）', { max: 100 })),
  })
  .check(
    z.refine((body) => !departmentRoles.has(body.role) || Boolean(body.department), {
      error: '担当課（department）を指定してください',
      path: ['department'],
    }),
  );

/**
 * The development sign-in (AUTH_MODE=local): POST /api/dev/token mints a token for any role. Only the
 * local server and the tests create one (AppDeps.localSignIn); the Lambda functions never import this
 * module, so the deployed code cannot mint a token at all.
 */
export class LocalSignIn {
  constructor(readonly tokens: LocalTokens) {}

  register(routes: Routes): void {
    routes.add(
      {
        method: 'post',
        path: '/dev/token',
        summary: '開発用サインイン（AUTH_MODE=local のときだけ）',
        tag: 'システム',
        public: true,
        body: devTokenBodySchema,
        response: 'tokenSchema',
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
        const token = await this.tokens.issue({
          sub: body.sub,
          name: body.name || defaultName || body.sub,
          'cognito:groups': [group],
        });
        return c.json({ token });
      },
    );
  }
}
