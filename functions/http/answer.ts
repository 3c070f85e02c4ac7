import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AnswerBody, AnswerSchemaName } from '../contract/answers.ts';
import type { FileMediaType } from '../contract/files.ts';
import { etagOf } from '../contract/etag.ts';

/*
 * Routes name their answer's schema (contract/answers.ts) rather than hold it, so the functions never load
 * the contract at run time (those imports are type-only): a Lambda bundle, whose OpenAPI document is made at
 * build time, builds none of the schemas at cold start (about 12 ms of it).
 */
export type { AnswerBody, AnswerSchemaName };

/** What a route answers on success: a contract schema's name (JSON) or a file's media type (a download). */
export type AnswerSpec = AnswerSchemaName | FileMediaType;

declare const answered: unique symbol;

/**
 * A Response that says what it carries: only answer() and fileAnswer() make one, so a handler whose route
 * names its answer cannot compile while it returns anything else (a c.json of another shape included).
 */
export type TypedAnswer<T> = Response & { readonly [answered]: T };

/** A download of media type M (the file itself, or a 303 to where it was put when it is too large to answer inline). */
export type FileAnswer<M extends FileMediaType> = TypedAnswer<{ file: M }>;

/** The answer type of a route's spec: TypedAnswer of the schema's output, or FileAnswer of the media type. */
export type AnswerOf<R extends AnswerSpec> = R extends AnswerSchemaName ? TypedAnswer<AnswerBody<R>> : R extends FileMediaType ? FileAnswer<R> : never;

/**
 * The JSON answer `body`, typed for the route's contract schema; `status` defaults to 200. The one place an
 * API answer gets its ETag: from the body's own `version` (the stored version it shows), as the strong tag
 * `"<version>"` (contract/etag.ts), so the tag and the body cannot disagree; none when the body has no
 * version or it is null (a year never published). T comes from the route (the handler's return type),
 * never from `body`, so an object literal is checked field by field.
 */
export function answer<T>(c: Context, body: NoInfer<T>, init: { status?: ContentfulStatusCode } = {}): TypedAnswer<T> {
  const version = (body as { version?: unknown }).version;
  if (typeof version === 'number') c.header('ETag', etagOf(version));
  return c.json(body as object, init.status ?? 200) as unknown as TypedAnswer<T>;
}

/** A download's Response (made by files.ts fileResponse or c.body), marked as the route's file answer of media type M. */
export function fileAnswer<M extends FileMediaType>(_mediaType: M, response: Response): FileAnswer<M> {
  return response as FileAnswer<M>;
}
