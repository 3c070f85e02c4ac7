import { formatDate, formatDateTime } from '../../../functions/domain/calendar/index.ts';
import type { AnswerBody } from '../../../functions/contract/answers.ts';
import { call } from '../api.ts';
import { serverClock } from '../models/clock.ts';
import { submissionDeadline } from '../session.ts';
import { fyLabel } from '../state.ts';
import { confirmAction, html, mount, nothing, show } from '../ui.ts';
import type { Template } from '../ui.ts';
import { errorBox, fiscalYearPicker, okBox, problemText } from './common.ts';

/** A digest as sent (GET /fiscal-years/{fy}/digests), the parts shown: when, to whom, whether it was a resend. */
type SentDigest = Pick<AnswerBody<'digestListSchema'>['digests'][number], 'sentAt' | 'recipients' | 'subject' | 'forced'>;

/**
 * 年次ダイジェスト: what HQ will receive, whether and when it went out and to whom, and sending it now.
 * Sending asks first; 再送 is offered only once the year's digest has been sent.
 */
/**
 * The preview frame (/digest-preview.html, with a CSP that allows the mail's inline styles) asks for the HTML
 * when it has loaded; it gets the latest preview of the year being looked at.
 */
let previewHtml = '';
window.addEventListener('message', (event: MessageEvent<{ digestPreviewReady?: boolean }>) => {
  // The frame's window belongs to another realm, so `instanceof Window` would be false: test for the method.
  if (event.origin !== location.origin || !event.data?.digestPreviewReady || !event.source || !('postMessage' in event.source)) return;
  (event.source as Window).postMessage({ html: previewHtml }, location.origin);
});

export async function digestView(fy: number): Promise<void> {
  let preview: { subject: string; html: string };
  let sent: SentDigest[];
  try {
    [preview, sent] = await Promise.all([
      call('digestSchema', `/fiscal-years/${fy}/digest/preview`).then((r) => r.data),
      call('digestListSchema', `/fiscal-years/${fy}/digests`).then((r) => r.data.digests),
    ]);
  } catch (error) {
    return show(html`<h1>年次ダイジェスト</h1>${fiscalYearPicker(fy, '#/hq/digest')}${errorBox(problemText(error, 'プレビューできません'))}`);
  }
  previewHtml = preview.html;
  const screen = mount<{ sent: SentDigest[]; status: Template }>(
    { sent: [...sent].sort((a, b) => b.sentAt.localeCompare(a.sentAt)), status: nothing },
    ({ state }) => {
      const resend = state.sent.length > 0;
      const send = async () => {
        const asked = await confirmAction(
          resend ? `${fyLabel(fy)}のダイジェストを再送しますか？` : `${fyLabel(fy)}のダイジェストを送信しますか？`,
          resend ? '送信済みのダイジェストを、同じ宛先にもう一度送ります。' : '推進本部の宛先にメールで送ります。',
          resend ? '再送する' : '送信する',
        );
        if (!asked) return;
        try {
          const { data } = await call('digestSendSchema', `/fiscal-years/${fy}/digest`, { method: 'POST', body: { force: resend } });
          const now = serverClock.now().toISOString();
          screen.set({
            sent: [{ sentAt: now, recipients: data.recipients, subject: preview.subject, forced: resend }, ...state.sent],
            status: okBox(`${resend ? '再送' : '送信'}しました（${data.recipients.join('、')}）`),
          });
        } catch (error) {
          screen.set({ status: errorBox(problemText(error, '送信できませんでした')) });
        }
      };
      return html`
      <h1>年次ダイジェスト</h1>
      ${fiscalYearPicker(fy, '#/hq/digest')}
      <section class="card" aria-labelledby="sent-title">
        <h2 id="sent-title">送信の記録</h2>
        ${
          state.sent.length
            ? html`<ul class="sent-list">${state.sent.map((d) => html`<li><strong>${formatDateTime(d.sentAt)}</strong>${d.forced ? '（再送）' : ''}　宛先：${d.recipients.join('、')}</li>`)}</ul>`
            : html`<p>${fyLabel(fy)}のダイジェストはまだ送信していません。</p>`
        }
        <div class="actions"><button type="button" class="primary" @click=${() => void send()}>${resend ? '再送する' : '今すぐ送信'}</button></div>
        <div role="status">${state.status}</div>
      </section>
      <p>提出期限：<strong>${formatDate(submissionDeadline(fy))}</strong><span class="muted">（各課への督促メールが示す期限です）</span></p>
      <p>件名：${preview.subject}</p>
      <iframe title="ダイジェストのプレビュー" class="digest-preview" src="/digest-preview.html"></iframe>`;
    },
  );
}
