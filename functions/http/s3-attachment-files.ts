import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { type LoadedS3, lazyS3 } from './s3-client.ts';
import type { AttachmentFiles } from '../service/attachments.ts';
import { ATTACHMENT_URL_SECONDS, attachment } from './files.ts';

/** Where 根拠資料 are kept in the attachments bucket; the API function may read, write and delete only there. */
export const ATTACHMENTS_PREFIX = 'attachments/';
/** Where uploads land until `complete` has checked them; the bucket's lifecycle rule expires what stays a day. */
export const ATTACHMENTS_PENDING_PREFIX = `${ATTACHMENTS_PREFIX}pending/`;

/**
 * 根拠資料 in the attachments bucket (env ATTACHMENTS_BUCKET, infra): the browser PUTs the bytes to a presigned
 * URL whose signature covers Content-Type and Content-Length, so S3 takes only the announced type and size
 * and the function never carries the bytes; a download is a presigned GET naming the Japanese file name.
 * The client and presigner load on first use (http/s3-client.ts), to keep cold starts short.
 */
export class S3AttachmentFiles implements AttachmentFiles {
  /** The S3 client and presigner, loaded with the first request that needs them. */
  private readonly load: () => Promise<LoadedS3>;

  constructor(
    private readonly bucket: string,
    clientConfig: S3ClientConfig = {},
  ) {
    this.load = lazyS3(clientConfig);
  }

  private key(id: string): string {
    return `${ATTACHMENTS_PREFIX}${id}`;
  }

  private pendingKey(id: string): string {
    return `${ATTACHMENTS_PENDING_PREFIX}${id}`;
  }

  async uploadUrl(id: string, file: { type: string; size: number }): Promise<string> {
    const { s3, commands, getSignedUrl } = await this.load();
    const put = new commands.PutObjectCommand({ Bucket: this.bucket, Key: this.pendingKey(id), ContentType: file.type, ContentLength: file.size });
    return getSignedUrl(s3, put, { expiresIn: ATTACHMENT_URL_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) });
  }

  async read(id: string): Promise<Uint8Array | undefined> {
    const { s3, commands } = await this.load();
    try {
      const object = await s3.send(new commands.GetObjectCommand({ Bucket: this.bucket, Key: this.pendingKey(id) }));
      return object.Body ? await object.Body.transformToByteArray() : undefined;
    } catch (error) {
      if (error instanceof commands.NoSuchKey) return undefined;
      throw error;
    }
  }

  /** A server-side copy out of pending/ (the bytes stay in S3), then the pending object goes. */
  async keep(id: string): Promise<void> {
    const { s3, commands } = await this.load();
    await s3.send(new commands.CopyObjectCommand({ Bucket: this.bucket, CopySource: `${this.bucket}/${this.pendingKey(id)}`, Key: this.key(id) }));
    await s3.send(new commands.DeleteObjectCommand({ Bucket: this.bucket, Key: this.pendingKey(id) }));
  }

  async download(id: string, file: { name: string; type: string }): Promise<{ url: string }> {
    const { s3, commands, getSignedUrl } = await this.load();
    const get = new commands.GetObjectCommand({
      Bucket: this.bucket,
      Key: this.key(id),
      ResponseContentType: file.type,
      ResponseContentDisposition: attachment(file.name, 'attachment'),
    });
    return { url: await getSignedUrl(s3, get, { expiresIn: ATTACHMENT_URL_SECONDS }) };
  }

  async remove(id: string): Promise<void> {
    const { s3, commands } = await this.load();
    await s3.send(new commands.DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(id) }));
    await s3.send(new commands.DeleteObjectCommand({ Bucket: this.bucket, Key: this.pendingKey(id) }));
  }
}
