/**
 * Compile-time checks, run by `tsc --noEmit` (part of `npm test`), never executed: a route's handler must
 * answer with what its spec names. Each `@ts-expect-error` below is a handler that must not compile; if one
 * ever compiles, tsc reports the directive as unused and the type check fails.
 */
import { Hono } from 'hono/tiny';
import * as z from '../../functions/domain/zod.ts';
import type { AppEnv } from '../../functions/http/deps.ts';
import { answer, fileAnswer } from '../../functions/http/answer.ts';
import { Routes } from '../../functions/http/route.ts';
import { FILE_MEDIA_TYPES } from '../../functions/contract/files.ts';

const routes = new Routes(new Hono<AppEnv>());
const params = z.object({ fy: z.string() });
const spec = { method: 'get', path: '/check', summary: '型の確認', tag: '確認', params } as const;

// The right shape compiles.
routes.add({ ...spec, response: 'healthSchema' }, (c) => answer(c, { status: 'ok' }));
routes.add({ ...spec, response: 'tokenSchema' }, async (c) => answer(c, { token: 't' }, { status: 201 }));
routes.add({ ...spec, response: FILE_MEDIA_TYPES.csv }, (c) => fileAnswer(FILE_MEDIA_TYPES.csv, c.body('a,b')));

// @ts-expect-error a field of the wrong type: the health answer's status is the literal 'ok'
routes.add({ ...spec, response: 'healthSchema' }, (c) => answer(c, { status: 'fine' }));

// @ts-expect-error a field missing: a token answer without its token
routes.add({ ...spec, response: 'tokenSchema' }, (c) => answer(c, {}));

// @ts-expect-error a field the contract does not have
routes.add({ ...spec, response: 'tokenSchema' }, (c) => answer(c, { token: 't', secret: 's' }));

// @ts-expect-error another route's answer: a token where the health answer is due
routes.add({ ...spec, response: 'healthSchema' }, (c) => answer(c, { token: 't' }));

// @ts-expect-error a plain c.json, whatever its shape, does not say it fits the contract
routes.add({ ...spec, response: 'healthSchema' }, (c) => c.json({ status: 'ok' }));

// @ts-expect-error a JSON answer where the spec names a file
routes.add({ ...spec, response: FILE_MEDIA_TYPES.xlsx }, (c) => answer(c, { status: 'ok' }));

// @ts-expect-error a file of another media type: a CSV where the spec names an .xlsx
routes.add({ ...spec, response: FILE_MEDIA_TYPES.xlsx }, (c) => fileAnswer(FILE_MEDIA_TYPES.csv, c.body('a,b')));

// @ts-expect-error a response key that names no schema of the contract
routes.add({ ...spec, response: 'reportsSchema' }, (c) => answer(c, {}));

// @ts-expect-error every route names its answer
routes.add(spec, (c) => answer(c, { status: 'ok' }));
