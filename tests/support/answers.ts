/**
 * The API's answers as the tests read them: parsed with the contract schema of the route that answered.
 * Used by the API harness (tests/api/harness.ts) and by the tests that call a running server themselves.
 */
import { Hono } from 'hono/tiny';
import * as contract from '../../functions/contract/index.ts';
import type { AnswerBody, AnswerSchemaName } from '../../functions/contract/answers.ts';
import type { AppEnv } from '../../functions/http/deps.ts';
import { Routes } from '../../functions/http/route.ts';
import type { AnyRouteSpec } from '../../functions/http/route.ts';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { registerApiRoutes } from '../../functions/api/routes/index.ts';
import { LocalSignIn } from '../../functions/api/routes/local-sign-in.ts';
import { SHEET_ROUTE_SPECS } from '../../functions/sheets/route-specs.ts';

/** Every route the test app serves, with the contract schema of its answer: the API's, the local sign-in's and the spreadsheets'. */
const ROUTE_SPECS: readonly AnyRouteSpec[] = (() => {
  const routes = new Routes(new Hono<AppEnv>());
  registerApiRoutes(routes, { localSignIn: true });
  new LocalSignIn(new LocalTokens('specs-only')).register(routes);
  return [...routes.specs, ...SHEET_ROUTE_SPECS];
})();

/** "/fiscal-years/:fy/reports" → a pattern for "/api/fiscal-years/2026/reports". */
const routePattern = (path: string) => new RegExp(`^/api${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`);
const ROUTE_PATTERNS = ROUTE_SPECS.map((spec) => ({ spec, pattern: routePattern(spec.path) }));

const isSchemaName = (response: AnyRouteSpec['response']): response is AnswerSchemaName => response in contract;

/** The keys any member of union U has. */
type KeysOf<U> = U extends unknown ? keyof U : never;
/** The type union U's members give key K (those that have it). */
type ValueAt<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
/**
 * The contract's answers as one readable shape: every field any answer has, typed as the contract types
 * it there (arrays and nested objects alike). A test reads `res.body.state` without saying which route
 * answered, because the harness has already parsed the answer with that route's own schema; `read(schema,
 * answer)` (tests/support/contract.ts) gives one route's exact type where a test needs it.
 */
export type Readable<T> = [T] extends [readonly (infer E)[]]
  ? readonly Readable<E>[]
  : [T] extends [object]
    ? { readonly [K in KeysOf<T>]: Readable<ValueAt<T, K>> }
    : T;
/** Any JSON answer of the API: a success answer of the contract or a problem (RFC 9457). */
export type JsonAnswer = Readable<
  | { [K in AnswerSchemaName]: AnswerBody<K> extends object ? (K extends `${string}BodySchema` ? never : AnswerBody<K>) : never }[AnswerSchemaName]
  | contract.Problem
>;

/**
 * A JSON answer parsed with the contract: a problem+json with the problem schema, a success with the
 * schema its route names (`response` in the route's spec). Throws, failing the test, with every field at
 * fault when an answer does not fit, or when no route's spec matches the request.
 */
export function parseAnswer(method: string, path: string, status: number, type: string, payload: unknown): JsonAnswer {
  const url = new URL(path, 'http://test');
  const route = ROUTE_PATTERNS.find(({ spec, pattern }) => spec.method === method.toLowerCase() && pattern.test(url.pathname))?.spec;
  const schema = type.includes('application/problem+json')
    ? contract.problemSchema
    : route && status < 300 && isSchemaName(route.response)
      ? // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the tests parse each answer with its route's schema, looked up by name.
        contract[route.response]
      : undefined;
  if (!schema) {
    // Only the document at /api/openapi.json answers JSON without a contract schema (it describes the contract).
    // Read it with tests/support/openapi.ts; here it is returned as it came.
    if (url.pathname === '/api/openapi.json') return payload as JsonAnswer;
    throw new Error(`${method} ${path} answered ${status} ${type} with no contract schema to read it by`);
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(answer)'}: ${issue.message}`).join('\n');
    throw new Error(`${method} ${path} answered ${status} not as the contract says:\n${issues}`);
  }
  // Parsed by its route's schema just above: one of the contract's answers (or a problem), which JsonAnswer merges.
  return parsed.data as JsonAnswer;
}
