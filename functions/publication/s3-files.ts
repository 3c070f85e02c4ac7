import { Readable } from 'node:stream';
import { CACHE_CONTROL } from '../security-headers.ts';
import type { CloudFrontInvalidation } from './cloudfront.ts';
import type { FileBody, PublicationFiles } from './files.ts';

const byteLength = (chunks: readonly Uint8Array[]) => chunks.reduce((sum, chunk) => sum + chunk.length, 0);

/**
 * The publication bucket in AWS (env PUBLICATION_BUCKET), which CloudFront serves at /open-data/* without
 * sign-in and without a Lambda. Keys are the site paths ("open-data/<fy>/progress.csv"). The S3 client is
 * loaded on first use, so the API's cold start does not pay for it; HQ publishes a few times a year.
 */
export class S3PublicationFiles implements PublicationFiles {
  private client?: Promise<{ send(command: object): Promise<unknown>; commands: typeof import('@aws-sdk/client-s3') }>;

  /** `cdn`: the distribution serving the bucket (absent: readers see changes once the max-age runs out). */
  constructor(
    private readonly bucket: string,
    private readonly cdn?: CloudFrontInvalidation,
  ) {}

  private s3() {
    this.client ??= import('@aws-sdk/client-s3').then((commands) => {
      const client = new commands.S3Client({});
      return { send: (command: object) => client.send(command as never), commands };
    });
    return this.client;
  }

  async put(path: string, body: FileBody, contentType: string): Promise<void> {
    const { send, commands } = await this.s3();
    // Chunks are sent as a stream of known length, not joined first: joining would hold the file twice.
    const sent = typeof body === 'string' || body instanceof Uint8Array ? { Body: body } : { Body: Readable.from(body), ContentLength: byteLength(body) };
    // The open data changes only when HQ republishes: a short cache keeps a withdrawal visible within minutes.
    // Set on the object, not by CloudFront's headers policy, so a 404 for a withdrawn file is not kept (infra/stacks/web.ts).
    await send(new commands.PutObjectCommand({ Bucket: this.bucket, Key: path, ...sent, ContentType: contentType, CacheControl: CACHE_CONTROL.openData }));
  }

  async delete(path: string): Promise<void> {
    const { send, commands } = await this.s3();
    await send(new commands.DeleteObjectCommand({ Bucket: this.bucket, Key: path }));
  }

  async invalidate(paths: readonly string[], reference: string): Promise<void> {
    await this.cdn?.invalidate(paths, reference);
  }
}
