import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import type { Handler, MiddlewareHandler } from 'hono';
import { DEFAULT_SUBMISSION_DEADLINE, submissionDeadline } from '../domain/calendar/index.ts';
import { XLSX_TYPE } from '../domain/annual-report/open-data.ts';

import { cacheControlFor, OPEN_DATA_PREFIX, securityHeadersFor } from '../security-headers.ts';
import { createApp } from './app.ts';
import { createSheetsApp } from '../sheets/app.ts';
import { isSheetsRequest } from '../sheets/gateway-routes.ts';
import type { AppDeps } from '../http/deps.ts';
import type { LocalSignIn } from './routes/local-sign-in.ts';
import { problems } from '../http/problem.ts';
import { LocalAttachmentFiles } from '../http/files.ts';
import { MAX_ATTACHMENT_BYTES } from '../domain/attachments/index.ts';

export interface LocalServerOptions {
  deps: AppDeps;
  /** The development sign-in (AUTH_MODE=local): POST /api/dev/token. */
  localSignIn?: LocalSignIn;
  port: number;
  /**
   * The interface to listen on: 127.0.0.1 unless told otherwise, so the development sign-in and
   * the data are not offered to the network by default.
   */
  host?: string;
  /** The built web app (web/dist): / and its client-side routes, /public/ and its routes. */
  webRoot?: string;
  /** The published files, laid out as the publication bucket is (open-data/…), served at /open-data/. */
  publishedRoot?: string;
  /** Exports too large for a Lambda response (functions/http/files.ts), served at /exports/ as S3 would serve them. */
  exportsRoot?: string;
  /** E-mail notices: the outbox is delivered after each accepted write (in AWS the table's stream does it). */
  notices?: { poke(): Promise<void> };
  /** HQ's yearly 提出期限 as MM-DD (DEADLINE for `npm start`, the stack's `deadline` in AWS); default 05-31. */
  deadline?: string;
}

/**
 * What CloudFront compresses in AWS (compress: true on /api/*, infra/stacks/web.ts): answers from 1,000
 * bytes, gzip for browsers here. Like CloudFront, compressing turns a strong ETag weak (W/"3"); the web app
 * writes If-Match from the answer's version for that reason (web/src/api.ts), and meets the same answers here.
 */
/**
 * The local system's one clock (SHINCHOKU_TODAY for `npm start`): `today` as YYYY-MM-DD, a day in Japan, so a
 * department can try what a later date allows (前年度から引継ぎ, which a year allows from its 1 April) before it comes.
 * The clock starts at 0:00 that day in Japan and runs on in real time from `startedAt` (ms since the epoch),
 * so saves keep their order. Empty or absent: undefined, the computer's own clock.
 * Throws Error (Japanese) for anything that is not a day of the calendar, so the server stops at start-up.
 */
export function localClock(today: string | undefined, startedAt: number = Date.now()): (() => Date) | undefined {
  if (!today?.trim()) return undefined;
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today.trim()) ?? [];
  const start = Date.UTC(Number(y), Number(m) - 1, Number(d)) - 9 * 60 * 60 * 1000;
  if (!y || Number.isNaN(start) || new Date(start + 9 * 60 * 60 * 1000).toISOString().slice(0, 10) !== today.trim()) {
    throw new Error(`SHINCHOKU_TODAY は YYYY-MM-DD の形で、実在する日付を指定してください（指定値：${today}）`);
  }
  return () => new Date(start + (Date.now() - startedAt));
}

const compressApi = compress({ threshold: 1000 });

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/** The headers CloudFront adds in AWS (functions/security-headers.ts), and Cache-Control for every answer. */
const siteHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const path = c.req.path;
  for (const [name, value] of Object.entries(securityHeadersFor(path))) c.res.headers.set(name, value);
  // API answers already carry no-store from the API's pipeline; this also covers what no route of it answers.
  c.res.headers.set('Cache-Control', cacheControlFor(path, c.res.status));
};

/**
 * The development sign-in mints any role for anyone who asks: it answers this computer only,
 * even when HOST exposes the server to a network.
 */
const loopbackOnly: MiddlewareHandler = async (c, next) => {
  const address = getConnInfo(c).remote.address;
  if (!address || !LOOPBACK.has(address)) {
    const problem = problems.forbidden('開発用サインインは、このコンピューター（127.0.0.1 / ::1）からの要求にだけ応答します');
    return c.body(JSON.stringify(problem.toJSON(c.req.path)), problem.status as 403, { 'Content-Type': 'application/problem+json; charset=utf-8' });
  }
  return next();
};

/**
 * PUT /uploads/<id>: the local stand-in for the attachments bucket's presigned PUT URL (issue 24). It takes
 * the bytes only as announced (type and size, within the URL's lifetime), as S3 checks a presigned PUT's
 * signed headers, and answers as S3 does: 200 with no body, or 403 with the reason (Japanese text here).
 */
