/**
 * What changed in a text, for reading inline: sentences are matched first (longest common subsequence
 * over sentences ending in 。 or a line break), and a changed sentence is narrowed to the part that
 * differs. Japanese has no spaces between words, so a word diff would not help; sentences are what a
 * reviewer compares.
 */
export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

const sentences = (text: string) => text.split(/(?<=[。．！？\n])/).filter((s) => s !== '');

/** A changed sentence pair as kept start, removed middle, added middle, kept end. */
function narrow(before: string, after: string): DiffPart[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const parts: DiffPart[] = [
    { kind: 'same', text: before.slice(0, start) },
    { kind: 'removed', text: before.slice(start, before.length - end) },
    { kind: 'added', text: after.slice(start, after.length - end) },
    { kind: 'same', text: before.slice(before.length - end) },
  ];
  return parts.filter((p) => p.text !== '');
}

export function diffText(before: string, after: string): DiffPart[] {
  const a = sentences(before);
  const b = sentences(after);
  // lengths[i][j]: LCS of a[i..] and b[j..]
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  }
  const parts: DiffPart[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    // A removed run followed by an added one is usually one edited passage: show only what differs in it.
    if (removed.length && added.length) parts.push(...narrow(removed.join(''), added.join('')));
    else if (removed.length) parts.push({ kind: 'removed', text: removed.join('') });
    else if (added.length) parts.push({ kind: 'added', text: added.join('') });
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      parts.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      added.push(b[j++]!);
    } else {
      removed.push(a[i++]!);
    }
  }
  flush();
  return parts;
}
