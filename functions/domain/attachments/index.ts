/**
 * 根拠資料 (issue 24): which files a report may carry, judged by their content (magic bytes), never by name.
 * A small table rather than a library: `file-type` is not among the project's dependencies, and the nine
 * types allowed here need only their first bytes and, for Office's zip formats, the part names inside.
 */
import * as z from '../zod.ts';
import { text } from '../text-field.ts';

/** Each file at most 10 MB (issue 24). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** At most 10 files per report (issue 24). */
export const MAX_ATTACHMENTS = 10;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((byte, i) => bytes[i] === byte);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4: .docx/.xlsx/.pptx (OOXML)
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .doc/.xls/.ppt (OLE compound file)

/**
 * An OOXML package names its parts in plain text (zip entry names are not compressed): a Word file has
 * word/…, Excel xl/…, PowerPoint ppt/…, beside [Content_Types].xml.
 */
function ooxml(folder: string) {
  const name = new TextEncoder().encode(folder);
  const marker = new TextEncoder().encode('[Content_Types].xml');
  return (bytes: Uint8Array) => startsWith(bytes, ZIP) && contains(bytes, marker) && contains(bytes, name);
}

function contains(bytes: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (let at = bytes.indexOf(first!); at !== -1 && at + needle.length <= bytes.length; at = bytes.indexOf(first!, at + 1)) {
    if (needle.every((byte, i) => bytes[at + i] === byte)) return true;
  }
  return false;
}

/**
 * The allowed types by media type: a label for messages and how to recognise the content. The legacy Office
 * formats share one OLE signature, so a .doc declared as .xls passes; what matters here is that it is not a program.
 */
export const ATTACHMENT_TYPES = {
  'application/pdf': { label: 'PDF', matches: (b: Uint8Array) => startsWith(b, PDF) },
  'image/jpeg': { label: 'JPEG画像', matches: (b: Uint8Array) => startsWith(b, JPEG) },
  'image/png': { label: 'PNG画像', matches: (b: Uint8Array) => startsWith(b, PNG) },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word文書', matches: ooxml('word/') },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'Excelブック', matches: ooxml('xl/') },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { label: 'PowerPointプレゼンテーション', matches: ooxml('ppt/') },
  'application/msword': { label: 'Word文書', matches: (b: Uint8Array) => startsWith(b, OLE) },
  'application/vnd.ms-excel': { label: 'Excelブック', matches: (b: Uint8Array) => startsWith(b, OLE) },
  'application/vnd.ms-powerpoint': { label: 'PowerPointプレゼンテーション', matches: (b: Uint8Array) => startsWith(b, OLE) },
} as const;

export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
const TYPE_NAMES = Object.keys(ATTACHMENT_TYPES) as [AttachmentType, ...AttachmentType[]];

/** Whether stored bytes are what their declared type says (the check `complete` makes before listing a file). */
export function contentMatches(type: AttachmentType, bytes: Uint8Array): boolean {
  return ATTACHMENT_TYPES[type].matches(bytes);
}

/**
 * A file's name without the folders a browser may send ("C:\\fakepath\\資料.pdf" → "資料.pdf"); the request
 * schema then reads it as any single-line text is read (NFC, trimmed, no invisible or control characters).
 */
export function fileNameOf(name: string): string {
  return name.split(/[\\/]/).at(-1) ?? '';
}

/** POST …/attachments: what the browser says of the file before it sends the bytes. */
export const attachmentRequestSchema = z.object({
  name: z.pipe(z.pipe(z.string({ error: 'ファイル名は文字列で指定してください' }), z.transform(fileNameOf)), text('ファイル名', { max: 200, required: true })),
  type: z.enum(TYPE_NAMES, { error: '添付できるのはPDF、JPEG・PNG画像、Word、Excel、PowerPointのファイルです' }),
  size: z
    .number({ error: 'ファイルの大きさ（バイト数）を数値で指定してください' })
    .check(
      z.int('ファイルの大きさは整数で指定してください'),
      z.minimum(1, '空のファイルは添付できません'),
      z.maximum(MAX_ATTACHMENT_BYTES, '10MBを超えるファイルは添付できません（1ファイル10MBまで）'),
    ),
});
export type AttachmentRequest = z.infer<typeof attachmentRequestSchema>;
