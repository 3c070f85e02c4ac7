import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalogue } from '../seeds/plans.ts';
import { progressLabel } from '../functions/domain/notation/index.ts';
import { SesMailer } from '../functions/digest/mailer.ts';
import { prepareDigest, prepareReminders, sendDigest, sendReminders } from '../functions/digest/run.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/local/chromium.ts';
import { findFreePort } from '../scripts/local/dynamodb-local.ts';
import { clearSentEmails, readEml, readSentEmails, startSesLocal } from '../scripts/local/ses-local.ts';
import type { RunningSes } from '../scripts/local/ses-local.ts';
import { dept, hq, startApi, validActionReport } from './api/harness.ts';

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
let ses: RunningSes;
const catalogue = seedCatalogue();
const settings = { from: 'shinchoku@city.higashine.example', hqRecipients: ['sogo-seisaku@city.higashine.example'], webAppUrl: 'https://shinchoku.example' };
const mailer = () => new SesMailer({ endpoint: ses.endpoint, region: 'ap-northeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const output = resolve(import.meta.dirname, '../test-output');

/**
 * Saves and submits a report through the API, as a department would, and HQ approves it: the digest's figures
 * count approved reports only, as the annual report does. `approve: false` leaves it submitted (提出済).
 */
async function submit(caller: ReturnType<typeof dept>, path: string, body: unknown, options: { approve?: boolean; part?: string } = {}) {
  expect((await api.call(caller, 'PUT', path, { body })).status).toBe(201);
  const submitted = await api.call(caller, 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } });
  expect(submitted.status).toBe(200);
  if (options.approve === false) return;
  const approvePath = `${path}/approve${options.part ? `?department=${options.part}` : ''}`;
  const approved = await api.call(hq, 'POST', approvePath, { body: {}, headers: { 'If-Match': `"${submitted.body.version}"` } });
  expect(approved.body.state).toBe('approved');
}

beforeAll(async () => {
  // Departments submit straight to HQ here (課内確認 off): this file is about the digest, not that step.
  api = await startApi({ headConfirmation: false });
  ses = await startSesLocal({ port: await findFreePort() });
  const sogo = dept('sogo-seisaku');
  // FY2026 → FY2027: 1-K1 moves 遅れ → 順調, 16-K1 moves 順調 → 後退, 38-K1 is reached.
  await api.call(hq, 'PUT', '/api/measures/1/departments', { body: { departments: [{ code: 'fukushi' }] } });
  await submit(dept('fukushi'), '/api/fiscal-years/2026/kpi-actuals/1-K1', { value: 84, asOf: '2027-03-31', note: '' });
  await submit(dept('fukushi'), '/api/fiscal-years/2027/kpi-actuals/1-K1', { value: 90, asOf: '2028-03-31', note: '' });
  await submit(sogo, '/api/fiscal-years/2026/kpi-actuals/16-K1', { value: 22000, asOf: '2027-03-31', note: '' });
  await submit(sogo, '/api/fiscal-years/2027/kpi-actuals/16-K1', { value: 21000, asOf: '2028-03-31', note: '' });
  await submit(dept('shomu'), '/api/fiscal-years/2027/kpi-actuals/38-K1', { value: 95, asOf: '2028-03-31', note: '' });
  await submit(dept('jogesuido'), '/api/fiscal-years/2027/action-reports/28-3', { ...validActionReport, status: 'implementing', rating: 'A' });
  // 5-1 is shared by 総合政策課 and 庶務課: the item is assessed once both parts are in (its slower part: C, studying).
  await submit(sogo, '/api/fiscal-years/2027/action-reports/5-1', { ...validActionReport, status: 'studying', rating: 'C' }, { part: 'sogo-seisaku' });
  await submit(dept('shomu'), '/api/fiscal-years/2027/action-reports/5-1', { ...validActionReport, status: 'implementing', rating: 'B' }, { part: 'shomu' });
  // Submitted and not yet approved: outside the annual report, so outside the digest's figures too (issue 23).
  await submit(sogo, '/api/fiscal-years/2027/kpi-actuals/16-K2', { value: 5000, asOf: '2028-03-31', note: '' }, { approve: false });
  await submit(dept('jogesuido'), '/api/fiscal-years/2027/action-reports/28-1', { ...validActionReport, rating: 'A' }, { approve: false });
  // A draft is no report either.
  expect((await api.call(dept('jogesuido'), 'PUT', '/api/fiscal-years/2027/action-reports/28-2', { body: validActionReport })).status).toBe(201);
}, 120_000);
afterAll(() => ses?.stop());

