/**
 * What the digest and reminder commands share: their options' parsing, and the local system they
 * read from and send through (DynamoDB Local and aws-ses-v2-local as `npm start` runs them; the
 * usual environment variables point them elsewhere).
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { PlanRegistry } from '../functions/store/plans.ts';
import { lastEndedFiscalYear } from '../functions/domain/calendar/index.ts';
import { SesMailer } from '../functions/digest/mailer.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { localDynamoDbClient } from './local/dynamodb-local.ts';
import { LOCAL } from './local/settings.ts';

/** A mistake in the command line or the setup: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Parses the options (always --fy; default the fiscal year that ended) or throws a UsageError with the usage line. */
export function parseOptions(argv: string[], options: NonNullable<ParseArgsConfig['options']>, usage: string) {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, fy: { type: 'string' } }, strict: true }));
  } catch {
    throw new UsageError(`オプションが正しくありません：${argv.join(' ')}（使い方：${usage}）`);
  }
  const fy = values.fy === undefined ? String(lastEndedFiscalYear()) : String(values.fy);
  const fiscalYear = Number(fy);
  if (!/^\d{4}$/.test(fy)) throw new UsageError('--fy には年度を西暦4桁で指定してください（計画にある年度かどうかは計画データで確かめます）');
  return { values, fiscalYear };
}

/** The local store and plan, or a UsageError saying the local system is not running. */
export async function connectLocal() {
  const env = process.env;
  const dynamoEndpoint = env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${env.DYNAMODB_PORT ?? LOCAL.dynamoPort}`;
  const client = localDynamoDbClient(dynamoEndpoint);
  const store = new DynamoStore({ tableName: env.TABLE_NAME ?? LOCAL.tableName, client });
  const plans = new PlanRegistry(store);
  await plans.active().catch((error: Error) => {
    throw new UsageError(
      `ローカルのデータを読めません（npm start で起動していますか？ ${dynamoEndpoint}。別のポートで起動したときは同じ DYNAMODB_PORT を指定してください）：${error.message}`,
    );
  });
  const sesEndpoint = env.SES_ENDPOINT ?? `http://127.0.0.1:${env.SES_PORT ?? LOCAL.sesPort}`;
  return {
    store,
    plans,
    sesEndpoint,
    mailer: () => new SesMailer({ endpoint: sesEndpoint, region: LOCAL.region, credentials: LOCAL.credentials }),
    settings: {
      from: env.MAIL_FROM ?? LOCAL.mailFrom,
      hqRecipients: (env.HQ_RECIPIENTS ?? LOCAL.hqRecipients.join(',')).split(','),
      webAppUrl: env.WEB_APP_URL ?? `http://localhost:${env.PORT ?? LOCAL.port}`,
    },
  };
}

/** Runs a command's main: errors become one line on stderr, exit 2 for usage, 1 otherwise. */
export function run(main: (argv: string[]) => Promise<void>) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`エラー：${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
