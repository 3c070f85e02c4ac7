/**
 * Outline numbering as plans write it before a title: I / Ⅰ (Roman), 1, (1), ①, イ / ア (katakana),
 * and 「施策3」 (a level's own name before the number). Returns the style, the number as the plan writes
 * it ("I", "1", "(1)", "①", "イ") and the title after it; no numbering gives style 'none'.
 */
export type OutlineStyle = 'roman' | 'arabic' | 'paren' | 'circled' | 'katakana' | 'none';

const ROMAN_WIDE = 'ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ';
const ROMAN_ASCII = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
const SEPARATOR = '(?:[\\s\\u3000.．、:：]+|$)';

export function readOutline(text: string, levelName?: string): { style: OutlineStyle; number: string; title: string } {
  let rest = text.trim();
  if (levelName && rest.startsWith(levelName)) {
    const after = rest.slice(levelName.length).normalize('NFKC');
    const named = new RegExp(`^\\s*(\\d+)${SEPARATOR}`).exec(after);
    if (named) return { style: 'arabic', number: named[1]!, title: after.slice(named[0].length).trim() };
  }
  rest = rest.normalize('NFKC').trim();
  const wide = new RegExp(`^([${ROMAN_WIDE}])${SEPARATOR}`).exec(text.trim());
  if (wide) return { style: 'roman', number: ROMAN_ASCII[ROMAN_WIDE.indexOf(wide[1]!)]!, title: text.trim().slice(wide[0].length).trim() };
  const patterns: [OutlineStyle, RegExp][] = [
    ['paren', new RegExp(`^\\((\\d+)\\)${SEPARATOR}`)],
    ['circled', new RegExp(`^([\\u2460-\\u2473])${SEPARATOR}`)],
    ['roman', new RegExp(`^(X|IX|IV|V?I{0,3})${SEPARATOR}`)],
    ['arabic', new RegExp(`^(\\d+)${SEPARATOR}`)],
    ['katakana', /^([\u30A2-\u30F3])[\s\u3000.．、:：]+/],
  ];
  // NFKC turns ① into 1: read circled numbers on the text as written.
  const original = text.trim();
  for (const [style, pattern] of patterns) {
    const source = style === 'circled' ? original : rest;
    const match = pattern.exec(source);
    if (match?.[1]) {
      const number = style === 'paren' ? `(${match[1]})` : match[1];
      return { style, number, title: source.slice(match[0].length).trim() };
    }
  }
  return { style: 'none', number: '', title: original };
}
