import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import {
  AlignmentType,
  Bookmark,
  Document,
  HeadingLevel,
  type IContext,
  InternalHyperlink,
  LeaderType,
  Packer,
  Paragraph,
  ShadingType,
  SimpleField,
  Tab,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xmlOf } from '../functions/annual-report-docx/xml.ts';
import { localUploads } from '../functions/api/local-server.ts';
import { LocalTokens } from '../functions/http/auth/local.ts';
import { LocalAttachmentFiles } from '../functions/http/files.ts';
import { LocalPublicationFiles } from '../functions/publication/files.ts';
import { SOFFICE } from '../scripts/local/office.ts';
import { dept, hq, startApi, viewer } from './api/harness.ts';
import type { Caller } from './api/harness.ts';

const approvedText = '庶務課の文書管理を電子決裁へ移行し、紙の決裁を8割減らした。';
const pendingText = '提出済みだが未承認の記述。';
/** 実績 typed on two lines. */
const twoLines = ['採用試験の受験案内を刷新した。', '大学訪問を年三回行った。'];
const kpiSource = '市公式LINEの管理画面';
/** 根拠資料 of the approved 12-1, in the order attached, and of 12-2, which is not approved. */
const approvedFiles = ['定員管理計画_進捗.pdf', '職員数の推移.xlsx'];
const unapprovedFile = '未承認の報告の資料.pdf';
/** Where a publication writes the open data and the public page's JSON. */
const publicationRoot = mkdtempSync(join(tmpdir(), 'report-docx-published-'));
const attachmentsRoot = mkdtempSync(join(tmpdir(), 'report-docx-files-'));
afterAll(() => {
  for (const dir of [publicationRoot, attachmentsRoot]) rmSync(dir, { recursive: true, force: true });
});
let api: Awaited<ReturnType<typeof startApi>>;

/** Announce, PUT, complete, as the web app does: a file on a report not yet approved. */
async function attach(path: string, name: string, type: string, bytes: Uint8Array<ArrayBuffer>) {
  const announced = await api.call(hq, 'POST', `${path}/attachments`, { body: { name, type, size: bytes.length } });
  const { id, uploadUrl } = announced.body as { id: string; uploadUrl: string };
  expect((await api.call(null, 'PUT', uploadUrl, { raw: bytes, headers: { 'Content-Type': type } })).status).toBe(200);
  expect((await api.call(hq, 'POST', `${path}/attachments/${id}/complete`)).status).toBe(200);
}
const pdfBytes = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
/** What the content check reads of an .xlsx: a zip naming [Content_Types].xml and the xl/ folder. */
const xlsxBytes = new TextEncoder().encode('PK\u0003\u0004[Content_Types].xml xl/workbook.xml');

async function approve(path: string, body: unknown, approveIt = true) {
  const saved = await api.call(hq, 'PUT', path, { body });
  let step = await api.call(hq, 'POST', `${path}/submit`, { headers: { 'If-Match': saved.headers.get('etag')! } });
  if (step.body.state === 'pending_head') step = await api.call(hq, 'POST', `${path}/confirm`, { headers: { 'If-Match': step.headers.get('etag')! } });
  if (approveIt) await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': step.headers.get('etag')! } });
}

beforeAll(async () => {
  const attachmentFiles = new LocalAttachmentFiles(attachmentsRoot);
  api = await startApi({ extra: { attachmentFiles, publicationFiles: new LocalPublicationFiles(publicationRoot) } });
  api.app.route('/', localUploads(attachmentFiles));
  await attach('/api/fiscal-years/2026/action-reports/12-1', approvedFiles[0]!, 'application/pdf', pdfBytes);
  await attach('/api/fiscal-years/2026/action-reports/12-1', approvedFiles[1]!, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsxBytes);
  await attach('/api/fiscal-years/2026/action-reports/12-2', unapprovedFile, 'application/pdf', pdfBytes);
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
  await approve('/api/fiscal-years/2026/action-reports/13-1', {
    status: 'implementing',
    rating: 'B',
    achievements: `${twoLines[0]}\n${twoLines[1]}`,
    challenges: '',
    nextSteps: '',
  });
  await approve('/api/fiscal-years/2026/kpi-actuals/16-K1', { value: 1234, asOf: '2027-03-31', note: kpiSource });
  // 21-K1's plan writes 99.48%: an actual of 99.5 keeps the plan's two decimals.
  await approve('/api/fiscal-years/2026/kpi-actuals/21-K1', { value: 99.5, asOf: '2027-05-31', note: '' });
}, 120_000);

