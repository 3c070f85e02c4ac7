import type { Context } from 'hono';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { AppEnv } from '../deps.ts';

/** How long an answer is kept for its key: the draft's advice, and what the web app's retries need. */
const KEEP_SECONDS = 24 * 60 * 60;
/** How long a request whose key is in use waits for the first one's answer before giving up with 409. */
const WAIT_MS = 10_000;
const POLL_MS = 200;
/** How long a key stays locked by a request that never finished (a crashed process) where no Lambda deadline is known. */
const LOCAL_LEASE_MS = 30_000;
/** The answer headers a repeat gets back with the body; the rest (x-request-id, security headers) are the repeat's own. */
const KEPT_HEADERS = ['content-type', 'etag', 'location'];

/**
 * The answer to send, or why none: the key is malformed, was used with another body, its first request is
 * still running after WAIT_MS, or the table could not keep the record.
 */
export type Outcome = Response | Refusal;

/** A problem+json answer's parts (index.ts makes the Problem: importing problem.ts here would give it a chunk of its own). */
interface Refusal {
  status: number;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
  headers?: Record<string, string>;
}

/** The draft's key is a Structured Field string ("…"); a bare token is accepted too, as most clients send one. */
const KEY = /^"?([\x21\x23-\x7e]{1,255})"?$/;
const BAD_KEY = 'Idempotency-Key は 1〜255 文字の英数字と記号（UUID など）で指定してください';

const refusals = {
  badKey: { status: 400, title: '入力内容に誤りがあります', detail: BAD_KEY, errors: [{ path: 'Idempotency-Key', message: BAD_KEY }] },
  otherBody: {
    status: 422,
    title: '同じ Idempotency-Key で内容の違う要求です',
    detail: 'この Idempotency-Key は内容の違う要求にすでに使われています。新しい操作には新しいキーを使ってください（何も変更していません）',
  },
  stillRunning: {
    status: 409,
    title: '同じ要求を処理中です',
    detail: '同じ要求を処理中です。しばらく待ってから画面を読み込み直し、結果を確かめてください（二重に登録しないよう、この要求は処理していません）',
  },
  // The table could not keep the record: nothing was created; the same words as the store's own 503 (problem.ts).
  unavailable: {
    status: 503,
    title: '一時的に利用できません',
    detail: 'データベースに一時的に接続できません。保存されていない可能性があります。少し待ってから、読み込み直してもう一度操作してください',
    headers: { 'Retry-After': '5' },
  },
} satisfies Record<string, Refusal>;

/** The first answer, as kept in the table and sent again to every repeat. */
interface KeptAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An answer that is not a success: the key is released (Powertools deletes its record) so a retry runs again. */
class NotKept extends Error {
  constructor(readonly answer: KeptAnswer) {
    super('not a success');
  }
}

/** The raw request body's SHA-256 (base64), for a route without a JSON body (a spreadsheet upload): another file is another request. */
async function digest(c: Context<AppEnv>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', await c.req.arrayBuffer()));
  return btoa(String.fromCharCode(...hash));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function keep(response: Response): Promise<KeptAnswer> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: response.status, headers, body: await response.text() };
}

const answer = (kept: KeptAnswer) => new Response(kept.body, { status: kept.status, headers: kept.headers });

/**
 * Runs a create once per (caller, method, path and query, Idempotency-Key) for 24 hours, with Powertools' idempotency
 * utility over the store's persistence layer (a conditional Put of an "in progress" record, then the answer):
 * - the same key and the same body again: the first answer (status, body, ETag/Location), nothing created;
 * - the same key with another body: refused with 422, nothing created;
 * - while the first is still running: wait for its answer (Powertools itself would only refuse), up to
 *   WAIT_MS, then refused with 409 「同じ要求を処理中です」;
 * - an answer that is not a success (a problem) is not kept: the key is free again, and the repeat is
 *   answered afresh (it changes nothing either way).
 * The caller's sub is part of the key, so another user's identical key is a different request.
 * `header` is the Idempotency-Key as sent; `body` the validated body (the same content in another JSON
 * spelling is the same request), or undefined where the route reads the raw body (its bytes are compared).
 */
export async function replayOrRun(c: Context<AppEnv>, header: string, body: unknown, run: () => Response | Promise<Response>): Promise<Outcome> {
  const key = KEY.exec(header.trim())?.[1];
  if (!key) return refusals.badKey;

  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'request',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: KEEP_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  // Without a deadline Powertools would leave a crashed request's key locked for the whole 24 h: in Lambda
  // the invocation's remaining time bounds it, on Node a fixed lease.
  const lambda = (c.env as { lambdaContext?: { getRemainingTimeInMillis?: () => number } } | undefined)?.lambdaContext;
  const remaining = () => (typeof lambda?.getRemainingTimeInMillis === 'function' ? lambda.getRemainingTimeInMillis() : LOCAL_LEASE_MS);
  config.registerLambdaContext({ getRemainingTimeInMillis: remaining } as Parameters<IdempotencyConfig['registerLambdaContext']>[0]);

  const once = makeIdempotent(
    async (_payload: unknown): Promise<KeptAnswer> => {
      const kept = await keep(await run());
      if (kept.status < 200 || kept.status > 299) throw new NotKept(kept);
      return kept;
    },
    { persistenceStore: await c.var.deps.store.idempotencyRecords(), config, keyPrefix: 'api' },
  );
  // The query is part of the route's meaning (import?dryRun=1 previews, without it applies).
  const url = new URL(c.req.url);
  const payload = {
    request: { sub: c.var.principal.sub, method: c.req.method, path: url.pathname + url.search, key },
    body: body ?? { sha256: await digest(c) },
  };

  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      return answer(await once(payload));
    } catch (error) {
      if (error instanceof NotKept) return answer(error.answer);
      const name = (error as Error).name;
      if (name === 'IdempotencyValidationError') return refusals.otherBody;
      if (name === 'IdempotencyAlreadyInProgressError') {
        if (Date.now() + POLL_MS > deadline) return refusals.stillRunning;
        await sleep(POLL_MS);
        continue;
      }
      if (name === 'IdempotencyPersistenceLayerError') return refusals.unavailable;
      throw error;
    }
  }
}
