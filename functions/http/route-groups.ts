import type { Hono } from 'hono/tiny';
import type { AppEnv } from './deps.ts';
import { Routes } from './route.ts';

/**
 * Routes loaded with their first request: the module that registers them (with import(), its own chunk in
 * a Lambda bundle) and the "METHOD /path" of each route in the order it registers them. A cold start then
 * compiles the pipeline and the store, not every route's schemas and services: a report GET loads the
 * report routes alone, a CSV export the export routes alone (issue 22). The list is the routing table before
 * the group is loaded; the API's and the sheets function's tests check it against what the group registers.
 */
export interface RouteGroup<O> {
  load: () => Promise<(routes: Routes, options: O) => void>;
  routes: readonly string[];
}

/**
 * Adds a group's routes to `app` as the group names them; the group's module is imported with the first
 * request to one of them (once: a failed import is tried again with the next request) and answers it.
 */
export function addLazyGroup<O>(app: Hono<AppEnv>, group: RouteGroup<O>, options: O): void {
  let loaded: Promise<Routes> | undefined;
  const load = () =>
    (loaded ??= group.load().then(
      (register) => {
        const own = new Routes();
        register(own, options);
        return own;
      },
      (error: unknown) => {
        loaded = undefined;
        throw error;
      },
    ));
  for (const route of group.routes) {
    const [method = '', path = ''] = route.split(' ');
    app.on(method, path, async (c) => {
      const handler = (await load()).handlers.get(route);
      if (!handler) throw new Error(`the route group names ${route}, which it does not register`);
      return handler(c);
    });
  }
}
