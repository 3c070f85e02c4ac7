import { resolve } from 'node:path';
import { build, buildSync } from 'esbuild';
import type { BuildOptions, Metafile } from 'esbuild';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/**
 * How every Lambda handler is built, by the stacks (handlerFunction) and by the benches alike: one
 * esbuild run, minified ESM for Node.js 22, the AWS SDK v3 left to the runtime (which ships it).
 *
 * Code splitting: what only some requests need (the OpenAPI document's JSON Schema code, publication,
 * opinions, the digest trigger, the error logger) is loaded with `import()` and lands in its own chunk
 * under chunks/, so a cold start reads and compiles only the entry and the chunks it imports statically.
 * The handler is `index.mjs`; Lambda's handler setting is `index.<export>`.
 *
 * Source maps are written beside the code (NODE_OPTIONS=--enable-source-maps turns stack traces back
 * into TypeScript lines); they are not part of what a cold start loads unless an error's stack is read.
 */
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  sourcemap: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  mainFields: ['module', 'main'],
  // Messages and labels are Japanese: written as UTF-8 they take 3 bytes a character, escaped (\uXXXX) 6.
  charset: 'utf8',
  // The Node.js 22 runtime ships AWS SDK v3.
  external: ['@aws-sdk/*'],
  // Bundled CommonJS dependencies may still call require(): ESM output has to define it.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
} satisfies BuildOptions;

function optionsFor(entry: string, outdir: string): BuildOptions {
  return { ...LAMBDA_BUILD_OPTIONS, entryPoints: [resolve(PROJECT_ROOT, entry)], outdir, absWorkingDir: PROJECT_ROOT };
}

/**
 * Builds the handler at `entry` (from the project root) into `outdir` as Lambda gets it. The caller's
 * options win; the result is typed by them (outputFiles with write: false, a metafile with metafile: true).
 */
export function bundleLambda<O extends BuildOptions>(entry: string, outdir: string, options: O = {} as O) {
  return build<O>({ ...optionsFor(entry, outdir), ...options } as never);
}

/** The same build, synchronously, for CDK's local bundling (a construct is built synchronously). */
export function bundleLambdaSync(entry: string, outdir: string): void {
  buildSync(optionsFor(entry, outdir));
}

/**
 * Bytes of JavaScript a cold start loads: the entry and, transitively, the chunks it imports
 * statically (never those behind `import()`); `all` counts every chunk. Source maps are not counted.
 */
export function loadedBytes(metafile: Metafile): { coldStart: number; all: number } {
  const outputs = metafile.outputs;
  const code = Object.keys(outputs).filter((path) => !path.endsWith('.map'));
  const entry = code.find((path) => outputs[path]!.entryPoint);
  if (!entry) throw new Error('esbuild produced no entry point');
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const { path: imported, kind, external } of outputs[path]!.imports) {
      if (kind === 'import-statement' && !external) visit(imported);
    }
  };
  visit(entry);
  const bytes = (paths: Iterable<string>) => [...paths].reduce((sum, path) => sum + outputs[path]!.bytes, 0);
  return { coldStart: bytes(loaded), all: bytes(code) };
}
