/**
 * The web app's models run in Node against the real API: fetch is answered by the harness's Hono app over
 * DynamoDB Local (the same handler the local server and Lambda run), and sessionStorage, which the app keeps
 * its token and unsaved input in, is a plain in-memory store (Node has none by default).
 */
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { forgetSession } from '../../web/src/state.ts';
import { startApi } from '../api/harness.ts';
import type { Caller } from '../api/harness.ts';

/** The Storage methods the app uses, over a Map. */
export class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  get length(): number {
    return this.items.size;
  }
}

const groupsOf = (caller: Caller) =>
  caller.role === 'department' ? [`dept-${caller.department}`] : caller.role === 'department_head' ? [`head-${caller.department}`] : [caller.role];

/**
 * Starts the API (with `options.plans` instead of the seeds when given) and points the app's fetch at it. `signIn` makes the app's calls go as that person from
 * then on (as the sign-in screen does: a token in sessionStorage, the cached /me forgotten).
 */
export async function modelApi(options?: Parameters<typeof startApi>[0]) {
  const api = await startApi(options);
  const storage = new MemoryStorage();
  Object.assign(globalThis, { sessionStorage: storage });
  globalThis.fetch = async (input, init) => api.app.request(String(input), init);
  const tokens = new LocalTokens('test-secret');
  async function signIn(caller: Caller): Promise<void> {
    const sub = caller.sub ?? `${caller.role}:${caller.department ?? ''}`;
    storage.setItem(
      'shinchoku.token',
      await tokens.issue({ sub, name: `${caller.role} ${caller.department ?? ''}`.trim(), 'cognito:groups': groupsOf(caller) }),
    );
    forgetSession();
  }
  return { ...api, storage, signIn };
}

/** A fetch that answers each path with a fixed JSON body (for what the API does not send yet, such as `actions`). */
export function answering(routes: Record<string, { status?: number; body: unknown }>): typeof fetch {
  return async (input) => {
    const path = new URL(String(input), 'http://app').pathname;
    const route = routes[path];
    if (!route)
      return new Response(JSON.stringify({ status: 404, title: '見つかりません', detail: path }), {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
      });
    return new Response(JSON.stringify(route.body), {
      status: route.status ?? 200,
      headers: { 'content-type': route.status && route.status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  };
}
