import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localUploads } from '../../functions/api/local-server.ts';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES } from '../../functions/domain/attachments/index.ts';
import { LocalAttachmentFiles } from '../../functions/http/files.ts';
import { AttachmentsModel, MAX_FILES, MAX_FILE_BYTES, attachmentsPath, formatFileSize, mediaTypeOf } from '../../web/src/models/attachments.ts';
import type { PickedFile } from '../../web/src/models/attachments.ts';
import { ReportFormModel } from '../../web/src/models/report-form.ts';
import { carryCandidates, carryForwardAll, carryableText } from '../../web/src/models/carry-forward.ts';
import { homeCounts, nextStep } from '../../web/src/labels.ts';
import { getPlan, getReports } from '../../web/src/state.ts';
import { TEST_CLOCK_START, dept, head, hq, validActionReport } from '../api/harness.ts';
import { answering, modelApi } from './support.ts';

let api: Awaited<ReturnType<typeof modelApi>>;
beforeAll(async () => {
  // 根拠資料 are kept in a folder of their own, their bytes PUT to /uploads/ as the local server takes them.
  const attachmentFiles = new LocalAttachmentFiles(mkdtempSync(join(tmpdir(), 'model-attachments-')));
  api = await modelApi({ extra: { attachmentFiles } });
  api.app.route('/', localUploads(attachmentFiles));
});

const kaikei = dept('kaikei');
/** 庶務課 (12-1, FY2026): the 所属長's confirmation. */
const shomu = dept('shomu');
type Kpi = Awaited<ReturnType<typeof getPlan>>['measures'][number]['kpis'][number];
/** 会計課 reports on 4-1 and 4-2; each test takes its own item and year (FY2026–FY2028 have begun on the tests' clock). */
const load = (id: string, fy: number, kind: 'action' | 'kpi' = 'action', kpi?: Kpi) =>
  ReportFormModel.load({ kind, id, fy, kpi, readsHistory: true, readsSeries: kind === 'kpi', storage: api.storage, now: () => TEST_CLOCK_START });
const reportAt = (id: string, fy: number) => `/api/fiscal-years/${fy}/action-reports/${id}`;

