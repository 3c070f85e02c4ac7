/**
 * In AWS an export above a Lambda response's size is put in the exports bucket and answered with a 303 to
 * a presigned GET URL (functions/sheets/s3-large-files.ts). The S3 client runs its own middleware stack
 * (serialization, checksums, signing) with a request handler that answers instead of the network.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fileResponse } from '../../functions/http/files.ts';
import { EXPORTS_PREFIX, PRESIGNED_URL_SECONDS, S3LargeFiles } from '../../functions/sheets/s3-large-files.ts';

type Sent = { method: string; hostname: string; path: string; headers: Record<string, string>; body: unknown };

const BUCKET = 'shinchoku-test-exports-1a2b3c';
const REGION = 'ap-northeast-1';
const FILENAME = '令和8年度_進捗報告_全課.csv';
const csv = { bytes: new TextEncoder().encode('\uFEFF区分,ID\r\n取組項目,1-1\r\n'), contentType: 'text/csv; charset=utf-8', filename: FILENAME };

/** S3 as far as PutObject goes: records each request and answers 200, or `status` with S3's error XML. */
function fakeS3(sent: Sent[], status = 200) {
  return {
    handle: async (request: Sent) => {
      sent.push(request);
      const body = status === 200 ? '' : '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
      return {
        response: {
          statusCode: status,
          headers: status === 200 ? { etag: '"9b2cf535f27731c974343645a3985328"' } : { 'content-type': 'application/xml' },
          body: Readable.from([Buffer.from(body)]),
        },
      };
    },
  };
}

function largeFiles(sent: Sent[], status?: number) {
  return new S3LargeFiles(BUCKET, {
    region: REGION,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: fakeS3(sent, status) as never,
    maxAttempts: 1,
  });
}

const header = (request: Sent, name: string) => Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)?.[1];

describe('an export handed over through S3', () => {
  it('puts the file under exports/ with its type and its Japanese download name, signed', async () => {
    const sent: Sent[] = [];
    await largeFiles(sent).put(csv);
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request).toMatchObject({ method: 'PUT', hostname: `${BUCKET}.s3.${REGION}.amazonaws.com` });
    expect(request!.path).toMatch(/^\/exports\/[0-9a-f-]{36}\/export\.csv$/);
    expect(header(request!, 'content-type')).toBe('text/csv; charset=utf-8');
    // Saved as 令和8年度_進捗報告_全課.csv by the browser (RFC 6266 filename*), export.csv by older clients.
    const disposition = header(request!, 'content-disposition')!;
    expect(disposition).toBe(`attachment; filename="export.csv"; filename*=UTF-8''${encodeURIComponent(FILENAME)}`);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(FILENAME);
    expect(header(request!, 'authorization')).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/${REGION}/s3/aws4_request`));
    expect(new Uint8Array(request!.body as Uint8Array)).toEqual(csv.bytes);
  });

  it('answers a presigned GET URL for that object, valid for a few minutes', async () => {
    const sent: Sent[] = [];
    const url = new URL(await largeFiles(sent).put(csv));
    expect(url.origin).toBe(`https://${BUCKET}.s3.${REGION}.amazonaws.com`);
    // The URL names the object just put: presigning sends nothing.
    expect(sent).toHaveLength(1);
    expect(url.pathname).toBe(sent[0]!.path);
    expect(url.pathname.startsWith(`/${EXPORTS_PREFIX}`)).toBe(true);
    const query = url.searchParams;
    expect(PRESIGNED_URL_SECONDS).toBeLessThanOrEqual(15 * 60);
    expect(query.get('X-Amz-Expires')).toBe(String(PRESIGNED_URL_SECONDS));
    expect(query.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(query.get('X-Amz-Credential')).toMatch(new RegExp(`^AKIDEXAMPLE/\\d{8}/${REGION}/s3/aws4_request$`));
    expect(query.get('X-Amz-SignedHeaders')).toBe('host');
    expect(query.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives every export a key of its own', async () => {
    const sent: Sent[] = [];
    const files = largeFiles(sent);
    const [first, second] = [new URL(await files.put(csv)), new URL(await files.put(csv))];
    expect(first.pathname).not.toBe(second.pathname);
    expect(new Set(sent.map((request) => request.path)).size).toBe(2);
  });

  it('is a 303 See Other to the presigned URL once the file is larger than a Lambda response carries', async () => {
    const sent: Sent[] = [];
    const response = await fileResponse(largeFiles(sent), csv, 10);
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(
      new RegExp(`^https://${BUCKET}\\.s3\\.${REGION}\\.amazonaws\\.com/exports/[0-9a-f-]{36}/export\\.csv\\?.*X-Amz-Expires=${PRESIGNED_URL_SECONDS}`),
    );
    expect(new URL(location).pathname).toBe(sent[0]!.path);
    expect(await response.text()).toBe('');
  });

  it('stays inline, without touching S3, while the file fits', async () => {
    const sent: Sent[] = [];
    const response = await fileResponse(largeFiles(sent), csv);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(csv.bytes);
    expect(sent).toEqual([]);
  });

  it('fails rather than redirect to nothing when S3 refuses the file', async () => {
    const sent: Sent[] = [];
    await expect(fileResponse(largeFiles(sent, 403), csv, 10)).rejects.toThrow(/Access Denied/);
    expect(sent).toHaveLength(1);
  });
});
