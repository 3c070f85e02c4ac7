import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { type LoadedS3, lazyS3 } from '../http/s3-client.ts';
import { attachment, storedName } from '../http/files.ts';
import type { ExportFile, LargeFiles } from '../http/files.ts';

/**
 * How long a presigned download URL stays valid, in seconds. The browser follows the 303 at once, so a
 * few minutes is plenty; short, because the URL alone is the permission (anyone holding it may download
 * HQ's whole year). The object itself goes with the bucket's lifecycle rule a day or two later.
 */
export const PRESIGNED_URL_SECONDS = 5 * 60;

/** Where handed-over exports are kept in the bucket; the sheets function may write and read only there. */
export const EXPORTS_PREFIX = 'exports/';

/**
 * The exports bucket in AWS (env EXPORTS_BUCKET, infra/stacks/web.ts): each file is put under
 * `exports/<random UUID>/export.<ext>` with its type and its Japanese download name (Content-Disposition,
 * which S3 sends back on GET), and answered as a presigned GET URL
 * (`https://<bucket>.s3.<region>.amazonaws.com/exports/…?X-Amz-Expires=300&X-Amz-Signature=…`).
 *
 * The S3 client and the presigner are loaded on first use: a large export is HQ's whole year, a few times
 * a year, and the sheets function's cold start should not pay for them. `clientConfig` is passed to the
 * S3Client as is (the tests give it a request handler that answers instead of the network).
 */
export class S3LargeFiles implements LargeFiles {
  /** The S3 client and presigner, loaded with the first request that needs them. */
  private readonly load: () => Promise<LoadedS3>;

  constructor(
    private readonly bucket: string,
    clientConfig: S3ClientConfig = {},
  ) {
    this.load = lazyS3(clientConfig);
  }

  /** Stores `file` and answers a URL that downloads it for PRESIGNED_URL_SECONDS. Throws what S3 throws. */
  async put(file: ExportFile): Promise<string> {
    const { s3, commands, getSignedUrl } = await this.load();
    // The random folder keeps keys unguessable and apart; the ASCII name keeps the extension for anyone
    // reading the bucket, while the Japanese name travels in Content-Disposition.
    const name = storedName(file.filename);
    const key = `${EXPORTS_PREFIX}${crypto.randomUUID()}/${name}`;
    await s3.send(
      new commands.PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: file.bytes,
        ContentType: file.contentType,
        ContentDisposition: attachment(file.filename, name),
      }),
    );
    return getSignedUrl(s3, new commands.GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: PRESIGNED_URL_SECONDS });
  }
}
