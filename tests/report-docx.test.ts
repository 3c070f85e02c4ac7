import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalTokens } from '../functions/http/auth/local.ts';
import { dept, hq, startApi, viewer } from './api/harness.ts';
import type { Caller } from './api/harness.ts';

const approvedText = '庶務課の文書管理を電子決裁へ移行し、紙の決裁を8割減らした。';
const pendingText = '提出済みだが未承認の記述。';
let api: Awaited<ReturnType<typeof startApi>>;

async function approve(path: string, body: unknown, approveIt = true) {
  const saved = await api.call(hq, 'PUT', path, { body });
  let step = await api.call(hq, 'POST', `${path}/submit`, { headers: { 'If-Match': saved.headers.get('etag')! } });
  if (step.body.state === 'pending_head') step = await api.call(hq, 'POST', `${path}/confirm`, { headers: { 'If-Match': step.headers.get('etag')! } });
  if (approveIt) await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': step.headers.get('etag')! } });
}

beforeAll(async () => {
  api = await startApi();
  await approve('/api/fiscal-years/2026/action-reports/12-1', {
    status: 'implementing',
    rating: 'B',
    achievements: approvedText,
    challenges: '',
    nextSteps: '',
  });
  await approve(
    '/api/fiscal-years/2026/action-reports/12-2',
    { status: 'studying', rating: 'C', achievements: pendingText, challenges: '', nextSteps: '' },
    false,
  );
  await approve('/api/fiscal-years/2026/kpi-actuals/16-K1', { value: 1234, asOf: '2027-03-31', note: '' });
}, 120_000);

/** Tokens signed with the harness's local secret, as the dev sign-in issues them. */
const tokens = new LocalTokens('test-secret');
async function docx(caller: Caller = hq, query = '') {
  const groups = caller.role === 'department' ? [`dept-${caller.department}`] : [caller.role];
  const token = await tokens.issue({ sub: caller.sub ?? caller.role, name: caller.role, 'cognito:groups': groups });
  return api.app.request(`/api/fiscal-years/2026/report.docx${query}`, { headers: { Authorization: `Bearer ${token}` } });
}

describe('進捗状況報告書 .docx', () => {
  it('opens as a Word document with all 44 measures, the approved text only, and Word heading styles', async () => {
    const response = await docx();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('wordprocessingml');
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('令和8年度'));
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const document = strFromU8(files['word/document.xml']!);
    const text = document.replace(/<[^>]+>/g, '');
    for (let n = 1; n <= 44; n++) expect(text).toContain(`施策${n}　`);
    expect(text).toContain(approvedText);
    expect(text).not.toContain(pendingText);
    expect(text).toContain('未承認');
    for (const style of ['Heading1', 'Heading2', 'Heading3']) expect(document).toContain(`<w:pStyle w:val="${style}"/>`);
    expect(document.includes('TOC \\h \\o &quot;1-3&quot;')).toBe(true);
    // KPI tables: a header row with the KPI columns, and the approved actual in it.
    expect(text).toContain('指標基準値目標値実績評価');
    expect(text).toContain('1,234');
    const styles = strFromU8(files['word/styles.xml']!);
    expect(styles).toContain('w:eastAsia="游明朝"');
    expect(strFromU8(files['word/settings.xml']!)).toContain('updateFields');
  });

  it('can use ＭＳ 明朝 for the body; departments may not download it', async () => {
    const files = unzipSync(new Uint8Array(await (await docx(hq, '?font=ms')).arrayBuffer()));
    expect(strFromU8(files['word/styles.xml']!)).toContain('w:eastAsia="ＭＳ 明朝"');
    expect((await docx(viewer)).status).toBe(200);
    const refused = await docx(dept('shomu'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});
