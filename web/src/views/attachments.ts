/**
 * 根拠資料 drawn from their model (models/attachments.ts): the section of the report form (action reports and
 * KPI actuals alike, for the writer and for the 所属長 confirming), and the short list on HQ's review cards.
 * Loaded with the first report opened, not with the app (vite.config.ts's first-load budget). The view asks
 * before a removal and starts downloads; every state and every call is the model's.
 */
import type { Attachment } from '../../../functions/contract/index.ts';
import { formatDateTime } from '../../../functions/domain/calendar/index.ts';
import { download } from '../api.ts';
import { ACCEPT, AttachmentsModel, LIMITS_TEXT, MAX_FILES, formatFileSize } from '../models/attachments.ts';
import type { PickedFile, ReportRef } from '../models/attachments.ts';
import { announce, confirmAction, html, nothing } from '../ui.ts';
import type { Template } from '../ui.ts';
import { errorBox, okBox, problemText } from './common.ts';

/** Downloads a listed file under its own name; a refusal is said where the person is. */
async function save(model: AttachmentsModel, file: Attachment): Promise<void> {
  try {
    await download(model.downloadPath(file), file.name);
  } catch (error) {
    announce(problemText(error, `「${file.name}」をダウンロードできませんでした`));
  }
}

/** A file as a download link (a button: the download needs the sign-in token, which a plain link cannot send). */
const fileLink = (model: AttachmentsModel, file: Attachment) =>
  html`<button type="button" class="link file-name" @click=${() => void save(model, file)}>${file.name}</button>`;

/** Who added a file and when, and its size: 「245KB・総務課 山田（令和8年6月1日 10:00）」. */
const fileLine = (file: Attachment) => `${formatFileSize(file.size)}・${file.addedBy.name}（${formatDateTime(file.addedAt)}）`;

/**
 * The report form's 根拠資料 section. `approved`: the report is approved, so the files stay and the section
 * says why there is no 削除. Draws again through the model's onChange.
 */
export function attachmentsSection(model: AttachmentsModel, approved: boolean): Template {
  const { files, canChange, progress, notice, loaded } = model.state;
  const pick = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const picked = [...(input.files ?? [])] as PickedFile[];
    // Cleared at once, so picking the same file again (after a refusal) is a change again.
    input.value = '';
    await model.attach(picked.slice(0, model.room));
    announce(model.state.notice?.text ?? '');
  };
  const remove = async (file: Attachment) => {
    if (!(await confirmAction(`「${file.name}」を削除しますか？`, '削除したファイルは元に戻せません（削除したことは変更履歴に残ります）。', '削除する')))
      return;
    await model.remove(file);
    announce(model.state.notice?.text ?? '');
  };
  return html`<section class="card attachments" aria-labelledby="attachments-title">
    <h2 id="attachments-title">根拠資料</h2>
    ${notice ? (notice.kind === 'ok' ? okBox(notice.text) : errorBox(notice.text)) : nothing}
    ${
      files.length
        ? html`<ul class="file-list">
          ${files.map(
            (file) => html`<li>
              ${fileLink(model, file)}
              <span class="muted file-meta">${fileLine(file)}</span>
              ${
                canChange
                  ? html`<button type="button" class="file-remove" @click=${() => void remove(file)}>削除<span class="visually-hidden">（${file.name}）</span></button>`
                  : nothing
              }
            </li>`,
          )}
        </ul>`
        : loaded
          ? html`<p class="muted">添付された根拠資料はありません。</p>`
          : nothing
    }
    ${approved && files.length ? html`<p class="muted">承認済みの報告のため、根拠資料は削除できません（承認の記録として残します）。</p>` : nothing}
    ${
      canChange
        ? html`<p class="muted" id="attach-limits">${LIMITS_TEXT}ファイルは公表されません。</p>
          ${
            model.room
              ? html`<div><label class="attach-pick" aria-disabled=${progress !== null ? 'true' : 'false'}>ファイルを選んで添付する（あと${model.room}件）<input
                  type="file" class="visually-hidden" name="attachment" multiple accept=${ACCEPT} aria-describedby="attach-limits"
                  ?disabled=${progress !== null} @change=${pick} /></label></div>`
              : html`<p class="alert">根拠資料は${MAX_FILES}件まで添付できます。追加するときは不要なファイルを削除してください。</p>`
          }`
        : nothing
    }
    ${progress ? html`<p class="attach-progress" role="status">${progress}…</p>` : nothing}
  </section>`;
}

/** The report form's section for one report, its list read: a function drawing it (`approved`: see attachmentsSection). */
export async function loadAttachmentsSection(ref: ReportRef, onChange: () => void): Promise<(approved: boolean) => Template> {
  const model = await AttachmentsModel.load(ref, onChange);
  return (approved) => attachmentsSection(model, approved);
}

/**
 * The files of a report on a review card, as a 〈dt〉〈dd〉 pair for the card's list of fields: each a download
 * link with its size and who added it, or なし. Nothing while the lists are still being read (`model` undefined).
 */
export function reviewFiles(model: AttachmentsModel | undefined): Template {
  if (!model) return nothing;
  const { files, loaded } = model.state;
  if (!loaded) return html`<dt>根拠資料</dt><dd>読み込めませんでした</dd>`;
  return html`<dt>根拠資料</dt><dd>${
    files.length
      ? html`<ul class="file-list compact">${files.map((file) => html`<li>${fileLink(model, file)}<span class="muted file-meta">${fileLine(file)}</span></li>`)}</ul>`
      : 'なし'
  }</dd>`;
}

/**
 * Reads the files of each report on the review screen (one GET per report, all at once), keyed as the caller
 * keys them. A list that cannot be read is kept as such and says so on its card.
 */
export async function reviewFileModels(refs: readonly (ReportRef & { key: string })[]): Promise<Map<string, AttachmentsModel>> {
  const models = await Promise.all(refs.map(async (ref) => [ref.key, await AttachmentsModel.load(ref)] as const));
  return new Map(models);
}
