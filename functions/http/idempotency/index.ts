import type { Context } from 'hono';
import type { AppEnv } from '../deps.ts';
import { Problem } from '../problem.ts';
import type { Handler } from '../route.ts';
import type { AnswerOf, AnswerSpec } from '../answer.ts';

/** The request header (IETF httpapi draft "The Idempotency-Key HTTP Header Field"), as routes document it. */
export const IDEMPOTENCY_KEY = 'Idempotency-Key';

/**
 * Makes a create route safe to send twice: with an Idempotency-Key header, the same key from the same
 * caller on the same path within 24 h gets the first answer again (status, body, ETag, Location) and
 * creates nothing more; the same key with another body is a 422, and a repeat that arrives while the first
 * is still running waits for its answer (409 「同じ要求を処理中です」 if that takes too long). See replay.ts.
 * Without the header the handler runs as before. The machinery, its messages included, is imported only
 * when a request carries the header, so the API's cold start does not load it.
 */
export function idempotent<P, B, Q, R extends AnswerSpec>(handler: Handler<P, B, Q, R>): Handler<P, B, Q, R> {
  return async (c: Context<AppEnv>, input) => {
    const header = c.req.header(IDEMPOTENCY_KEY);
    if (header === undefined) return handler(c, input);
    const { replayOrRun } = await import('./replay.ts');
    const outcome = await replayOrRun(c, header, input.body, () => handler(c, input));
    // A repeat's answer is the first run's, kept as it was sent: the same route's answer type.
    if (outcome instanceof Response) return outcome as AnswerOf<R>;
    throw new Problem(outcome.status, outcome.title, outcome.detail, outcome.errors, outcome.headers);
  };
}
