import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { build, buildSync } from 'esbuild';
import type { BuildOptions, Metafile } from 'esbuild';
import { applyPackagePatches } from './patches.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/**
 * How every Lambda handler is built, by the stacks (handlerFunction) and by the benches alike: one
 * esbuild run, minified ESM for Node.js 24, the functions' runtime (LAMBDA_RUNTIME in function.ts; a
 * test keeps the two in step).
 *
 * The OpenAPI document and the open data's JSON Schema go in made (functions/api/openapi-json.ts and functions/publication/progress-schema-json.ts), so
 * the bundles carry no JSON Schema generator.
 *
 * Code splitting: what only some requests need (publication's report model and open-data formats, the
 * OpenAPI document's builder, the error logger, the SDK clients of rare actions: Lambda for the digest,
 * S3 for publication and large exports, Cognito for a new department) is loaded with `import()` and
 * lands in its own chunk under chunks/, so a cold start reads and compiles only the entry and the chunks
 * it imports statically.
 * The handler is `index.mjs`; Lambda's handler setting is `index.<export>`.
 *
 * The AWS SDK is bundled too, although the Node.js runtime ships one: the runtime's copy is hundreds of
 * files that every cold start resolves and compiles one by one, and importing the DynamoDB clients
 * that way took longer than the rest of the API's cold start together (bench/cold-start.ts). Bundled,
 * tree-shaken and minified, they load in a fraction of that time; the version is the lockfile's, the
 * one the tests run against.
 *
 * Source maps are written beside the code, without the sources themselves (with --enable-source-maps Node
 * parses each map at load, and maps holding the sources took ~30 ms of the API's cold start). They turn
 * stack traces back into TypeScript lines: through NODE_OPTIONS=--enable-source-maps in the digest and
 * sheets functions (handlerFunction), and in the API when an error is logged (functions/logging/stack.ts).
 */
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  mainFields: ['module', 'main'],
  // Messages and labels are Japanese: written as UTF-8 they take 3 bytes a character, escaped (\uXXXX) 6.
  charset: 'utf8',
  // The clients of rare actions, imported with import() on first use, stay the runtime's: bundled, they
  // would share chunks with the DynamoDB client and pull ~20 KB more into every cold start. The S3
  // presigner (large exports) goes with the runtime's S3 client: it adds its middleware to that client's
  // stack, so the two must be one release.
  external: [
    '@aws-sdk/client-lambda',
    '@aws-sdk/client-s3',
    '@aws-sdk/s3-request-presigner',
    '@aws-sdk/client-cognito-identity-provider',
    '@aws-sdk/client-cloudfront',
  ],
  // Bundled CommonJS dependencies may still call require(): ESM output has to define it.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
} satisfies BuildOptions;

let documents: Record<string, string> | undefined;

/**
 * The generated documents (functions/api/openapi-json.ts and functions/publication/progress-schema-json.ts) as esbuild `define`s: made once per process
 * by scripts/build/documents.ts, in a child process so that the synchronous build (CDK) can have them too.
 */
function documentDefines(): Record<string, string> {
  if (!documents) {
    const text = execFileSync(process.execPath, ['--import', 'tsx', resolve(PROJECT_ROOT, 'scripts/build/documents.ts')], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const { openapi, progressSchema } = JSON.parse(text) as { openapi: unknown; progressSchema: unknown };
    // A define's value is JavaScript: a string literal holding each document's JSON text.
    documents = { SHINCHOKU_OPENAPI: JSON.stringify(JSON.stringify(openapi)), SHINCHOKU_PROGRESS_SCHEMA: JSON.stringify(JSON.stringify(progressSchema)) };
  }
  return documents;
}

function optionsFor(entry: string, outdir: string): BuildOptions {
  // The bundles carry node_modules' code: patched first, or a deploy from a fresh clone ships the unpatched library.
  applyPackagePatches();
  return { ...LAMBDA_BUILD_OPTIONS, define: documentDefines(), entryPoints: [resolve(PROJECT_ROOT, entry)], outdir, absWorkingDir: PROJECT_ROOT };
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

/** The AWS SDK's packages and those only it depends on, told apart in loadedBytes. */
const AWS_SDK = /(^|\/)node_modules\/(@aws-sdk|@smithy|@aws|mnemonist|obliterator)\//;

/**
 * Bytes of JavaScript a cold start loads: the entry and, transitively, the chunks it imports
 * statically (never those behind `import()`), and how many of those bytes are the AWS SDK's; `all`
 * counts every chunk. Source maps are not counted.
 */
export function loadedBytes(metafile: Metafile): { coldStart: number; coldStartSdk: number; all: number } {
  const outputs = metafile.outputs;
  const code = Object.keys(outputs).filter((path) => !path.endsWith('.map'));
  // Chunks behind import() are entry points to esbuild too: the handler is the one named index.mjs.
  const entry = code.find((path) => /(^|\/)index\.mjs$/.test(path));
  if (!entry) throw new Error('esbuild produced no index.mjs');
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
  const sdkBytes = [...loaded].reduce(
    (sum, path) =>
      sum + Object.entries(outputs[path]!.inputs).reduce((part, [input, { bytesInOutput }]) => part + (AWS_SDK.test(input) ? bytesInOutput : 0), 0),
    0,
  );
  return { coldStart: bytes(loaded), coldStartSdk: sdkBytes, all: bytes(code) };
}
