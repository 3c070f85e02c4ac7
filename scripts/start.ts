/**
 * `npm start`: the whole local system in one process tree — DynamoDB Local (data kept in .data/),
 * the plan loaded, local SES, and the API + web app on http://localhost:3000 (PORT overrides),
 * listening on 127.0.0.1 unless HOST says otherwise. SHINCHOKU_TODAY=YYYY-MM-DD sets the day the API and
 * the web app take as today (localClock). HOST widens the app alone: DynamoDB Local and
 * local SES listen on 127.0.0.1 whatever it says, since either would bypass the API's permissions.
 *
 * Left behind: each service's pid (with its start time) is kept in <data>/processes.json while it
 * runs, and the next start stops what a killed run left (pid-file.ts). The data folder is private
 * to its owner: umask 077, folders 0700, files 0600 (private-data.ts).
 *
 * Supervision: a service that dies is restarted (SHINCHOKU_RESTARTS times, default 3), then
 * everything stops with exit 1. Stopping: SIGINT (Ctrl-C), SIGTERM and SIGHUP stop every child;
 * so does the death of the parent (npm), which a process manager may kill without this process
 * ever hearing of it — checked every half second.
 */
import { LocalSignIn } from '../functions/api/routes/local-sign-in.ts';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { LocalTokens } from '../functions/http/auth/local.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { LocalDailySubmitted, LocalNoticeDelivery } from '../functions/notices/local-delivery.ts';
import { localClock, startLocalServer } from '../functions/api/local-server.ts';
import { headConfirmationFromEnv } from '../functions/http/deps.ts';
import { LocalPublicationFiles } from '../functions/publication/files.ts';
import { seedPlanInputs } from '../seeds/plans.ts';
import { InProcessDigestTrigger } from '../functions/digest/local-trigger.ts';
import { SesMailer } from '../functions/digest/mailer.ts';
import { ensureTable, loadSeedPlans } from '../functions/store/bootstrap.ts';
import { LocalAttachmentFiles, LocalLargeFiles } from '../functions/http/files.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { ensureDynamoDbLocal, localDynamoDbClient, startDynamoDbLocal } from './local/dynamodb-local.ts';
import { startSesLocal } from './local/ses-local.ts';
import { PidFile, stopLeftovers } from './local/pid-file.ts';
import { makeDataDirPrivate } from './local/private-data.ts';
import { LOCAL } from './local/settings.ts';
import { localSigningKey } from './local/signing-key.ts';
import { Supervisor } from './local/supervisor.ts';
import { buildWebIfStale } from './local/web-build.ts';

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

let stopping = false;
const stops: (() => Promise<void>)[] = [];

/** Stops what has started, the last first, then exits; the first call wins. */
async function shutdown(code: number, message = '\n停止しています…'): Promise<never> {
  if (!stopping) {
    stopping = true;
    (code === 0 ? console.log : console.error)(message);
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  }
  return new Promise<never>(() => undefined);
}

function stopOnSignalsAndParentExit(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  const parent = process.ppid;
  // When npm is killed its children are re-parented: a changed ppid means nobody is waiting for us.
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0, `親プロセス（${parent}）が終了したため停止します`);
  }, 500).unref();
}

