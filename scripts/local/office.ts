/**
 * Debian's LibreOffice Writer/Calc (headless) and poppler for the document tests: the suite converts the year's
 * report.docx to PDF with soffice and reads it back with pdftotext/pdftoppm, as a reader's LibreOffice would show
 * it. Installed with apt-get as Chromium is (see chromium.ts), and as quick when already there.
 */
import { existsSync } from 'node:fs';
import { aptGet } from './chromium.ts';
import type { AptOptions } from './chromium.ts';
import { LocalServiceError } from './processes.ts';

export const SOFFICE = '/usr/bin/soffice';
const PDFTOTEXT = '/usr/bin/pdftotext';
/** Without a CJK font LibreOffice lays Japanese out in a fallback font, and the pages come out different. */
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const PACKAGES = ['libreoffice-writer-nogui', 'libreoffice-calc-nogui', 'poppler-utils', 'fonts-noto-cjk'];

/**
 * Installs LibreOffice (Writer, Calc), poppler-utils and the CJK font when missing; needs root, as on CI
 * and the developers' machines. `installed` says whether apt-get ran. Waits for a package lock held
 * elsewhere (see aptGet).
 */
export function ensureOffice(options: AptOptions = {}): { path: string; installed: boolean } {
  if ([SOFFICE, PDFTOTEXT, CJK_FONT].every((path) => existsSync(path))) return { path: SOFFICE, installed: false };
  if (process.getuid?.() !== 0) {
    throw new LocalServiceError(
      `LibreOffice、poppler または日本語フォントがありません。root で「apt-get update && apt-get install -y ${PACKAGES.join(' ')}」を実行してください。\n` +
        `LibreOffice, poppler or the CJK font is missing; as root run: apt-get update && apt-get install -y ${PACKAGES.join(' ')}`,
    );
  }
  aptGet(['update', '-qq'], options);
  aptGet(['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], options);
  if (!existsSync(SOFFICE)) throw new LocalServiceError(`apt-get の後も ${SOFFICE} がありません / ${SOFFICE} is still missing after apt-get`);
  return { path: SOFFICE, installed: true };
}
