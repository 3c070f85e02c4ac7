import { etagOf } from '../../functions/contract/index.ts';
import type { Problem as ProblemDocument } from '../../functions/contract/index.ts';
import { apiBase, rememberRoute, token } from './session.ts';

/** The parts of a problem+json answer the app shows; the app also makes one when an answer is not JSON. */
export type Problem = Pick<ProblemDocument, 'status' | 'title' | 'detail' | 'errors'>;

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  get status() {
    return this.problem.status;
  }
}

/** Every call: the bearer token, JSON both ways, the ETag back (etagFrom); a 401 sends the user to sign in again. */
export async function call<T>(path: string, options: { method?: string; body?: unknown; ifMatch?: string | null } = {}): Promise<{ data: T; etag: string | null }> {
  const headers: Record<string, string> = {};
  const bearer = token();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  const response = await fetch(`${apiBase()}/api${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const type = response.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (response.status === 401) {
    rememberRoute();
    location.hash = '#/signin';
  }
  if (!response.ok) {
    throw new ApiError(typeof data === 'object' ? (data as Problem) : { status: response.status, title: 'エラー', detail: String(data) });
  }
  return { data: data as T, etag: etagFrom(data, response) };
}

/**
 * The tag to send back in If-Match: written from the answer's `version` by the API's own rule (etagOf),
 * not read from the ETag header. CloudFront, when it compresses an answer on the way, turns a strong
 * ETag weak (W/"3"), and If-Match compares strongly (RFC 9110 §13.1.1), so a tag read from the header
 * could never match again. Answers without a version (null: nothing stored yet) send no tag.
 */
function etagFrom(data: unknown, response: Response): string | null {
  const version = typeof data === 'object' && data !== null && 'version' in data ? (data as { version: unknown }).version : undefined;
  if (typeof version === 'number') return etagOf(version);
  return version === null ? null : response.headers.get('etag');
}

/** Downloads an export with the token (a plain link cannot send the Authorization header). */
export async function download(path: string, filename: string): Promise<void> {
  const bearer = token();
  const response = await fetch(`${apiBase()}/api${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  if (response.status === 401) {
    rememberRoute();
    location.hash = '#/signin';
  }
  if (!response.ok) {
    const problem = (response.headers.get('content-type') ?? '').includes('json') ? ((await response.json()) as Problem) : undefined;
    throw new ApiError(problem ?? { status: response.status, title: 'エラー', detail: '出力できませんでした' });
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