export function localUploads(files: LocalAttachmentFiles): Hono {
  const uploads = new Hono();
  // Hono's bodyLimit counts what arrives, with or without a Content-Length, and stops reading past the limit.
  const limit = bodyLimit({ maxSize: MAX_ATTACHMENT_BYTES, onError: (c) => c.text('ファイルは10MBまでです', 413) });
  uploads.put('/uploads/:id', limit, async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const refused = await files.accept(c.req.param('id'), c.req.header('content-type'), bytes).catch(() => 'このアップロード先はありません');
    return refused ? c.text(refused, 403) : c.body(null, 200);
  });
  return uploads;
}

/**
 * The two Lambda apps on Node: /api requests go to the API function's app or the sheets function's, split as
 * API Gateway splits them (functions/sheets/gateway-routes.ts), each answered by that app's own fetch, so
 * its 404/405 with Allow, errors and headers are the deployed ones. Around them, as CloudFront and S3 would:
 * the built web app at / (and the public page at /public/), the published open data at /open-data/, large
 * exports at /exports/ and /config.json, on one port, so the browser talks to one origin locally as behind
 * CloudFront, with the same response headers and compression.
 */
export function startLocalServer(options: LocalServerOptions): Promise<ServerType> {
  const app = new Hono();
  app.use('*', siteHeaders);
  app.use('/api/dev/token', loopbackOnly);
  app.use('/api/*', compressApi);
  const { notices } = options;
  if (notices) {
    // After the answer is made, not before: a write never waits on mail (the delivery runs on its own).
    app.use('/api/*', async (c, next) => {
      await next();
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.res.status < 300) void notices.poke();
    });
  }
  // Whole apps, not their routes mounted here: a mounted route table would answer what no route matches with
  // this server's plain-text 404 instead of the app's problem+json 404, or 405 with Allow.
  const api = createApp(options.deps, options.localSignIn);
  const sheets = createSheetsApp(options.deps);
  const toFunction: Handler = (c) => {
    const request = c.req.raw;
    // The path as sent, undecoded, as the API's Allow reads it (gateway-routes.ts), so the two agree.
    const target = isSheetsRequest(request.method, new URL(request.url).pathname) ? sheets : api;
    return target.fetch(request, c.env);
  };
  const attachmentFiles = options.deps.attachmentFiles;
  if (attachmentFiles instanceof LocalAttachmentFiles) app.route('/', localUploads(attachmentFiles));
  app.all('/api', toFunction);
  app.all('/api/*', toFunction);

  const { webRoot, publishedRoot, exportsRoot } = options;
  // Hono's type table has no .xlsx (the open data's Excel edition): named here as S3 names it (publish.ts).
  const xlsxType: Parameters<typeof serveStatic>[0] = { onFound: (path, c) => void (path.endsWith('.xlsx') && c.header('content-type', XLSX_TYPE)) };
  if (publishedRoot) app.use(`${OPEN_DATA_PREFIX}*`, serveStatic({ root: publishedRoot, ...xlsxType }));
  if (exportsRoot) app.use('/exports/*', serveStatic({ root: exportsRoot, rewriteRequestPath: (path) => path.replace(/^\/exports/, '') }));
  if (webRoot && existsSync(webRoot)) {
    const files = serveStatic({ root: webRoot });
    app.use('/*', (c, next) => (isApi(c.req.path) || c.req.path.startsWith(OPEN_DATA_PREFIX) ? next() : files(c, next)));
    // Client-side routes get their entry's shell: /public/… the public page, anything else the app.
    const publicShell = serveStatic({ root: webRoot, path: 'public/index.html' });
    const appShell = serveStatic({ root: webRoot, path: 'index.html' });
    app.get('*', (c, next) => {
      const path = c.req.path;
      if (isApi(path) || path.startsWith(OPEN_DATA_PREFIX) || /\.[^/]*$/.test(path)) return next();
      return path === '/public' || path.startsWith('/public/') ? publicShell(c, next) : appShell(c, next);
    });
  }
  // The app reads its settings from /config.json, which the stack writes beside it in AWS (infra/app.ts):
  // here the development sign-in and the same deadline and 課内確認 settings as the API and the reminders.
  const deadline = options.deadline ?? DEFAULT_SUBMISSION_DEADLINE;
  submissionDeadline(new Date().getFullYear(), deadline); // a DEADLINE that is no day of the year stops the server here, not in the browser
  const webConfig = { mode: 'local', apiUrl: '', deadline, headConfirmation: options.deps.headConfirmation ?? true };
  app.get('/config.json', (c) => c.json(webConfig));
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' }, () => resolve(server));
    server.once('error', reject);
  });
}
