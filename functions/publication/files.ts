import { mkdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** Where every snapshot is kept (never served: CloudFront serves only open-data/). Besides open-data/, the only prefix publication writes. */
export const ARCHIVE_PREFIX = 'publication-archive/';

/** A published file's content: text, bytes, or bytes in chunks (the file is their concatenation). */
export type FileBody = string | Uint8Array | readonly Uint8Array[];

/**
 * Where published files go. Paths are relative to the site root ("open-data/<fy>/progress.csv").
 * Locally a folder served by the node server; in AWS an S3 bucket behind CloudFront (an S3
 * implementation with @aws-sdk/client-s3 PutObject/DeleteObject fits this interface).
 */
export interface PublicationFiles {
  /** `body`: text (written as UTF-8), bytes (the .xlsx edition), or bytes in chunks, written one after another (a large JSON, jsonChunks). */
  put(path: string, body: FileBody, contentType: string): Promise<void>;
  delete(path: string): Promise<void>;
  /**
   * After a publication or withdrawal: makes the changed paths visible to readers now. Site paths with a
   * leading slash, `*` only at the end ("/open-data/<fy>/*"); `reference` names the change, so a retry is
   * the same request. In AWS a CloudFront invalidation; locally nothing (the node server reads the folder).
   */
  invalidate(paths: readonly string[], reference: string): Promise<void>;
}

/** The local development folder (<data dir>/published), served at /open-data/* by local-server.ts. */
export class LocalPublicationFiles implements PublicationFiles {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true });
  }

  private pathOf(path: string): string {
    const full = resolve(join(this.root, path));
    if (!full.startsWith(this.root + sep)) throw new Error(`公表フォルダの外には書き込めません：${path}`);
    return full;
  }

  async put(path: string, body: FileBody): Promise<void> {
    const full = this.pathOf(path);
    await mkdir(dirname(full), { recursive: true });
    // Written beside and renamed would be atomic; a citizen reading mid-write locally is no concern.
    await writeFile(full, body);
  }

  async delete(path: string): Promise<void> {
    await rm(this.pathOf(path), { force: true });
  }

  /** The node server has no cache to drop. */
  async invalidate(_paths: readonly string[], _reference: string): Promise<void> {}
}
