import type { Context } from 'hono';
import * as z from '../../domain/zod.ts';
import { opinionBodySchema, opinionIdSchema } from '../../domain/report/opinions.ts';
import { fiscalYearSchema } from '../../domain/reports/schema.ts';
import { AlreadyExistsError, VersionMismatchError } from '../../store/errors.ts';
import { diffFields } from '../../store/records.ts';
import type { OpinionRecord } from '../../store/publication-records.ts';
import type { AppEnv } from '../env.ts';
import { checkPrecondition } from '../../service/precondition.ts';
import { requirePermission } from '../context.ts';
import { etagOf, parseIfMatch } from '../http/etag.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';

const TAG = '推進懇談会の意見';

const opinionSchema = z.object({
  id: z.string(),
  fiscalYear: z.int(),
  measure: z.nullable(z.int()),
  speaker: z.string(),
  date: z.string(),
  text: z.string(),
  createdByRole: z.enum(['hq', 'viewer']),
  version: z.int(),
  createdAt: z.string(),
  createdBy: z.object({ sub: z.string(), name: z.string() }),
  updatedAt: z.string(),
  updatedBy: z.object({ sub: z.string(), name: z.string() }),
});

const opinionView = (record: OpinionRecord) => ({
  id: record.id,
  fiscalYear: record.fiscalYear,
  ...record.body,
  createdByRole: record.createdByRole,
  version: record.version,
  createdAt: record.createdAt,
  createdBy: record.createdBy,
  updatedAt: record.updatedAt,
  updatedBy: record.updatedBy,
});

function translateStoreError(error: unknown): never {
  if (error instanceof VersionMismatchError || error instanceof AlreadyExistsError) throw problems.preconditionFailed();
  throw error;
}

const who = (c: Context<AppEnv>) => ({ sub: c.var.principal.sub, name: c.var.principal.name });
const now = (c: Context<AppEnv>) => (c.var.deps.now?.() ?? new Date()).toISOString();

/**
 * 推進懇談会の意見: HQ records them from the meeting, a council member (viewer) may submit one and
 * correct their own; every change is a revision, updates need If-Match like reports.
 */
export function registerOpinionRoutes(routes: Routes): void {
  const yearParams = z.object({ fy: fiscalYearSchema });
  const params = z.object({ fy: fiscalYearSchema, id: opinionIdSchema });

  const load = async (c: Context<AppEnv>, fy: number, id: string) => {
    const record = await c.var.deps.store.getOpinion(fy, id);
    if (!record) throw problems.notFound(`この意見（${fy}年度）は見つかりません`);
    return record;
  };

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/opinions', summary: '年度の推進懇談会の意見の一覧', tag: TAG, params: yearParams, response: z.object({ opinions: z.array(opinionSchema) }) },
    async (c, { params: { fy } }) => {
      const opinions = await c.var.deps.store.listOpinions(fy);
      opinions.sort((a, b) => a.body.date.localeCompare(b.body.date) || a.createdAt.localeCompare(b.createdAt));
      return c.json({ opinions: opinions.map(opinionView) });
    },
  );

  routes.add(
    { method: 'post', path: '/fiscal-years/:fy/opinions', summary: '意見を記録する（推進本部）・提出する（推進懇談会の委員）', tag: TAG, params: yearParams, body: opinionBodySchema, response: opinionSchema, status: 201 },
    async (c, { params: { fy }, body }) => {
      await requirePermission(c, 'canRecordOpinion', '意見は推進本部と推進懇談会の委員だけが記録できます');
      const { role } = c.var.principal;
      const at = now(c);
      const record: OpinionRecord = {
        id: crypto.randomUUID(),
        fiscalYear: fy,
        body,
        createdByRole: role === 'hq' ? 'hq' : 'viewer',
        version: 1,
        createdAt: at,
        createdBy: who(c),
        updatedAt: at,
        updatedBy: who(c),
      };
      await c.var.deps.store
        .writeOpinion(record, null, { version: 1, at, by: who(c), action: 'record', changes: diffFields(undefined, body) })
        .catch(translateStoreError);
      c.header('ETag', etagOf(record.version));
      c.header('Location', `/api/fiscal-years/${fy}/opinions/${record.id}`);
      return c.json(opinionView(record), 201);
    },
  );

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/opinions/:id', summary: '意見を読む', tag: TAG, params, response: opinionSchema },
    async (c, { params: { fy, id } }) => {
      const record = await load(c, fy, id);
      c.header('ETag', etagOf(record.version));
      return c.json(opinionView(record));
    },
  );

  routes.add(
    { method: 'put', path: '/fiscal-years/:fy/opinions/:id', summary: '意見を直す（推進本部、または提出した委員本人。If-Match 必須）', tag: TAG, params, body: opinionBodySchema, response: opinionSchema, headers: ['If-Match'] },
    async (c, { params: { fy, id }, body }) => {
      const current = await load(c, fy, id);
      const { permissions } = await requirePermission(c, 'canRecordOpinion', '意見を直せるのは推進本部と、その意見を提出した委員本人だけです');
      // HQ edits any opinion (it records the meeting's); a council member only their own.
      const mayEdit = permissions.has('canReview') || current.createdBy.sub === c.var.principal.sub;
      if (!mayEdit) throw problems.forbidden('意見を直せるのは推進本部と、その意見を提出した委員本人だけです');
      checkPrecondition(parseIfMatch(c.req.header('If-Match')), { version: current.version, required: true });
      const at = now(c);
      const record: OpinionRecord = { ...current, body, version: current.version + 1, updatedAt: at, updatedBy: who(c) };
      await c.var.deps.store
        .writeOpinion(record, current.version, { version: record.version, at, by: who(c), action: 'edit', changes: diffFields(current.body, body) })
        .catch(translateStoreError);
      c.header('ETag', etagOf(record.version));
      return c.json(opinionView(record));
    },
  );

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/opinions/:id/revisions', summary: '意見の変更履歴', tag: TAG, params, response: z.object({ revisions: z.array(z.record(z.string(), z.unknown())) }) },
    async (c, { params: { fy, id } }) => {
      await load(c, fy, id);
      return c.json({ revisions: await c.var.deps.store.listOpinionRevisions(fy, id) });
    },
  );
}
