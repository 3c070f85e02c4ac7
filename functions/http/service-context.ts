import type { Context } from 'hono';
import type { Subject } from '../domain/permissions/table.ts';
import { openContext } from '../service/context.ts';
import type { Access, ServiceContext } from '../service/context.ts';
import { problems } from './problem.ts';
import type { AppEnv } from './deps.ts';

/** The service's view of this request: the caller, their permissions, the request's one clock reading, the settings. */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const { deps, principal } = c.var;
  return openContext({
    store: deps.store,
    catalogue: deps.catalogue,
    caller: principal,
    now: deps.now?.() ?? new Date(),
    settings: { headConfirmation: deps.headConfirmation ?? true },
    departmentDirectory: deps.departmentDirectory,
    permissionTable: deps.permissionTable,
  });
}

/**
 * Refuses (403, with the message) a caller whose roles have no row for the action anywhere in the permission
 * table (functions/domain/permissions/table.ts): for things of the whole year, which have no measure.
 */
export async function requireAction(c: Context<AppEnv>, subject: Subject, action: string, message: string): Promise<Access> {
  const access = await serviceContext(c).access();
  if (!access.permissions.mayEver(subject, action)) throw problems.forbidden(message);
  return access;
}
