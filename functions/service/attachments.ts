/**
 * 根拠資料 (issue 24 item 1): files on an action report or a KPI actual. The browser announces a file
 * (name, type, size) and gets an upload URL; it sends the bytes there (S3 in AWS, the local server locally),
 * so this function never carries them; `complete` then checks the stored bytes and only then lists the file.
 *
 * Who: whoever may read the report may list and download its files (the report's own 404 otherwise, so
 * nothing leaks); whoever may save it may add and remove them, until the report is approved. Every addition
 * and removal is a revision of the report's history (who, when, which file).
 */
import { ATTACHMENT_TYPES, MAX_ATTACHMENTS, contentMatches } from '../domain/attachments/index.ts';
import type { AttachmentRequest, AttachmentType } from '../domain/attachments/index.ts';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { VersionMismatchError } from '../store/errors.ts';
import type { AttachmentRecord, ReportRecord, ReportRef, Revision } from '../store/records.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError, InvalidInputError, InvalidStateError, NotFoundError } from './errors.ts';
import { locate } from './reports.ts';

/**
 * Where the bytes are kept (http/files.ts LocalAttachmentFiles; http/s3-attachment-files.ts in AWS), by the
 * file's id. Errors are the storage's own.
 */
export interface AttachmentFiles {
  /** A URL the browser PUTs exactly `size` bytes of `type` to, for a few minutes. */
  uploadUrl(id: string, file: { type: string; size: number }): Promise<string>;
  /** The bytes uploaded under `id` and not yet kept, or undefined when none arrived. */
  read(id: string): Promise<Uint8Array | undefined>;
  /** Keeps checked bytes for good (in AWS: out of the prefix whose unfinished uploads expire). */
  keep(id: string): Promise<void>;
  /** The file itself (locally) or a URL that downloads it for a few minutes under its Japanese name. */
  download(id: string, file: { name: string; type: string }): Promise<{ bytes: Uint8Array } | { url: string }>;
  /** Deletes the bytes (nothing when there are none). */
  remove(id: string): Promise<void>;
}

/** How long an announced file may take to arrive: an upload URL is valid for less, so older pending files no longer count. */
const PENDING_MS = 30 * 60_000;

const APPROVED_STAYS = '承認済みの報告の根拠資料は追加・削除できません。変更が必要なときは、推進本部に承認の取消し（再開）を依頼してください';

/** The report a file belongs to, for a caller who may read it (reports.ts locate: 404 otherwise). */
async function reportFor(ctx: ServiceContext, asked: ReportRef) {
  return locate(ctx, asked);
}

/** Whether the caller may save the report (who), whatever its state. */
function mayWrite({ permissions, measure, part }: Awaited<ReturnType<typeof reportFor>>): boolean {
  return permissions.mayEver('report', 'save', { measure, ...(part ? { department: part } : {}) });
}

/** Refuses (403) one who may not save the report, and (409) any change once it is approved. */
function requireWriter(located: Awaited<ReturnType<typeof reportFor>>): void {
  if (!mayWrite(located)) throw new ForbiddenError('根拠資料を追加・削除できるのは、この報告を入力する課の職員です');
  if (located.current?.state === 'approved') throw new InvalidStateError(APPROVED_STAYS);
}

async function storedFile(ctx: ServiceContext, ref: ReportRef, id: string, states: AttachmentRecord['state'][]): Promise<AttachmentRecord> {
  const record = await ctx.store.getAttachment(ref, id);
  if (!record || !states.includes(record.state)) throw new NotFoundError(`根拠資料「${id}」は${formatFiscalYear(ref.fiscalYear)}のこの報告にありません`);
  return record;
}

/** The revision of the report that records a file added or removed: at the report's version, which it leaves as it is. */
function revisionOf(ctx: ServiceContext, current: ReportRecord | undefined, action: 'attach' | 'detach', name: string): Revision {
  return {
    version: current?.version ?? 0,
    at: ctx.now,
    by: ctx.by,
    action,
    state: current?.state ?? null,
    changes: [{ field: 'attachments', before: action === 'detach' ? name : null, after: action === 'attach' ? name : null }],
    comment: null,
  };
}

/** Writes a file's next state with its revision; an approval that got there first is a 409, another change of the file too. */
async function change(ctx: ServiceContext, next: AttachmentRecord, expectedVersion: number, revision: Revision): Promise<void> {
  try {
    await ctx.store.changeAttachment(next, expectedVersion, revision);
  } catch (error) {
    if (error instanceof VersionMismatchError) {
      throw new InvalidStateError(error.key === next.id ? `根拠資料「${next.name}」は他の操作で変更されました。画面を開き直してください` : APPROVED_STAYS);
    }
    throw error;
  }
}

