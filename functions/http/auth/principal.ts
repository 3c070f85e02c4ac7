import { departmentCodeSchema } from '../../domain/catalogue/keys.ts';
import type { DepartmentCode } from '../../domain/catalogue/keys.ts';
import { rolesOf } from '../../domain/permissions/permissions.ts';
import type { Caller, Membership, Role } from '../../domain/permissions/permissions.ts';
import type { TokenClaims } from './claims.ts';

export type { Membership, Role };

/**
 * Who is calling, from a verified token: the same claims locally and with Cognito. Every group is kept:
 * `departments` maps each department the person belongs to onto 'staff' or 'head', next to the hq and
 * viewer flags, so a person in two departments (兼務) keeps both (permissions.ts decides per department).
 */
export interface Principal extends Caller {
  name: string;
  /** The `email` claim of the ID token (Cognito's verified address), where notices to this person go; absent when the token has none. */
  email?: string;
}

/** Claims as a Cognito ID token carries them; their shape is checked in ./claims.ts. */
export type { TokenClaims } from './claims.ts';

/** Cognito groups: dept-<code> a department's staff, head-<code> its 所属長 (課長), plus hq and viewer. */
export const DEPARTMENT_GROUP_PREFIX = 'dept-';
export const HEAD_GROUP_PREFIX = 'head-';

/** What one Cognito group name means to the API. */
export type Group = { kind: 'hq' } | { kind: 'viewer' } | { kind: Membership; department: DepartmentCode };

/**
 * "head-shomu" → { kind: 'head', department: 'shomu' }; undefined for a name that is none of
 * hq / viewer / dept-<code> / head-<code> (a user pool may hold groups of its own; they grant nothing).
 * Whether the department exists is not decided here: a department HQ adds gets its groups later.
 */
export function parseGroup(group: string): Group | undefined {
  if (group === 'hq' || group === 'viewer') return { kind: group };
  for (const [prefix, kind] of [
    [DEPARTMENT_GROUP_PREFIX, 'staff'],
    [HEAD_GROUP_PREFIX, 'head'],
  ] as const) {
    if (!group.startsWith(prefix)) continue;
    const department = group.slice(prefix.length);
    return departmentCodeSchema.safeParse(department).success ? { kind, department } : undefined;
  }
  return undefined;
}

/** The Cognito group of one membership: ('head', 'shomu') → "head-shomu". */
export const groupOf = (membership: Membership, department: DepartmentCode) =>
  `${membership === 'head' ? HEAD_GROUP_PREFIX : DEPARTMENT_GROUP_PREFIX}${department}`;

/**
 * The principal of a token's `cognito:groups`, every membership kept; a 所属長 who is also in the
 * department's staff group is its head. Undefined when no group grants anything (the API answers 403).
 */
export function principalFromClaims(claims: TokenClaims): Principal | undefined {
  const departments = new Map<DepartmentCode, Membership>();
  let hq = false;
  let viewer = false;
  for (const group of (claims['cognito:groups'] ?? []).map(parseGroup)) {
    if (group?.kind === 'hq') hq = true;
    else if (group?.kind === 'viewer') viewer = true;
    else if (group && departments.get(group.department) !== 'head') departments.set(group.department, group.kind);
  }
  if (!hq && !viewer && departments.size === 0) return undefined;
  return {
    sub: claims.sub,
    name: claims.name ?? claims.sub,
    ...(claims.email === undefined ? {} : { email: claims.email }),
    hq,
    viewer,
    departments,
  };
}

/**
 * The one role that names the person on screens and in `GET /api/me`'s `role`, the strongest held
 * (hq, 所属長, staff, viewer). Permissions never use it: they decide per department (permissions.ts).
 */
export const primaryRole = (principal: Principal): Role => rolesOf(principal)[0]!;
