import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

/** A handler bundled as the stack bundles it: ESM, minified, the AWS SDK left to the runtime. */
export function bundleLambda<O extends BuildOptions>(entry: string, options: O = {} as O) {
  const defaults: BuildOptions = { entryPoints: [resolve(root, entry)], bundle: true, minify: true, platform: 'node', target: 'node22', format: 'esm', external: ['@aws-sdk/*'] };
  // The caller's options win; the result is typed by them (outputFiles with write: false, a metafile with metafile: true).
  return build<O>({ ...defaults, ...options } as never);
}

/** The handlers as Lambda gets them. */
export async function bundledSizes(): Promise<{ name: string; bytes: number; limit?: number }[]> {
  const entries = [
    { name: 'api', entry: 'functions/api/lambda.ts', limit: 150 * 1024 },
    { name: 'digest', entry: 'functions/digest/lambda.ts' },
  ].filter((entry) => existsSync(resolve(root, entry.entry)));
  return Promise.all(
    entries.map(async ({ name, entry, limit }) => {
      const result = await bundleLambda(entry, { write: false });
      return { name, bytes: result.outputFiles[0]!.contents.byteLength, ...(limit ? { limit } : {}) };
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { name, bytes, limit } of await bundledSizes()) {
    const verdict = limit ? (bytes <= limit ? `OK（上限 ${limit / 1024} KB）` : `超過（上限 ${limit / 1024} KB）`) : '';
    console.log(`${name.padEnd(8)} ${(bytes / 1024).toFixed(1).padStart(7)} KB  ${verdict}`);
  }
}
