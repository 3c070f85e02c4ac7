/** What the tests and `npm start` need beyond npm packages: DynamoDB Local's jar and Debian's Chromium. */
import { ensureChromium } from './chromium.ts';
import { ensureDynamoDbLocal } from './dynamodb-local.ts';

const dynamo = ensureDynamoDbLocal();
console.log(`DynamoDB Local: ${dynamo.fetched ? '取得しました' : '準備済み'}（${dynamo.dir}）`);
const chromium = ensureChromium();
console.log(`Chromium: ${chromium.installed ? 'インストールしました' : '準備済み'}（${chromium.path}）`);
