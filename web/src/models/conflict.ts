/**
 * A 412 (someone saved first) or a 428 (the record was created since this screen read it), as every
 * screen that edits a record shows it: the other person's current record beside the user's own input.
 */
import { etagOf } from '../../../functions/contract/etag.ts';
import type { AnswerBody, AnswerSchemaName } from '../../../functions/contract/answers.ts';
import { ApiError, call } from '../api.ts';

export interface Conflict<T> {
  /** The record as the other person left it. */
  current: T;
  /** Its tag: sent as If-Match when the user chooses to overwrite it with their own input. */
  etag: string | null;
}

/** Whether a failed write was refused because the record changed underneath the user. */
export const isConflict = (error: unknown): error is ApiError => error instanceof ApiError && (error.status === 412 || error.status === 428);

/**
 * The other person's record: the problem body's `current` when the API sends it (issue 19: the 412 answer
 * carries the record as it is now), else read again from `path`, which is what older answers require.
 */
export async function conflictOf<K extends AnswerSchemaName>(error: ApiError, answer: K, path: string): Promise<Conflict<AnswerBody<K>>> {
  // The API answers `current` in the route's own answer shape (functions/http/translate.ts answersIn).
  const current = error.problem.current as AnswerBody<K> | undefined;
  const version = (current as { version?: unknown } | undefined)?.version;
  if (current && typeof version === 'number') return { current, etag: etagOf(version) };
  const latest = await call(answer, path);
  return { current: latest.data, etag: latest.etag };
}
