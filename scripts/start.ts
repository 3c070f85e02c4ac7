/**
 * `npm start`: the whole local system in one process tree — DynamoDB Local (data kept in .data/),
 * the plan loaded, local SES, and the API + web app on http://localhost:3000 (PORT overrides).
 * Ctrl-C or SIGTERM stops every child.
 */
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalTokens } from '../functions/api/auth/local.ts';
import { CatalogueSource } from '../functions/store/catalogue-source.ts';
import { startLocalServer } from '../functions/api/local-server.ts';
import { headConfirmationFromEnv } from '../functions/api/env.ts';
import { LocalPublicationFiles } from '../functions/publication/files.ts';
import { seedPlanInput } from '../functions/domain/catalogue/seed.ts';
import { InProcessDigestTrigger } from '../functions/digest/local-trigger.ts';
import { SesMailer } from '../functions/digest/mailer.ts';
import { ensureTable, loadPlan } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { ensureDynamoDbLocal, startDynamoDbLocal } from './local/dynamodb-local.ts';
import { startSesLocal } from './local/ses-local.ts';
import { LOCAL } from './local/settings.ts';

const root = resolve(import.meta.dirname, '..');

function portInUse(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function main() {
  // Tests start a second system beside a running one, so every port and the data folder can move.
  const port = Number(process.env.PORT ?? LOCAL.port);
  const dynamoPort = Number(process.env.DYNAMODB_PORT ?? LOCAL.dynamoPort);
  const sesPort = Number(process.env.SES_PORT ?? LOCAL.sesPort);
  const dataDir = resolve(root, process.env.SHINCHOKU_DATA_DIR ?? '.data/dynamodb');
  for (const [what, p] of [
    ['アプリ（PORT）', port],
    ['DynamoDB Local（DYNAMODB_PORT）', dynamoPort],
    ['ローカルSES（SES_PORT）', sesPort],
  ] as const) {
    if (await portInUse(p)) {
      console.error(`ポート ${p}（${what}）は既に使われています。別のプロセスを止めるか、PORT などで変更してください。 / Port ${p} is already in use.`);
      process.exit(1);
    }
  }

  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n停止しています…');
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  await ensureDynamoDbLocal();
  mkdirSync(dataDir, { recursive: true });
  const dynamo = await startDynamoDbLocal({ port: dynamoPort, dbPath: dataDir });
  stops.push(dynamo.stop);
  const ses = await startSesLocal({ port: sesPort });
  stops.push(ses.stop);

  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  await ensureTable(client, LOCAL.tableName);
  const store = new DynamoStore({ tableName: LOCAL.tableName, client });
  const plan = await loadPlan(store, seedPlanInput());

  const catalogue = new CatalogueSource(store);
  const webAppUrl = `http://localhost:${port}`;
  const mailer = new SesMailer({ endpoint: ses.endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const tokens = new LocalTokens(LOCAL.tokenSecret);
  const server = await startLocalServer({
    port,
    webRoot: resolve(root, 'web/dist'),
    deps: {
      store,
      verifier: tokens,
      localTokens: tokens,
      catalogue,
      webAppUrl,
      headConfirmation: headConfirmationFromEnv(process.env),
      publicationFiles: new LocalPublicationFiles(join(dataDir, 'published')),
      digest: new InProcessDigestTrigger({ store, catalogue, mailer }, { from: LOCAL.mailFrom, hqRecipients: [...LOCAL.hqRecipients], webAppUrl }),
    },
  });
  stops.push(() => new Promise((done) => server.close(() => done())));

  console.log(
    [
      `Shinchoku（進捗）ローカル環境を起動しました`,
      `  アプリ:          http://localhost:${port}/`,
      `  API:             http://localhost:${port}/api/openapi.json`,
      `  メール受信箱:    ${ses.endpoint}/`,
      `  DynamoDB Local:  ${dynamo.endpoint}（データ: ${dataDir}）`,
      `  計画データ:      ${plan.written ? '読み込みました' : '変更なし（読み込み済み）'}`,
      `停止は Ctrl-C`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(`起動できませんでした: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
