/**
 * 根拠資料 of one report (an action report or a KPI actual, a shared item's part by its 課) as state and
 * actions, without a page: the listed files, attaching (announce → PUT the bytes where the API says →
 * complete, issue 24), removing until the report is approved, and what to say while it happens. Whether
 * files may be added or removed comes only from the list's `canChange`; every refusal is shown in the API's
 * words, with the file's name in front when the words do not name it.
 */
import type { Attachment } from '../../../functions/contract/index.ts';
import { ApiError, call } from '../api.ts';
import { apiBase } from '../session.ts';
import type { Notice } from './report-form.ts';

/**
 * The API's limits (functions/domain/attachments: MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS), written again
 * here because the web takes no values from the API's modules; tests/web-models/attachments.test.ts holds
 * them equal. Said on the screen before a file is picked.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;

/**
 * The types the API accepts by the file's extension: what the file input's `accept` offers, and the media
 * type announced when the browser gives none (some give '' for Office files). The API checks the content.
 */
export const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/** The file input's `accept`: the extensions above (".pdf,.jpg,…"). */
export const ACCEPT = Object.keys(TYPES_BY_EXTENSION)
  .map((extension) => `.${extension}`)
  .join(',');

/** The limits in words, shown before the person picks a file. */
export const LIMITS_TEXT = `PDF・画像（JPEG・PNG）・Word・Excel・PowerPointのファイルを、1ファイル10MBまで、1件の報告に${MAX_FILES}件まで添付できます。`;