describe('the yearly digest', () => {
  it('e-mails HQ the right ratings, changes, attention items and missing reports, in HTML and text', async () => {
    await clearSentEmails(ses.endpoint);
    const outcome = await sendDigest({ store: api.store, plans: api.plans, mailer: mailer() }, settings, { fiscalYear: 2027 });
    expect(outcome).toMatchObject({ sent: true, fiscalYear: 2027 });

    const [stored] = await readSentEmails(ses.endpoint);
    const mail = await simpleParser(await readEml(ses.endpoint, stored!.messageId));
    expect(mail.subject).toBe('【行財政改革】令和9年度 進捗ダイジェスト（KPI 17件中1件達成）');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('sogo-seisaku@city.higashine.example');
    const text = mail.text!;
    expect(text).toContain('KPI（17指標）：達成 1・順調 1・遅れ 0・後退 1・未報告 14');
    // One scope with the annual report: its counts are the digest's, and the submitted 16-K2 and 28-1 are in neither.
    const report = (await api.call(hq, 'GET', '/api/fiscal-years/2027/report')).body;
    const { kpiRatings, actionRatings, scheduleFlags } = report.summary.total;
    expect(kpiRatings).toEqual({ A: 1, B: 1, C: 0, D: 1, N: 14 });
    expect(text).toContain(`・未報告 ${actionRatings.unrated}\n`);
    // Of those, 28-1 awaits HQ's approval (未承認); the rest have nothing submitted (未報告, the draft 28-2 too).
    expect(text).toContain(`承認された報告のない取組項目：${scheduleFlags.unreported}項目（未報告 ${scheduleFlags.unreported - 1}・未承認 1。`);
    expect(text).toContain('集計の対象は推進本部が承認した報告で、年次報告書と同じです');
    expect(text).not.toContain('28-1 ');
    expect(text).toContain(
      '[B 順調] 施策1 電子申請フォームの登録件数：90件（令和9年度）／基準値 83件（令和7年12月末） → 目標値 100件（令和12年度）／進捗 41.18%（目安 40%）',
    );
    expect(text).toContain('年次有給休暇の平均取得日数：—／基準値 11.2日（令和7年） → 目標値 12日（令和12年）');
    expect(text).toContain('職員提案制度の提案件数：—／基準値 2件/年（令和2〜6年度） → 目標値 8件/年（令和7〜11年度）／進捗 期間平均で判定（目標に届くまでC）');
    expect(text).toContain('■ 前年度（令和8年度）からの変化');
    expect(text).toContain('[D 後退] 施策16 市LINE公式アカウント友だち数：21,000人（令和9年度）');
    expect(text).toContain('[A 達成] 施策38 男性の育児休業取得率：95%（令和9年度）');
    expect(text).toContain('施策1 電子申請フォームの登録件数：遅れ → 順調');
    expect(text).toContain('施策16 市LINE公式アカウント友だち数：順調 → 後退');
    expect(text).toContain('5-1 デジタル変革の促進に向けた組織強化：自己評価 C やや遅れ／計画（新体制）より遅れ');
    expect(text).toMatch(/- 庶務課：取組項目 \d+件（[^）]*12-1、12-2、12-3/);
    // The list chases what has not reached HQ: the draft 28-2, not 28-1, which waits for HQ's approval.
    expect(text).toContain('- 上下水道課：取組項目 1件（28-2）');
    expect(text).toContain('実質公債費比率：6.6%／8.8%／8.5%');
    // Full-width punctuation after Japanese labels (表記の決まり), and tallies spaced one way.
    expect(text).not.toMatch(/[^ -~\s]: /);
    expect(text).toMatch(/KPI 達成 \d+・順調 \d+・遅れ \d+/);
    // Periods are written 令和…, never R7 or 2027年度.
    expect(text).not.toMatch(/R\d|\d{4}年度/);

    const html = mail.html as string;
    expect(html).toContain('B 順調');
    expect(html).toContain('href="https://shinchoku.example/#/hq/overview?fy=2027"');
    expect(html).not.toMatch(/<script|<img/i);

    mkdirSync(output, { recursive: true });
    writeFileSync(resolve(output, 'digest-2027.html'), html);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
      await page.setContent(html);
      await page.screenshot({ path: resolve(output, 'digest-2027.png'), fullPage: true });
      expect(await page.locator('h1').innerText()).toContain('令和9年度 進捗ダイジェスト');
      expect(html).toContain('<th align="left" style="background:#f3f5f8;border-bottom:2px solid #c9d1db;color:#1f2933;">基準値</th>');
      expect(html).not.toContain('現在値');
      // 未提出's department names each on one line, beside however long a list of items (it was 生／涯／学／習／課).
      const names = await page
        .locator('td[data-label="課"] span')
        .evaluateAll((spans) => spans.map((span) => [span.textContent, span.getClientRects().length]));
      expect(names.length).toBeGreaterThan(3);
      for (const [name, lines] of names) expect(`${name}: ${lines}`).toBe(`${name}: 1`);
      // On a phone the tables stack: nothing wider than the 375 px screen (it was 464–527 px).
      await page.setViewportSize({ width: 375, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.screenshot({ path: resolve(output, 'digest-2027-375.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('sends a fiscal year’s digest once however often it is invoked, and again only when forced', async () => {
    await clearSentEmails(ses.endpoint);
    const deps = { store: api.store, plans: api.plans, mailer: mailer() };
    const first = await sendDigest(deps, settings, { fiscalYear: 2026 });
    const second = await sendDigest(deps, settings, { fiscalYear: 2026 });
    expect(first.sent).toBe(true);
    expect(second).toEqual({ sent: false, fiscalYear: 2026, reason: 'already_sent' });
    expect(await readSentEmails(ses.endpoint)).toHaveLength(1);

    const forced = await sendDigest(deps, settings, { fiscalYear: 2026, force: true });
    expect(forced.sent).toBe(true);
    expect(await readSentEmails(ses.endpoint)).toHaveLength(2);
    const archive = await api.store.listDigests(2026);
    expect(archive.map((d) => d.forced)).toEqual([false, true]);
    expect(archive[0]!.html).toContain('令和8年度 進捗ダイジェスト');
    expect(await api.store.getClaim({ kind: 'digest', fiscalYear: 2026 })).toMatchObject({ status: 'sent', sentCount: 2 });
  });

  it('fails the invocation when SES keeps failing, logs it, and lets the retry send later', async () => {
    await clearSentEmails(ses.endpoint);
    const closed = await findFreePort();
    const broken = new SesMailer(
      { endpoint: `http://127.0.0.1:${closed}`, region: 'ap-northeast-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } },
      2,
    );
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      await expect(sendDigest({ store: api.store, plans: api.plans, mailer: broken }, settings, { fiscalYear: 2028 })).rejects.toThrow();
    } finally {
      console.error = original;
    }
    expect(JSON.parse(errors[0]!)).toMatchObject({ message: 'digest not sent', fiscalYear: 2028, recipients: settings.hqRecipients });
    expect(await api.store.getClaim({ kind: 'digest', fiscalYear: 2028 })).toMatchObject({ status: 'failed', sentCount: 0 });

    const retried = await sendDigest({ store: api.store, plans: api.plans, mailer: mailer() }, settings, { fiscalYear: 2028 });
    expect(retried.sent).toBe(true);
    expect(await readSentEmails(ses.endpoint)).toHaveLength(1);
  });

  it('says the plan’s first year has no previous year to compare with', async () => {
    const digest = await prepareDigest({ store: api.store, plans: api.plans }, 2026, settings.webAppUrl);
    expect(digest.text).toContain('■ 前年度からの変化\n令和8年度は計画の初年度のため、前年度はありません。');
    expect(digest.html).toContain('令和8年度は計画の初年度のため、前年度はありません。');
    expect(digest.text + digest.html).not.toContain('—）');
  });

  it('renders without sending for a dry run', async () => {
    await clearSentEmails(ses.endpoint);
    const digest = await prepareDigest({ store: api.store, plans: api.plans }, 2029, settings.webAppUrl);
    expect(digest.subject).toContain('令和11年度');
    expect(digest.text).toContain('KPI（17指標）');
    expect(await readSentEmails(ses.endpoint)).toHaveLength(0);
  });

  it('reminds each department of its own missing reports, by the default deadline’s date (5月31日 after the year)', async () => {
    await clearSentEmails(ses.endpoint);
    const result = await sendReminders(
      { store: api.store, plans: api.plans, mailer: mailer() },
      { ...settings, departmentAddress: '{code}@city.higashine.example' },
      { fiscalYear: 2027 },
    );
    expect(result.departments).toContain('shomu');
    const mails = await readSentEmails(ses.endpoint);
    const shomu = mails.find((m) => m.destination.to[0] === 'shomu@city.higashine.example')!;
    expect(shomu.subject).toBe('【行財政改革】令和9年度 進捗報告の提出のお願い（庶務課）');
    expect(shomu.body.text).toContain('令和10年5月31日までに提出してください。');
    expect(shomu.body.text).toContain('・取組項目 12-1 定員管理計画に基づく定員管理の適正化');
    expect(shomu.body.text).not.toContain('28-3');

    // HQ's 「送信した通知」 lists each reminder sent: the round, the department by name, when and to whom.
    const log = await api.call(hq, 'GET', '/api/fiscal-years/2027/notices');
    expect(log.status).toBe(200);
    expect(log.body.reminders).toContainEqual({
      round: 1,
      department: 'shomu',
      departmentName: '庶務課',
      sentAt: expect.stringMatching(/^20\d\d-\d\d-\d\dT/),
      recipients: ['shomu@city.higashine.example'],
    });
    expect(log.body.reminders.map((r: { department: string }) => r.department).sort()).toEqual([...result.departments].sort());
    // One still being sent (or failed) has reached nobody yet: it is not listed as sent.
    const now = new Date().toISOString();
    expect(await api.store.claim({ kind: 'reminder', fiscalYear: 2027, round: 99, department: 'shomu' }, { force: false, now, staleBefore: now })).toBe(true);
    expect((await api.call(hq, 'GET', '/api/fiscal-years/2027/notices')).body.reminders).not.toContainEqual(expect.objectContaining({ round: 99 }));
    expect((await api.call(hq, 'GET', '/api/fiscal-years/2029/notices')).body.reminders).toEqual([]);
    const refused = await api.call(dept('shomu'), 'GET', '/api/fiscal-years/2027/notices');
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('送信した通知は推進本部だけが見られます');
  });

  it('names to HQ the 関係各課 items no department is assigned to, which no reminder can reach', async () => {
    await clearSentEmails(ses.endpoint);
    const result = await sendReminders(
      { store: api.store, plans: api.plans, mailer: mailer() },
      { ...settings, departmentAddress: '{code}@city.higashine.example' },
      { fiscalYear: 2026 },
    );
    // Measures 9 and 44 are 関係各課 with no department assigned (measure 1 was assigned to 福祉課 above).
    expect(result.unassigned).toEqual(expect.arrayContaining(['9-1', '44-1']));
    expect(result.unassigned).not.toContain('1-1');
    expect((await readSentEmails(ses.endpoint)).map((m) => m.destination.to[0])).not.toContain('unassigned@city.higashine.example');

    // In the digest mail, and so on HQ's digest screen, which previews it.
    const digest = await prepareDigest({ store: api.store, plans: api.plans }, 2026, settings.webAppUrl);
    const section = digest.text.slice(digest.text.indexOf('■ 担当課が未設定の取組項目'));
    expect(section).toMatch(/^■ 担当課が未設定の取組項目\n次の取組項目は、施策の担当課（関係各課）が決まっていないため、どの課にも督促していません。/);
    // HQ assigns departments on 関係各課の割当て, not on 全体状況: the sentence and its link say so.
    expect(section).toMatch(/^■ 担当課が未設定の取組項目\n[^\n]*関係各課の割当て[^\n]*で担当課を割り当ててください。/);
    expect(digest.html).toMatch(/<a href="[^"]*\/#\/hq\/assign"[^>]*>関係各課の割当て<\/a>で担当課を割り当ててください。/);
    expect(section).toContain('・9-1 ');
    expect(section).toContain('・44-1 ');
    expect(digest.html).toContain('担当課が未設定の取組項目');
    expect(digest.text).not.toContain('関係各課（未割当て）');
  });

  it("gives the deadline setting (DEADLINE=04-30) as the fiscal year's date, the one the web home counts down to", async () => {
    const [first] = await prepareReminders(
      { store: api.store, plans: api.plans },
      { ...settings, departmentAddress: '{code}@x', deadlineMonthDay: '04-30' },
      2027,
    );
    expect(first!.mail.text).toContain('令和10年4月30日までに提出してください。');
  });

  it('reminds each department once per round, however many deliveries run at once', async () => {
    // A department HQ added is reminded too, under its name; markup in the name stays text.
    const added = { code: 'dx-suishin', name: 'DX推進<課> & "室"' };
    expect((await api.call(hq, 'PUT', '/api/measures/7/departments', { body: { departments: [added] } })).status).toBe(200);
    await clearSentEmails(ses.endpoint);
    const deps = { store: api.store, plans: api.plans, mailer: mailer() };
    const reminders = { ...settings, departmentAddress: '{code}@city.higashine.example' };
    const expected = [...catalogue.plan.departments.map((d) => d.code), added.code].sort();

    const [first, second] = await Promise.all([sendReminders(deps, reminders, { fiscalYear: 2028 }), sendReminders(deps, reminders, { fiscalYear: 2028 })]);
    const mails = await readSentEmails(ses.endpoint);
    const recipients = mails.map((m) => m.destination.to[0]!.replace('@city.higashine.example', '')).sort();
    expect(recipients).toEqual(expected);
    expect([...first.departments, ...second.departments].sort()).toEqual(expected);
    expect(first.skipped.length + second.skipped.length).toBe(expected.length);

    const mail = mails.find((m) => m.destination.to[0] === 'dx-suishin@city.higashine.example')!;
    expect(mail.subject).toBe('【行財政改革】令和10年度 進捗報告の提出のお願い（DX推進<課> & "室"）');
    expect(mail.body.text).toContain('DX推進<課> & "室" ご担当者様');
    expect(mail.body.text).toContain('・取組項目 7-1 ');
    expect(mail.body.html).toContain('DX推進&lt;課&gt; &amp; &quot;室&quot; ご担当者様');
    expect(mail.body.html).not.toContain('<課>');

    const again = await sendReminders(deps, reminders, { fiscalYear: 2028 });
    expect(again).toMatchObject({ departments: [], round: 1 });
    expect(again.skipped.every((s) => s.reason === 'already_sent')).toBe(true);
    expect(await readSentEmails(ses.endpoint)).toHaveLength(expected.length);

    const nextRound = await sendReminders(deps, reminders, { fiscalYear: 2028, round: 2 });
    expect(nextRound.departments.sort()).toEqual(expected);
    expect(await readSentEmails(ses.endpoint)).toHaveLength(expected.length * 2);
  });

  it('sends reminders from the command line once per round, and only prints them for a dry run', async () => {
    await clearSentEmails(ses.endpoint);
    const endpoint = await api.client.config.endpoint!().then((e) => `${e.protocol}//${e.hostname}:${e.port}`);
    const env = { ...process.env, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: api.tableName, SES_ENDPOINT: ses.endpoint };
    // What `npm run reminders -- …` runs.
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'scripts/reminders.ts', ...args],
          { cwd: resolve(import.meta.dirname, '..'), env, encoding: 'utf8' },
          (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });

    const [dryRun, wrong, noPlan, wordDeadline] = await Promise.all([
      cli('--fy', '2029', '--dry-run', '--deadline', '05-20'),
      cli('--fy', '0x7EA'),
      cli('--fy', '2031', '--dry-run'),
      cli('--fy', '2029', '--dry-run', '--deadline', '令和12年5月31日'),
    ]);
    // The deadline is the setting (MM-DD), from which the year's date is made: a date in words is refused.
    expect(wordDeadline).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('エラー：--deadline（または DEADLINE）：提出期限「令和12年5月31日」は MM-DD の日付で指定してください（例：05-31）\n'),
    });
    expect(wrong).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('エラー：--fy には年度を西暦4桁で指定してください（計画にある年度かどうかは計画データで確かめます）\n'),
    });
    // A well-formed year is the plans' to judge: none covers FY2031, and the message names the year.
    expect(noPlan).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('エラー：令和13年度の計画はありません\n') });
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('件名：【行財政改革】令和11年度 進捗報告の提出のお願い（庶務課）');
    expect(dryRun.stdout).toContain('令和12年5月20日までに提出してください。');
    expect(dryRun.stdout).toMatch(/担当課が未設定の取組項目（督促していません。「関係各課の割当て」で担当課を割り当ててください）：.*9-1/);
    expect(await readSentEmails(ses.endpoint)).toHaveLength(0);

    const departments = (await prepareReminders({ store: api.store, plans: api.plans }, { ...settings, departmentAddress: '{code}@x' }, 2029)).length;
    expect(departments).toBeGreaterThanOrEqual(13);
    const sent = await cli('--fy', '2029', '--round', '3');
    expect(sent).toMatchObject({ code: 0, stdout: expect.stringContaining(`令和11年度の督促（3回目）：送信 ${departments}課（福祉課、総合政策課、庶務課、`) });
    const again = await cli('--fy', '2029', '--round', '3');
    expect(again.stdout).toContain(`送信 0課（なし）、送信済みのため省略 ${departments}課`);
    expect(await readSentEmails(ses.endpoint)).toHaveLength(departments);
  }, 180_000);

  it('runs as the scheduled Lambda handler: twice delivered, one e-mail, and a metric for the alarm', async () => {
    await clearSentEmails(ses.endpoint);
    Object.assign(process.env, {
      TABLE_NAME: api.tableName,
      AWS_REGION: 'ap-northeast-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: await api.client.config.endpoint!().then((e) => `${e.protocol}//${e.hostname}:${e.port}`),
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      MAIL_FROM: settings.from,
      HQ_RECIPIENTS: 'sogo-seisaku@city.higashine.example, kikaku@city.higashine.example',
      WEB_APP_URL: settings.webAppUrl,
    });
    const { handler } = await import('../functions/digest/lambda.ts');
    // Powertools writes EMF lines straight to stdout (as Lambda's log agent reads them), not through console.log.
    const logs: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      logs.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const first = await handler({ fiscalYear: 2029 });
      const second = await handler({ fiscalYear: 2029 });
      expect(first).toMatchObject({ sent: true, recipients: ['sogo-seisaku@city.higashine.example', 'kikaku@city.higashine.example'] });
      expect(second).toMatchObject({ sent: false, reason: 'already_sent' });
      const preview = await handler({ fiscalYear: 2029, dryRun: true });
      expect(preview).toMatchObject({ subject: expect.stringContaining('令和11年度') });
    } finally {
      process.stdout.write = original;
    }
    expect(await readSentEmails(ses.endpoint)).toHaveLength(1);
    const metrics = logs
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((entry) => entry._aws);
    expect(metrics.map((m) => m.DigestSent)).toEqual([1, 1]);
    await expect(handler({ fiscalYear: 2031 })).rejects.toThrow();
  });
});

describe('the digest’s progress wording', () => {
  it('puts absurd or misleading progress in words, and explains a mean-over-years target', () => {
    expect(progressLabel(0.4118, 0.4)).toBe('41.18%（目安 40%）');
    expect(progressLabel(55.9333, 0.2)).toBe('目標を大きく上回る');
    expect(progressLabel(-20.72, 0.2)).toBe('基準値より後退');
    expect(progressLabel(0.5, 0.4, { meanOverYears: true })).toBe('期間平均で判定（目標に届くまでC）');
    expect(progressLabel(1, 0.4, { meanOverYears: true })).toBe('期間平均で目標達成');
    expect(progressLabel(null, null)).toBe('—');
  });
});
