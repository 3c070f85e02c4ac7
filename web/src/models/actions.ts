/**
 * Which buttons a screen shows for one record: exactly the names in the API's answer `actions` (issue 19
 * item 2), never the caller's role or /me's permission flags. The server decides with the same rule it
 * enforces, so a button shown is a request the API accepts, and a button it refuses is never shown.
 *
 * Names: for a report or a KPI actual `save`, `submit`, `confirm`, `return`, `withdraw`, `approve`,
 * `reopen`; for an opinion `save`, `approve`; for a publication `publish`, `withdraw`.
 * An answer without `actions` (an older API) allows nothing: the screen shows the record read-only.
 */
export type ActionName = 'save' | 'submit' | 'confirm' | 'return' | 'withdraw' | 'approve' | 'reopen' | 'publish';

export function allowedActions(record: unknown): ReadonlySet<string> {
  const actions = typeof record === 'object' && record !== null && 'actions' in record ? (record as { actions: unknown }).actions : undefined;
  return new Set(Array.isArray(actions) ? actions.filter((name): name is string => typeof name === 'string') : []);
}

export const mayTake = (record: unknown, action: ActionName): boolean => allowedActions(record).has(action);
