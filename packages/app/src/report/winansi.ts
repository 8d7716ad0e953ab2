/**
 * The PDF standard fonts (Helvetica, Courier) only encode WinAnsi (Windows-1252): Latin-1 plus
 * a few typographic characters. Anything else is transliterated with any-ascii (Москва → Moskva,
 * 北京 → BeiJing) and what still cannot be encoded becomes "?". Never throws.
 * @module
 */
import anyAscii from 'any-ascii';

/** The Unicode code points the standard fonts encode (WinAnsiEncoding), as pdf-lib reports them. */
export const WINANSI_EXTRA_CODE_POINTS: readonly number[] = [
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c,
  0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
];

const EXTRA = WINANSI_EXTRA_CODE_POINTS.map((cp) => String.fromCodePoint(cp)).join('');

/** A character that is neither WinAnsi nor a newline (the soft hyphen counts as not WinAnsi: it is dropped). */
const NOT_WINANSI_CLASS = `[^\\n\\x20-\\x7e\\xa0-\\xac\\xae-\\xff${EXTRA}]`;
const NOT_WINANSI = new RegExp(NOT_WINANSI_CLASS, 'gu');
const NOT_WINANSI_ONE = new RegExp(NOT_WINANSI_CLASS, 'u');

/** Characters dropped without trace: zero-width and format characters, combining marks. */
const INVISIBLE = /^[\p{Cf}\p{Mn}\p{Me}]$/u;

export function isWinAnsi(char: string): boolean {
  return !NOT_WINANSI_ONE.test(char);
}

function replace(char: string): string {
  if (char === '\u00ad') return ''; // soft hyphen
  const ascii = anyAscii(char);
  if (ascii === '') return INVISIBLE.test(char) ? '' : '?';
  let out = '';
  for (const c of ascii) out += isWinAnsi(c) && c !== '\n' ? c : '?';
  return out;
}

/**
 * Text the standard fonts can draw: line endings normalised to `\n` (kept), tabs expanded to
 * `tabWidth` spaces, NFC composition (so e + ◌́ stays é), other characters transliterated.
 */
export function toWinAnsi(text: string, tabWidth = 1): string {
  const normal = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' '.repeat(tabWidth)).normalize('NFC');
  return normal.replace(NOT_WINANSI, replace);
}
