/**
 * `JSON.stringify(value, null, 2)`, the same text, as UTF-8 chunks of about `chunkBytes` (64 KB) each.
 *
 * progress.json holds the whole year's report: at 100× data its text alone is tens of MB, and JSON.stringify
 * builds it as one string (two bytes a character for Japanese text) before it can be encoded, which was the
 * publication's peak of memory (issue 22). Here objects and arrays down to `depth` levels are laid out by hand
 * and only what lies below (one measure, one group) goes through JSON.stringify, so the text is encoded as it
 * is made and never held whole as a string. Plain data only (what zod parsed): a value's toJSON is honoured,
 * and undefined, functions and symbols are left out of objects and written null in arrays, as JSON.stringify does.
 */
export function jsonChunks(value: unknown, options: { depth?: number; chunkBytes?: number } = {}): Buffer[] {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const chunks: Buffer[] = [];
  let pending = '';
  const write = (text: string) => {
    pending += text;
    // A string's length in UTF-16 units is at most its UTF-8 bytes: flushing by length keeps chunks near the size.
    if (pending.length >= chunkBytes) {
      chunks.push(Buffer.from(pending));
      pending = '';
    }
  };
  writeValue(value, '', options.depth ?? 4, write);
  if (pending) chunks.push(Buffer.from(pending));
  return chunks;
}

/** What JSON.stringify leaves out of an object (and writes null for in an array). */
const omitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

function writeValue(input: unknown, indent: string, depth: number, write: (text: string) => void): void {
  const value = hasToJSON(input) ? input.toJSON() : input;
  if (depth === 0 || value === null || typeof value !== 'object') {
    // Below the depth, JSON.stringify itself, its lines moved in by the indent of where it stands.
    const text = JSON.stringify(value, null, 2) ?? 'null';
    write(indent ? text.replaceAll('\n', `\n${indent}`) : text);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      write('[]');
      return;
    }
    write('[\n');
    value.forEach((item, i) => {
      write(inner);
      writeValue(omitted(item) ? null : item, inner, depth - 1, write);
      write(i < value.length - 1 ? ',\n' : '\n');
    });
    write(`${indent}]`);
    return;
  }
  const entries = Object.entries(value).filter(([, entry]) => !omitted(entry));
  if (entries.length === 0) {
    write('{}');
    return;
  }
  write('{\n');
  entries.forEach(([key, entry], i) => {
    // JSON's own separator after the key, as JSON.stringify writes it (not a label: the notation rule's 「：」 is not for JSON).
    write(`${inner}${JSON.stringify(key)}`);
    write(': ');
    writeValue(entry, inner, depth - 1, write);
    write(i < entries.length - 1 ? ',\n' : '\n');
  });
  write(`${indent}}`);
}

function hasToJSON(value: unknown): value is { toJSON(): unknown } {
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
