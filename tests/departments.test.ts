import { LocalSignIn } from '../functions/api/routes/local-sign-in.ts';
import { randomUUID } from 'node:crypto';
import { localDynamoDbClient } from '../scripts/local/dynamodb-local.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApp } from '../functions/api/app.ts';
import { LocalTokens } from '../functions/http/auth/local.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { CognitoDepartmentDirectory, localDepartmentDirectory } from '../functions/departments/directory.ts';
import type { CognitoSdk, DepartmentDirectory } from '../functions/departments/directory.ts';
import { seedCatalogue, seedPlanInput } from '../seeds/plans.ts';
import { resolveDepartments } from '../functions/domain/departments.ts';
import { ensureTable, loadSeedPlans } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { parseAnswer } from './support/answers.ts';
import type { JsonAnswer } from './support/answers.ts';

const catalogue = seedCatalogue();
const kodomo = { measure: '1', departments: ['fukushi', 'kodomo-mirai'], names: { 'kodomo-mirai': 'こども未来課' } };

describe('one resolver for every department’s name', () => {
  it('knows the plan’s departments and those HQ added, by name', () => {
    const departments = resolveDepartments(catalogue, [kodomo, { measure: '44', departments: ['kodomo-mirai', 'bunka'], names: { bunka: '文化振興課' } }]);
    expect(departments.all).toHaveLength(15);
    expect(departments.all.slice(0, 2)).toEqual([
      { code: 'sogo-seisaku', name: '総合政策課', addedByHq: false },
      { code: 'shomu', name: '庶務課', addedByHq: false },
    ]);
    expect(departments.all.slice(13)).toEqual([
      { code: 'kodomo-mirai', name: 'こども未来課', addedByHq: true },
      { code: 'bunka', name: '文化振興課', addedByHq: true },
    ]);
    expect(departments.name('kodomo-mirai')).toBe('こども未来課');
    expect(departments.name('shomu')).toBe('庶務課');
    expect(departments.has('bunka')).toBe(true);
    expect(departments.assignments).toEqual({ '1': ['fukushi', 'kodomo-mirai'], '44': ['kodomo-mirai', 'bunka'] });
  });

  it('never shows a bare code: a code nobody knows is said to be unknown', () => {
    const departments = resolveDepartments(catalogue, []);
    expect(departments.has('kodomo-mirai')).toBe(false);
    expect(departments.name('kodomo-mirai')).toBe('未登録の課（kodomo-mirai）');
  });

  it('gives the engine’s department roll-up the added department’s name', async () => {
    const { assessFiscalYear } = await import('../functions/domain/attainment/index.ts');
    const assessment = assessFiscalYear({ catalogue, fiscalYear: 2026, actuals: [], departments: resolveDepartments(catalogue, [kodomo]) });
    expect(assessment.departments.find((d) => d.code === 'kodomo-mirai')).toMatchObject({ name: 'こども未来課', measures: ['1'] });
  });
});

describe('the Cognito directory creates an added department’s sign-in groups', () => {
  function recordingSdk(existing: Set<string>, failWith?: string) {
    const created: { UserPoolId: string; GroupName: string; Description?: string }[] = [];
    let loads = 0;
    class CreateGroupCommand {
      constructor(readonly input: { UserPoolId: string; GroupName: string; Description?: string }) {}
    }
    class CognitoIdentityProviderClient {
      async send(command: CreateGroupCommand) {
        if (failWith) throw Object.assign(new Error(failWith), { name: failWith });
        if (existing.has(command.input.GroupName)) throw Object.assign(new Error('exists'), { name: 'GroupExistsException' });
        existing.add(command.input.GroupName);
        created.push(command.input);
        return {};
      }
    }
    const load = async (): Promise<CognitoSdk> => {
      loads++;
      return { CreateGroupCommand, CognitoIdentityProviderClient };
    };
    return { created, load, loads: () => loads };
  }

  it('creates dept-<code> and head-<code>, and treats an existing group as done', async () => {
    const sdk = recordingSdk(new Set(['head-kodomo-mirai']));
    const directory = new CognitoDepartmentDirectory('ap-northeast-1_pool', sdk.load);
    await directory.ensureDepartment({ code: 'kodomo-mirai', name: 'こども未来課' });
    await directory.ensureDepartment({ code: 'kodomo-mirai', name: 'こども未来課' });
    expect(sdk.created).toEqual([{ UserPoolId: 'ap-northeast-1_pool', GroupName: 'dept-kodomo-mirai', Description: 'こども未来課（職員）' }]);
    expect(sdk.loads()).toBe(1);
  });

  it('passes any other failure on, so HQ’s assignment is not saved half-done', async () => {
    const sdk = recordingSdk(new Set(), 'AccessDeniedException');
    await expect(new CognitoDepartmentDirectory('pool', sdk.load).ensureDepartment({ code: 'bunka', name: '文化振興課' })).rejects.toThrow(
      'AccessDeniedException',
    );
  });

  it('has a local directory with nothing to do', async () => {
    await expect(localDepartmentDirectory.ensureDepartment({ code: 'bunka', name: '文化振興課' })).resolves.toBeUndefined();
  });
});

