import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';
import type { ICruiseResult, IConfiguration } from 'dependency-cruiser';
import { expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as IConfiguration;

it('keeps the module boundaries (.dependency-cruiser.cjs): pure domain, web on domain and contract only, no cycles', async () => {
  // The API, not the CLI: the CLI refuses Node 20, which the project still supports.
  const result = await cruise(['functions', 'web/src'], { ruleSet: config, validate: true, ...config.options });
  const output = result.output as ICruiseResult;
  const rules = new Map((config.forbidden ?? []).map((rule) => [rule.name, rule.comment]));
  const violations = output.summary.violations.map(
    (violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}\n  ${rules.get(violation.rule.name) ?? ''}`,
  );
  expect(output.summary.totalCruised).toBeGreaterThan(100);
  expect(violations, `module boundaries broken:\n${violations.join('\n')}`).toEqual([]);
}, 180_000);