describe('the report form model, against the real API', () => {
  it('saves what the user typed as a draft, says so in Japanese, and reads it back the same', async () => {
    await api.signIn(kaikei);
    const form = await load('4-1', 2026);
    expect(form.state.report).toBeNull();
    for (const [name, value] of Object.entries(validActionReport)) form.edit(name, value);
    expect(form.dirty).toBe(true);
    expect(await form.save()).toBe('done');
    expect(form.state.notice).toEqual({ kind: 'ok', text: '保存しました（下書き、版1）' });
    expect(form.dirty).toBe(false);
    const again = await load('4-1', 2026);
    expect(again.state.fields).toEqual(validActionReport);
    expect(again.state.report?.version).toBe(1);
  });

  it('refuses a malformed KPI value at its field, names it in Japanese, and stores nothing', async () => {
    await api.signIn(dept('zeimu'));
    const kpi = (await getPlan()).measures.flatMap((m) => m.kpis).find((k) => k.key === '21-K1')!;
    const form = await load('21-K1', 2026, 'kpi', kpi);
    form.edit('value', 'たくさん');
    form.edit('asOf', '2027-03-31');
    expect(await form.save()).toBe('invalid');
    expect(form.state.errors.value).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(form.state.notice).toEqual({ kind: 'error', text: '入力内容に誤りがあります。各項目のメッセージを確認してください。' });
    expect((await api.call(dept('zeimu'), 'GET', '/api/fiscal-years/2026/kpi-actuals/21-K1')).status).toBe(404);
  });

  it('reads a KPI value typed the Japanese way and stores the number', async () => {
    await api.signIn(dept('zeimu'));
    const kpi = (await getPlan()).measures.flatMap((m) => m.kpis).find((k) => k.key === '21-K1')!;
    const form = await load('21-K1', 2026, 'kpi', kpi);
    form.edit('value', '９９．５５');
    form.edit('note', '');
    form.edit('asOf', '2027-03-31');
    expect(await form.save()).toBe('done');
    expect((await api.call(dept('zeimu'), 'GET', '/api/fiscal-years/2026/kpi-actuals/21-K1')).body.body.value).toBe(99.55);
  });

  it('sends what the 所属長 corrected on the form when they press 確認して提出', async () => {
    const path = reportAt('12-1', 2026);
    expect((await api.call(shomu, 'PUT', path, { body: validActionReport })).status).toBe(201);
    expect((await api.call(shomu, 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } })).body.state).toBe('pending_head');
    await api.signIn(head('shomu'));
    const form = await load('12-1', 2026);
    expect(form.buttons.confirm).toBe(true);
    form.edit('nextSteps', '所属長が書き足した今後の取組');
    expect(await form.act('confirm')).toBe('done');
    const confirmed = await api.call(hq, 'GET', path);
    expect(confirmed.body).toMatchObject({ state: 'submitted', body: { nextSteps: '所属長が書き足した今後の取組' } });
  });

  it('asks for every required field before 提出 and sends nothing while one is missing', async () => {
    await api.signIn(kaikei);
    const form = await load('4-1', 2027);
    form.edit('achievements', '実績だけ書いた');
    expect(await form.submit()).toBe('invalid');
    expect(Object.keys(form.state.errors).sort()).toEqual(['rating', 'status']);
    expect(form.state.checking).toBe('submit');
    expect((await api.call(kaikei, 'GET', reportAt('4-1', 2027))).status).toBe(404);
  });

  it('submits unsaved input in one step: saved, then with the 所属長', async () => {
    await api.signIn(kaikei);
    const form = await load('4-2', 2027);
    for (const [name, value] of Object.entries(validActionReport)) form.edit(name, value);
    expect(await form.submit()).toBe('done');
    expect(form.state.report?.state).toBe('pending_head');
    expect(form.state.notice?.text).toBe('課内確認待ちになりました');
  });

  it('asks for a comment before 差し戻し and sends nothing without one', async () => {
    await api.call(kaikei, 'PUT', reportAt('4-1', 2028), { body: validActionReport });
    await api.call(kaikei, 'POST', `${reportAt('4-1', 2028)}/submit`, { headers: { 'If-Match': '"1"' } });
    await api.signIn(head('kaikei'));
    const form = await load('4-1', 2028);
    expect(await form.act('return')).toBe('invalid');
    expect(form.state.commentError).toBeTruthy();
    form.setComment('課題の欄をもう少し具体的に');
    expect(await form.act('return')).toBe('done');
    expect(form.state.report).toMatchObject({ state: 'returned', comment: '課題の欄をもう少し具体的に' });
  });

  it('on a 412 keeps the input, shows the other person’s saved text beside it, and lets the user overwrite', async () => {
    await api.call(kaikei, 'PUT', reportAt('4-2', 2028), { body: validActionReport });
    await api.signIn(kaikei);
    const mine = await load('4-2', 2028);
    await api.call(hq, 'PUT', `${reportAt('4-2', 2028)}?department=kaikei`, {
      body: { ...validActionReport, achievements: '推進本部が直した実績' },
      headers: { 'If-Match': '"1"' },
    });
    mine.edit('achievements', '自分の実績');
    expect(await mine.save()).toBe('conflict');
    expect(mine.state.conflict?.theirs.achievements).toBe('推進本部が直した実績');
    expect(mine.state.conflict?.current.version).toBe(2);
    expect(mine.state.fields.achievements).toBe('自分の実績');
    mine.overwrite();
    expect(mine.state.conflict).toBeNull();
    expect(await mine.save()).toBe('done');
    expect((await api.call(kaikei, 'GET', reportAt('4-2', 2028))).body).toMatchObject({ version: 3, body: { achievements: '自分の実績' } });
  });
});

