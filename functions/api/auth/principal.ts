import type { DepartmentCode } from '../../domain/catalogue/schema.ts';
import type { TokenClaims } from './claims.ts';

export type Role = 'hq' | 'department' | 'viewer';

/** Who is calling, from a verified token: the same claims locally and with Cognito. */
export interface Principal {
  sub: string;
  name: string;
  role: Role;
  /** The departments (課) the user reports for; empty for HQ and viewers. */
  departments: DepartmentCode[];
}

/** Claims as a Cognito ID token carries them; their shape is checked in ./claims.ts. */
export type { TokenClaims } from './claims.ts';

export const DEPARTMENT_GROUP_PREFIX = 'dept-';

/** Groups hq / viewer / dept-<code> decide the role; HQ wins when a user is in several. */
export function principalFromClaims(claims: TokenClaims): Principal | undefined {
  const groups = claims['cognito:groups'] ?? [];
  const departments = groups
    .filter((group) => group.startsWith(DEPARTMENT_GROUP_PREFIX))
    .map((group) => group.slice(DEPARTMENT_GROUP_PREFIX.length));
  const role: Role | undefined = groups.includes('hq')
    ? 'hq'
    : departments.length > 0
      ? 'department'
      : groups.includes('viewer')
        ? 'viewer'
        : undefined;
  if (!role) return undefined;
  return { sub: claims.sub, name: claims.name ?? claims.sub, role, departments: role === 'department' ? departments : [] };
}
