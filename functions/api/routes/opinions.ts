import * as z from '../../domain/zod.ts';
import type { opinionSchema } from '../../contract/index.ts';
import { OPINION_STATE_LABELS, opinionBodySchema, opinionIdSchema } from '../../domain/annual-report/opinions.ts';
import { fiscalYearSchema } from '../../domain/progress-reports/schema.ts';
import type { OpinionRecord } from '../../store/publication-records.ts';
import type { OpinionAnswer } from '../../service/opinions.ts';
import { serviceContext } from '../../http/service-context.ts';
import { parseIfMatch } from '../../http/etag.ts';
import { answersIn } from '../../http/translate.ts';
import type { Routes } from '../../http/route.ts';
import { IDEMPOTENCY_KEY, idempotent } from '../../http/idempotency/index.ts';
import { answer } from '../../http/answer.ts';

/** Loaded with this group's first request: a cold start for the reports compiles none of it (issue 22). */
const opinionsService = () => import('../../service/opinions.ts');

const TAG = '推進懇談会の意見';

/** An opinion as answered, with `actions`: what the caller may do with it now (修正 save, 承認 approve). */
const opinionView = ({ record, actions }: OpinionAnswer): z.infer<typeof opinionSchema> => ({
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
  actions,
});

/** The other person's opinion a 412 carries as `current`: for reading beside one's own text, so no actions. */
const currentView = (record: OpinionRecord) => opinionView({ record, actions: [] });

/**
 * 推進懇談会の意見: HQ records them from the meeting (approved at once); a council member (viewer) submits
 * one, which HQ approves before it enters the report, and may correct it until then. Departments have no
 * access. Every change is a revision; updates and approval need If-Match like reports.
 */
export function registerOpinionRoutes(routes: Routes): void {
  const yearParams = z.object({ fy: fiscalYearSchema });
  const params = z.object({ fy: fiscalYearSchema, id: opinionIdSchema });

  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/opinions',
      summary: '年度の推進懇談会の意見の一覧（委員には承認済みと自分の提出分）',
      tag: TAG,
      params: yearParams,
      response: 'opinionListSchema',
    },
    async (c, { params: { fy } }) => answer(c, { opinions: (await (await opinionsService()).listOpinions(serviceContext(c), fy)).map(opinionView) }),
  );

  routes.add(
    {
      method: 'post',
      path: '/fiscal-years/:fy/opinions',
      summary: '意見を記録する（推進本部、承認済み）・提出する（推進懇談会の委員、推進本部の承認待ち）',
      tag: TAG,
      params: yearParams,
      body: opinionBodySchema,
      response: 'opinionSchema',
      status: 201,
      headers: [IDEMPOTENCY_KEY],
    },
    // A double click or a retried request with the same Idempotency-Key records one opinion, not two.
    idempotent(async (c, { params: { fy }, body }) => {
      const recorded = await (await opinionsService()).recordOpinion(serviceContext(c), fy, body);
      c.header('Location', `/api/fiscal-years/${fy}/opinions/${recorded.record.id}`);
      return answer(c, opinionView(recorded), { status: 201 });
    }),
  );

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/opinions/:id', summary: '意見を読む', tag: TAG, params, response: 'opinionSchema' },
    async (c, { params: { fy, id } }) => {
      return answer(c, opinionView(await (await opinionsService()).readOpinion(serviceContext(c), fy, id)));
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/fiscal-years/:fy/opinions/:id',
      summary: '意見を直す（推進本部、または承認前に提出した委員本人。If-Match 必須）',
      tag: TAG,
      params,
      body: opinionBodySchema,
      response: 'opinionSchema',
      headers: ['If-Match'],
    },
    async (c, { params: { fy, id }, body }) => {
      answersIn(c, currentView);
      return answer(c, opinionView(await (await opinionsService()).editOpinion(serviceContext(c), fy, id, body, parseIfMatch(c.req.header('If-Match')))));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/fiscal-years/:fy/opinions/:id/approve',
      summary: '委員の意見を承認して報告書に載せる（推進本部。If-Match 必須）',
      tag: TAG,
      params,
      response: 'opinionSchema',
      headers: ['If-Match'],
    },
    async (c, { params: { fy, id } }) => {
      answersIn(c, currentView);
      return answer(c, opinionView(await (await opinionsService()).approveOpinion(serviceContext(c), fy, id, parseIfMatch(c.req.header('If-Match')))));
    },
  );

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/opinions/:id/revisions', summary: '意見の変更履歴', tag: TAG, params, response: 'opinionRevisionListSchema' },
    async (c, { params: { fy, id } }) => {
      return answer(c, { revisions: await (await opinionsService()).opinionRevisions(serviceContext(c), fy, id) });
    },
  );
}