describe('which buttons the report form offers', () => {
  const report = (actions?: string[]) => ({
    kind: 'action',
    id: '4-9',
    fiscalYear: 2026,
    measure: 4,
    state: 'pending_head',
    stateLabel: '課内確認待ち',
    version: 3,
    body: validActionReport,
    comment: null,
    updatedAt: '2027-04-10T09:00:00+09:00',
    updatedBy: { sub: 'x', name: '会計課 職員' },
    ...(actions ? { actions } : {}),
  });
  const withAnswer = async (body: unknown) => {
    const real = globalThis.fetch;
    globalThis.fetch = answering({ '/api/fiscal-years/2026/action-reports/4-9': { body } });
    try {
      return await ReportFormModel.load({ kind: 'action', id: '4-9', fy: 2026, readsHistory: false, readsSeries: false, storage: api.storage });
    } finally {
      globalThis.fetch = real;
    }
  };

  it('shows exactly the actions the answer lists: a 所属長 may edit a 課内確認待ち report and confirm it', async () => {
    const form = await withAnswer(report(['save', 'submit', 'confirm', 'return']));
    expect(form.editable).toBe(true);
    expect(form.buttons).toEqual({ save: true, submit: true, confirm: true, return: true, withdraw: false, approve: false, reopen: false });
  });

  it('offers co-owning staff no 取り下げる when the answer does not list withdraw', async () => {
    const form = await withAnswer(report([]));
    expect(form.buttons.withdraw).toBe(false);
    expect(Object.values(form.buttons).some(Boolean)).toBe(false);
  });

  it('treats an answer without `actions` as allowing nothing, whoever is signed in', async () => {
    await api.signIn(hq);
    const form = await withAnswer(report());
    expect(form.editable).toBe(false);
    expect(Object.values(form.buttons).some(Boolean)).toBe(false);
  });

  it('brings back unsaved input on the next visit while the report may be saved, and only then', async () => {
    const empty = (actions: string[]) =>
      answering({
        '/api/fiscal-years/2026/action-reports/4-9': { status: 404, body: { status: 404, title: '見つかりません', detail: 'まだ報告がありません', actions } },
      });
    const real = globalThis.fetch;
    try {
      globalThis.fetch = empty(['save', 'submit']);
      const first = await ReportFormModel.load({ kind: 'action', id: '4-9', fy: 2026, readsHistory: false, readsSeries: false, storage: api.storage });
      first.edit('achievements', '途中まで書いた実績');
      const back = await ReportFormModel.load({ kind: 'action', id: '4-9', fy: 2026, readsHistory: false, readsSeries: false, storage: api.storage });
      expect(back.state.fields.achievements).toBe('途中まで書いた実績');
      expect(back.state.restored).toBe(true);
      globalThis.fetch = empty([]);
      const readOnly = await ReportFormModel.load({ kind: 'action', id: '4-9', fy: 2026, readsHistory: false, readsSeries: false, storage: api.storage });
      expect(readOnly.state.fields.achievements).toBe('');
    } finally {
      globalThis.fetch = real;
    }
  });

  it('takes the actions of a report not yet written from the 404 answer', async () => {
    const real = globalThis.fetch;
    globalThis.fetch = answering({
      '/api/fiscal-years/2026/action-reports/4-9': {
        status: 404,
        body: { status: 404, title: '見つかりません', detail: 'まだ報告がありません', actions: ['save', 'submit'] },
      },
    });
    try {
      const form = await ReportFormModel.load({ kind: 'action', id: '4-9', fy: 2026, readsHistory: false, readsSeries: false, storage: api.storage });
      expect(form.state.report).toBeNull();
      expect(form.buttons).toMatchObject({ save: true, submit: true, withdraw: false });
    } finally {
      globalThis.fetch = real;
    }
  });
});

describe('前年度から引継ぎ on the form and the department home, against the real API', () => {
  it('offers it on an unwritten FY2027 report, fills the form with last year’s text and marks it; the home does the rest at once', async () => {
    const zeimu = dept('zeimu');
    await api.signIn(zeimu);
    const items = (await getPlan()).measures.filter((m) => m.responsibleDepartments.includes('zeimu')).flatMap((m) => m.actionItems.map((i) => i.key));
    const [first, second] = items as [string, string];
    expect((await api.call(zeimu, 'PUT', reportAt(first, 2026), { body: validActionReport })).status).toBe(201);
    expect((await api.call(zeimu, 'PUT', reportAt(second, 2026), { body: validActionReport })).status).toBe(201);

    expect((await load(first, 2026)).canCarryForward(2026)).toBe(false);
    const form = await load(first, 2027);
    expect(form.canCarryForward(2026)).toBe(true);
    expect(await form.carryForward()).toBe('done');
    expect(form.state.fields.achievements).toBe(validActionReport.achievements);
    expect(form.state.fields.rating ?? '').toBe('');
    expect(form.carriedFrom).toBe(2026);
    expect(form.state.notice?.text).toBe('前年度の報告を写して下書きにしました。令和9年度の内容に直して保存してください');
    expect(form.canCarryForward(2026)).toBe(false);

    // The home offers exactly the items the API then carries: unwritten this year, with text last year.
    const zeimuRows = items.map((id) => ({ id, report: id === first ? form.state.report : undefined }));
    const offered = carryCandidates(zeimuRows, await getReports(2026));
    expect(offered.map((row) => row.id)).toEqual([second]);
    const all = await carryForwardAll(2027, 'zeimu');
    expect(all.ok).toBe(true);
    expect(all.carried).toEqual(offered.map((row) => row.id));
    expect(all.message).toBe('1件の下書きを令和8年度の報告から作りました。内容を直して提出してください。');
    // Afterwards there is nothing left to offer, and pressing it anyway says so.
    const after = items.map((id) => ({ id, report: all.carried.includes(id) || id === first ? {} : undefined }));
    expect(carryCandidates(after, await getReports(2026))).toEqual([]);
    expect((await carryForwardAll(2027, 'zeimu')).message).toBe(
      '令和8年度の報告から写せる取組項目はありませんでした（まだ入力していない取組項目に、令和8年度の報告がありません）。',
    );
    const refused = await carryForwardAll(2026, 'zeimu');
    expect(refused).toMatchObject({ ok: false, carried: [] });
  });
});

