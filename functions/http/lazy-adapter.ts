/** An adapter every method of which is asynchronous: a call can wait for the adapter's module to load. */
type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? T[K] : never };

/**
 * An adapter (S3 files, the digest function, the user pool…) whose module loads with the first call of one
 * of its methods: the call waits for `load`, later calls find it loaded. A Lambda handler names the adapters
 * of rare actions this way, so its cold start neither loads nor compiles them (issue 22: the API's cold
 * start and what it loads). A failed load is tried again by the next call.
 */
export function lazyAdapter<T extends AsyncMethods<T>>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  const target = () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  return new Proxy({} as T, {
    get(_, name) {
      // Not a thenable: `await adapter` must give the adapter, not call a method named "then".
      if (name === 'then' || typeof name === 'symbol') return undefined;
      return async (...args: unknown[]) => {
        const adapter = (await target()) as Record<string, (...args: unknown[]) => Promise<unknown>>;
        return adapter[name]!(...args);
      };
    },
  });
}
