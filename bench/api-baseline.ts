/**
 * What bench/api.bench.ts sets beside the API's handler, bundled as the API's handler is
 * (infra/constructs/bundle.ts: esbuild, minified), so that every side runs the code as Lambda would. Run from
 * source through tsx, each function of ours also pays for esbuild's keepNames wrappers, which the deployed
 * bundle has not: a from-source bench put our route's share higher than it is.
 *
 * - `bare`: a bare Hono route that makes exactly the DynamoDB calls of our GET and PUT of a report and
 *   nothing else (no sign-in, validation, permissions or problem handling);
 * - `pipeline`: the same route behind our pipeline (functions/http/pipeline.ts);
 * - `breakdown`: the CPU time of a request, one step more at a time, with DynamoDB's answers replayed from
 *   memory, to say where the route's time goes in µs.
 *
 * Environment: TABLE_NAME and the AWS_* variables, as for functions/api/lambda.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../functions/api/app.ts';
import { registerReportRoutes } from '../functions/api/routes/reports.ts';
import { GatewayAuthorizerClaims } from '../functions/http/auth/gateway.ts';
import type { AppDeps, AppEnv } from '../functions/http/deps.ts';
import { answerErrors, pipelineSteps, usePipeline } from '../functions/http/pipeline.ts';
import type { PipelineOptions } from '../functions/http/pipeline.ts';
import { Routes } from '../functions/http/route.ts';
import { parseOrThrow } from '../functions/http/validate.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import type { AssignmentRecord, ReportRecord } from '../functions/store/records.ts';

type Answer = { statusCode: number; body: string; headers?: Record<string, string> };
export type Handler = (event: LambdaEvent, context: { functionName: string; awsRequestId: string }) => Promise<Answer>;

const OPTIONS: PipelineOptions = { maxBodyBytes: () => 64 * 1024, isPublic: () => false };
const REPORT_PATH = '/fiscal-years/:fy/action-reports/:id';

/**
 * The baseline: what our GET and PUT of a report ask of DynamoDB, with nothing around it. GET reads the
 * report and HQ's assignments (for the permissions) side by side; PUT does the same, then writes the report
 * (conditional on the version read) and its revision in one transaction.
 */
function bareApp(doc: DynamoDBDocumentClient, table: string, app = new Hono()): Hono {
  const read = (fy: string, id: string) =>
    Promise.all([
      doc.send(new GetCommand({ TableName: table, Key: { PK: `FY#${fy}`, SK: `ACTION#${id}` } })),
      doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'ASSIGNMENT' } })),
    ]);
  app.get(`/bare${REPORT_PATH}`, async (c) => {
    const [{ Item }] = await read(c.req.param('fy'), c.req.param('id'));
    c.header('ETag', `"${Item!.version}"`);
    return c.json(Item);
  });
  app.put(`/bare${REPORT_PATH}`, async (c) => {
    const body = await c.req.json();
    const [{ Item }] = await read(c.req.param('fy'), c.req.param('id'));
    const version = Number(Item!.version);
    const at = new Date().toISOString();
    const next = { ...Item!, body, version: version + 1, updatedAt: at };
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: next, ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': version } } },
          {
            Put: {
              TableName: table,
              Item: { PK: `REV#${Item!.PK}#${Item!.SK}`, SK: `V#${String(version + 1).padStart(6, '0')}`, version: version + 1, at, changes: [] },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    c.header('ETag', `"${version + 1}"`);
    return c.json(next);
  });
  return app;
}

// A client as DynamoStore makes one in Lambda (from the environment), shared by the bare route and the pipeline's deps.
const client = new DynamoDBClient({});
const table = process.env.TABLE_NAME ?? '';
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const store = new DynamoStore({ tableName: table, client });
const deps: AppDeps = { store, verifier: new GatewayAuthorizerClaims(), plans: new PlanRegistry(store) };

export const bare = handle(bareApp(doc, table)) as unknown as Handler;

const piped = new Hono<AppEnv>();
usePipeline(piped, deps, OPTIONS);
export const pipeline = handle(bareApp(doc, table, piped as unknown as Hono)) as unknown as Handler;

/** What the breakdown replays: a report as stored and HQ's assignments, read once from the table. */
export interface Recorded {
  report: ReportRecord;
  assignments: AssignmentRecord[];
}

/** One step of the breakdown: its name and a handler answering GET and PUT of /api/fiscal-years/:fy/action-reports/:id. */
export interface Step {
  name: string;
  handler: Handler;
}

/**
 * Our GET and PUT of a report built up one step at a time, DynamoDB's answers replayed from memory (each
 * read a structured clone of what the table returned; a write builds its transaction and sends nothing), so
 * that the difference between two steps is what the later one adds to a request. The first step is a bare
 * Hono route; then the pipeline's middleware one by one (pipelineSteps); then the route's own zod schemas;
 * the last is the API's real app (routing, permissions, service, answer).
 */
export function breakdown(recorded: Recorded): Step[] {
  const replay = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'getReport') return async () => structuredClone(recorded.report);
      if (key === 'listAssignments') return async () => structuredClone(recorded.assignments);
      // DynamoStore.writeReports builds the transaction, then calls this to send it.
      if (key === 'transact') return async () => {};
      return Reflect.get(target, key, receiver);
    },
  });
  const memoryDeps: AppDeps = { ...deps, store: replay };
  const routes = new Routes();
  registerReportRoutes(routes);
  const spec = (method: string) => routes.specs.find((candidate) => candidate.method === method && candidate.path === REPORT_PATH)!;
  const [get, put] = [spec('get'), spec('put')];
  // The bare route's answer, from memory: the stored report (GET) or it with the new body and version (PUT).
  const bareAnswer = async (c: Context, body?: unknown) => {
    const [item] = await Promise.all([Promise.resolve(structuredClone(recorded.report)), Promise.resolve(structuredClone(recorded.assignments))]);
    const next = body === undefined ? item : { ...item, body, version: item.version + 1, updatedAt: new Date().toISOString() };
    c.header('ETag', `"${next.version}"`);
    return c.json(next);
  };
  const app = (middleware: number, validate: boolean) => {
    const built = new Hono<AppEnv>().basePath('/api');
    if (middleware > 0) answerErrors(built, memoryDeps);
    for (const step of pipelineSteps(memoryDeps, OPTIONS).slice(0, middleware)) built.use('*', step.handler);
    built.get(REPORT_PATH, (c) => {
      if (validate) {
        parseOrThrow(get.params!, c.req.param());
        parseOrThrow(get.query!, c.req.query());
      }
      return bareAnswer(c);
    });
    built.put(REPORT_PATH, async (c) => {
      const body = await c.req.json();
      if (validate) {
        parseOrThrow(put.params!, c.req.param());
        parseOrThrow(put.query!, c.req.query());
        parseOrThrow(put.body!, body);
      }
      return bareAnswer(c, body);
    });
    return handle(built as unknown as Hono) as unknown as Handler;
  };
  const names = pipelineSteps(memoryDeps, OPTIONS).map((step) => step.name);
  return [
    { name: 'bare route (Hono)', handler: app(0, false) },
    ...names.map((name, i) => ({ name: `+ ${i === 0 ? 'error handler, ' : ''}${name}`, handler: app(i + 1, false) })),
    { name: "+ the route's zod schemas (path, query, body)", handler: app(names.length, true) },
    { name: 'our route (routing, permissions, service, answer)', handler: handle(createApp(memoryDeps)) as unknown as Handler },
  ];
}
