import { seedPlanInput } from '../../seeds/plans.ts';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { readOpenApi } from '../support/openapi.ts';
import type { JsonSchema } from '../support/openapi.ts';
import { PROGRESS_COLUMNS } from '../../functions/domain/progress-reports/progress-sheet.ts';
import { writeCsv } from '../../functions/sheets/csv.ts';
import { dept, hq, startApi, validActionReport, validKpiActual } from './harness.ts';
import type { Caller } from './harness.ts';

/**
 * One text rule for every text a client sends (functions/domain/text-field.ts). The fields are not listed
 * by hand: they are read from the app's own OpenAPI document (generated from the routes' zod schemas), so
 * a route or field added later is checked without touching this file. Only the example bodies below are
 * written by hand, and a write route without one fails the test. The spreadsheet function's one query
 * text (?department=) is not in that document and is listed explicitly.
 */

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;

const OPINION_ID = '00000000-0000-4000-8000-000000000000';
/** Concrete values for the path parameters of the OpenAPI paths. */
function concretePath(path: string): string {
  const id = path.includes('kpi-actuals') ? '38-K1' : path.includes('opinions') ? OPINION_ID : '12-2';
  // A 根拠資料's id is a UUID: any well-formed one, so only the parameter under test is at fault.
  return path.replace('{fy}', '2026').replace('{n}', '1').replace('{id}', id).replace('{attId}', '00000000-0000-4000-8000-000000000000');
}

const opinion = { measure: null, speaker: '推進懇談会', date: '2026-11-20', text: '電子申請の利用状況を公表してほしい。' };
/**
 * A valid body for every write route with a body, by the route's OpenAPI path: each case swaps one field
 * of it for bad text, so that field is the only fault.
 */
const EXAMPLES: Record<string, object> = {
  'put /api/measures/{n}/departments': { departments: [{ code: 'kikaku-tokei', name: '企画統計課' }] },
  'put /api/fiscal-years/{fy}/action-reports/{id}': validActionReport,
  'post /api/fiscal-years/{fy}/action-reports/carry-forward': { department: 'shomu' },
  'put /api/me/notice-settings': { kinds: [{ kind: 'approved', on: false }] },
  'put /api/fiscal-years/{fy}/kpi-actuals/{id}': validKpiActual,
  'post /api/fiscal-years/{fy}/opinions': opinion,
  'put /api/fiscal-years/{fy}/opinions/{id}': opinion,
  'post /api/dev/token': { sub: 'yamada', role: 'department', department: 'shomu', name: '山田' },
  'put /api/plans/{id}/status': { status: 'upcoming' },
  'post /api/fiscal-years/{fy}/action-reports/{id}/attachments': { name: '根拠資料.pdf', type: 'application/pdf', size: 1024 },
  'post /api/fiscal-years/{fy}/kpi-actuals/{id}/attachments': { name: '根拠資料.pdf', type: 'application/pdf', size: 1024 },
  'post /api/plans/{id}/revisions/preview': { plan: seedPlanInput(), comment: '中間見直し' },
  'post /api/plans/{id}/revisions': { plan: seedPlanInput(), effectiveFrom: 2028, comment: '中間見直し' },
};
const exampleFor = (method: string, path: string): object | undefined =>
  EXAMPLES[`${method} ${path}`] ?? (/\/(submit|confirm|withdraw|return|approve|reopen)$/.test(path) ? { comment: '記載を確認しました。' } : undefined);

interface StringField {
  path: string[];
  /** No enum, pattern or format: text a person writes, whose message must name the character. */
  freeText: boolean;
}

/** Every string in a body schema, as a path into the body (array items at index 0). */
function stringFields(schema: JsonSchema, path: string[] = []): StringField[] {
  if (schema.type === 'string') return [{ path, freeText: !schema.enum && !schema.pattern && !schema.format }];
  if (schema.type === 'object') return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => stringFields(property, [...path, name]));
  if (schema.type === 'array' && schema.items) return stringFields(schema.items, [...path, '0']);
  return [];
}

