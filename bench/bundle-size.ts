import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleLambda, loadedBytes } from '../infra/constructs/bundle.ts';

const root = resolve(import.meta.dirname, '..');

/**
 * A handler built exactly as the stacks build it (infra/constructs/bundle.ts), in memory: the bytes a cold
 * start loads (the entry and its static imports), the bytes of every chunk, and esbuild's metafile.
 */
export async function bundleSize(entry: string): Promise<{ coldStart: number; all: number; metafile: Metafile }> {
  const result = await bundleLambda(entry, resolve(root, '.cache/bundle-size'), { write: false, metafile: true, logLevel: 'silent' });
  return { ...loadedBytes(result.metafile), metafile: result.metafile };
}

/** The handlers as Lambda gets them; the API's budget applies to what its cold start loads. */
export async function bundledSizes(): Promise<{ name: string; bytes: number; allChunks: number; limit?: number }[]> {
  const entries = [
    { name: 'api', entry: 'functions/api/lambda.ts', limit: 150 * 1024 },
    { name: 'digest', entry: 'functions/digest/lambda.ts' },
  ].filter((entry) => existsSync(resolve(root, entry.entry)));
  return Promise.all(
    entries.map(async ({ name, entry, limit }) => {
      const { coldStart, all } = await bundleSize(entry);
      return { name, bytes: coldStart, allChunks: all, ...(limit ? { limit } : {}) };
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('Bundled handlers (esbuild, minified, @aws-sdk external): loaded at cold start / all chunks');
  for (const { name, bytes, allChunks, limit } of await bundledSizes()) {
    const verdict = limit ? (bytes <= limit ? `OK（上限 ${limit / 1024} KB）` : `超過（上限 ${limit / 1024} KB）`) : '';
    console.log(`${name.padEnd(8)} ${(bytes / 1024).toFixed(1).padStart(7)} KB / ${(allChunks / 1024).toFixed(1).padStart(7)} KB  ${verdict}`);
  }
}
