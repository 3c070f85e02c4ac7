import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ServerType } from '@hono/node-server';
import { createApp } from './app.ts';
import { createSheetsApi } from '../sheets/app.ts';
import type { AppDeps } from './env.ts';

/**
 * The Lambda app on Node: the API under /api and the built web app at /, on one port,
 * so the browser talks to the same origin locally as behind CloudFront.
 */
export function startLocalServer(options: { deps: AppDeps; port: number; webRoot?: string }): Promise<ServerType> {
  const app = createApp(options.deps);
  app.route('/api', createSheetsApi(options.deps));
  const webRoot = options.webRoot;
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
