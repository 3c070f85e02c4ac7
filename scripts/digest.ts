/**
 * `npm run --silent digest -- --fy 2026 [--dry-run] [--force]`
 * Renders the yearly digest from the local system's data (start it with `npm start`). With --dry-run
 * it prints the subject, the plain text and the full HTML and sends nothing; without, it sends
 * through the configured SES endpoint (locally aws-ses-v2-local) exactly once per fiscal year.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CatalogueSource } from '../functions/store/catalogue-source.ts';
import { lastEndedFiscalYear } from '../functions/domain/calendar/index.ts';
import { SesMailer } from '../functions/digest/mailer.ts';
import { prepareDigest, sendDigest } from '../functions/digest/run.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { LOCAL } from './local/settings.ts';

class UsageError extends Error {}

async function main(argv: string[]) {
  let values: { fy?: string; 'dry-run'?: boolean; force?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { fy: { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } }, strict: true }));
  } catch {
    throw new UsageError(`オプションが正しくありません: ${argv.join(' ')}（使い方: --fy 2026 [--dry-run] [--force]）`);
  }
  const fiscalYear = values.fy === undefined ? lastEndedFiscalYear() : Number(values.fy);
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2026 || fiscalYear > 2030) {
    throw new UsageError('--fy には2026〜2030の年度を指定してください');
  }
  const env = process.env;
  const dynamoEndpoint = env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${env.DYNAMODB_PORT ?? LOCAL.dynamoPort}`;
  const client = new DynamoDBClient({ endpoint: dynamoEndpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const store = new DynamoStore({ tableName: env.TABLE_NAME ?? LOCAL.tableName, client });
  const catalogue = await new CatalogueSource(store).get().catch((error: Error) => {
    throw new UsageError(`ローカルのデータを読めません（npm start で起動していますか？ ${dynamoEndpoint}）: ${error.message}`);
  });
  const webAppUrl = env.WEB_APP_URL ?? `http://localhost:${env.PORT ?? LOCAL.port}`;

  if (values['dry-run']) {
    const digest = await prepareDigest({ store, catalogue }, fiscalYear, webAppUrl);
    process.stdout.write(`件名: ${digest.subject}\n\n${digest.text}\n----- HTML -----\n${digest.html}\n`);
    return;
  }
  const sesEndpoint = env.SES_ENDPOINT ?? `http://127.0.0.1:${env.SES_PORT ?? LOCAL.sesPort}`;
  const mailer = new SesMailer({ endpoint: sesEndpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const outcome = await sendDigest(
    { store, catalogue, mailer },
    { from: env.MAIL_FROM ?? LOCAL.mailFrom, hqRecipients: (env.HQ_RECIPIENTS ?? LOCAL.hqRecipients.join(',')).split(','), webAppUrl },
    { fiscalYear, force: values.force ?? false },
  );
  process.stdout.write(
    outcome.sent
      ? `送信しました: ${outcome.subject} → ${outcome.recipients.join(', ')}（${sesEndpoint}）\n`
      : `${fiscalYear}年度のダイジェストは${outcome.reason === 'already_sent' ? '送信済みです（再送は --force）' : '送信中です'}\n`,
  );
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`エラー: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
