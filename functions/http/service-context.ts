import type { Context } from 'hono';
import type { Subject } from '../domain/permissions/table.ts';
import { openContext } from '../service/context.ts';
import type { Access, ServiceContext } from '../service/context.ts';
import { problems } from './problem.ts';
import type { AppEnv } from './deps.ts';

/** Each request's one ServiceContext, however many places of its handler ask (so the clock is read once). */
const contexts = new WeakMap<Context<AppEnv>, ServiceContext>();

/**
 * The service's view of this request: the caller, their permissions (read from the store once per request,
 * however often the handler asks), the request's one clock reading, the settings.
 */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const known = contexts.get(c);
  if (known) return known;
  const { deps, principal } = c.var;
  const context = openContext({
    store: deps.store,
    plans: deps.plans,
    caller: principal,
    now: deps.now?.() ?? new Date(),
    settings: { headConfirmation: deps.headConfirmation ?? true },
    departmentDirectory: deps.departmentDirectory,
    permissionTable: deps.permissionTable,
  });
  contexts.set(c, context);
  return context;
}

/**
 * Refuses (403, with the message) a caller whose roles have no row for the action anywhere in the permission
 * table (functions/domain/permissions/table.ts): for things of the whole year, which have no measure.
 */
export async function requireAction(c: Context<AppEnv>, subject: Subject, action: string, message: string, fiscalYear?: number): Promise<Access> {
  const access = await serviceContext(c).access(fiscalYear);
  if (!access.permissions.mayEver(subject, action)) throw problems.forbidden(message);
  return access;
}
