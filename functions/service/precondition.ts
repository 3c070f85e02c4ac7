import { PreconditionFailedError, PreconditionRequiredError } from './errors.ts';

/** What the client said it read (HTTP If-Match, parsed by functions/http/etag.ts as RFC 9110 says). */
export interface IfMatch {
  /** Whether the request carried If-Match at all. */
  present: boolean;
  /** Whether it matches the current representation's version; null: there is no current representation. */
  matches(currentVersion: number | null): boolean;
}

/**
 * The precondition of every write, checked before anything changes. `current` is the version the
 * client would have read (null when nothing is there) and the record it belongs to (carried by the 412,
 * so the caller sees what changed); `required`: an update must carry If-Match (428).
 * Throws PreconditionRequiredError or PreconditionFailedError (412).
 */
export function checkPrecondition(ifMatch: IfMatch, current: { version: number | null; required: boolean; record?: unknown }): void {
  if (!ifMatch.present) {
    if (current.required) throw new PreconditionRequiredError();
    return;
  }
  if (!ifMatch.matches(current.version)) throw new PreconditionFailedError(undefined, current.record);
}
