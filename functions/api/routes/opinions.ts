import type { Context } from 'hono';
import * as z from '../../domain/zod.ts';
import type { opinionSchema } from '../../contract/index.ts';
import { OPINION_STATE_LABELS, opinionBodySchema, opinionIdSchema } from '../../domain/annual-report/opinions.ts';
import { fiscalYearSchema } from '../../domain/progress-reports/schema.ts';
import { AlreadyExistsError, VersionMismatchError } from '../../store/errors.ts';
import { diffFields } from '../../store/records.ts';
import type { OpinionRecord, OpinionRevision } from '../../store/publication-records.ts';
import type { AppEnv } from '../../http/deps.ts';
import { checkPrecondition } from '../../service/precondition.ts';
import { requirePermission } from '../../http/service-context.ts';
import { etagOf, parseIfMatch } from '../../http/etag.ts';
import { problems } from '../../http/problem.ts';
import type { Routes } from '../../http/route.ts';
import { IDEMPOTENCY_KEY, idempotent } from '../../http/idempotency/index.ts';
import { answer } from '../../http/answer.ts';

const TAG = '推進懇談会の意見';
const READERS = '推進懇談会の意見は推進本部と推進懇談会の委員だけが見られます';

const opinionView = (record: OpinionRecord): z.infer<typeof opinionSchema> => ({
  id: record.id,
  fiscalYear: record.fiscalYear,
  ...record.body,
  createdByRole: record.createdByRole,
  state: record.state,
  stateLabel: OPINION_STATE_LABELS[record.state],
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
 * Who may see an opinion: HQ every one; a council member the approved ones and their own submissions
 * (another member's submission is not the council's until HQ approves it, as with reports).
 */
async function reader(c: Context<AppEnv>) {
  const { permissions } = await requirePermission(c, 'canRecordOpinion', READERS);
  const hq = permissions.has('canReview');
  return { hq, sees: (record: OpinionRecord) => hq || record.state === 'approved' || record.createdBy.sub === c.var.principal.sub };
}

/**
 * 推進懇談会の意見: HQ records them from the meeting (approved at once); a council member (viewer) submits
 * one, which HQ approves before it enters the report, and may correct it until then. Departments have no
 * access. Every change is a revision; updates and approval need If-Match like reports.
 */
export function registerOpinionRoutes(routes: Routes): void {
  const yearParams = z.object({ fy: fiscalYearSchema });
  const params = z.object({ fy: fiscalYearSchema, id: opinionIdSchema });

  /** The opinion if the caller may see it; 404 otherwise, so nothing about another's submission leaks. */
  const load = async (c: Context<AppEnv>, fy: number, id: string) => {
    const access = await reader(c);
    const record = await c.var.deps.store.getOpinion(fy, id);
    if (!record || !access.sees(record)) throw problems.notFound(`この意見（${fy}年度）は見つかりません`);
    return { record, hq: access.hq };
  };

  const write = async (c: Context<AppEnv>, record: OpinionRecord, expected: number | null, revision: Omit<OpinionRevision, 'version' | 'at' | 'by'>) => {
    await c.var.deps.store
      .writeOpinion(record, expected, { version: record.version, at: record.updatedAt, by: record.updatedBy, ...revision })
      .catch(translateStoreError);
    c.header('ETag', etagOf(record.version));
  };

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/opinions', summary: '年度の推進懇談会の意見の一覧（委員には承認済みと自分の提出分）', tag: TAG, params: yearParams, response: 'opinionListSchema' },
    async (c, { params: { fy } }) => {
      const access = await reader(c);
      const opinions = (await c.var.deps.store.listOpinions(fy)).filter(access.sees);
      opinions.sort((a, b) => a.body.date.localeCompare(b.body.date) || a.createdAt.localeCompare(b.createdAt));
      return answer(c, { opinions: opinions.map(opinionView) });
    },
  );

  routes.add(
    { method: 'post', path: '/fiscal-years/:fy/opinions', summary: '意見を記録する（推進本部、承認済み）・提出する（推進懇談会の委員、推進本部の承認待ち）', tag: TAG, params: yearParams, body: opinionBodySchema, response: 'opinionSchema', status: 201, headers: [IDEMPOTENCY_KEY] },
    // A double click or a retried request with the same Idempotency-Key records one opinion, not two.
    idempotent(async (c, { params: { fy }, body }) => {
      const { permissions } = await requirePermission(c, 'canRecordOpinion', '意見は推進本部と推進懇談会の委員だけが記録できます');
      const hq = permissions.has('canReview');
      const at = now(c);
      const record: OpinionRecord = {
        id: crypto.randomUUID(),
        fiscalYear: fy,
        body,
        createdByRole: hq ? 'hq' : 'viewer',
        state: hq ? 'approved' : 'submitted',
        version: 1,
        createdAt: at,
        createdBy: who(c),
        updatedAt: at,
        updatedBy: who(c),
      };
      await write(c, record, null, { action: hq ? 'record' : 'submit', changes: diffFields(undefined, body) });
      c.header('Location', `/api/fiscal-years/${fy}/opinions/${record.id}`);
      return answer(c, opinionView(record), { status: 201 });
    }),
  );

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/opinions/:id', summary: '意見を読む', tag: TAG, params, response: 'opinionSchema' },
    async (c, { params: { fy, id } }) => {
      const { record } = await load(c, fy, id);
      c.header('ETag', etagOf(record.version));
      return answer(c, opinionView(record));
    },
  );

  routes.add(
    { method: 'put', path: '/fiscal-years/:fy/opinions/:id', summary: '意見を直す（推進本部、または承認前に提出した委員本人。If-Match 必須）', tag: TAG, params, body: opinionBodySchema, response: 'opinionSchema', headers: ['If-Match'] },
    async (c, { params: { fy, id }, body }) => {
      const { record: current, hq } = await load(c, fy, id);
      // HQ edits any opinion (it records the meeting's); a council member only their own, until HQ approves it.
      if (!hq && current.createdBy.sub !== c.var.principal.sub) throw problems.forbidden('意見を直せるのは推進本部と、その意見を提出した委員本人だけです');
      if (!hq && current.state === 'approved') throw problems.conflict('推進本部が承認した意見は、委員からは直せません。修正は推進本部（総合政策課）に依頼してください');
      checkPrecondition(parseIfMatch(c.req.header('If-Match')), { version: current.version, required: true });
      const at = now(c);
      const record: OpinionRecord = { ...current, body, version: current.version + 1, updatedAt: at, updatedBy: who(c) };
      await write(c, record, current.version, { action: 'edit', changes: diffFields(current.body, body) });
      return answer(c, opinionView(record));
    },
  );

  routes.add(
    { method: 'post', path: '/fiscal-years/:fy/opinions/:id/approve', summary: '委員の意見を承認して報告書に載せる（推進本部。If-Match 必須）', tag: TAG, params, response: 'opinionSchema', headers: ['If-Match'] },
    async (c, { params: { fy, id } }) => {
      await requirePermission(c, 'canReview', '意見を承認できるのは推進本部だけです');
      const { record: current } = await load(c, fy, id);
      if (current.state === 'approved') throw problems.conflict('この意見は承認済みです');
      checkPrecondition(parseIfMatch(c.req.header('If-Match')), { version: current.version, required: true });
      const at = now(c);
      const record: OpinionRecord = { ...current, state: 'approved', version: current.version + 1, updatedAt: at, updatedBy: who(c) };
      await write(c, record, current.version, { action: 'approve', changes: [{ field: 'state', before: current.state, after: 'approved' }] });
      return answer(c, opinionView(record));
    },
  );

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/opinions/:id/revisions', summary: '意見の変更履歴', tag: TAG, params, response: 'opinionRevisionListSchema' },
    async (c, { params: { fy, id } }) => {
      await load(c, fy, id);
      return answer(c, { revisions: await c.var.deps.store.listOpinionRevisions(fy, id) });
    },
  );
}
