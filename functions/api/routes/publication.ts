import type { Context } from 'hono';
import * as z from '../../domain/zod.ts';
import { formatDate } from '../../domain/calendar/index.ts';
import { fiscalYearSchema } from '../../domain/progress-reports/schema.ts';
import { AlreadyExistsError, VersionMismatchError } from '../../store/errors.ts';
import type { AppEnv } from '../../http/deps.ts';
import { checkPrecondition } from '../../service/precondition.ts';
import { requirePermission } from '../../http/service-context.ts';
import { etagOf, parseIfMatch } from '../../http/etag.ts';
import { Problem, problems } from '../../http/problem.ts';
import type { Routes } from '../../http/route.ts';
import { IDEMPOTENCY_KEY, idempotent } from '../../http/idempotency/index.ts';
import { answer } from '../../http/answer.ts';

const params = z.object({ fy: fiscalYearSchema });


const STATE_LABELS = { unpublished: '未公表', published: '公表中', withdrawn: '公表を取り下げ' } as const;

async function requirePublisher(c: Context<AppEnv>, what: string): Promise<void> {
  await requirePermission(c, 'canPublish', `${what}は推進本部（総合政策課）だけが行えます`);
}

function filesOf(c: Context<AppEnv>) {
  const files = c.var.deps.publicationFiles;
  if (!files) throw new Problem(503, '公表の設定がありません', 'この環境には公表先（PUBLICATION_BUCKET）が設定されていません。運用担当へ連絡してください');
  return files;
}

function translateStoreError(error: unknown): never {
  if (error instanceof VersionMismatchError || error instanceof AlreadyExistsError) throw problems.preconditionFailed('他の人が先に公表または取下げをしました。状態を読み込み直してください');
  throw error;
}

// The year report's model, the open data's formats and the publisher are imported when a route below
// runs: HQ publishes a few times a year, and the API's cold start should not compile them.
const loadReport = () => import('../../annual-report-docx/load.ts');
const loadOpenData = () => import('../../domain/annual-report/open-data.ts');
const loadPublisher = () => import('../../publication/publish.ts');

async function publicationView(c: Context<AppEnv>, fy: number) {
  const [record, events, { openDataPaths }] = await Promise.all([
    c.var.deps.store.getPublication(fy),
    c.var.deps.store.listPublicationEvents(fy),
    loadOpenData(),
  ]);
  const state: keyof typeof STATE_LABELS = record?.state ?? 'unpublished';
  const paths = openDataPaths(fy);
  const view = {
    fiscalYear: fy,
    state,
    stateLabel: STATE_LABELS[state],
    snapshot: record?.snapshot ?? null,
    version: record?.version ?? null,
    publishedAt: record?.publishedAt ?? null,
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
  };
  return { record, view };
}

/**
 * The year's report as data (HQ and the council) and its publication (公表, HQ only): publish and
 * republish with POST, withdraw with DELETE, state and history with GET. A first publication needs
 * no If-Match; anything after it needs the ETag of the state the caller saw.
 */
export function registerPublicationRoutes(routes: Routes): void {
  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/report', summary: '年度の進捗状況報告書（承認済みの内容だけ）', tag: '進捗状況報告書', params, response: 'yearReportSchema' },
    async (c, { params: { fy } }) => {
      await requirePermission(c, 'canSeeOverview', '進捗状況報告書は推進本部と推進懇談会が見られます');
      const { loadYearReport } = await loadReport();
      return answer(c, await loadYearReport({ store: c.var.deps.store, catalogue: await c.var.deps.catalogue.get(), fiscalYear: fy }));
    },
  );

  routes.add(
    { method: 'get', path: '/fiscal-years/:fy/publication', summary: '公表の状態と履歴', tag: '公表', params, response: 'publicationSchema' },
    async (c, { params: { fy } }) => {
      const { record, view } = await publicationView(c, fy);
      if (record) c.header('ETag', etagOf(record.version));
      return answer(c, view);
    },
  );

  routes.add(
    { method: 'post', path: '/fiscal-years/:fy/publication', summary: '公表する・再公表する（推進本部。承認済みの内容をスナップショットとして公開）', tag: '公表', params, response: 'publicationSchema', headers: ['If-Match', IDEMPOTENCY_KEY] },
    // If-Match already refuses a second publication on a stale version (412); with the key, a repeat gets the first answer instead.
    idempotent(async (c, { params: { fy } }) => {
      await requirePublisher(c, '公表');
      const files = filesOf(c);
      const current = await c.var.deps.store.getPublication(fy);
      checkPrecondition(parseIfMatch(c.req.header('If-Match')), { version: current?.version ?? null, required: current !== undefined });
      const by = { sub: c.var.principal.sub, name: c.var.principal.name };
      const { publishFiscalYear } = await loadPublisher();
      const record = await publishFiscalYear({
        store: c.var.deps.store,
        catalogue: await c.var.deps.catalogue.get(),
        files,
        fiscalYear: fy,
        current,
        by,
        now: c.var.deps.now?.() ?? new Date(),
      }).catch(translateStoreError);
      const { view } = await publicationView(c, fy);
      c.header('ETag', etagOf(record.version));
      return answer(c, view);
    }),
  );

  routes.add(
    { method: 'delete', path: '/fiscal-years/:fy/publication', summary: '公表を取り下げる（推進本部。If-Match 必須）', tag: '公表', params, response: 'publicationSchema', headers: ['If-Match'] },
    async (c, { params: { fy } }) => {
      await requirePublisher(c, '公表の取下げ');
      const files = filesOf(c);
      const current = await c.var.deps.store.getPublication(fy);
      if (!current || current.state !== 'published') throw problems.conflict(`${fy}年度は公表されていないため、取り下げられません`);
      checkPrecondition(parseIfMatch(c.req.header('If-Match')), { version: current.version, required: true });
      const { withdrawFiscalYear } = await loadPublisher();
      const record = await withdrawFiscalYear({
        store: c.var.deps.store,
        files,
        current,
        by: { sub: c.var.principal.sub, name: c.var.principal.name },
        now: c.var.deps.now?.() ?? new Date(),
      }).catch(translateStoreError);
      const { view } = await publicationView(c, fy);
      c.header('ETag', etagOf(record.version));
      return answer(c, view);
    },
  );
}