/**
 * A file's size as Japanese offices write it (as Windows' エクスプローラー shows it): whole KB rounded up
 * under 1 MB (「245KB」, never 0KB), else MB to one decimal without a trailing .0 (「1.5MB」「10MB」).
 */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.ceil(bytes / 1024))}KB`;
  const mb = Math.round((bytes / (1024 * 1024)) * 10) / 10;
  return `${Number.isInteger(mb) ? mb.toFixed(0) : mb.toFixed(1)}MB`;
}

/** The media type to announce: the browser's when the API takes it, else by the name's extension, else the browser's (the API refuses it). */
export function mediaTypeOf(file: { name: string; type: string }): string {
  const known = new Set(Object.values(TYPES_BY_EXTENSION));
  if (known.has(file.type)) return file.type;
  const extension = file.name.split('.').at(-1)?.toLowerCase() ?? '';
  return TYPES_BY_EXTENSION[extension] ?? file.type;
}

/** Which report: its kind, 年度, the item's or KPI's key, and a shared item's part (関係各課) when there is one. */
export interface ReportRef {
  kind: 'action' | 'kpi';
  fiscalYear: number;
  id: string;
  department?: string | null;
}

/** The report's attachments path (GET list, POST announce), with ?department= for a part. */
export function attachmentsPath(ref: ReportRef, attachmentId?: string, step?: 'complete'): string {
  const segment = ref.kind === 'action' ? 'action-reports' : 'kpi-actuals';
  const file = attachmentId === undefined ? '' : `/${encodeURIComponent(attachmentId)}${step ? `/${step}` : ''}`;
  const part = ref.department ? `?department=${encodeURIComponent(ref.department)}` : '';
  return `/fiscal-years/${ref.fiscalYear}/${segment}/${encodeURIComponent(ref.id)}/attachments${file}${part}`;
}

/** A picked file: the browser's File, or in the tests a Blob with a name. */
export type PickedFile = Blob & { name: string };

export interface AttachmentsState {
  files: Attachment[];
  /** Whether this person may add and remove files now (the report's writer, until approval). */
  canChange: boolean;
  /** What is happening to a file being attached (「〇〇.pdf を送信しています（1/2）」), null when nothing is. */
  progress: string | null;
  notice: Notice | null;
  /** Whether the list could be read at all (false: `notice` says why). */
  loaded: boolean;
}

/** The words of an API refusal: the first field's message (it names the file or the field), else its detail. */
function messageOf(error: unknown, fallback: string): string {
  if (!(error instanceof ApiError)) return fallback;
  return error.problem.errors?.[0]?.message ?? (error.problem.detail || error.problem.title);
}

/** The message with the file's name in front unless it already names it. */
const naming = (name: string, message: string) => (message.includes(`「${name}」`) ? message : `「${name}」：${message}`);

export class AttachmentsModel {
  readonly state: AttachmentsState = { files: [], canChange: false, progress: null, notice: null, loaded: false };

  constructor(
    readonly ref: ReportRef,
    private readonly onChange: () => void = () => {},
  ) {}

  /** The model with the report's list read (a refusal to read, e.g. 404, leaves it empty with the reason). */
  static async load(ref: ReportRef, onChange?: () => void): Promise<AttachmentsModel> {
    const model = new AttachmentsModel(ref, onChange);
    await model.reload();
    return model;
  }

  private set(patch: Partial<AttachmentsState>): void {
    Object.assign(this.state, patch);
    this.onChange();
  }

  async reload(): Promise<void> {
    try {
      const { data } = await call('attachmentListSchema', attachmentsPath(this.ref));
      this.set({ files: [...data.attachments], canChange: data.canChange, loaded: true });
    } catch (error) {
      this.set({ files: [], canChange: false, loaded: false, notice: { kind: 'error', text: messageOf(error, '根拠資料を読み込めませんでした') } });
    }
  }

  /** How many more files the report takes. */
  get room(): number {
    return Math.max(0, MAX_FILES - this.state.files.length);
  }

  /** Where GET downloads a listed file (api.ts download sends the token; the API answers the bytes or a 303 to them). */
  downloadPath(file: Pick<Attachment, 'id'>): string {
    return attachmentsPath(this.ref, file.id);
  }

  /**
   * Attaches the picked files one after another: announce (name, type, size), PUT the bytes to the answered
   * URL (S3's presigned URL in AWS, the local server's /uploads/ locally, which resolve against the API's
   * base), complete. A file refused at any step is named with the API's reason and the others go on.
   * Answers how many were attached.
   */
  async attach(picked: readonly PickedFile[]): Promise<number> {
    if (!picked.length) return 0;
    const refusals: string[] = [];
    let attached = 0;
    for (const [index, file] of picked.entries()) {
      const count = picked.length > 1 ? `（${index + 1}/${picked.length}）` : '';
      const type = mediaTypeOf(file);
      try {
        this.set({ progress: `「${file.name}」を送信しています${count}`, notice: null });
        const { data } = await call('attachmentUploadSchema', attachmentsPath(this.ref), { method: 'POST', body: { name: file.name, type, size: file.size } });
        const target = data.uploadUrl.startsWith('/') ? `${apiBase()}${data.uploadUrl}` : data.uploadUrl;
        const put = await fetch(target, { method: 'PUT', headers: { 'content-type': type }, body: file });
        if (!put.ok) {
          const why = (await put.text().catch(() => '')).trim();
          // S3 answers XML; the local stand-in Japanese text. Only the latter is shown as it is.
          refusals.push(naming(file.name, /^[^<]{1,200}$/.test(why) ? why : '送信できませんでした。もう一度添付してください'));
          continue;
        }
        this.set({ progress: `「${file.name}」の中身を確かめています${count}` });
        await call('attachmentSchema', attachmentsPath(this.ref, data.id, 'complete'), { method: 'POST' });
        attached += 1;
      } catch (error) {
        refusals.push(naming(file.name, messageOf(error, '送信できませんでした。通信を確かめて、もう一度添付してください')));
      }
    }
    await this.reload();
    const done = attached ? `${attached}件の根拠資料を添付しました。` : '';
    this.set({
      progress: null,
      notice: refusals.length ? { kind: 'error', text: `${done}${refusals.join('　')}` } : { kind: 'ok', text: done },
    });
    return attached;
  }

  /** Removes a listed file (the view has asked first). Answers whether it was removed. */
  async remove(file: Pick<Attachment, 'id' | 'name'>): Promise<boolean> {
    try {
      const { data } = await call('attachmentListSchema', attachmentsPath(this.ref, file.id), { method: 'DELETE' });
      this.set({ files: [...data.attachments], canChange: data.canChange, notice: { kind: 'ok', text: `「${file.name}」を削除しました。` } });
      return true;
    } catch (error) {
      this.set({ notice: { kind: 'error', text: naming(file.name, messageOf(error, '削除できませんでした')) } });
      await this.reload();
      return false;
    }
  }
}
