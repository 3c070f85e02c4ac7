import type { Context } from 'hono';
import * as z from '../../domain/zod.ts';
import { formatDate } from '../../domain/calendar/index.ts';
import { fiscalYearSchema } from '../../domain/progress-reports/schema.ts';
import type { PublicationRecord } from '../../store/publication-records.ts';
import type { AppEnv } from '../../http/deps.ts';
import { requireAction, serviceContext } from '../../http/service-context.ts';
import { parseIfMatch } from '../../http/etag.ts';
import { Problem } from '../../http/problem.ts';
import { answersIn } from '../../http/translate.ts';
import type { Routes } from '../../http/route.ts';
import { IDEMPOTENCY_KEY, idempotent } from '../../http/idempotency/index.ts';
import { answer } from '../../http/answer.ts';

/** Loaded with this group's first request: a cold start for the reports compiles none of it (issue 22). */
const publicationService = () => import('../../service/publication.ts');

const params = z.object({ fy: fiscalYearSchema });

const STATE_LABELS = { unpublished: '未公表', published: '公表中', withdrawn: '公表を取り下げ' } as const;

function filesOf(c: Context<AppEnv>) {
  const files = c.var.deps.publicationFiles;
  if (!files) throw new Problem(503, '公表の設定がありません', 'この環境には公表先（PUBLICATION_BUCKET）が設定されていません。運用担当へ連絡してください');
  return files;
}

// The year report's model and the open data's formats are imported when a route below runs (the
// publisher likewise, in service/publication.ts): the API's cold start should not compile them.
const loadReport = () => import('../../annual-report-docx/load.ts');
const loadOpenData = () => import('../../domain/annual-report/open-data.ts');

/** The record's own part of the answer: all a 412 shows of the other publisher's state (the history needs another read). */
function recordView(fy: number, record: PublicationRecord | undefined) {
  const state: keyof typeof STATE_LABELS = record?.state ?? 'unpublished';
  return {
    fiscalYear: fy,
    state,
    stateLabel: STATE_LABELS[state],
    snapshot: record?.snapshot ?? null,
    version: record?.version ?? null,
    publishedAt: record?.publishedAt ?? null,
  };
}

/**
 * The publication as answered, with what the caller may do to it now (`actions`, by the permission table);
 * ForbiddenError for anyone but HQ (the service's publicationActions decides).
 */
async function publicationView(c: Context<AppEnv>, fy: number) {
  const [record, events, { openDataPaths }] = await Promise.all([
    c.var.deps.store.getPublication(fy),
    c.var.deps.store.listPublicationEvents(fy),
    loadOpenData(),
  ]);
  const state: keyof typeof STATE_LABELS = record?.state ?? 'unpublished';
  const paths = openDataPaths(fy);
  return {
    ...recordView(fy, record),
    files: state === 'published' ? { csv: `/${paths.csv}`, json: `/${paths.json}`, schema: `/${paths.schema}` } : null,
    history: events.map((event) => ({
      version: event.version,
      at: event.at,
      on: formatDate(event.at),
      by: event.by,
      action: event.action,
      actionLabel: event.action === 'publish' ? (event.snapshot > 1 ? '再公表' : '公表') : '取下げ',
      snapshot: event.snapshot,
    })),
    actions: await (await publicationService()).publicationActions(serviceContext(c), record),
  };
}

/**
 * The year's report as data (HQ and the council) and its publication (公表, HQ only): publish and
 * republish with POST, withdraw with DELETE, state and history with GET. A first publication needs
 * no If-Match; anything after it needs the ETag of the state the caller saw.
 */
export function registerPublicationRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/report',
      summary: '年度の進捗状況報告書（承認済みの内容だけ）',
      tag: '進捗状況報告書',
      params,
      response: 'yearReportSchema',
    },
    async (c, { params: { fy } }) => {
      await requireAction(c, 'annualReport', 'read', '進捗状況報告書は推進本部と推進懇談会が見られます');
      const { loadYearReport } = await loadReport();
      return answer(c, await loadYearReport({ store: c.var.deps.store, catalogue: await c.var.deps.plans.forYear(fy), fiscalYear: fy }));
    },
  );

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/publication', summary: '公表の状態と履歴（推進本部）', tag: '公表', params, response: 'publicationSchema' },
    async (c, { params: { fy } }) => {
      // The history names HQ's staff: it is HQ's, not every signed-in role's (the permission table's publication read).
      return answer(c, await publicationView(c, fy));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/fiscal-years/:fy/publication',
      summary: '公表する・再公表する（推進本部。承認済みの内容をスナップショットとして公開）',
      tag: '公表',
      params,
      response: 'publicationSchema',
      headers: ['If-Match', IDEMPOTENCY_KEY],
    },
    // If-Match already refuses a second publication on a stale version (412); with the key, a repeat gets the first answer instead.
    idempotent(async (c, { params: { fy } }) => {
      answersIn(c, (record: PublicationRecord) => recordView(fy, record));
      await (await publicationService()).publish(serviceContext(c), fy, () => filesOf(c), parseIfMatch(c.req.header('If-Match')));
      return answer(c, await publicationView(c, fy));
    }),
  );

  routes.add(
    {
      method: 'delete',
      path: '/fiscal-years/:fy/publication',
      summary: '公表を取り下げる（推進本部。If-Match 必須）',
      tag: '公表',
      params,
      response: 'publicationSchema',
      headers: ['If-Match'],
    },
    async (c, { params: { fy } }) => {
      answersIn(c, (record: PublicationRecord) => recordView(fy, record));
      await (await publicationService()).withdraw(serviceContext(c), fy, () => filesOf(c), parseIfMatch(c.req.header('If-Match')));
      return answer(c, await publicationView(c, fy));
    },
  );
}
