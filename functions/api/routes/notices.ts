import * as z from '../../domain/zod.ts';
import { NOTICE_KIND_LABELS, NOTICE_KIND_SHORT_LABELS } from '../../domain/notices/index.ts';
import { fiscalYearSchema } from '../../domain/progress-reports/schema.ts';
import { noticeSettingsBodySchema } from '../../contract/index.ts';
import type { noticeSettingsSchema, sentNoticeSchema } from '../../contract/index.ts';
import type { NoticeSettingsAnswer } from '../../service/notices.ts';
import { listSentNotices, listSentReminders, readNoticeSettings, writeNoticeSettings } from '../../service/notices.ts';
import type { SentNotice } from '../../store/records.ts';
import { serviceContext } from '../../http/service-context.ts';
import { parseIfMatch } from '../../http/etag.ts';
import { answersIn } from '../../http/translate.ts';
import { pageQuerySchema } from '../../http/paging.ts';
import type { Routes } from '../../http/route.ts';
import { answer } from '../../http/answer.ts';

const TAG = '通知';
/** A page of the sent log: a screenful by default, at most 200 by ?limit=. */
const SENT_PER_PAGE = 50;

const settingsView = (settings: NoticeSettingsAnswer): z.infer<typeof noticeSettingsSchema> => ({
  kinds: settings.kinds.map(({ kind, on }) => ({ kind, label: NOTICE_KIND_LABELS[kind], on })),
  version: settings.version,
});

const sentView = (sent: SentNotice): z.infer<typeof sentNoticeSchema> => {
  const kind = sent.notice?.kind ?? 'returned';
  return {
    event: sent.event,
    kind,
    kindLabel: NOTICE_KIND_SHORT_LABELS[kind],
    subject: sent.notice?.subject ?? '',
    itemLabel: sent.notice?.itemLabel ?? null,
    report: sent.notice?.report ?? null,
    status: sent.status,
    sentAt: sent.lastSentAt ?? null,
    recipients: sent.recipients ?? [],
  };
};

/** E-mail notices (issue 24): each person's settings, and HQ's log of what was sent. */
export function registerNoticeRoutes(routes: Routes): void {
  routes.add(
    { method: 'get', path: '/me/notice-settings', summary: '自分の通知メールの設定（種類ごとのオン・オフ）', tag: TAG, response: 'noticeSettingsSchema' },
    async (c) => answer(c, settingsView(await readNoticeSettings(serviceContext(c)))),
  );

  routes.add(
    {
      method: 'put',
      path: '/me/notice-settings',
      summary: '自分の通知メールの設定を変える（If-Match 必須。まだ保存していなければ "0"）',
      tag: TAG,
      body: noticeSettingsBodySchema,
      response: 'noticeSettingsSchema',
      headers: ['If-Match'],
    },
    async (c, { body }) => {
      answersIn(c, settingsView);
      return answer(c, settingsView(await writeNoticeSettings(serviceContext(c), body.kinds, parseIfMatch(c.req.header('If-Match')))));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/notices',
      summary: '送信した通知と督促メールの一覧（推進本部。新しい順、通知の続きは ?cursor=<nextCursor>）',
      tag: TAG,
      params: z.object({ fy: fiscalYearSchema }),
      query: pageQuerySchema(200),
      response: 'sentNoticeListSchema',
    },
    async (c, { params: { fy }, query }) => {
      const ctx = serviceContext(c);
      const [{ notices, nextCursor }, reminders] = await Promise.all([
        listSentNotices(ctx, fy, { limit: query.limit ?? SENT_PER_PAGE, ...(query.cursor ? { cursor: query.cursor } : {}) }),
        listSentReminders(ctx, fy),
      ]);
      return answer(c, { fiscalYear: fy, notices: notices.map(sentView), nextCursor: nextCursor ?? null, reminders });
    },
  );
}
