import { Aws, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import {
  API_CSP,
  DIGEST_PREVIEW_CSP,
  DIGEST_PREVIEW_PATH,
  HSTS_MAX_AGE_SECONDS,
  OPEN_DATA_PREFIX,
  PERMISSIONS_POLICY,
  serializeCsp,
  siteCsp,
} from '../../functions/security-headers.ts';
import type { CspDirectives } from '../../functions/security-headers.ts';
import { ATTACHMENTS_PENDING_PREFIX } from '../../functions/http/s3-attachment-files.ts';
import { acknowledge } from '../constructs/nag.ts';
import type { City } from '../plan-data.ts';

/** The error statuses CloudFront lets set an error caching TTL (CloudFront's CustomErrorResponse.ErrorCode). */
const ERROR_STATUSES = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];

/**
 * A response headers policy from functions/security-headers.ts (the local server sends the same):
 * HSTS, nosniff, framing, referrer policy, the given CSP, Permissions-Policy (a custom header:
 * CloudFront has no field for it) and, where given, open CORS for GET. Never Cache-Control: a policy header
 * goes on error answers too; files carry their own (S3 object metadata, functions/security-headers.ts).
 */
function headersPolicy(
  scope: Construct,
  id: string,
  comment: string,
  csp: CspDirectives,
  frameOption: 'DENY' | 'SAMEORIGIN',
  extra: { cors?: boolean } = {},
): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment,
    securityHeadersBehavior: {
      strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, preload: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption[frameOption], override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      contentSecurityPolicy: { contentSecurityPolicy: serializeCsp(csp), override: true },
    },
    customHeadersBehavior: {
      customHeaders: [{ header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true }],
    },
    ...(extra.cors
      ? {
          corsBehavior: {
            accessControlAllowOrigins: ['*'],
            accessControlAllowMethods: ['GET', 'HEAD'],
            accessControlAllowHeaders: ['*'],
            accessControlAllowCredentials: false,
            originOverride: true,
          },
        }
      : {}),
  });
}

export interface WebStackProps extends StackProps {
  stage: string;
  /** The deployment's city (infra/plan-data.ts), named in the HTTP API's description. */
  city: City;
  /** Cognito hosted-UI prefix: the CSP lets the app exchange its code at that domain. */
  cognitoDomainPrefix: string;
  siteDomain?: string;
  siteCertificateArn?: string;
  allowedOrigin?: string;
}

/**
 * The site's one origin: CloudFront in front of a private bucket (origin access control) and, on
 * /api/*, the HTTP API, so the browser makes no cross-origin call but one: an export too large for a
 * Lambda response is downloaded from the exports bucket through a presigned URL.
 *
 * The HTTP API itself (the AWS::ApiGatewayV2::Api, with no routes) is created here, not in ApiStack:
 * CloudFront needs its id, and the sign-in client (AuthStack) and the API's routes, authorizer and
 * function (ApiStack) need the site's origin, which without a custom domain is CloudFront's
 * generated name. ApiStack attaches the function, routes, JWT authorizer and stage to this API.
 * The files (and config.json) are deployed by SiteStack, once the user pool and client exist.
 */