describe('a department HQ adds is a real department in the API', () => {
  let request: (method: string, path: string, options?: { body?: unknown; token?: string; ifMatch?: string }) => Promise<{ status: number; body: JsonAnswer }>;
  let hqToken: string;
  const ensured: { code: string; name: string }[] = [];

  beforeAll(async () => {
    const client = localDynamoDbClient(inject('dynamoEndpoint'));
    const tableName = `test-${randomUUID()}`;
    await ensureTable(client, tableName);
    const store = new DynamoStore({ tableName, client });
    await loadSeedPlans(store, [seedPlanInput()]);
    const tokens = new LocalTokens('test-secret');
    const directory: DepartmentDirectory = { ensureDepartment: async (department) => void ensured.push(department) };
    const app = createApp({ store, verifier: tokens, plans: new PlanRegistry(store), departmentDirectory: directory }, new LocalSignIn(tokens));
    request = async (method, path, options = {}) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.ifMatch) headers['if-match'] = options.ifMatch;
      const response = await app.request(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
      return { status: response.status, body: parseAnswer(method, path, response.status, response.headers.get('content-type') ?? '', await response.json()) };
    };
    hqToken = (await request('POST', '/api/dev/token', { body: { sub: 'hq-1', role: 'hq' } })).body.token;
  });

  it('cannot sign in before HQ adds it, and can after', async () => {
    const before = await request('POST', '/api/dev/token', { body: { sub: 'tanaka', role: 'department', department: 'kodomo-mirai' } });
    expect(before.status).toBe(400);
    expect(before.body.errors).toEqual([expect.objectContaining({ path: 'department' })]);
    expect(before.body.detail).toContain('課コード「kodomo-mirai」は登録されていません');

    const assigned = await request('PUT', '/api/measures/1/departments', {
      token: hqToken,
      body: { departments: [{ code: 'fukushi' }, { code: 'kodomo-mirai', name: 'こども未来課' }] },
    });
    expect(assigned.status).toBe(200);
    expect(ensured).toEqual([{ code: 'kodomo-mirai', name: 'こども未来課' }]);

    const signedIn = await request('POST', '/api/dev/token', { body: { sub: 'tanaka', role: 'department', department: 'kodomo-mirai' } });
    expect(signedIn.status).toBe(200);
    const me = await request('GET', '/api/me', { token: signedIn.body.token });
    expect(me.body).toMatchObject({ name: 'こども未来課', departments: [{ code: 'kodomo-mirai', name: 'こども未来課' }], measures: ['1'] });

    const saved = await request('PUT', '/api/fiscal-years/2026/action-reports/1-1', {
      token: signedIn.body.token,
      body: { status: 'implementing', rating: 'B', achievements: '申請フォームを3件追加した。', challenges: '', nextSteps: '' },
    });
    expect(saved.status).toBe(201);
  });

  it('lists every department with its name, for the sign-in screen (before sign-in, locally)', async () => {
    const listed = await request('GET', '/api/departments');
    expect(listed.status).toBe(200);
    expect(listed.body.departments).toHaveLength(14);
    expect(listed.body.departments).toContainEqual({ code: 'shomu', name: '庶務課', addedByHq: false });
    expect(listed.body.departments).toContainEqual({ code: 'kodomo-mirai', name: 'こども未来課', addedByHq: true });
  });

  it('names it in the overview’s department roll-up and 未提出 list, never by its code', async () => {
    const overview = await request('GET', '/api/fiscal-years/2026/overview', { token: hqToken });
    expect(overview.status).toBe(200);
    expect(overview.body.attainment.departments).toContainEqual(expect.objectContaining({ code: 'kodomo-mirai', name: 'こども未来課', measures: ['1'] }));
    expect(overview.body.missing).toContainEqual(expect.objectContaining({ department: 'kodomo-mirai', name: 'こども未来課' }));
  });
});
