import { mkdirSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { problems } from './problem.ts';
import type { AttachmentFiles } from '../service/attachments.ts';

/**
 * Lambda answers at most 6 MB, and a binary body (.xlsx) travels base64-encoded (4/3 of its size): a file
 * above this is handed over through storage instead. A department's sheet stays far below it; HQ's whole
 * year reaches ~15 MB of CSV at 100× today's plan (`npm run bench:scale`).
 */
export const INLINE_FILE_BYTES = 4 * 1024 * 1024;

/** A file an export made, as it is to be downloaded. */
export interface ExportFile {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** The name the download is saved under (Japanese allowed). */
  filename: string;
  /**
   * The ASCII name for clients that read only `filename=` (e.g. progress-<年度>-shomu.csv); by default
   * `export` plus the extension of `filename`.
   */
  asciiName?: string;
}

/**
 * Where an export too large to answer inline is put; answers a URL the caller can download it from for a
 * short while without signing in (the URL is the permission: unguessable, short-lived). Locally a folder
 * the node server serves (LocalLargeFiles); in AWS an S3 bucket with a lifecycle rule and a presigned GET URL
 * (S3LargeFiles, s3-large-files.ts).
 */
export interface LargeFiles {
  put(file: ExportFile): Promise<string>;
}

/**
 * Content-Disposition for a download with a Japanese name (RFC 6266 §4.3): `filename*` in UTF-8 for
 * browsers, and an ASCII `fallback` for clients that read only `filename`.
 */
export function attachment(filename: string, fallback = storedName(filename)): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The name a handed-over file is stored under: `export` plus the extension of its download name
 * ("令和8年度_進捗報告.csv" → "export.csv"), ASCII for any path or key; the download keeps its Japanese name.
 */
export function storedName(filename: string): string {
  return `export${/\.[a-z]+$/.exec(filename)?.[0] ?? ''}`;
}

/**
 * The answer for an export: the file itself when it fits in a Lambda response; otherwise stored in
 * `largeFiles` and a 303 See Other to its URL (a browser's fetch follows it and gets the file). Where no
 * storage is configured, a large export is refused (400, naming what to narrow), never a failed Lambda.
 */
export async function fileResponse(largeFiles: LargeFiles | undefined, file: ExportFile, inlineBytes = INLINE_FILE_BYTES): Promise<Response> {
  if (file.bytes.length <= inlineBytes) {
    return new Response(file.bytes, { headers: { 'content-type': file.contentType, 'content-disposition': attachment(file.filename, file.asciiName) } });
  }
  if (!largeFiles) {
    const size = (file.bytes.length / 1024 / 1024).toFixed(1);
    throw problems.badRequest(`出力が大きすぎます（${size}MB）。課を指定して（?department=課コード）出力してください`, 'department');
  }
  return new Response(null, { status: 303, headers: { location: await largeFiles.put(file) } });
}

/** How long a handed-over file stays downloadable locally. */
const LOCAL_LIFETIME_MS = 60 * 60_000;

/**
 * The local development folder (<data dir>/exports), served at /exports/* by local-server.ts: each file in
 * a folder named by a random UUID, removed after an hour (on the next put).
 */
export class LocalLargeFiles implements LargeFiles {
  readonly root: string;

  constructor(
    root: string,
    private readonly urlPrefix = '/exports/',
  ) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true });
  }

  async put(file: ExportFile): Promise<string> {
    await this.removeExpired();
    const id = crypto.randomUUID();
    // The folder name is the secret; the file name only keeps the extension the static server types it by.
    const name = storedName(file.filename);
    await mkdir(join(this.root, id), { recursive: true });
    await writeFile(join(this.root, id, name), file.bytes);
    return `${this.urlPrefix}${id}/${name}`;
  }

  private async removeExpired(): Promise<void> {
    const before = Date.now() - LOCAL_LIFETIME_MS;
    for (const entry of await readdir(this.root)) {
      const folder = join(this.root, entry);
      if ((await stat(folder)).mtimeMs < before) await rm(folder, { recursive: true, force: true });
    }
  }
}

/** How long an upload or download URL of a 根拠資料 is valid, in seconds: the browser uses it at once. */
export const ATTACHMENT_URL_SECONDS = 5 * 60;

/**
 * 根拠資料 locally (<data dir>/attachments), standing in for the attachments bucket: the local server's
 * PUT /uploads/<id> (local-server.ts) takes the bytes, as a presigned S3 PUT would, only of the announced
 * type and size and only while the URL is fresh; the API answers a download with the bytes themselves.
 * Each file is `<id>` with its announcement beside it (`<id>.json`: type, size, until).
 */
export class LocalAttachmentFiles implements AttachmentFiles {
  readonly root: string;

  constructor(
    root: string,
    private readonly urlPrefix = '/uploads/',
  ) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true });
  }

  /** A file id is a UUID: nothing else names a path here. */
  private path(id: string, suffix = ''): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a file id: ${id}`);
    return join(this.root, `${id}${suffix}`);
  }

  async uploadUrl(id: string, file: { type: string; size: number }): Promise<string> {
    const until = Date.now() + ATTACHMENT_URL_SECONDS * 1000;
    await writeFile(this.path(id, '.json'), JSON.stringify({ type: file.type, size: file.size, until }));
    return `${this.urlPrefix}${id}`;
  }

  /**
   * The local PUT: stores `bytes` when an announcement for `id` is fresh and they are of its type and size, as S3
   * checks a presigned PUT's signed headers. Answers the refusal's reason (Japanese), or null when stored.
   */
  async accept(id: string, type: string | undefined, bytes: Uint8Array): Promise<string | null> {
    let expected: { type: string; size: number; until: number };
    try {
      expected = JSON.parse(await readFile(this.path(id, '.json'), 'utf8'));
    } catch {
      return 'このアップロード先はありません';
    }
    if (Date.now() > expected.until) return 'アップロードの期限が切れました。もう一度添付してください';
    if (type !== expected.type || bytes.length !== expected.size) return '申告と違う種類または大きさのファイルです';
    await writeFile(this.path(id), bytes);
    await rm(this.path(id, '.json'), { force: true });
    return null;
  }

  async read(id: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(id)));
    } catch {
      return undefined;
    }
  }

  /** Nothing expires here: the bytes are already where they stay. */
  async keep(): Promise<void> {}

  async download(id: string): Promise<{ bytes: Uint8Array }> {
    const bytes = await this.read(id);
    if (!bytes) throw new Error(`attachment ${id} has no bytes`);
    return { bytes };
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true });
    await rm(this.path(id, '.json'), { force: true });
  }
}