describe('which items 前年度から引継ぎ is offered for', () => {
  const report = (id: string, body: Record<string, unknown>, department?: string) =>
    ({ kind: 'action', id, fiscalYear: 2026, department, body }) as unknown as Parameters<typeof carryCandidates>[1][number];

  it('offers only items unwritten this year whose last-year report (of the same part) has text', () => {
    const previous = [
      report('1-1', { status: 'implementing', achievements: '実績あり' }),
      report('1-2', { status: 'implementing', rating: 'B', achievements: '　', challenges: '' }),
      report('1-3', { nextSteps: '来年度も続ける' }),
      report('4-1', { achievements: '会計課の実績' }, 'kaikei'),
    ];
    const rows = [
      { id: '1-1' },
      { id: '1-2' },
      { id: '1-3', report: { state: 'draft' } },
      { id: '1-4' },
      { id: '4-1', department: 'kaikei' },
      { id: '4-1', department: 'shomu' },
    ];
    expect(carryCandidates(rows, previous)).toEqual([{ id: '1-1' }, { id: '4-1', department: 'kaikei' }]);
    expect(carryableText(previous[1])).toBe(false);
    expect(carryableText(undefined)).toBe(false);
  });
});

describe('the department home’s counts', () => {
  const states = ['missing', 'draft', 'returned', 'pending_head', 'pending_head', 'submitted', 'approved'] as const;

  it('counts 課内確認待ち as waiting for staff, not as 要対応', () => {
    expect(homeCounts(states, false)).toEqual({ due: 3, waitingForHead: 2 });
    expect(nextStep('pending_head')).toEqual({ text: '所属長の確認待ち', due: false });
  });

  it('counts 課内確認待ち as the 所属長’s own work', () => {
    expect(homeCounts(states, true)).toEqual({ due: 5, waitingForHead: 0 });
    expect(nextStep('pending_head', true)).toMatchObject({ text: '確認して提出', due: true });
  });
});

