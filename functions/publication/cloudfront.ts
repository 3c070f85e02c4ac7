import type { CloudFrontClientConfig } from '@aws-sdk/client-cloudfront';

/** Where an invalidation that failed is reported (Powertools Logger in Lambda). */
export interface InvalidationLogger {
  error(message: string, attributes: Record<string, unknown>): void;
}

/**
 * Drops CloudFront's cached copies of published paths, so citizens see a new or withdrawn snapshot at
 * once instead of after the objects' max-age (300 s, see s3-files.ts). The distribution id comes from
 * env PUBLICATION_DISTRIBUTION_ID (set by infra/stacks/api.ts, whose IAM grant is
 * cloudfront:CreateInvalidation on that distribution only).
 *
 * The client is loaded on first use, like the S3 client: HQ publishes a few times a year, and the API's
 * cold start should not pay for it. `clientConfig` is passed to the CloudFrontClient as is (the tests give
 * it a request handler that answers instead of the network).
 */
export class CloudFrontInvalidation {
  private client?: Promise<{ send(command: object): Promise<unknown>; commands: typeof import('@aws-sdk/client-cloudfront') }>;

  constructor(
    private readonly distributionId: string,
    private readonly options: { logger: InvalidationLogger; clientConfig?: CloudFrontClientConfig },
  ) {}

  private cloudFront() {
    this.client ??= import('@aws-sdk/client-cloudfront').then((commands) => {
      const client = new commands.CloudFrontClient(this.options.clientConfig ?? {});
      return { send: (command: object) => client.send(command as never), commands };
    });
    return this.client;
  }

  /**
   * Invalidates `paths` (site paths with a leading slash; `*` only at the end, as CloudFront allows).
   * `reference` is CloudFront's CallerReference: the same reference for the same change makes a retry
   * one invalidation, not two. A failure is logged, not thrown: the publication itself has happened,
   * and the cached copies expire within five minutes anyway.
   */
  async invalidate(paths: readonly string[], reference: string): Promise<void> {
    try {
      const { send, commands } = await this.cloudFront();
      await send(
        new commands.CreateInvalidationCommand({
          DistributionId: this.distributionId,
          InvalidationBatch: { CallerReference: reference, Paths: { Quantity: paths.length, Items: [...paths] } },
        }),
      );
    } catch (error) {
      this.options.logger.error('CloudFront の無効化に失敗しました（公表済みのファイルは5分以内に配信に反映されます）', {
        distributionId: this.distributionId,
        reference,
        paths,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