export class WebStack extends Stack {
  readonly bucket: s3.Bucket;
  /** open-data/* of the published years, served at /open-data/* (PUBLICATION_BUCKET of the API). */
  readonly publicationBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly httpApi: apigwv2.HttpApi;
  /** https://host, what the browser shows: custom domain, allowedOrigin, or CloudFront's name. */
  readonly origin: string;
  /** Named exports SiteStack imports (stable names keep its cdk-nag acknowledgments exact). */
  readonly exports: { bucketArn: string; bucketName: string };
  /**
   * The same for the publication bucket (ApiStack's grant names it exactly, for cdk-nag), and the
   * distribution that serves it, which the API invalidates after each publication.
   */
  readonly publicationExports: { bucketArn: string; bucketName: string; distributionId: string };
  /**
   * Exports too large for a Lambda response (EXPORTS_BUCKET of the sheets function), downloaded by the
   * browser straight from S3 through a presigned URL; named exports as above, for ApiStack's grant.
   */
  readonly exportsBucket: s3.Bucket;
  readonly exportsBucketExports: { bucketArn: string; bucketName: string };
  /**
   * 根拠資料 (issue 24; ATTACHMENTS_BUCKET of the API function): the browser PUTs a file straight here through
   * a presigned URL and downloads it through another; named exports as above, for ApiStack's grant.
   */
  readonly attachmentsBucket: s3.Bucket;
  readonly attachmentsBucketExports: { bucketArn: string; bucketName: string };

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const customOrigin = props.allowedOrigin ?? (props.siteDomain ? `https://${props.siteDomain}` : undefined);

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging (legacy) writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(logs, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket of the site bucket and the distribution; logging it into itself would loop.' },
    ]);

    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CORS is only for a browser calling execute-api directly. The app calls /api on its own origin;
    // CORS can name the origin only when it is known before deploy (custom domain / allowedOrigin).
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `shinchoku-${props.stage}`,
      description: `${props.city.name} 行財政改革 進捗管理 API (routes: ApiStack)`,
      createDefaultStage: false,
      ...(customOrigin
        ? {
            corsPreflight: {
              allowOrigins: [customOrigin],
              allowMethods: [apigwv2.CorsHttpMethod.ANY],
              allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
              exposeHeaders: ['etag', 'content-disposition', 'location'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    const apiDomain = `${this.httpApi.apiId}.execute-api.${this.region}.${Aws.URL_SUFFIX}`;

    // A large export (HQ's whole year at 100× today's plan) is answered with a 303 to a presigned GET URL
    // on this bucket (functions/sheets/s3-large-files.ts); the URL is the permission and lives 5 minutes,
    // the object a day or two (S3 rounds lifecycle days up to midnight UTC). Nothing else reads it: no
    // CloudFront, no public access.
    // Named here rather than by CloudFormation: the site's CSP (on the distribution) names the bucket's
    // host while the bucket's CORS names the distribution's origin, which would otherwise be a cycle.
    // Account and region keep the name unique; at most 62 characters with a 16-character stage.
    const exportsBucketName = `shinchoku-${props.stage}-exports-${Aws.ACCOUNT_ID}-${this.region}`;
    this.exportsBucket = new s3.Bucket(this, 'Exports', {
      bucketName: exportsBucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3-exports/',
      lifecycleRules: [{ expiration: Duration.days(1) }],
      // Nothing in it is kept for long, and a retained bucket would keep its fixed name from a redeploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // 根拠資料: private, encrypted, TLS only, access-logged, named for the CSP as the exports bucket is. Kept
    // (RETAIN): the evidence of approved reports outlives a redeploy. Uploads land under attachments/pending/
    // and only a checked file is moved out of it (functions/http/s3-attachment-files.ts): what was announced
    // but never completed expires after a day, as does any multipart upload left unfinished.
    const attachmentsBucketName = `shinchoku-${props.stage}-attachments-${Aws.ACCOUNT_ID}-${this.region}`;
    this.attachmentsBucket = new s3.Bucket(this, 'Attachments', {
      bucketName: attachmentsBucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3-attachments/',
      lifecycleRules: [{ prefix: ATTACHMENTS_PENDING_PREFIX, expiration: Duration.days(1) }, { abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const cognitoDomain = `https://${props.cognitoDomainPrefix}.auth.${this.region}.amazoncognito.com`;
    // The API is same-origin through /api/*; its execute-api name is allowed for direct use. The browser's
    // fetch follows a large export's 303 to the exports bucket's regional name (the presigned URL's host).
    const siteHeaders = headersPolicy(
      this,
      'SecurityHeaders',
      'Shinchoku: the app and the public page',
      siteCsp([
        `https://${apiDomain}`,
        cognitoDomain,
        `https://${exportsBucketName}.s3.${this.region}.${Aws.URL_SUFFIX}`,
        `https://${attachmentsBucketName}.s3.${this.region}.${Aws.URL_SUFFIX}`,
      ]),
      'DENY',
    );
    const previewHeaders = headersPolicy(this, 'PreviewHeaders', 'Shinchoku: digest preview frame (inline styles)', DIGEST_PREVIEW_CSP, 'SAMEORIGIN');
    const apiHeaders = headersPolicy(this, 'ApiHeaders', 'Shinchoku: API answers', API_CSP, 'DENY');
    // Open data is for anyone, other sites' scripts included (CORS for GET). Its five-minute Cache-Control is
    // the objects' own (functions/publication/s3-files.ts), not this policy's: a policy header would also go
    // on the 403/404 for a file not (or no longer) published, and browsers would keep that error.
    const openDataHeaders = headersPolicy(this, 'OpenDataHeaders', 'Shinchoku: published open data', siteCsp(), 'DENY', { cors: true });

    // Client-side routes (paths without a file extension) get the app shell. A function on the
    // default behavior rather than distribution-wide custom error pages: those would also turn the
    // API's 403 and 404 answers into index.html with 200.
    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      comment: 'Serve the entry (/index.html or /public/index.html) for client-side routes',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  var last = request.uri.split('/').pop();",
          "  if (last.indexOf('.') !== -1) return request;",
          "  request.uri = request.uri === '/public' || request.uri.indexOf('/public/') === 0 ? '/public/index.html' : '/index.html';",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });

    // The published year's report (公表): written by the API function under open-data/, read by CloudFront only.
    this.publicationBucket = new s3.Bucket(this, 'Publication', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // A withdrawn or replaced snapshot stays recoverable for a year.
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3-publication/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    // Not cached (TTL 0 unless the API says otherwise, at most a second), yet compressed: CloudFront
    // compresses only under a cache policy that lets Accept-Encoding in. Authorization is part of
    // the key, so even that second never serves one user's answer to another.
    const apiCachePolicy = new cloudfront.CachePolicy(this, 'ApiCachePolicy', {
      comment: 'Shinchoku API: no caching, gzip/brotli compression',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const certificate = props.siteCertificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.siteCertificateArn) : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Shinchoku ${props.stage}`,
      defaultRootObject: 'index.html',
      ...(certificate && props.siteDomain
        ? { domainNames: [props.siteDomain], certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: siteHeaders,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        functionAssociations: [{ function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          // An API call over plain HTTP is refused, not redirected (a redirect would drop the body).
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: apiCachePolicy,
          compress: true,
          // Everything the viewer sent (Authorization, If-Match, query) except Host: execute-api routes on its own name.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
        },
        // Citizens read these without signing in: straight from S3, no authorizer, no function.
        [`${OPEN_DATA_PREFIX}*`]: {
          origin: origins.S3BucketOrigin.withOriginAccessControl(this.publicationBucket),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          compress: true,
          responseHeadersPolicy: openDataHeaders,
        },
        [DIGEST_PREVIEW_PATH]: {
          origin: siteOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          compress: true,
          responseHeadersPolicy: previewHeaders,
        },
      },
      // CloudFront keeps an origin's 4xx/5xx 10 seconds by default, whatever the path: a missing /assets/ file
      // (403 from the private bucket) or an API error must not outlive the deploy or the write that fixes it.
      // TTL only, no response page: the API's problem+json and the status codes reach the browser unchanged.
      errorResponses: ERROR_STATUSES.map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(0) })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
    });
    acknowledge(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Staff work from home and on business trips; the user pool (MFA) decides access, not geography.' },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF: static files plus an API behind a Cognito JWT authorizer with stage throttling; the city can attach a web ACL later without code changes.',
      },
      ...(certificate
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'With the default *.cloudfront.net certificate CloudFront cannot pin a minimum TLS version; with siteDomain the distribution uses TLSv1.2_2021.',
            },
          ]),
    ]);

    this.origin = customOrigin ?? `https://${this.distribution.distributionDomainName}`;
    // The redirected download is a cross-origin GET from the app: a simple CORS request (the browser drops
    // Authorization when a redirect leaves the origin; the signature is in the query string).
    this.exportsBucket.addCorsRule({ allowedOrigins: [this.origin], allowedMethods: [s3.HttpMethods.GET] });
    // 根拠資料: the app PUTs the bytes with the announced Content-Type (a preflighted request) and follows a
    // download's 303 here; from the site's origin only.
    this.attachmentsBucket.addCorsRule({
      allowedOrigins: [this.origin],
      allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET],
      allowedHeaders: ['content-type'],
      maxAge: 3600,
    });

    const exportName = (name: string) => `Shinchoku-${props.stage}-${name}`;
    new CfnOutput(this, 'SiteBucketArnExport', { value: this.bucket.bucketArn, exportName: exportName('SiteBucketArn') });
    new CfnOutput(this, 'SiteBucketNameExport', { value: this.bucket.bucketName, exportName: exportName('SiteBucketName') });
    this.exports = { bucketArn: exportName('SiteBucketArn'), bucketName: exportName('SiteBucketName') };
    new CfnOutput(this, 'PublicationBucketArnExport', { value: this.publicationBucket.bucketArn, exportName: exportName('PublicationBucketArn') });
    new CfnOutput(this, 'PublicationBucketNameExport', { value: this.publicationBucket.bucketName, exportName: exportName('PublicationBucketName') });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId, exportName: exportName('DistributionId') });
    this.publicationExports = {
      bucketArn: exportName('PublicationBucketArn'),
      bucketName: exportName('PublicationBucketName'),
      distributionId: exportName('DistributionId'),
    };
    new CfnOutput(this, 'ExportsBucketArnExport', { value: this.exportsBucket.bucketArn, exportName: exportName('ExportsBucketArn') });
    new CfnOutput(this, 'ExportsBucketNameExport', { value: this.exportsBucket.bucketName, exportName: exportName('ExportsBucketName') });
    this.exportsBucketExports = { bucketArn: exportName('ExportsBucketArn'), bucketName: exportName('ExportsBucketName') };
    new CfnOutput(this, 'AttachmentsBucketArnExport', { value: this.attachmentsBucket.bucketArn, exportName: exportName('AttachmentsBucketArn') });
    new CfnOutput(this, 'AttachmentsBucketNameExport', { value: this.attachmentsBucket.bucketName, exportName: exportName('AttachmentsBucketName') });
    this.attachmentsBucketExports = { bucketArn: exportName('AttachmentsBucketArn'), bucketName: exportName('AttachmentsBucketName') };
    new CfnOutput(this, 'SiteUrl', { value: this.origin, description: 'The web app (and /api on the same origin)' });
  }
}
