/**
 * Numeral canonicalisation. Numbers identify SPVs, vessels and funds ("Leasing 3" vs "Leasing 6"), so every
 * numeral form (digits, roman, number words, ordinals) becomes plain digits and is never dropped.
 * @module
 */
import { NUMBER_WORDS } from './vocabulary.js';

const ROMAN = /^(?:x{0,3})(?:ix|iv|v?i{0,3})$/;
const ROMAN_VALUE: Readonly<Record<string, number>> = { i: 1, v: 5, x: 10 };

/** Value of a roman numeral token (1–39), or undefined. Only i, v, x: "mix", "civil" are words, not numbers. */
export function romanValue(token: string): number | undefined {
  if (token.length === 0 || !ROMAN.test(token)) return undefined;
  let total = 0;
  for (let i = 0; i < token.length; i++) {
    const v = ROMAN_VALUE[token[i] as string] ?? 0;
    const next = ROMAN_VALUE[token[i + 1] as string] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

const ORDINAL = /^(\d+)(?:st|nd|rd|th|e|er|eme|ая|ый)$/;

/** Digits for an ordinal like "1st"/"2nd", a number word, or a digit string; undefined otherwise. */
export function numberValue(token: string): string | undefined {
  if (/^\d+$/.test(token)) return token.replace(/^0+(?=\d)/, '');
  const ord = ORDINAL.exec(token);
  if (ord) return (ord[1] as string).replace(/^0+(?=\d)/, '');
  const w = NUMBER_WORDS.get(token);
  return w === undefined ? undefined : String(w);
}
