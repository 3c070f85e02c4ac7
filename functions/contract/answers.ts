/**
 * The contract's answers by name, as types only: what a route names as its answer (functions/http/route.ts)
 * and what the web app's call() and the tests' harness read an answer as. Nothing here exists at run time,
 * so importing it builds none of the contract's schemas.
 */
import type * as z from '../domain/zod.ts';
import type * as contract from './index.ts';

/** The contract's schemas by export name, e.g. 'reportSchema'. */
export type AnswerSchemaName = { [K in keyof typeof contract]: (typeof contract)[K] extends z.ZodMiniType ? K : never }[keyof typeof contract];

/** The JSON of an answer named K: its schema's output type. */
export type AnswerBody<K extends AnswerSchemaName> = z.output<(typeof contract)[K]>;