/** The report's listed files, oldest first, and whether the caller may add and remove files now. */
export async function listAttachments(ctx: ServiceContext, asked: ReportRef): Promise<{ records: AttachmentRecord[]; canChange: boolean }> {
  const located = await reportFor(ctx, asked);
  const records = await ctx.store.listAttachments(located.ref);
  return {
    records: records.filter((record) => record.state === 'stored').sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    canChange: mayWrite(located) && located.current?.state !== 'approved',
  };
}

/**
 * Announces a file: a pending record and where to send its bytes. 409 when the report already holds
 * MAX_ATTACHMENTS files (those announced in the last PENDING_MS counted too).
 */
export async function announceAttachment(
  ctx: ServiceContext,
  files: AttachmentFiles,
  asked: ReportRef,
  request: AttachmentRequest,
): Promise<{ record: AttachmentRecord; uploadUrl: string }> {
  const located = await reportFor(ctx, asked);
  requireWriter(located);
  const since = new Date(Date.parse(ctx.now) - PENDING_MS).toISOString();
  const held = (await ctx.store.listAttachments(located.ref)).filter(
    (record) => record.state === 'stored' || (record.state === 'pending' && record.createdAt >= since),
  );
  if (held.length >= MAX_ATTACHMENTS) {
    throw new InvalidStateError(`根拠資料は1件の報告につき${MAX_ATTACHMENTS}件までです。不要なファイルを削除してから添付してください`);
  }
  const record: AttachmentRecord = {
    report: located.ref,
    id: crypto.randomUUID(),
    ...request,
    state: 'pending',
    version: 1,
    createdAt: ctx.now,
    createdBy: ctx.by,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
  };
  await ctx.store.createAttachment(record);
  return { record, uploadUrl: await files.uploadUrl(record.id, request) };
}

/**
 * Checks the bytes that arrived and lists the file. Bytes that are not what the file was declared as (a
 * program renamed .pdf), or not its declared size, are deleted with the announcement and refused (400 on
 * `file`). 409 when nothing arrived yet. Completing a listed file again answers it as it is.
 */
export async function completeAttachment(ctx: ServiceContext, files: AttachmentFiles, asked: ReportRef, id: string): Promise<AttachmentRecord> {
  const located = await reportFor(ctx, asked);
  requireWriter(located);
  const record = await storedFile(ctx, located.ref, id, ['pending', 'stored']);
  if (record.state === 'stored') return record;
  const bytes = await files.read(id);
  if (!bytes) throw new InvalidStateError(`「${record.name}」はまだ届いていません。アップロードが終わってから完了してください`);
  const label = ATTACHMENT_TYPES[record.type as AttachmentType]?.label ?? record.type;
  if (bytes.length !== record.size || !contentMatches(record.type as AttachmentType, bytes)) {
    await files.remove(id);
    await ctx.store.deletePendingAttachment(located.ref, id);
    const why = bytes.length !== record.size ? `大きさが申告（${record.size}バイト）と違う` : `中身が${label}の形式ではない`;
    throw new InvalidInputError([
      {
        path: 'file',
        message: `「${record.name}」は${why}ため、受け付けませんでした（送られたファイルは残していません）。${label}のファイルを添付してください。`,
      },
    ]);
  }
  await files.keep(id);
  const next: AttachmentRecord = { ...record, state: 'stored', version: record.version + 1, updatedAt: ctx.now, updatedBy: ctx.by };
  await change(ctx, next, record.version, revisionOf(ctx, located.current, 'attach', record.name));
  return next;
}

/** A listed file's bytes or a short-lived URL to them, for one who may read the report. */
export async function downloadAttachment(
  ctx: ServiceContext,
  files: AttachmentFiles,
  asked: ReportRef,
  id: string,
): Promise<{ record: AttachmentRecord; file: { bytes: Uint8Array } | { url: string } }> {
  const { ref } = await reportFor(ctx, asked);
  const record = await storedFile(ctx, ref, id, ['stored']);
  return { record, file: await files.download(id, record) };
}

/** Removes a listed file, until the report is approved (409 after); the revision keeps its name. */
export async function removeAttachment(ctx: ServiceContext, files: AttachmentFiles, asked: ReportRef, id: string): Promise<void> {
  const located = await reportFor(ctx, asked);
  requireWriter(located);
  const record = await storedFile(ctx, located.ref, id, ['stored']);
  const next: AttachmentRecord = { ...record, state: 'removed', version: record.version + 1, updatedAt: ctx.now, updatedBy: ctx.by };
  await change(ctx, next, record.version, revisionOf(ctx, located.current, 'detach', record.name));
  // The record says it was removed first: bytes left behind by a failure here are never offered again.
  await files.remove(id);
}
