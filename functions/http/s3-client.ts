import type { S3ClientConfig } from '@aws-sdk/client-s3';

/** The S3 client, its commands and the presigner, as the file stores use them. */
export interface LoadedS3 {
  s3: import('@aws-sdk/client-s3').S3Client;
  commands: typeof import('@aws-sdk/client-s3');
  getSignedUrl: typeof import('@aws-sdk/s3-request-presigner').getSignedUrl;
}

/**
 * A loader of the S3 client and presigner on first use, then the same one every time: large exports and
 * 根拠資料 are rare requests, and a function's cold start should not pay for them. `config` is passed to
 * the S3Client as is (the tests give it a request handler that answers instead of the network).
 */
export function lazyS3(config: S3ClientConfig = {}): () => Promise<LoadedS3> {
  let loaded: Promise<LoadedS3> | undefined;
  return () =>
    (loaded ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]).then(([commands, presigner]) => ({
      s3: new commands.S3Client(config),
      commands,
      getSignedUrl: presigner.getSignedUrl,
    })));
}
