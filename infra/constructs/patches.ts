import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
let applied = false;

/**
 * Applies patches/ to node_modules (patch-package) once per process: the `docx` library's section lookup
 * made report.docx quadratic in the plan (docs/upstream/docx-linear-body.md). `npm ci` runs no package
 * scripts, so both ways code reaches users apply them first: the tests and `npm start` (scripts/local/
 * install.ts), and the Lambda bundles of `cdk synth`/`cdk deploy` (bundle.ts). patch-package leaves an
 * applied patch as it is and exits non-zero when one no longer applies (a `docx` upgrade: redo the patch).
 */
export function applyPackagePatches(): void {
  if (applied) return;
  execFileSync(resolve(PROJECT_ROOT, 'node_modules/.bin/patch-package'), ['--error-on-fail'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  applied = true;
}
