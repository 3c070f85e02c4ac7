import { formatDateTime } from '../../../functions/domain/calendar/index.ts';
import type { NoticeSettings, SentNotice, SentReminder } from '../../../functions/contract/index.ts';
import type { NoticeKind } from '../../../functions/domain/notices/index.ts';
import { etagOf } from '../../../functions/contract/etag.ts';
import { call } from '../api.ts';
import { bodyOf, changed, choicesOf, kindsFor } from '../models/notice-settings.ts';
import { getMe, permissions } from '../state.ts';
import { html, mount, nothing, show } from '../ui.ts';
import type { Template } from '../ui.ts';
import { errorBox, fiscalYearPicker, okBox, problemText } from './common.ts';

/** 「通知の設定」: the caller turns each kind of e-mail notice on or off (If-Match: the version read). */
export async function noticeSettingsView(): Promise<void> {
  let settings: NoticeSettings;
  try {
    settings = (await call('noticeSettingsSchema', '/me/notice-settings')).data;
  } catch (error) {
    return show(html`<h1>通知の設定</h1>${errorBox(problemText(error, '通知の設定を読めません'))}`);
  }
  const me = await getMe();
  const may = permissions(me);
  const shown = kindsFor(may);
  const screen = mount<{ settings: NoticeSettings; choices: Record<NoticeKind, boolean>; status: Template }>(
    { settings, choices: choicesOf(settings), status: nothing },
    ({ state }) => {
      const save = async (event: Event) => {
        event.preventDefault();
        try {
          const { data } = await call('noticeSettingsSchema', '/me/notice-settings', {
            method: 'PUT',
            body: bodyOf(state.settings, state.choices),
            ifMatch: etagOf(state.settings.version),
          });
          screen.set({ settings: data, choices: choicesOf(data), status: okBox('通知の設定を保存しました') });
        } catch (error) {
          screen.set({ status: errorBox(problemText(error, '保存できませんでした。もう一度お試しください')) });
        }
      };
      const label = (kind: NoticeKind) => state.settings.kinds.find((k) => k.kind === kind)?.label ?? kind;
      return html`
        <h1>通知の設定</h1>
        <p>報告の手続きが進んだとき、メールでお知らせします。不要な通知はオフにできます。</p>
        <p class="hint">宛先：${me.email ?? 'メールアドレスが登録されていません（サインインのアカウントに登録すると届きます）'}</p>
        ${state.status}
        ${
          shown.length === 0
            ? html`<p>あなたの役割に届く通知はありません。</p>`
            : html`<form @submit=${save}>
                <fieldset>
                  <legend>メールで受け取る通知</legend>
                  ${shown.map(
                    (kind) => html`<p><label class="check">
                      <input type="checkbox" id="notice-${kind}" .checked=${state.choices[kind]}
                        @change=${(e: Event) => screen.set({ choices: { ...state.choices, [kind]: (e.target as HTMLInputElement).checked }, status: nothing })} />
                      ${label(kind)}</label></p>`,
                  )}
                </fieldset>
                <button type="submit" class="primary" ?disabled=${!changed(state.settings, state.choices)}>保存する</button>
              </form>`
        }`;
    },
  );
}

/** The report a notice was about, as a link to it. */
const reportHref = (report: NonNullable<SentNotice['report']>) =>
  `#/report/${report.kind}/${encodeURIComponent(report.subject)}?fy=${report.fiscalYear}${report.department ? `&department=${encodeURIComponent(report.department)}` : ''}`;

/** The 年度's 督促メール that went out (the answer's `reminders`, newest first): round, department, when, to whom. */
const remindersSection = (reminders: SentReminder[]) => html`
  <h2>督促メール</h2>
  ${
    reminders.length === 0
      ? html`<p>この年度に送信した督促メールはありません。</p>`
      : html`<table class="stack sent-reminders">
          <caption>未提出の報告がある課に送った督促（新しい順）</caption>
          <thead><tr><th scope="col">回数</th><th scope="col">課</th><th scope="col">送信日時</th><th scope="col">宛先</th></tr></thead>
          <tbody>${reminders.map(
            (r) => html`<tr>
              <th scope="row">第${r.round}回</th>
              <td data-label="課">${r.departmentName}</td>
              <td data-label="送信日時">${formatDateTime(r.sentAt)}</td>
              <td data-label="宛先">${r.recipients.length ? r.recipients.join('、') : 'なし'}</td>
            </tr>`,
          )}</tbody>
        </table>`
  }`;

/** 「送信した通知」 (HQ): the 年度's 督促メール, then the notices the mail function sent, newest first, when, to whom, what; more by 「さらに表示」. */
export async function sentNoticesView(fy: number): Promise<void> {
  const page = (cursor?: string) =>
    call('sentNoticeListSchema', `/fiscal-years/${fy}/notices${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`).then((r) => r.data);
  let first: Awaited<ReturnType<typeof page>>;
  try {
    first = await page();
  } catch (error) {
    return show(html`<h1>送信した通知</h1>${fiscalYearPicker(fy, '#/hq/notices')}${errorBox(problemText(error, '送信した通知を読めません'))}`);
  }
  const screen = mount<{ notices: SentNotice[]; next: string | null; status: Template }>(
    { notices: first.notices, next: first.nextCursor, status: nothing },
    ({ state }) => html`
      <h1>送信した通知</h1>
      ${fiscalYearPicker(fy, '#/hq/notices')}
      ${remindersSection(first.reminders)}
      <h2>通知メール</h2>
      <p>報告の手続きで送った通知メールです（新しい順）。宛先が「なし」のものは、受け取る人が通知をオフにしていたか、メールアドレスが未登録でした。</p>
      ${state.status}
      ${
        state.notices.length === 0
          ? html`<p>この年度に送信した通知はありません。</p>`
          : html`<ul class="sent-notices">
              ${state.notices.map(
                (n) => html`<li>
                  <p><strong>${n.kindLabel}</strong>　${n.sentAt ? formatDateTime(n.sentAt) : n.status === 'failed' ? '送信失敗（再試行待ち）' : '送信中'}</p>
                  <p>${n.report ? html`<a href=${reportHref(n.report)}>${n.itemLabel ?? n.report.subject}</a>` : (n.itemLabel ?? '')}</p>
                  <p class="hint">宛先：${n.recipients.length ? n.recipients.join('、') : 'なし'}</p>
                </li>`,
              )}
            </ul>`
      }
      ${
        state.next
          ? html`<button type="button" @click=${async () => {
              try {
                const more = await page(state.next ?? undefined);
                screen.set({ notices: [...state.notices, ...more.notices], next: more.nextCursor });
              } catch (error) {
                screen.set({ status: errorBox(problemText(error, '続きを読めません')) });
              }
            }}>さらに表示</button>`
          : nothing
      }`,
  );
}
