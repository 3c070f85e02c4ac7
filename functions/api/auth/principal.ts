import type { DepartmentCode } from '../../domain/catalogue/schema.ts';
import type { Role } from '../../domain/reports/permissions.ts';
import type { TokenClaims } from './claims.ts';

export type { Role };

/** Who is calling, from a verified token: the same claims locally and with Cognito. */
export interface Principal {
  sub: string;
  name: string;
  role: Role;
  /** The departments (課) the user reports for or heads; empty for HQ and viewers. */
  departments: DepartmentCode[];
}

/** Claims as a Cognito ID token carries them; their shape is checked in ./claims.ts. */
export type { TokenClaims } from './claims.ts';

/** Cognito groups: dept-<code> a department's staff, head-<code> its 所属長 (課長). */
export const DEPARTMENT_GROUP_PREFIX = 'dept-';
export const HEAD_GROUP_PREFIX = 'head-';

const codesWithPrefix = (groups: readonly string[], prefix: string) =>
  groups.filter((group) => group.startsWith(prefix)).map((group) => group.slice(prefix.length));

/**
 * Groups hq / head-<code> / dept-<code> / viewer decide the role, the strongest winning when a user is
 * in several (hq, then 所属長, then staff, then viewer). A 所属長 reports for the departments they head.
 */
export function principalFromClaims(claims: TokenClaims): Principal | undefined {
  const groups = claims['cognito:groups'] ?? [];
  const heads = codesWithPrefix(groups, HEAD_GROUP_PREFIX);
  const staff = codesWithPrefix(groups, DEPARTMENT_GROUP_PREFIX);
  const base = { sub: claims.sub, name: claims.name ?? claims.sub };
  if (groups.includes('hq')) return { ...base, role: 'hq', departments: [] };
  if (heads.length > 0) return { ...base, role: 'department_head', departments: heads };
  if (staff.length > 0) return { ...base, role: 'department', departments: staff };
  if (groups.includes('viewer')) return { ...base, role: 'viewer', departments: [] };
  return undefined;
}