function withValue(body: object, path: string[], value: string): object {
  const copy: Record<string, unknown> = { ...structuredClone(body) };
  let target: Record<string, unknown> = copy;
  // A path the example does not hold yet (an optional array or object) is made on the way.
  path.slice(0, -1).forEach((key, i) => {
    target[key] ??= /^\d+$/.test(path[i + 1]!) ? [] : {};
    const next = target[key];
    if (typeof next !== 'object' || next === null) throw new Error(`${path.join('.')}: ${key} is not an object in the example`);
    target = next as Record<string, unknown>;
  });
  target[path.at(-1)!] = value;
  return copy;
}

/** Every item of the table, sorted: "nothing stored" means this is the same before and after. */
async function tableContents(): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await api.client.send(new ScanCommand({ TableName: api.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.PK?.S}|${a.SK?.S}`.localeCompare(`${b.PK?.S}|${b.SK?.S}`));
}

const BAD = [
  ['U+FFFF', 'ここまで\uFFFF'],
  ['U+202E', '\u202E課題'],
] as const;

const bodyCases: { route: string; method: string; path: string; field: StringField; example: object }[] = [];
const queryCases: { route: string; method: string; path: string; name: string }[] = [];
let before: Record<string, AttributeValue>[];

beforeAll(async () => {
  api = await startApi({ headConfirmation: false });
  const document = await readOpenApi(api.app);
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const route = `${method.toUpperCase()} ${path}`;
      for (const parameter of operation.parameters) {
        if (parameter.in === 'query' && parameter.schema.type === 'string') queryCases.push({ route, method, path, name: parameter.name });
      }
      const schema = operation.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      const fields = stringFields(schema);
      if (fields.length === 0) continue;
      const example = exampleFor(method, path);
      if (!example) throw new Error(`${route} に例の本文がありません（EXAMPLES に追加してください）`);
      for (const field of fields) bodyCases.push({ route, method, path, field, example });
    }
  }
  before = await tableContents();
}, 120_000);

describe('every text field of every write route refuses U+FFFF and U+202E, naming the field, and stores nothing', () => {
  it('finds the text fields of every write route, the ones this issue names among them', () => {
    const named = bodyCases.map(({ route, field }) => `${route} ${field.path.join('.')}`);
    for (const expected of [
      'POST /api/fiscal-years/{fy}/opinions speaker',
      'POST /api/fiscal-years/{fy}/opinions text',
      'PUT /api/fiscal-years/{fy}/opinions/{id} text',
      'PUT /api/measures/{n}/departments departments.0.name',
      'POST /api/dev/token sub',
      'POST /api/dev/token name',
      'POST /api/fiscal-years/{fy}/action-reports/{id}/return comment',
      'PUT /api/fiscal-years/{fy}/action-reports/{id} achievements',
      'PUT /api/fiscal-years/{fy}/kpi-actuals/{id} note',
    ]) {
      expect(named).toContain(expected);
    }
    expect(queryCases.map((c) => c.name)).toEqual(expect.arrayContaining(['cursor', 'limit', 'department']));
    // The spreadsheet function's routes are in the document too, so their query strings are checked with the rest.
    expect(queryCases.map((c) => c.route)).toEqual(expect.arrayContaining(['GET /api/fiscal-years/{fy}/export.xlsx', 'POST /api/fiscal-years/{fy}/import']));
  });

  it('answers 400 problem+json naming the field and the character for each, with nothing stored', async () => {
    // One test over the generated list (the list is made in beforeAll, after the app starts): each failure
    // message names the route, the field and the character.
    for (const { route, method, path, field, example } of bodyCases) {
      for (const [character, value] of BAD) {
        const response = await api.call(hq, method.toUpperCase(), concretePath(path), {
          body: withValue(example, field.path, value),
          headers: { 'If-Match': '"1"' },
        });
        const where = `${route} ${field.path.join('.')} ${character}`;
        expect(response.status, where).toBe(400);
        expect(response.type, where).toContain('application/problem+json');
        const error = (response.body.errors as { path: string; message: string }[]).find((e) => e.path === field.path.join('.'));
        expect(error, `${where}: ${JSON.stringify(response.body.errors)}`).toBeDefined();
        if (field.freeText) expect(error!.message, where).toContain(character);
      }
    }
    expect(await tableContents()).toEqual(before);
  });

  it('refuses them in query strings too, naming the parameter', async () => {
    for (const { route, method, path, name } of queryCases) {
      for (const [character, value] of BAD) {
        const response = await api.call(hq, method.toUpperCase(), `${concretePath(path)}?${name}=${encodeURIComponent(value)}`);
        const where = `${route} ?${name} ${character}`;
        expect(response.status, where).toBe(400);
        expect(response.type, where).toContain('application/problem+json');
        expect(
          response.body.errors?.map((e) => e.path),
          where,
        ).toContain(name);
      }
    }
  });

  it('refuses line breaks and tabs in single-line text (names, sub), keeps them in multi-line text', async () => {
    const name = await api.call(hq, 'PUT', '/api/measures/1/departments', { body: { departments: [{ code: 'kikaku-tokei', name: '企画\n統計課' }] } });
    expect(name.status).toBe(400);
    expect(name.body.errors).toEqual([{ path: 'departments.0.name', message: '課の名称に改行やタブ（U+000A）は入力できません' }]);
    const sub = await api.call(null, 'POST', '/api/dev/token', { body: { sub: 'yama\tda', role: 'hq' } });
    expect(sub.status).toBe(400);
    expect(sub.body.errors).toEqual([{ path: 'sub', message: 'sub（利用者ID）に改行やタブ（U+0009）は入力できません' }]);
    const text = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', { body: { ...opinion, text: '一点目。\n二点目。' } });
    expect(text.status).toBe(201);
    expect(text.body.text).toBe('一点目。\n二点目。');
  });
});

describe('the spreadsheet import applies the same rule to cell text', () => {
  /** A progress sheet as CSV (the import reads it like the .xlsx): the header row and one action item's row. */
  function sheet(id: string, achievements: string): Uint8Array<ArrayBuffer> {
    const row = PROGRESS_COLUMNS.map(({ key }) => ({ kind: '取組項目', id, status: '実施中', rating: 'B', achievements })[key as string] ?? null);
    return writeCsv([PROGRESS_COLUMNS.map((column) => column.header), row], 'utf-8');
  }
  const upload = (bytes: Uint8Array<ArrayBuffer>) =>
    api.call(dept('shomu'), 'POST', '/api/fiscal-years/2026/import', { raw: bytes, headers: { 'Content-Type': 'text/csv' } });

  it('refuses U+FFFF in a text cell naming the cell, and a bidi override in an ID without echoing it, storing nothing', async () => {
    const before = await tableContents();
    const text = await upload(sheet('12-3', '配置した\uFFFF'));
    expect(text.status).toBe(400);
    expect(text.body.errors).toEqual([{ path: '2行目（12-3）.実績', message: '実績に使えない文字（U+FFFF、Unicodeの非文字）が含まれています' }]);
    const id = await upload(sheet('12-3\u202E', '配置した。'));
    expect(id.status).toBe(400);
    expect(id.body.errors).toEqual([{ path: '2行目（12-3）.ID', message: 'IDに使えない制御文字（U+202E）が含まれています' }]);
    expect(await tableContents()).toEqual(before);
  });
});

describe('text is stored as NFC', () => {
  it('stores an opinion and a department name typed on a Mac (NFD) as NFC', async () => {
    const speaker = 'ガバナンス部会'.normalize('NFD');
    const created = await api.call(hq, 'POST', '/api/fiscal-years/2027/opinions', {
      body: { ...opinion, speaker, text: 'デジタル化を進める。'.normalize('NFD') },
    });
    expect(created.status).toBe(201);
    const read = await api.call(hq, 'GET', `/api/fiscal-years/2027/opinions/${created.body.id}`);
    expect(read.body.speaker).toBe('ガバナンス部会');
    expect(read.body.text).toBe('デジタル化を進める。');

    const assigned = await api.call(hq, 'PUT', '/api/measures/1/departments', {
      body: { departments: [{ code: 'kikaku-tokei', name: 'デジタル推進課'.normalize('NFD') }] },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.departments).toEqual([{ code: 'kikaku-tokei', name: 'デジタル推進課' }]);
  });
});

/** Parses every XML part of an Office file with a conforming XML parser; the errors it reports (none when the file opens). */
function xmlErrors(bytes: Uint8Array): string[] {
  const errors: string[] = [];
  const parts = Object.entries(unzipSync(bytes)).filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels'));
  expect(parts.length).toBeGreaterThan(0);
  for (const [name, content] of parts) {
    const parser = new SaxesParser();
    parser.on('error', (error) => errors.push(`${name}: ${error.message}`));
    parser.write(strFromU8(content)).close();
  }
  return errors;
}

describe('text stored before the rule (U+FFFF in the table) never breaks a document', () => {
  /** Puts U+FFFF and a bidi override into a stored report's text, bypassing the API as old data would. */
  async function corrupt(sk: string) {
    await api.client.send(
      new UpdateCommand({
        TableName: api.tableName,
        Key: { PK: 'FY#2028', SK: sk },
        UpdateExpression: 'SET body.achievements = :text',
        ExpressionAttributeValues: { ':text': '古いデータ\uFFFF\u202Eです' },
      }),
    );
  }

  it('report.docx of a year with an approved report holding U+FFFF parses as XML, with the rest of the text', async () => {
    const path = '/api/fiscal-years/2028/action-reports/12-1';
    const saved = await api.call(hq, 'PUT', path, { body: validActionReport });
    const submitted = await api.call(hq, 'POST', `${path}/submit`, { headers: { 'If-Match': saved.headers.get('etag')! } });
    const approved = await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': submitted.headers.get('etag')! } });
    expect(approved.body.state).toBe('approved');
    await corrupt('ACTION#12-1');

    const response = await api.app.request('/api/fiscal-years/2028/report.docx', { headers: { Authorization: await hqToken() } });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(xmlErrors(bytes)).toEqual([]);
    expect(strFromU8(unzipSync(bytes)['word/document.xml']!)).toContain('古いデータです');
  });

  it('export.xlsx of a draft holding U+FFFF parses as XML, with the rest of the text', async () => {
    const shomu = dept('shomu');
    const saved = await api.call(shomu, 'PUT', '/api/fiscal-years/2028/action-reports/12-2', { body: validActionReport });
    expect(saved.status).toBe(201);
    await corrupt('ACTION#12-2');

    const response = await api.app.request('/api/fiscal-years/2028/export.xlsx', { headers: { Authorization: await tokenOf(shomu) } });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(xmlErrors(bytes)).toEqual([]);
    expect(
      Object.values(unzipSync(bytes))
        .map((part) => strFromU8(part))
        .join(''),
    ).toContain('古いデータです');
  });
});

/** A bearer token signed with the harness's local secret, for requests whose answer is a file, not JSON. */
const tokens = new LocalTokens('test-secret');
async function tokenOf(caller: Caller): Promise<string> {
  const groups = caller.role === 'department' ? [`dept-${caller.department}`] : [caller.role];
  return `Bearer ${await tokens.issue({ sub: caller.sub ?? caller.role, name: caller.role, 'cognito:groups': groups })}`;
}
const hqToken = () => tokenOf(hq);
