import { readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A frame's place in a bundle chunk, as V8 writes it: file URL, line and column (both from 1). */
const BUNDLE_FRAME = /(file:\/\/[^\s()]+?\.m?js):(\d+):(\d+)/;

/**
 * `stack` with every frame in a bundle put back on its source line, read from the .map beside each chunk
 * (infra/constructs/bundle.ts writes them): "at Ke (file:///var/task/index.mjs:1:2345)" becomes
 * "at Ke (functions/api/app.ts:69:10)" (the path as the map names it, without its leading "../"; function
 * names stay minified: a map names identifiers, not the function around a place). Node's --enable-source-maps does the same but
 * parses every chunk's map as the chunk loads, ~10 ms of each cold start, for the few errors ever logged;
 * this reads a map only when a stack is logged (node:module's SourceMap parses it). Frames without a map
 * are left as they are.
 */
export async function sourceMappedStack(stack: string): Promise<string> {
  const maps = new Map<string, Promise<SourceMap | undefined>>();
  const mapOf = (url: string) => {
    if (!maps.has(url)) {
      maps.set(
        url,
        readFile(`${fileURLToPath(url)}.map`, 'utf8').then(
          (text) => new SourceMap(JSON.parse(text)),
          () => undefined,
        ),
      );
    }
    return maps.get(url)!;
  };
  const lines = await Promise.all(
    stack.split('\n').map(async (line) => {
      const frame = BUNDLE_FRAME.exec(line);
      if (!frame) return line;
      const [place, url, lineNumber, column] = frame as unknown as [string, string, string, string];
      const entry = (await mapOf(url))?.findEntry(Number(lineNumber) - 1, Number(column) - 1) as
        | { originalSource?: string; originalLine?: number; originalColumn?: number }
        | undefined;
      if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return line;
      return line.replace(place, `${entry.originalSource.replace(/^(\.\.\/)+/, '')}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
    }),
  );
  return lines.join('\n');
}

/** An error about to be logged gets its stack put back on source lines (sourceMappedStack); anything else is left alone. */
export async function mapErrorStack(value: unknown): Promise<void> {
  if (value instanceof Error && value.stack) value.stack = await sourceMappedStack(value.stack);
}
