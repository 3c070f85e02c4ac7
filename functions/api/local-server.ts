import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ServerType } from '@hono/node-server';
import { createApp } from './app.ts';
import { createSheetsApi } from '../sheets/app.ts';
import type { AppDeps } from './env.ts';
import { LocalPublicationFiles } from '../publication/files.ts';

/**
 * The Lambda app on Node: the API under /api and the built web app at /, on one port,
 * so the browser talks to the same origin locally as behind CloudFront.
 */
export function startLocalServer(options: { deps: AppDeps; port: number; webRoot?: string }): Promise<ServerType> {
  const app = createApp(options.deps);
  app.route('/api', createSheetsApi(options.deps));
  const webRoot = options.webRoot;
  const files = options.deps.publicationFiles;
  // 公表 files, as CloudFront serves them from S3 in AWS: no sign-in, no API.
  if (files instanceof LocalPublicationFiles) app.use('/open-data/*', serveStatic({ root: files.root }));
  // A withdrawn year is gone: 404, never the app shell below.
  app.get('/open-data/*', (c) => c.notFound());
  if (webRoot && existsSync(webRoot)) {
    app.use('/*', serveStatic({ root: webRoot }));
    // Client-side routes (/measures/5 …) get the app shell.
    app.get('*', serveStatic({ root: webRoot, path: 'index.html' }));
  }
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port }, () => resolve(server));
    server.once('error', reject);
  });
}
