import { LocalSignIn } from '../../functions/api/routes/local-sign-in.ts';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { localDynamoDbClient } from '../../scripts/local/dynamodb-local.ts';
import { createApp } from '../../functions/api/app.ts';
import { createSheetsApi } from '../../functions/sheets/app.ts';
import type { AppDeps } from '../../functions/http/deps.ts';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { PlanRegistry } from '../../functions/store/plans.ts';
import { seedPlanInputs } from '../../seeds/plans.ts';
import { ensureTable, loadSeedPlans } from '../../functions/store/bootstrap.ts';
import { DynamoStore } from '../../functions/store/dynamo-store.ts';
import { InProcessDigestTrigger } from '../../functions/digest/local-trigger.ts';
import { LocalNoticeDelivery } from '../../functions/notices/local-delivery.ts';
import type { Mailer } from '../../functions/digest/mailer.ts';
import { parseAnswer } from '../support/answers.ts';
import type { JsonAnswer } from '../support/answers.ts';

export type { JsonAnswer };

export type Role = 'hq' | 'department' | 'department_head' | 'viewer';
export interface Caller {
  role: Role;
  department?: string;
  sub?: string;
  /** The token's `email` claim (where notices go); none unless given. */
  email?: string;
}

/** Cognito groups of a caller: staff dept-<code>, their 所属長 head-<code>, or the role itself. */
const groupsOf = (caller: Caller) =>
  caller.role === 'department' ? [`dept-${caller.department}`] : caller.role === 'department_head' ? [`head-${caller.department}`] : [caller.role];

/**
 * Where the tests' clock starts: 1 June 2028 in Japan, after FY2027's 出納閉鎖 (31 May 2028), so the KPI
 * actuals the tests enter for FY2026 and FY2027 (時点 2027-03-31, 2028-03-31) lie in the past, as a 時点 must,
 * whatever the machine's date. The clock runs on from there, so each write still gets its own time.
 */
export const TEST_CLOCK_START = new Date('2028-06-01T09:00:00+09:00');
const testClock = () => {
  const started = Date.now();
  return () => new Date(TEST_CLOCK_START.getTime() + (Date.now() - started));
};

/**
 * The real API app on a fresh table of the test run's DynamoDB Local (or `endpoint`), with the plan loaded.
 * Requests go through app.request (the same fetch handler Lambda and Node serve). 課内確認 is on, as deployed
 * by default, unless `headConfirmation: false`. The clock starts at TEST_CLOCK_START unless `extra.now` says otherwise.
 */
export async function startApi(
  options: {
    headConfirmation?: boolean;
    endpoint?: string;
    tableName?: string;
    extra?: Partial<AppDeps>;
    /** The plans the table starts with (plain plan objects); the seeds (seeds/plans/) when absent. */
    plans?: readonly unknown[];
  } = {},
) {
  const client = localDynamoDbClient(options.endpoint ?? inject('dynamoEndpoint'));
  const tableName = options.tableName ?? `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  const store = new DynamoStore({ tableName, client });
  await loadSeedPlans(store, options.plans ?? seedPlanInputs());
  const tokens = new LocalTokens('test-secret');
  const plans = new PlanRegistry(store);
  const sent: Parameters<Mailer['send']>[0][] = [];
  // The API's digest routes run the real digest code; only the last step, handing mail to SES, is recorded here.
  const mailer: Mailer = {
    send: async (mail) => {
      sent.push(mail);
      return { messageId: `test-${sent.length}` };
    },
  };
  const digest = new InProcessDigestTrigger(
    { store, plans, mailer },
    { from: 'shinchoku@city.higashine.example', hqRecipients: ['sogo-seisaku@city.higashine.example'], webAppUrl: 'https://shinchoku.example' },
  );
  const now = options.extra?.now ?? testClock();
  // E-mail notices through the mail function's own handler, as the local server delivers them; a test calls poke() where the server would after a write.
  const notices = new LocalNoticeDelivery({ store, plans, mailer, now }, { from: 'shinchoku@city.higashine.example', webAppUrl: 'https://shinchoku.example' });
  const app = createApp(
    { store, verifier: tokens, plans, digest, headConfirmation: options.headConfirmation ?? true, ...options.extra, now },
    new LocalSignIn(tokens),
  );
  app.route('/api', createSheetsApi({ store, verifier: tokens, plans, ...options.extra, now }));

  const tokenCache = new Map<string, string>();
  async function tokenFor(caller: Caller): Promise<string> {
    const key = `${caller.role}:${caller.department ?? ''}:${caller.sub ?? ''}:${caller.email ?? ''}`;
    if (!tokenCache.has(key)) {
      tokenCache.set(
        key,
        await tokens.issue({
          sub: caller.sub ?? key,
          name: `${caller.role} ${caller.department ?? ''}`.trim(),
          'cognito:groups': groupsOf(caller),
          ...(caller.email ? { email: caller.email } : {}),
        }),
      );
    }
    return tokenCache.get(key)!;
  }

  /**
   * A request as someone; body objects are sent as JSON. A JSON answer is parsed with the contract schema of
   * the route that answered (parseAnswer), so every API test also checks that each answer fits the contract.
   */
  async function call(caller: Caller | null, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; raw?: BodyInit } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (caller) headers.Authorization = `Bearer ${await tokenFor(caller)}`;
    let body: BodyInit | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await app.request(path, { method, headers, body });
    const type = response.headers.get('content-type') ?? '';
    const answer = { status: response.status, headers: response.headers, type };
    // A file or text answer (CSV) is read as `text`; its `body` is an empty object, as no schema reads it.
    if (!type.includes('json')) return { ...answer, body: {} as JsonAnswer, text: await response.text() };
    return { ...answer, body: parseAnswer(method, path, response.status, type, await response.json()), text: '' };
  }

  return { app, store, client, tableName, call, sent, plans, notices, mailer };
}

export const hq: Caller = { role: 'hq', sub: 'hq-1' };
export const viewer: Caller = { role: 'viewer', sub: 'viewer-1' };
export const dept = (department: string, sub = `${department}-1`): Caller => ({ role: 'department', department, sub });
/** A department's 所属長 (課長). */
export const head = (department: string, sub = `${department}-head`): Caller => ({ role: 'department_head', department, sub });

export const validActionReport = {
  status: 'implementing',
  rating: 'B',
  achievements: '電子申請フォームを12件追加した。',
  challenges: '担当課ごとの登録手順が統一されていない。',
  nextSteps: '手順書を作成し、全課へ周知する。',
};
export const validKpiActual = { value: 90, asOf: '2027-03-31', note: '電子申請システム管理画面' };
