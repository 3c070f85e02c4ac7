import * as z from '../../domain/zod.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { fiscalYearSchema } from '../../domain/progress-reports/schema.ts';
import type { Context } from 'hono';
import { problems } from '../../http/problem.ts';
import { requireAction } from '../../http/service-context.ts';
import type { AppEnv } from '../../http/deps.ts';
import type { Routes } from '../../http/route.ts';
import { IDEMPOTENCY_KEY, idempotent } from '../../http/idempotency/index.ts';
import { answer } from '../../http/answer.ts';

export function registerDigestRoutes(routes: Routes): void {
  const params = z.object({ fy: fiscalYearSchema });
  const hqOnly = (c: Context<AppEnv>, action: 'preview' | 'send' | 'list') =>
    requireAction(c, 'digest', action, 'ダイジェストは推進本部（総合政策課）だけが扱えます');
  const trigger = (c: { var: { deps: { digest?: unknown } } }) => {
    if (!c.var.deps.digest) throw problems.conflict('この環境ではダイジェストのメール送信が設定されていません');
  };

  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/digest/preview',
      summary: '年次ダイジェストのプレビュー（送信しません）',
      tag: 'ダイジェスト',
      params,
      response: 'digestSchema',
    },
    async (c, { params: { fy } }) => {
      await hqOnly(c, 'preview');
      trigger(c);
      return answer(c, await c.var.deps.digest!.preview(fy));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/fiscal-years/:fy/digest',
      summary: '年次ダイジェストを今すぐ送信（送信済みの年度は force: true のときだけ再送）',
      tag: 'ダイジェスト',
      params,
      body: z.strictObject({ force: z._default(z.boolean({ error: 'force は true か false です' }), false) }),
      response: 'digestSendSchema',
      headers: [IDEMPOTENCY_KEY],
    },
    // A repeated "send now" (force: true resends) with the same Idempotency-Key mails once.
    idempotent(async (c, { params: { fy }, body }) => {
      await hqOnly(c, 'send');
      trigger(c);
      const outcome = await c.var.deps.digest!.send(fy, body.force);
      if (!outcome.sent) {
        throw problems.conflict(
          outcome.reason === 'already_sent'
            ? `${formatFiscalYear(fy)}のダイジェストは送信済みです。再送する場合は「再送する」を選んでください`
            : `${formatFiscalYear(fy)}のダイジェストは送信中です。しばらくしてから確認してください`,
        );
      }
      return answer(c, outcome);
    }),
  );

  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/digests',
      summary: '送信済みダイジェストの一覧（本文つき）',
      tag: 'ダイジェスト',
      params,
      response: 'digestListSchema',
    },
    async (c, { params: { fy } }) => {
      await hqOnly(c, 'list');
      return answer(c, { digests: await c.var.deps.store.listDigests(fy) });
    },
  );
}
