import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleLambda, loadedBytes } from '../infra/constructs/bundle.ts';

const root = resolve(import.meta.dirname, '..');

/**
 * A handler built exactly as the stacks build it (infra/constructs/bundle.ts), in memory: the bytes a cold
 * start loads (the entry and its static imports) and the AWS SDK's part of them, the bytes of every
 * chunk, and esbuild's metafile.
 */
export async function bundleSize(entry: string): Promise<{ coldStart: number; coldStartSdk: number; all: number; metafile: Metafile }> {
  const result = await bundleLambda(entry, resolve(root, '.cache/bundle-size'), { write: false, metafile: true, logLevel: 'silent' });
  return { ...loadedBytes(result.metafile), metafile: result.metafile };
}

/**
 * The handlers as Lambda gets them. The API's budget was set when the AWS SDK was left to the runtime,
 * so it applies to what its cold start loads besides the SDK (`bytes`); the bundled SDK is `sdk`.
 */
export async function bundledSizes(): Promise<{ name: string; bytes: number; sdk: number; allChunks: number; limit?: number }[]> {
  const entries = [
    { name: 'api', entry: 'functions/api/lambda.ts', limit: 150 * 1024 },
    { name: 'digest', entry: 'functions/digest/lambda.ts' },
  ].filter((entry) => existsSync(resolve(root, entry.entry)));
  return Promise.all(
    entries.map(async ({ name, entry, limit }) => {
      const { coldStart, coldStartSdk, all } = await bundleSize(entry);
      return { name, bytes: coldStart - coldStartSdk, sdk: coldStartSdk, allChunks: all, ...(limit ? { limit } : {}) };
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(6)} KB`;
  console.log('Bundled handlers (esbuild, minified): loaded at cold start = our code and libraries + the AWS SDK; all chunks');
  for (const { name, bytes, sdk, allChunks, limit } of await bundledSizes()) {
    const verdict = limit ? (bytes <= limit ? `OK（上限 ${limit / 1024} KB）` : `超過（上限 ${limit / 1024} KB）`) : '';
    console.log(`${name.padEnd(8)} ${kb(bytes + sdk)} = ${kb(bytes)} ${verdict} + SDK ${kb(sdk)};  all chunks ${kb(allChunks)}`);
  }
}
