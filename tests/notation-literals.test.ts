import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Issue 23, "Notation, everywhere" and README 「表記の決まり」: after a Japanese label the separator is the
 * full-width 「：」, never the half-width 「: 」. This reads every string and template literal under
 * functions/, web/ and scripts/ (the text a user can be shown: screens, the public page, the web build's report, the
 * messages `npm run plan`, `attainment`, `digest`, `reminders` and `npm start` print) with TypeScript's own parser, so comments, which may
 * quote the bad form to say why, are not counted.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCANNED = ['functions', 'web', 'scripts'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'cdk.out', '.cache']);
/** A non-ASCII character (a Japanese label's last character), then a half-width colon and a space. */
const HALF_WIDTH_SEPARATOR = /\P{ASCII}: /u;
/**
 * Expressions that write ASCII (a field path such as 「body.fy」, an ID such as 「12-1」), so a template piece
 * starting with 「: 」 after them follows no Japanese label. Any other `${…}: ` is taken to end in Japanese
 * (a department's name, a label), as every other one under functions/ and web/src does.
 */
const ASCII_EXPRESSION = /\.path\b|\.id$/;

interface Finding {
  file: string;
  line: number;
  text: string;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* sourceFiles(join(dir, entry.name));
    } else if (entry.name.endsWith('.ts')) {
      yield join(dir, entry.name);
    }
  }
}

/** A template piece 「: …」 right after a `${…}` that is not known to write ASCII. */
function followsJapaneseExpression(node: ts.Node): boolean {
  if (!(ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) || !node.text.startsWith(': ')) return false;
  const span = node.parent;
  return !(ts.isTemplateSpan(span) && ASCII_EXPRESSION.test(span.expression.getText()));
}

/** Every string or template piece in `source` whose text has 「: 」 after a non-ASCII character. */
function halfWidthSeparators(file: string, source: string): Finding[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)) &&
      (HALF_WIDTH_SEPARATOR.test(node.text) || followsJapaneseExpression(node))
    ) {
      const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      findings.push({ file, line: line + 1, text: node.text.slice(0, 100) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

function scan(): Finding[] {
  return SCANNED.flatMap((top) =>
    [...sourceFiles(join(ROOT, top))].flatMap((path) => halfWidthSeparators(relative(ROOT, path).split('\\').join('/'), readFileSync(path, 'utf8'))),
  );
}

describe('notation: the full-width 「：」 after a Japanese label', () => {
  it('writes no half-width 「: 」 after a Japanese character in any string under functions/, web/, or scripts/', () => {
    const findings = scan();
    const report = [
      `和文の後ろの半角「: 」が ${findings.length} か所あります。全角の「：」にしてください（README「表記の決まり」）。`,
      ...findings.map((f) => `  ${f.file}:${f.line} ${f.text}`),
    ].join('\n');
    expect(findings.length, report).toBe(0);
  });

  it('finds the half-width form in strings and templates and ignores it in comments', () => {
    // Source text for the checker to parse: its template placeholders are meant as written.
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: TypeScript source held as text
    const sample = [
      '// 基準値: comments may quote the bad form',
      "const a = '基準値: 83件';",
      'const b = `目標値: ${target}`;',
      'const c = `${x}件 / 実績値: ${y}`;',
      "const d = '基準値：83件';",
      "const e = 'status: ok';",
      'const f = `${department.name}: ${state}`;',
      'const g = `${error.path}: ${error.message}`;',
    ].join('\n');
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: TypeScript source held as text
    expect(halfWidthSeparators('sample.ts', sample).map((f) => f.line)).toEqual([2, 3, 4, 7]);
  });
});
