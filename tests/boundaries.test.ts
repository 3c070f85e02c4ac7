import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';
import type { ICruiseResult, IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

type Layers = Record<string, string[]>;
const root = resolve(import.meta.dirname, '..');
const { LAYERS, DOMAIN_LAYERS, ...config } = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as IConfiguration & {
  LAYERS: Layers;
  DOMAIN_LAYERS: Layers;
};
const comments = new Map((config.forbidden ?? []).map((rule) => [rule.name, rule.comment]));

/** The rules' violations in the tree at `baseDir`, as "rule: from → to" lines. */
async function violations(baseDir: string): Promise<string[]> {
  const result = await cruise(['functions', 'web/src', 'web/public', 'infra'], { ruleSet: config, validate: true, ...config.options, baseDir });
  const output = result.output as ICruiseResult;
  expect(output.summary.totalCruised).toBeGreaterThan(100);
  return output.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);
}

/** The entries of a folder as the tables name them: sub-folders by name, top-level .ts files with their extension. */
const entries = (folder: string) =>
  readdirSync(join(root, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() || entry.name.endsWith('.ts'))
    .map((entry) => entry.name);

/** Whether a table's "may import" relation has a cycle (a folder reaching itself). */
function cycleIn(layers: Layers): string[] | undefined {
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (path.includes(name)) return [...path, name];
    for (const next of layers[name] ?? []) {
      const found = visit(next, [...path, name]);
      if (found) return found;
    }
    return undefined;
  };
  for (const name of Object.keys(layers)) {
    const found = visit(name, []);
    if (found) return found;
  }
  return undefined;
}

describe('module boundaries (.dependency-cruiser.cjs)', () => {
  it('gives every folder of functions/ and of functions/domain/ a row saying what it may import', () => {
    expect(entries('functions').filter((name) => !(name in LAYERS))).toEqual([]);
    const domainShared = ['zod.ts', 'text.ts', 'csv-field.ts'];
    expect(entries('functions/domain').filter((name) => !(name in DOMAIN_LAYERS) && !domainShared.includes(name))).toEqual([]);
  });

  it('has no cycle between folders: the tables are layers', () => {
    expect(cycleIn(LAYERS)).toBeUndefined();
    expect(cycleIn(DOMAIN_LAYERS)).toBeUndefined();
  });

  it('holds for the code as it is: pure domain, layers in order, web on domain and contract only, no cycles', async () => {
    const found = await violations(root);
    expect(found, `module boundaries broken:\n${found.map((line) => `${line}\n  ${comments.get(line.split(':')[0]!) ?? ''}`).join('\n')}`).toEqual([]);
  }, 180_000);

  describe('fails when a rule is broken', () => {
    // A copy of the tree, so the broken imports never touch the files other tests read.
    const copy = mkdtempSync(join(tmpdir(), 'boundaries-'));
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it('names the rule for a store module importing the service, and for the HTTP kit importing the API (a folder cycle)', async () => {
      for (const part of ['functions', 'web', 'infra', 'tsconfig.json', 'package.json']) {
        cpSync(join(root, part), join(copy, part), { recursive: true, filter: (source) => !source.includes(`${join(root, 'web', 'dist')}`) });
      }
      symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
      const keys = join(copy, 'functions/store/keys.ts');
      writeFileSync(keys, `import '../service/reports.ts';\n${readFileSync(keys, 'utf8')}`);
      const pipeline = join(copy, 'functions/http/pipeline.ts');
      writeFileSync(pipeline, `import '../api/app.ts';\n${readFileSync(pipeline, 'utf8')}`);
      const found = await violations(copy);
      expect(found).toContain('layer-store: functions/store/keys.ts → functions/service/reports.ts');
      expect(found).toContain('layer-http: functions/http/pipeline.ts → functions/api/app.ts');
    }, 180_000);
  });
});