async function main() {
  stopOnSignalsAndParentExit();
  // Tests start a second system beside a running one, so every port and the data folder can move.
  const port = Number(process.env.PORT ?? LOCAL.port);
  const host = process.env.HOST || LOCAL.host;
  const dynamoPort = Number(process.env.DYNAMODB_PORT ?? LOCAL.dynamoPort);
  const sesPort = Number(process.env.SES_PORT ?? LOCAL.sesPort);
  const maxRestarts = Number(process.env.SHINCHOKU_RESTARTS ?? LOCAL.maxRestarts);
  const dataDir = resolve(root, process.env.SHINCHOKU_DATA_DIR ?? LOCAL.dataDir);
  // Read first: a date that is no day stops the start before anything runs.
  const now = localClock(process.env.SHINCHOKU_TODAY);
  // A killed earlier run (kill -9 of npm and start.ts) leaves its services holding the ports.
  const stopped = await stopLeftovers(dataDir);
  if (stopped.length > 0) {
    console.log(`前回の npm start が残したプロセスを停止しました：${stopped.join('、')} / stopped what an earlier npm start left running`);
  }
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

  const web = process.env.SHINCHOKU_SKIP_WEB_BUILD ? 'skipped' : await buildWebIfStale();
  // After the web build (web/dist stays readable as usual), before anything is written to the data folder.
  makeDataDirPrivate(dataDir);
  await ensureDynamoDbLocal();
  const dynamoDir = resolve(dataDir, 'dynamodb');
  mkdirSync(dynamoDir, { recursive: true });
  const signingKey = localSigningKey(dataDir);
  // Where the publication is written and /open-data/ is served from (the bucket's layout).
  const publishedDir = resolve(dataDir, 'published');
  mkdirSync(publishedDir, { recursive: true });
  const exportsDir = resolve(dataDir, 'exports');

  const pidFile = new PidFile(dataDir);
  stops.push(async () => pidFile.remove());
  const supervisor = new Supervisor({
    maxRestarts,
    log: (line) => console.log(line),
    giveUp: (message) => void shutdown(1, message),
  });
  stops.push(() => supervisor.stopAll());
  // Tests only: a DynamoDB Local already running (the test run's one, tests/support/global-setup.ts) and a table
  // of this system's own in it, instead of a JVM per started system; the browser test files start nine systems.
  const external = process.env.SHINCHOKU_TEST_DYNAMODB_ENDPOINT;
  const tableName = (external && process.env.SHINCHOKU_TEST_TABLE_NAME) || LOCAL.tableName;
  const dynamo = external
    ? { endpoint: external }
    : await supervisor.add(
        'DynamoDB Local',
        // Recorded as soon as it exists: a run killed while it starts leaves nothing unrecorded.
        () => startDynamoDbLocal({ port: dynamoPort, dbPath: dynamoDir, onSpawn: (pid) => pidFile.record('DynamoDB Local', pid) }),
        // The data is on disk; the table is checked again in case the files were removed meanwhile.
        async (running) => {
          const check = localDynamoDbClient(running.endpoint);
          await ensureTable(check, LOCAL.tableName).finally(() => check.destroy());
        },
      );
  const ses = await supervisor.add('ローカルSES', () => startSesLocal({ port: sesPort, onSpawn: (pid) => pidFile.record('ローカルSES', pid) }));

  // Same ports after a restart, so these clients keep working across one.
  const dynamoClient = localDynamoDbClient(dynamo.endpoint);
  await ensureTable(dynamoClient, tableName);
  const store = new DynamoStore({ tableName, client: dynamoClient });
  const plan = await loadSeedPlans(store, seedPlanInputs());

  const plans = new PlanRegistry(store);
  const webAppUrl = `http://localhost:${port}`;
  const mailer = new SesMailer({ endpoint: ses.endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const tokens = new LocalTokens(signingKey);
  // E-mail notices: the outbox is read after each write and every few seconds, and mailed to the local SES.
  const notices = new LocalNoticeDelivery({ store, plans, mailer }, { from: LOCAL.mailFrom, webAppUrl }, (line, attributes) =>
    console.log(`${line} ${JSON.stringify(attributes)}`),
  );
  notices.start();
  stops.push(async () => notices.stop());
  // HQ's daily summary of 提出済 at 17:30 (the DailySubmitted schedule in AWS), by the system's clock.
  const daily = new LocalDailySubmitted({ store, plans, mailer, now }, { from: LOCAL.mailFrom, webAppUrl }, (line, attributes) =>
    console.log(`${line} ${JSON.stringify(attributes)}`),
  );
  daily.start();
  stops.push(async () => daily.stop());
  const server = await startLocalServer({
    notices,
    port,
    host,
    webRoot: resolve(root, 'web/dist'),
    publishedRoot: publishedDir,
    exportsRoot: exportsDir,
    deadline: process.env.DEADLINE || undefined,
    localSignIn: new LocalSignIn(tokens),
    deps: {
      store,
      verifier: tokens,
      plans,
      webAppUrl,
      now,
      headConfirmation: headConfirmationFromEnv(process.env),
      publicationFiles: new LocalPublicationFiles(publishedDir),
      largeFiles: new LocalLargeFiles(exportsDir),
      // 根拠資料: the local server takes their bytes at /uploads/ (the attachments bucket in AWS).
      attachmentFiles: new LocalAttachmentFiles(resolve(dataDir, 'attachments')),
      digest: new InProcessDigestTrigger({ store, plans, mailer, now }, { from: LOCAL.mailFrom, hqRecipients: [...LOCAL.hqRecipients], webAppUrl }),
    },
  });
  stops.push(
    () =>
      new Promise((done) => {
        server.close(() => done());
        // Browsers keep connections open; close() alone would wait for them.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  );

  console.log(
    [
      `Shinchoku（進捗）ローカル環境を起動しました`,
      `  アプリ：         http://localhost:${port}/${host === LOCAL.host ? '' : `（${host} で待ち受け）`}`,
      `  API：            http://localhost:${port}/api/openapi.json`,
      `  メール受信箱：   ${ses.endpoint}/`,
      `  DynamoDB Local:  ${dynamo.endpoint}（${external ? `テーブル：${tableName}` : `データ：${dynamoDir}`}）`,
      `  計画データ：     ${plan.loaded.length + plan.upgraded.length > 0 ? `読み込みました（${[...plan.loaded, ...plan.upgraded.map((id) => `${id} は旧形式から移行`)].join('、')}）` : '変更なし（読み込み済み）'}`,
      `  Web アプリ：     ${{ built: 'ビルドしました', 'up to date': '最新', skipped: 'ビルドを省略' }[web]}`,
      ...(now ? [`  今日の日付：     ${process.env.SHINCHOKU_TODAY?.trim()}（SHINCHOKU_TODAY。この日付で動きます）`] : []),
      `停止は Ctrl-C`,
    ].join('\n'),
  );
}

main().catch((error) => void shutdown(1, `起動できませんでした：${error instanceof Error ? error.message : String(error)}`));
