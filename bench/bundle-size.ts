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

/** Targets in bytes for what a cold start loads: without the AWS SDK (our code and libraries) and in all. */
interface Targets {
  withoutSdk?: number;
  withSdk?: number;
}

/**
 * The handlers as Lambda gets them, each with both figures a cold start loads: `bytes` without the AWS SDK
 * and `bytes + sdk` with it (the stack bundles the DynamoDB client rather than the runtime's, see the README),
 * so that neither part can grow unseen behind the other. API targets (issue 22): ≤ 120 KB without the SDK;
 * ≤ 350 KB with it, which is that budget plus the bundled DynamoDB client (221 KB when the target was set)
 * with a little room, so a second SDK client loaded at cold start fails it.
 */
export async function bundledSizes(): Promise<{ name: string; bytes: number; sdk: number; allChunks: number; targets: Targets }[]> {
  const entries: { name: string; entry: string; targets: Targets }[] = [
    { name: 'api', entry: 'functions/api/lambda.ts', targets: { withoutSdk: 120 * 1024, withSdk: 350 * 1024 } },
    { name: 'sheets', entry: 'functions/sheets/lambda.ts', targets: {} },
    { name: 'digest', entry: 'functions/digest/lambda.ts', targets: {} },
  ];
  return Promise.all(
    entries
      .filter(({ entry }) => existsSync(resolve(root, entry)))
      .map(async ({ name, entry, targets }) => {
        const { coldStart, coldStartSdk, all } = await bundleSize(entry);
        return { name, bytes: coldStart - coldStartSdk, sdk: coldStartSdk, allChunks: all, targets };
      }),
  );
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(6)} KB`;
const verdict = (bytes: number, limit: number | undefined) =>
  limit === undefined ? ''.padEnd(22) : `（目標 ≤ ${limit / 1024} KB）${bytes <= limit ? 'OK' : 'NOT MET'}`.padEnd(22);

/** The table `bench:api` and this script print: with and without the SDK, each beside its target. */
export function printBundledSizes(rows: Awaited<ReturnType<typeof bundledSizes>>): void {
  console.log('Bundled handlers (esbuild, minified, built as the stacks build them): what a cold start loads, with and without the AWS SDK');
  console.log('function', 'with SDK'.padStart(12), ''.padEnd(22), 'without SDK'.padStart(12), ''.padEnd(22), 'SDK'.padStart(10), 'all chunks'.padStart(12));
  for (const { name, bytes, sdk, allChunks, targets } of rows) {
    console.log(
      name.padEnd(8),
      kb(bytes + sdk).padStart(12),
      verdict(bytes + sdk, targets.withSdk),
      kb(bytes).padStart(12),
      verdict(bytes, targets.withoutSdk),
      kb(sdk).padStart(10),
      kb(allChunks).padStart(12),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printBundledSizes(await bundledSizes());
