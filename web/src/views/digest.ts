import { call } from '../api.ts';
import { h, render } from '../dom.ts';
import { fiscalYearPicker, errorBox, problemText } from './common.ts';

/** 年次ダイジェスト: preview what HQ will receive, and send it now. */
export async function digestView(fy: number): Promise<void> {
  const status = h('div', { role: 'status' });
  let preview: { subject: string; html: string };
  try {
    preview = (await call<{ subject: string; html: string }>(`/fiscal-years/${fy}/digest/preview`)).data;
  } catch (error) {
    return render(h('h1', {}, '年次ダイジェスト'), fiscalYearPicker(fy, '#/hq/digest'), errorBox(problemText(error, 'プレビューできません')));
  }
  const send = async (force: boolean) => {
    try {
      const { data } = await call<{ recipients: string[] }>(`/fiscal-years/${fy}/digest`, { method: 'POST', body: { force } });
      status.replaceChildren(h('p', { class: 'alert alert-ok' }, `送信しました（${data.recipients.join('、')}）`));
    } catch (error) {
      status.replaceChildren(errorBox(problemText(error, '送信できませんでした')));
    }
  };
  render(
    h('h1', {}, '年次ダイジェスト'),
    fiscalYearPicker(fy, '#/hq/digest'),
    h('p', {}, `件名: ${preview.subject}`),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: () => void send(false) }, '今すぐ送信'), h('button', { type: 'button', onclick: () => void send(true) }, '再送する')),
    status,
    h('iframe', { title: 'ダイジェストのプレビュー', class: 'digest-preview', sandbox: '', srcdoc: preview.html }),
  );
}
