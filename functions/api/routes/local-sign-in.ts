import * as z from '../../domain/zod.ts';
import { text } from '../../domain/text-field.ts';
import { departmentCodeSchema } from '../../domain/catalogue/schema.ts';
import { resolveDepartments } from '../../domain/departments.ts';
import type { Departments } from '../../domain/departments.ts';
import type { LocalTokens } from '../../http/auth/local.ts';
import { groupOf, parseGroup } from '../../http/auth/principal.ts';
import type { Group } from '../../http/auth/principal.ts';
import { problems } from '../../http/problem.ts';
import type { Routes } from '../../http/route.ts';
import { answer } from '../../http/answer.ts';

const departmentRoles = new Set(['department', 'department_head']);

/** The one-role form's role → the membership its department group grants. */
const MEMBERSHIP_OF_ROLE = { department: 'staff', department_head: 'head' } as const;

/**
 * Either the one-role form the sign-in screen sends (`role`, and `department` for staff and 所属長) or
 * the Cognito form (`groups`: hq, viewer, dept-<code>, head-<code>, any number of them, as a person in
 * two departments (兼務) or in HQ and a department has). `email` becomes the token's `email` claim.
 */
const devTokenBodySchema = z
  .strictObject({
    sub: text('sub（利用者ID）', { max: 128, required: true }),
    role: z.optional(
      z.enum(['department', 'department_head', 'hq', 'viewer'], {
        error: 'role は department・department_head・hq・viewer のいずれかです',
      }),
    ),
    department: z.optional(departmentCodeSchema),
    groups: z.optional(
      z
        .array(
          z.string({ error: 'groups は Cognito のグループ名（文字列）の配列です' }).check(
            // The shape of a group name (parseGroup decides which exist): also keeps other characters out.
            z.regex(/^(hq|viewer|(dept|head)-[a-z][a-z0-9-]{1,39})$/, 'groups はグループ名（hq・viewer・dept-課コード・head-課コード）で指定してください'),
          ),
        )
        .check(z.minLength(1, { error: 'groups にグループを1つ以上指定してください' }), z.maxLength(30, { error: 'groups は30個までです' })),
    ),
    email: z.optional(z.email({ error: 'email はメールアドレスの形で指定してください（例：yamada@city.example.jp）' }).check(z.maxLength(320))),
    name: z.optional(text('name（表示名）', { max: 100 })),
  })
  .check(
    z.refine((body) => (body.role === undefined) !== (body.groups === undefined), {
      error: 'role（と department）か groups のどちらか一方を指定してください',
      path: ['groups'],
    }),
    z.refine((body) => !body.role || !departmentRoles.has(body.role) || Boolean(body.department), {
      error: '担当課（department）を指定してください',
      path: ['department'],
    }),
  );

type DevTokenBody = z.infer<typeof devTokenBodySchema>;

/** A department named in a group must exist: the plan names it, or HQ added it for a 関係各課 measure. */
const unknownDepartment = (code: string) => `課コード「${code}」は登録されていません（計画にある課か、推進本部が関係各課に追加した課を選んでください）`;

/**
 * The groups a body asks for, each checked: a name the API would not understand, or a department nobody
 * knows, is refused (400 naming the field) rather than minted into a token that silently grants nothing.
 */
function requestedGroups(body: DevTokenBody, departments: Departments): Group[] {
  if (body.role) {
    if (body.role === 'hq' || body.role === 'viewer') return [{ kind: body.role }];
    if (!departments.has(body.department!)) throw problems.badRequest(unknownDepartment(body.department!), 'department');
    return [{ kind: MEMBERSHIP_OF_ROLE[body.role], department: body.department! }];
  }
  return body.groups!.map((name) => {
    const group = parseGroup(name);
    if (!group) {
      throw problems.badRequest(`groups の「${name}」はグループ名ではありません（hq・viewer・dept-課コード・head-課コード のいずれか）`, 'groups');
    }
    if ('department' in group && !departments.has(group.department)) {
      throw problems.badRequest(`groups の「${name}」：${unknownDepartment(group.department)}`, 'groups');
    }
    return group;
  });
}

/** A name for a token that was given none: 推進本部, 推進懇談会, or the departments' names (a head's as 〇〇課長). */
function defaultName(groups: readonly Group[], departments: Departments): string {
  return groups
    .map((group) =>
      group.kind === 'hq'
        ? '行財政改革推進本部（総合政策課）'
        : group.kind === 'viewer'
          ? '推進懇談会'
          : `${departments.name(group.department)}${group.kind === 'head' ? '長' : ''}`,
    )
    .join('・');
}

/**
 * The development sign-in (AUTH_MODE=local): POST /api/dev/token mints a token for any groups. Only the
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
        const [catalogue, assignments] = await Promise.all([deps.plans.active(), deps.store.listAssignments()]);
        const departments = resolveDepartments(catalogue, assignments);
        const groups = requestedGroups(body, departments);
        const token = await this.tokens.issue({
          sub: body.sub,
          name: body.name || defaultName(groups, departments) || body.sub,
          ...(body.email === undefined ? {} : { email: body.email }),
          'cognito:groups': [...new Set(groups.map((group) => ('department' in group ? groupOf(group.kind, group.department) : group.kind)))],
        });
        return answer(c, { token });
      },
    );
  }
}
