import { etagOf } from '../../functions/contract/etag.ts';
import type { Problem as ProblemDocument } from '../../functions/contract/index.ts';
import type { AnswerBody, AnswerSchemaName } from '../../functions/contract/answers.ts';
import { apiBase, rememberRoute, token } from './session.ts';
import { whileBusy } from './ui.ts';

/**
 * The parts of a problem+json answer the app shows; the app also makes one when an answer is not JSON.
 * `actions`: what the reader may do all the same (a report not written yet, 404); `current`: the record as
 * someone else left it (412), in the shape of the route's answer.
 */
export type Problem = Pick<ProblemDocument, 'status' | 'title' | 'detail' | 'errors'> & { actions?: string[]; current?: unknown };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  get status() {
    return this.problem.status;
  }
}

/**
 * The problem in an error answer: the API's problem+json as it is, else (a proxy's HTML page, a network
 * error page) one made from the status and `fallback`, so the app always has Japanese words to show.
 */
export function problemOf(data: unknown, status: number, fallback: string): Problem {
  if (typeof data === 'object' && data !== null && 'detail' in data && typeof data.detail === 'string') {
    const title = 'title' in data && typeof data.title === 'string' ? data.title : 'エラー';
    const errors = 'errors' in data && Array.isArray(data.errors) ? (data.errors as Problem['errors']) : undefined;
    const actions = 'actions' in data && Array.isArray(data.actions) ? data.actions.filter((name): name is string => typeof name === 'string') : undefined;
    const current = 'current' in data && typeof data.current === 'object' && data.current !== null ? data.current : undefined;
    return { status, title, detail: data.detail, ...(errors ? { errors } : {}), ...(actions ? { actions } : {}), ...(current ? { current } : {}) };
  }
  return { status, title: 'エラー', detail: typeof data === 'string' && data !== '' ? data : fallback };
}

/**
 * A successful answer's JSON, typed by the contract schema its route names. The one place an answer gets
 * its type: the route that answered is the one whose schema `_answer` names (the API cannot compile a
 * handler answering otherwise, functions/http/answer.ts, and the API tests parse every answer with it).
 */
export function typedAnswer<K extends AnswerSchemaName>(_answer: K, data: unknown): AnswerBody<K> {
  return data as AnswerBody<K>;
}

/**
 * Idempotency-Keys of creates sent without an answer (the network failed on the way): the same action
 * sent again, same path and body, goes with the same key, so the API creates once however often it is
 * retried. Forgotten once any answer arrives: pressing again after that is a new action.
 */
const unanswered = new Map<string, string>();

/**
 * A fresh Idempotency-Key. crypto.randomUUID exists only in secure contexts; the local server reached over
 * the LAN (HOST=0.0.0.0) is plain http, where getRandomValues makes the same kind of UUID (v4).
 */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const hex = [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Every call: the bearer token, JSON both ways, the ETag back (etagFrom); a 401 sends the user to sign in again.
 * `_answer` names the contract schema of the route's success answer (as the route's spec does), and the
 * answer is typed by it: the app declares no answer types of its own. Only its type is used, so the web
 * bundle carries none of the contract's schemas; that the API answers what its contract says is what the
 * API's own types (functions/http/answer.ts) and the tests (tests/api/harness.ts parses every answer) hold.
 * A write (any method but GET) marks the button that asked for it busy until the answer (ui.ts whileBusy),
 * so a second click sends nothing; a POST carries an Idempotency-Key (IETF httpapi draft), one per action
 * and the same when that action is retried, so the API creates once (functions/http/idempotency/).
 */
export async function call<K extends AnswerSchemaName>(
  _answer: K,
  path: string,
  options: { method?: string; body?: unknown; ifMatch?: string | null } = {},
): Promise<{ data: AnswerBody<K>; etag: string | null }> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {};
  const bearer = token();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const action = `${path}\n${options.ifMatch ?? ''}\n${body ?? ''}`;
  if (method === 'POST') {
    headers['idempotency-key'] = unanswered.get(action) ?? newKey();
    unanswered.set(action, headers['idempotency-key']);
  }
  const send = () => fetch(`${apiBase()}/api${path}`, { method, headers, body });
  const response = method === 'GET' ? await send() : await whileBusy(send);
  unanswered.delete(action);
  const type = response.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await response.json() : await response.text();
  if (response.status === 401) {
    rememberRoute();
    location.hash = '#/signin';
  }
  if (!response.ok) {
    throw new ApiError(problemOf(data, response.status, '操作できませんでした'));
  }
  return { data: typedAnswer(_answer, data), etag: etagFrom(data, response) };
}

/**
 * The tag to send back in If-Match: written from the answer's `version` by the API's own rule (etagOf),
 * not read from the ETag header. CloudFront, when it compresses an answer on the way, turns a strong
 * ETag weak (W/"3"), and If-Match compares strongly (RFC 9110 §13.1.1), so a tag read from the header
 * could never match again. Answers without a version (null: nothing stored yet) send no tag.
 */
function etagFrom(data: unknown, response: Response): string | null {
  const version = typeof data === 'object' && data !== null && 'version' in data ? data.version : undefined;
  if (typeof version === 'number') return etagOf(version);
  return version === null ? null : response.headers.get('etag');
}

/**
 * The name the server gives a download (Content-Disposition's `filename*`, RFC 6266: it says what the file
 * holds, e.g. the plan's title, the year, the department and the filters), or undefined when there is none.
 */
export function serverFilename(contentDisposition: string | null): string | undefined {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(contentDisposition ?? '')?.[1];
  if (!encoded) return undefined;
  try {
    return decodeURIComponent(encoded.trim());
  } catch {
    return undefined;
  }
}

/**
 * Downloads an export with the token (a plain link cannot send the Authorization header), under the name the
 * server gives it; `filename` only where the server names none.
 */
export async function download(path: string, filename: string): Promise<void> {
  const bearer = token();
  const response = await fetch(`${apiBase()}/api${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  if (response.status === 401) {
    rememberRoute();
    location.hash = '#/signin';
  }
  if (!response.ok) {
    const problem: unknown = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : undefined;
    throw new ApiError(problemOf(problem, response.status, '出力できませんでした'));
  }
  const url = URL.createObjectURL(await response.blob());
  const name = serverFilename(response.headers.get('content-disposition')) ?? filename;
  const link = Object.assign(document.createElement('a'), { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
