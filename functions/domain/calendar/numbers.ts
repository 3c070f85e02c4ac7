/**
 * Numbers written the way Japanese municipal documents write them (21,382人, 99.48%, 26億2,850万円),
 * and read back from what a person types into a form or a spreadsheet cell.
 */

/** The 4-digit units of Japanese numbers, largest first, as powers of ten. */
const MYRIAD_UNITS = [
  ['兆', 12],
  ['億', 8],
  ['万', 4],
] as const;

/** Digits shown after the decimal point at most: enough for 99.48%, few enough to hide float noise. */
const MAX_DECIMALS = 2;

function requireFinite(value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`数値ではありません：${value}`);
}

/**
 * Rounds half away from zero at `digits` decimals, on the decimal digits the value was written with:
 * 0.1 + 0.2 → 0.3 and 1.005 → 1.01, where `toFixed` would give 1.00 (1.005 is 1.00499… in binary).
 * Going through a 15-significant-digit string drops the binary noise before rounding.
 */
function roundDecimals(value: number, digits: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15) return value; // a double this large has no decimals left to round
  const [mantissa, exponent = '0'] = magnitude.toPrecision(15).split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + digits}`));
  const rounded = Number(`${shifted}e-${digits}`);
  return rounded === 0 ? 0 : Math.sign(value) * rounded; // never "-0"
}

/** 1234567.891 → "1,234,567.89", -5 → "△5": thousands separators, at most two decimals, no trailing zeros. */
function decimalText(value: number): string {
  requireFinite(value);
  const rounded = roundDecimals(value, MAX_DECIMALS);
  const magnitude = Math.abs(rounded);
  // BigInt spells large integers out in full, where String(1e21) would give "1e+21".
  const text = Number.isInteger(magnitude) ? BigInt(magnitude).toString() : String(magnitude);
  const [integer = '0', fraction] = text.split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // A negative as Japanese public documents write it, with △ (as notation/formatSigned does), never "-".
  return `${rounded < 0 ? '△' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** 21382, '人' → "21,382人"; 11.2, '日' → "11.2日". */
export function formatCount(value: number, unit = ''): string {
  return `${decimalText(value)}${unit}`;
}

/** 99.48 → "99.48%", 87.5 → "87.5%", 0.1 + 0.2 → "0.3%": the digits given, never float noise. */
export function formatPercent(value: number): string {
  return `${decimalText(value)}%`;
}

/**
 * Yen the way the plan writes money, in 4-digit groups named 兆/億/万 with the groups' own digits
 * comma-separated: 2628500000 → "26億2,850万円", 100000000 → "1億円", 12345 → "1万2,345円".
 * Empty groups are left out (1億円, not 1億0万円). Money is whole yen, so fractions are rounded.
 */
export function formatYen(yen: number): string {
  requireFinite(yen);
  let rest = Math.round(Math.abs(yen));
  if (rest === 0) return '0円';
  const parts: string[] = [];
  for (const [name, power] of MYRIAD_UNITS) {
    const size = 10 ** power;
    const amount = Math.floor(rest / size);
    if (amount > 0) parts.push(`${decimalText(amount)}${name}`);
    rest -= amount * size;
  }
  if (rest > 0) parts.push(decimalText(rest));
  return `${yen < 0 ? '△' : ''}${parts.join('')}円`;
}

/**
 * A KPI value in its unit: yen in 億/万, percentages as percentages, anything else as a count
 * followed by its unit. `approximate` keeps the plan's "約" (約12% is stored as 12).
 */
export function formatValue(value: number, unit: string, options: { approximate?: boolean } = {}): string {
  const text = unit === '円' ? formatYen(value) : unit === '%' ? formatPercent(value) : formatCount(value, unit);
  return `${options.approximate ? '約' : ''}${text}`;
}

/** Units a typed number may carry; longer names first so 時間 is not read as 間. */
const KNOWN_UNITS = ['ポイント', '時間', '団体', '世帯', '箇所', 'か所', 'ヶ所', '円', '%', '人', '件', '日', '回', '名', '校', '台', '社', '倍'];

const INTEGER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)`;
const DECIMAL = String.raw`${INTEGER}(?:\.\d+)?`;
const PLAIN = new RegExp(`^${DECIMAL}$`);
/** 1兆2,345億6,789万123: each of 兆, 億, 万 at most once and in that order, then a remainder. */
const MYRIAD = new RegExp(`^(?:(${DECIMAL})兆)?(?:(${DECIMAL})億)?(?:(${DECIMAL})万)?(${DECIMAL})?$`);

/**
 * Full-width digits and signs as ASCII (１２３ → 123, ％ → %), and the minus signs people type or
 * paste: "−" (U+2212) and the ▲/△ that Japanese budget documents put before negative amounts.
 */
function normalise(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/^\s*[\u2212▲△]/, '-')
    .trim();
}

/** "26億2,850万" → 2628500000, exactly: each group is scaled as a decimal string, not multiplied (1.1 × 10⁸ ≠ 110000000 in floats). */
function readMyriad(groups: readonly (string | undefined)[]): number | null {
  const present = groups.flatMap((text, i) => (text === undefined ? [] : [{ text: text.replace(/,/g, ''), i }]));
  if (present.length === 0) return null;
  let total = 0;
  for (const [position, { text, i }] of present.entries()) {
    const leading = position === 0;
    const only = present.length === 1;
    // After the leading group each group is one 4-digit block (26億2,850万, not 26億12,850万);
    // a decimal ("2.5億") only makes sense when nothing follows it.
    if (!leading && Number(text) >= 10_000) return null;
    if (text.includes('.') && !only) return null;
    const power = MYRIAD_UNITS[i]?.[1] ?? 0;
    total += Number(`${text}e${power}`);
  }
  return total;
}

/**
 * What a person may type for a number: "21,382", "１２３", "12.5", "26億2,850万円", "約12%",
 * "▲1,000". The known units (円, %, 人, 件, 団体, …) and `unit`, when given, may follow the number.
 * Returns null for anything that is not a number ("abc", "", "1,2,3x", "十二"), so forms and
 * imports can say so instead of storing NaN.
 */
export function parseJapaneseNumber(input: string, unit?: string): number | null {
  let text = normalise(input).replace(/^約/, '');
  const units = unit ? [unit, ...KNOWN_UNITS] : KNOWN_UNITS;
  const suffix = units.find((name) => name !== '' && text.endsWith(name));
  if (suffix) text = text.slice(0, -suffix.length).trimEnd();
  const sign = text.startsWith('-') ? -1 : 1;
  if (text.startsWith('-') || text.startsWith('+')) text = text.slice(1);
  if (text === '') return null;

  let value: number | null = null;
  if (PLAIN.test(text)) {
    value = Number(text.replace(/,/g, ''));
  } else {
    const match = MYRIAD.exec(text);
    // The remainder alone would be a plain number, handled above; here a unit group must be present.
    if (match && (match[1] ?? match[2] ?? match[3]) !== undefined) value = readMyriad(match.slice(1));
  }
  if (value === null || !Number.isFinite(value)) return null;
  return value === 0 ? 0 : sign * value;
}