/**
 * The document as LibreOffice lays it out: converted to PDF once (soffice headless, its own profile so parallel
 * runs do not share one), each page's text from pdftotext, and a few pages saved as images in test-output/docx/
 * for a person to look at.
 */
interface Rendered {
  /** Each page's text as pdftotext -layout gives it. */
  pages: string[];
}
async function renderPdf(bytes: Uint8Array): Promise<Rendered> {
  const dir = mkdtempSync(join(tmpdir(), 'report-docx-'));
  try {
    writeFileSync(join(dir, 'report.docx'), bytes);
    const profile = `file://${join(dir, 'lo-profile')}`;
    execFileSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'report.docx')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const pdf = join(dir, 'report.pdf');
    const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
    if (pages.at(-1)?.trim() === '') pages.pop();
    const images = resolve(import.meta.dirname, '../test-output/docx');
    mkdirSync(images, { recursive: true });
    writeFileSync(join(images, 'report.pdf'), readFileSync(pdf));
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '8', pdf, join(images, 'page')]);
    return { pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
    // The 目次 asks for each heading's page by its bookmark.
    expect(document).toMatch(/<w:fldSimple w:instr="PAGEREF _Toc\d+ \\h"\/>/);
    // KPI tables: a header row with the KPI columns, and the approved actual in it.
    expect(text).toContain('指標基準値目標値実績評価');
    expect(text).toContain('1,234');
    const styles = strFromU8(files['word/styles.xml']!);
    expect(styles).toContain('w:eastAsia="游明朝"');
    expect(styles).toContain('w:eastAsia="游ゴシック"');
    // The target's period once, a mean over years said so (33-K1), where 「(R7～11年度)（令和11年度）」 read as one year.
    expect(text).toContain('8件/年（令和7〜11年度平均）');
    expect(text).toContain('90%（令和11年度）');
    expect(text).not.toMatch(/年度\)（令和/);
    expect(text).toContain('83件（令和7年12月末）'); // the plan's 「83件 (R7.12月末)」 in the one notation
    // The decimals the plan writes, and 時点 and 出典 as the department entered them.
    expect(text).toContain('令和8年度 99.50%（令和9年5月31日時点）');
    expect(text).toContain(`出典：${kpiSource}`);
    expect(text).toContain('財政力指数0.680.620.50'); // the plan's 0.50, not 0.5
    // In the city's name, not 「Un-named」.
    const core = strFromU8(files['docProps/core.xml']!);
    expect(core).toContain('<dc:creator>東根市 総合政策課</dc:creator>');
    expect(core).toContain('<cp:lastModifiedBy>東根市 総合政策課</cp:lastModifiedBy>');
    expect(core).toContain('進捗状況報告書</dc:title>');
    // Complete as written: Word does not ask to update fields on every open.
    expect(strFromU8(files['word/settings.xml']!)).not.toContain('updateFields');
  });

  it('lists an approved report’s 根拠資料 by name under its item; publishing carries none of them', async () => {
    const document = strFromU8(unzipSync(new Uint8Array(await (await docx()).arrayBuffer()))['word/document.xml']!);
    const text = document.replace(/<[^>]+>/g, '');
    expect(text).toContain(`今後の取組：—根拠資料：${approvedFiles.join('、')}`);
    expect(text).not.toContain(unapprovedFile);

    // Files are never published: neither the report's JSON nor anything a publication writes names them.
    expect(JSON.stringify((await api.call(hq, 'GET', '/api/fiscal-years/2026/report')).body)).not.toContain(approvedFiles[0]);
    expect((await api.call(hq, 'POST', '/api/fiscal-years/2026/publication')).status).toBe(200);
    const published = readdirSync(publicationRoot, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(published.length).toBeGreaterThan(0);
    expect(published.map((entry) => entry.name)).toContainEqual(expect.stringMatching(/\.json$/));
    for (const entry of published) {
      const content = readFileSync(join(entry.parentPath, entry.name));
      // The open data's .xlsx is a zip: its parts are read unpacked.
      const parts = entry.name.endsWith('.xlsx') ? Object.values(unzipSync(content)).map((part) => Buffer.from(part)) : [content];
      for (const part of parts) {
        for (const name of [...approvedFiles, unapprovedFile]) expect(part.includes(name), `${entry.name} names ${name}`).toBe(false);
      }
    }
  });

  it('can use ＭＳ 明朝 for the body; departments may not download it', async () => {
    const files = unzipSync(new Uint8Array(await (await docx(hq, '?font=ms')).arrayBuffer()));
    const styles = strFromU8(files['word/styles.xml']!);
    expect(styles).toContain('w:eastAsia="ＭＳ 明朝"');
    // The headings too: an office without 游明朝 has no 游ゴシック.
    expect(styles).toContain('w:eastAsia="ＭＳ ゴシック"');
    expect(styles).not.toContain('游');
    expect((await docx(viewer)).status).toBe(200);
    const refused = await docx(dept('shomu'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('report.docx written a measure at a time (issue 22)', () => {
  it('writes every kind of block it uses byte for byte as docx writes the whole document, so Word reads the same file', async () => {
    const heading = new Paragraph({
      heading: HeadingLevel.HEADING_3,
      pageBreakBefore: true,
      keepNext: true,
      children: [new Bookmark({ id: '_Toc0001', children: [new TextRun('施策1　業務の見直し & 「A<B>」')] })],
    });
    const blocks = [
      heading,
      // A typed line break, characters XML escapes, and one it forbids (U+0001), which Word would refuse.
      new Paragraph({ children: ['実績：a & b', '"c" \'d\' <e>\u0001'].map((line, i) => new TextRun({ text: line, bold: i === 0, break: i })) }),
      new Paragraph({ children: [] }),
      new Table({
        width: { size: 9412, type: WidthType.DXA },
        columnWidths: [6000, 3412],
        layout: TableLayoutType.FIXED,
        margins: { left: 57, right: 57 },
        rows: [
          new TableRow({
            tableHeader: true,
            cantSplit: true,
            children: [new TableCell({ columnSpan: 2, shading: { type: ShadingType.CLEAR, fill: 'E8ECF2', color: 'auto' }, children: [new Paragraph('KPI')] })],
          }),
          new TableRow({
            children: [
              new TableCell({ children: [new Paragraph('1,234')] }),
              new TableCell({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, text: 'A' })] }),
            ],
          }),
        ],
      }),
      new Paragraph({
        style: 'TOC3',
        tabStops: [{ type: TabStopType.RIGHT, position: 9412, leader: LeaderType.DOT }],
        children: [
          new InternalHyperlink({ anchor: '_Toc0001', children: [new TextRun('施策1')] }),
          new TextRun({ children: [new Tab()] }),
          new SimpleField('PAGEREF _Toc0001 \\h'),
        ],
      }),
    ];
    const document = new Document({ sections: [{ children: blocks }] });
    const view = document.Document.View;
    const context = { file: document, viewWrapper: document.Document, stack: [view, view.Body] } as unknown as IContext;
    const written = blocks
      .flatMap((block) => block.writtenAs ?? [block])
      .map((part) => xmlOf(part.prepForXml(context)!))
      .join('');
    const packed = strFromU8(unzipSync(new Uint8Array(await Packer.toBuffer(document)))['word/document.xml']!);
    expect(packed).toContain(`<w:body>${written}<w:sectPr`);
    expect(written).toContain('&amp; 「A&lt;B&gt;」');
    expect(written).not.toContain('\u0001');
  });
});

/** A page's lines without the running header and the page number, spaces removed (pdftotext spaces 施策 1). */
function bodyLines(page: string, title: string): string[] {
  return page
    .split('\n')
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line !== '' && line !== title && !/^-\d+-$/.test(line));
}

describe('進捗状況報告書 .docx as LibreOffice prints it', () => {
  let pages: string[];
  /** 目次 lines: the heading as printed and the page number after its dots. */
  let toc: { title: string; page: number; tocPage: number }[];
  const runningTitle = '東根市第8次行財政改革推進プラン令和8年度進捗状況報告書';

  beforeAll(async () => {
    ({ pages } = await renderPdf(new Uint8Array(await (await docx()).arrayBuffer())));
    // Compared in the issue 23 report: 55 pages before the 目次 and keep-with-next changes.
    console.log(`report.docx: ${pages.length} pages in LibreOffice`);
    toc = pages.flatMap((page, i) =>
      page.split('\n').flatMap((line) => {
        const entry = /^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$/.exec(line);
        return entry ? [{ title: entry[1]!.replace(/\s+/g, ''), page: Number(entry[2]), tocPage: i + 1 }] : [];
      }),
    );
  }, 180_000);

  it('opens on a cover with the date and without the running header or a page number', () => {
    const cover = bodyLines(pages[0]!, runningTitle);
    expect(pages[0]).not.toMatch(/-\s*1\s*-/);
    expect(pages[0]!.replace(/\s+/g, '')).toMatch(/令和\d+年\d+月\d+日/);
    expect(cover.join('')).toContain('行財政改革推進本部');
    expect(pages[1]).toMatch(/-\s*2\s*-/);
  });

  it('has a 目次 of every heading with the page it is on, not itself, on full pages', () => {
    expect(toc.length).toBeGreaterThan(80);
    expect(toc.map((entry) => entry.title)).not.toContain('目次');
    for (const entry of toc) {
      expect(pages[entry.page - 1]!.replace(/\s+/g, ''), `${entry.title} → ${entry.page}`).toContain(entry.title);
      expect(entry.page).toBeGreaterThan(entry.tocPage);
    }
    // No page of the 目次 carries a few stray lines.
    for (const tocPage of new Set(toc.map((entry) => entry.tocPage))) {
      expect(toc.filter((entry) => entry.tocPage === tocPage).length, `目次 p.${tocPage}`).toBeGreaterThan(10);
    }
  });

  it('keeps every heading with what follows it: no page ends on a heading or holds headings only', () => {
    const headings = new Set(toc.map((entry) => entry.title));
    const firstBodyPage = Math.min(...toc.map((entry) => entry.page));
    for (const [i, page] of pages.entries()) {
      if (i + 1 < firstBodyPage) continue;
      const lines = bodyLines(page, runningTitle);
      expect(headings.has(lines.at(-1)!), `p.${i + 1} ends on 「${lines.at(-1)}」`).toBe(false);
      expect(
        lines.every((line) => headings.has(line)),
        `p.${i + 1} holds headings only`,
      ).toBe(false);
    }
    // 主な財政指標 on the page of its table.
    const financial = pages.find((page) => bodyLines(page, runningTitle).includes('主な財政指標'))!;
    expect(financial.replace(/\s+/g, '')).toContain('令和元年度');
  });

  it('keeps a line break typed in 実績, and prints the plan’s ※ footnotes under their measures', async () => {
    const lines = pages.flatMap((page) => bodyLines(page, runningTitle));
    const first = lines.findIndex((line) => line.includes(twoLines[0]!));
    expect(first).toBeGreaterThan(-1);
    expect(lines[first]).not.toContain(twoLines[1]);
    expect(lines[first + 1]).toBe(twoLines[1]);
    // 根拠資料 as a line of its own under the item's texts.
    expect(lines).toContain(`根拠資料：${approvedFiles.join('、')}`);
    const text = lines.join('');
    const plan = JSON.parse(readFileSync(resolve(import.meta.dirname, '../seeds/plans/higashine-8/plan.json'), 'utf8')) as {
      measures: { footnotes: string[] }[];
    };
    const footnotes = plan.measures.flatMap((measure) => measure.footnotes);
    expect(footnotes).toHaveLength(11);
    for (const footnote of footnotes) expect(text).toContain(`※${footnote.replace(/\s+/g, '')}`);
  });
});