describe('根拠資料 on a report, against the real API', () => {
  /** 会計課's part of 4-1 (a shared item, 関係各課) in FY2027: no other test here writes it. */
  const ref = { kind: 'action' as const, fiscalYear: 2027, id: '4-1', department: 'kaikei' };
  const pdfText = '%PDF-1.4\n% 決算資料の抜粋\n%%EOF\n';
  const picked = (name: string, content: BlobPart, type: string): PickedFile => Object.assign(new Blob([content], { type }), { name });

  it('attaches a PDF, lists it with size and who added it, and says so', async () => {
    await api.signIn(kaikei);
    const files = await AttachmentsModel.load(ref);
    expect(files.state).toMatchObject({ files: [], canChange: true, loaded: true });
    expect(files.room).toBe(10);
    const steps: (string | null)[] = [];
    const watched: AttachmentsModel = new AttachmentsModel(ref, () => steps.push(watched.state.progress));
    expect(await watched.attach([picked('決算資料_抜粋.pdf', pdfText, 'application/pdf')])).toBe(1);
    expect(steps).toContain('「決算資料_抜粋.pdf」を送信しています');
    expect(steps).toContain('「決算資料_抜粋.pdf」の中身を確かめています');
    expect(watched.state.progress).toBeNull();
    expect(watched.state.notice).toEqual({ kind: 'ok', text: '1件の根拠資料を添付しました。' });
    expect(watched.state.files).toEqual([
      expect.objectContaining({
        name: '決算資料_抜粋.pdf',
        type: 'application/pdf',
        size: new TextEncoder().encode(pdfText).length,
        addedBy: expect.objectContaining({ sub: 'kaikei-1' }),
      }),
    ]);
    expect(watched.room).toBe(9);
    // What the download link fetches is the same bytes.
    const download = await api.call(kaikei, 'GET', `/api${watched.downloadPath(watched.state.files[0]!)}`);
    expect(download.text).toBe(pdfText);
  });

  it('shows the API’s refusal of a program renamed .pdf with the file’s name, and lists only the good file', async () => {
    await api.signIn(kaikei);
    const files = await AttachmentsModel.load(ref);
    const program = picked('setup.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0x00]), 'application/pdf');
    const unknownType = picked('メモ.txt', 'テキスト', 'text/plain');
    expect(await files.attach([program, unknownType])).toBe(0);
    expect(files.state.notice?.kind).toBe('error');
    expect(files.state.notice?.text).toContain('「setup.pdf」は中身がPDFの形式ではないため、受け付けませんでした');
    expect(files.state.notice?.text).toContain('「メモ.txt」：添付できるのはPDF、JPEG・PNG画像、Word、Excel、PowerPointのファイルです');
    expect(files.state.files.map((f) => f.name)).toEqual(['決算資料_抜粋.pdf']);
    // A department outside measure 4 (税務課) does not see a draft's files at all, and is told so in Japanese.
    await api.signIn(dept('zeimu'));
    const other = await AttachmentsModel.load(ref);
    expect(other.state).toMatchObject({ files: [], canChange: false, loaded: false });
    expect(other.state.notice?.text).toMatch(/見つかりません/);
  });

  it('removes a file until the report is approved; after approval offers no removal and the API keeps it', async () => {
    await api.signIn(kaikei);
    const files = await AttachmentsModel.load(ref);
    expect(await files.attach([picked('不要な下書き.pdf', pdfText, 'application/pdf')])).toBe(1);
    expect(await files.remove(files.state.files.find((f) => f.name === '不要な下書き.pdf')!)).toBe(true);
    expect(files.state.notice).toEqual({ kind: 'ok', text: '「不要な下書き.pdf」を削除しました。' });
    expect(files.state.files.map((f) => f.name)).toEqual(['決算資料_抜粋.pdf']);

    const path = (step = '') => `/api/fiscal-years/2027/action-reports/4-1${step}?department=kaikei`;
    const steps = [
      await api.call(kaikei, 'PUT', path(), { body: validActionReport }),
      await api.call(kaikei, 'POST', path('/submit'), { headers: { 'If-Match': '"1"' } }),
      await api.call(head('kaikei'), 'POST', path('/confirm'), { headers: { 'If-Match': '"2"' } }),
      await api.call(hq, 'POST', path('/approve'), { headers: { 'If-Match': '"3"' } }),
    ];
    expect(steps.map((step) => step.status)).toEqual([201, 200, 200, 200]);
    const approved = await AttachmentsModel.load(ref);
    expect(approved.state.canChange).toBe(false);
    expect(await approved.remove(approved.state.files[0]!)).toBe(false);
    expect(approved.state.notice?.text).toContain('「決算資料_抜粋.pdf」：承認済みの報告の根拠資料は追加・削除できません');
    expect(approved.state.files.map((f) => f.name)).toEqual(['決算資料_抜粋.pdf']);
  });

  it('lets HQ read an approved report’s files but not change them', async () => {
    await api.signIn(hq);
    expect((await AttachmentsModel.load(ref)).state).toMatchObject({ files: [{ name: '決算資料_抜粋.pdf' }], canChange: false });
  });
});

describe('根拠資料 as the screen writes them', () => {
  it('writes sizes as KB rounded up below 1 MB and as MB with one decimal above', () => {
    expect(formatFileSize(1)).toBe('1KB');
    expect(formatFileSize(250_000)).toBe('245KB');
    expect(formatFileSize(1024 * 1024)).toBe('1MB');
    expect(formatFileSize(1.5 * 1024 * 1024)).toBe('1.5MB');
    expect(formatFileSize(10 * 1024 * 1024)).toBe('10MB');
  });

  it('announces the type by extension when the browser gives none, and the API’s limits are the ones said on screen', () => {
    expect(mediaTypeOf({ name: '集計.XLSX', type: '' })).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(mediaTypeOf({ name: '写真.jpg', type: 'image/jpeg' })).toBe('image/jpeg');
    expect(mediaTypeOf({ name: 'setup.exe', type: 'application/x-msdownload' })).toBe('application/x-msdownload');
    expect([MAX_FILES, MAX_FILE_BYTES]).toEqual([MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES]);
  });

  it('names a shared item’s part and a KPI actual in the path', () => {
    expect(attachmentsPath({ kind: 'kpi', fiscalYear: 2026, id: '16-K1' }, 'abc', 'complete')).toBe(
      '/fiscal-years/2026/kpi-actuals/16-K1/attachments/abc/complete',
    );
    expect(attachmentsPath({ kind: 'action', fiscalYear: 2026, id: '35-1', department: 'kikaku' })).toBe(
      '/fiscal-years/2026/action-reports/35-1/attachments?department=kikaku',
    );
  });
});
