/**
 * Name normalisation: raw list or query string → typed tokens. Both sides of every comparison go through
 * this one function, so list and query are always treated alike.
 * @module
 */
import type { PartyType } from '../types.js';
import { detectScript, isAbjad, latinize, type Script } from './latinize.js';
import { type LegalForm, matchLegalForm } from './legal-forms.js';
import { numberValue, romanValue } from './numerals.js';
import { phoneticKey } from './phonetic.js';
import {
  AMBIGUOUS_TITLES,
  NAME_VARIANT,
  NUMBER_WORDS,
  ORG_CLASS,
  PARTICLE_CANON,
  STOPWORDS,
  TITLES,
  VESSEL_PREFIXES,
} from './vocabulary.js';

/**
 * What a token is. The kind decides its weight: distinctive words carry the name, legal forms, org-class
 * words, particles and titles are shared by many unrelated names and weigh less (never zero).
 */
export type TokenKind = 'word' | 'number' | 'legal' | 'orgclass' | 'stop' | 'title' | 'initial';

export const KIND_WEIGHT: Readonly<Record<TokenKind, number>> = {
  word: 1,
  number: 1,
  orgclass: 0.5,
  legal: 0.3,
  stop: 0.25,
  title: 0.1,
  initial: 0.5,
};

export interface NameToken {
  /** Comparison text: canonical tag for legal forms/org classes/particles, digits for numerals. */
  readonly text: string;
  /** The token as written (after case/diacritic folding), for explanations. */
  readonly surface: string;
  readonly kind: TokenKind;
  readonly weight: number;
  /** Phonetic key of words ('' otherwise). */
  readonly key: string;
  /** Canonical member of a transliteration-variant group (Mohammed → muhammad), if any. */
  readonly variant?: string;
  readonly legal?: LegalForm;
  /** A patronymic (-ovich, -ovna, -ogly...): weighs less, callers often leave it out. */
  readonly patronymic?: boolean;
}

export interface NameForm {
  /** Script of the text this form was built from ('latin' for the Latin form of any name). */
  readonly script: Script;
  /** The Latin form of an abjad (Arabic/Hebrew) name: vowels are missing, compare skeletons. */
  readonly abjad: boolean;
  readonly tokens: readonly NameToken[];
  /** Surfaces joined by spaces: what the reviewer sees as the compared form. */
  readonly text: string;
  /** Comparison texts joined without spaces: identical compacts are a literal match. */
  readonly compact: string;
}

export interface NormalizedName {
  readonly raw: string;
  readonly type: PartyType;
  /** Script of the raw name. */
  readonly script: Script;
  /** Always present: ASCII Latin form. */
  readonly latin: NameForm;
  /** Original-script form for scripts where transliteration loses information (Han, Hangul, Arabic...). */
  readonly original?: NameForm;
}

/** Scripts whose Latin form is close to lossless: comparing the Latin form is enough. */
const LOSSLESS: ReadonlySet<Script> = new Set(['latin', 'cyrillic', 'greek']);

const PARTY_LABEL =
  /^\s*(?:(?:shipper|consignee|beneficiary|applicant|buyer|seller|notify party|ordering customer|field \d+[a-z]?)\s*:|(?:messrs|m\/s)\b\.?)\s*/i;

const APOSTROPHES = /['’‘`´ʼʻ]/g;

/**
 * "SURNAME, Given" → "Given SURNAME" (Treasury and UN print persons that way). Applied to persons and to
 * untyped names whose tail after the single comma looks like given names (no legal form, no digits), so
 * "Apple, Inc." and "Bowne of Atlanta, Inc." stay as they are.
 */
function reorderPerson(raw: string, type: PartyType): string {
  if (type !== 'person' && type !== 'unknown') return raw;
  const parts = raw.split(',');
  if (parts.length !== 2) return raw;
  const head = (parts[0] as string).trim();
  const tail = (parts[1] as string).trim();
  if (!head || !tail || /\d/.test(tail)) return raw;
  const tailWords = foldLatin(tail).split(' ').filter(Boolean);
  if (tailWords.length === 0 || tailWords.length > 4) return raw;
  if (type === 'unknown') {
    for (let i = 0; i < tailWords.length; i++) if (matchLegalForm(tailWords, i, true)) return raw;
    const headWords = foldLatin(head).split(' ').filter(Boolean);
    for (let i = 0; i < headWords.length; i++) if (matchLegalForm(headWords, i, false)) return raw;
    if (headWords.length > 4) return raw;
  }
  return `${tail} ${head}`;
}

/** Lower-case ASCII words: & → and, apostrophes vanish ("Qa'ida" → "qaida"), other punctuation → space. */
function foldLatin(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(APOSTROPHES, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const HAN_DIGIT: Readonly<Record<string, number>> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const HAN_UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** Value of a Chinese/Japanese numeral ("十八" → 18, "二百五" → 205 is read as 205). */
function hanNumber(s: string): number {
  let total = 0;
  let digit = -1;
  for (const c of s) {
    const unit = HAN_UNIT[c];
    if (unit !== undefined) {
      total += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
    } else digit = HAN_DIGIT[c] ?? 0;
  }
  return total + Math.max(0, digit);
}

/** Han numerals used as numbers ("第十八", "三号") become digits, so vessel numbers are compared as numbers. */
const HAN_ORDINAL = /第([〇零一二两三四五六七八九十百千]+)|([〇零一二两三四五六七八九十百千]+)(?=[号號])/g;

/** Original-script words: lower case, marks stripped only where marks are diacritics (not vowel signs). */
function foldOriginal(s: string, script: Script): string[] {
  let t = s.normalize('NFC').toLowerCase().replace(/&/g, ' ').replace(APOSTROPHES, '');
  if (script === 'arabic' || script === 'hebrew') t = t.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
  if (script === 'han' || script === 'kana') t = t.replace(HAN_ORDINAL, (_m, a, b) => ` ${hanNumber(a ?? b)} `);
  const words = t.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
  // Han and Hangul names are often written without spaces: one character (syllable) per token.
  if (script === 'han' || script === 'hangul' || script === 'kana') {
    return words.flatMap(
      (w) => w.match(/\d+|[\p{Script=Han}\p{Script=Hangul}]|[^\d\p{Script=Han}\p{Script=Hangul}]+/gu) ?? [],
    );
  }
  return words;
}

/** "sech1n" → "sechin" (one digit inside letters is a look-alike substitution); "ahl1" → "ahl 1" otherwise. */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
};

function splitAlnum(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (/^[a-z]+\d[a-z]+$/.test(w)) {
      out.push(w.replace(/\d/, (d) => LEET[d] ?? d));
    } else if (/\d/.test(w) && /[a-z]/.test(w) && !/^\d+(?:st|nd|rd|th)$/.test(w)) {
      out.push(...w.split(/(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)/));
    } else out.push(w);
  }
  return out;
}

/** Runs of ≥ 2 single letters are one initialism outside person names: "a b c" (A.B.C.) → "abc". */
function mergeInitialisms(words: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  const flush = () => {
    if (run.length >= 2) out.push(run);
    else if (run.length === 1) out.push(run);
    run = '';
  };
  for (const w of words) {
    if (w.length === 1 && /[a-z]/.test(w)) run += w;
    else {
      flush();
      out.push(w);
    }
  }
  flush();
  return out;
}

/** East Slavic / Turkic patronymic endings. */
const PATRONYMIC = /(?:ovich|evich|ovitch|evitch|yevich|ich|ovna|evna|ichna|yevna|ogly|oglu|kyzy|qizi)$/;

function token(surface: string, text: string, kind: TokenKind, extra: Partial<NameToken> = {}): NameToken {
  return { surface, text, kind, weight: KIND_WEIGHT[kind], key: kind === 'word' ? phoneticKey(text) : '', ...extra };
}

/** Typed tokens of a Latin word list. */
function classify(words: readonly string[], type: PartyType): NameToken[] {
  const isPerson = type === 'person';
  const allowShortLegal = type !== 'person';
  const out: NameToken[] = [];
  const n = words.length;
  for (let i = 0; i < n; i++) {
    const w = words[i] as string;
    const next = words[i + 1];
    // Vessel prefixes (M/V, MT) say nothing about which vessel it is.
    if (i === 0 && n > 1 && (type === 'vessel' || type === 'unknown') && VESSEL_PREFIXES.has(w)) {
      out.push(token(w, w, 'title'));
      continue;
    }
    if (w === 'm' && next === 'v' && i === 0 && n > 2 && type !== 'person') {
      out.push(token('m v', 'mv', 'title'));
      i++;
      continue;
    }
    if (!/^\d/.test(w)) {
      const legal = matchLegalForm(words, i, allowShortLegal);
      if (legal && !(legal.length === 1 && n === 1)) {
        const surface = words.slice(i, i + legal.length).join(' ');
        out.push(token(surface, legal.form.tag, 'legal', { legal: legal.form }));
        i += legal.length - 1;
        continue;
      }
    }
    // "No. 7", "#7": the marker goes, the number stays.
    if ((w === 'no' || w === 'nr' || w === 'number') && next !== undefined && numberValue(next) !== undefined) continue;
    const num = numberValue(w);
    if (num !== undefined) {
      const tens = NUMBER_WORDS.get(w);
      const unit = next === undefined ? undefined : numberValue(next);
      if (
        tens !== undefined &&
        tens >= 20 &&
        tens % 10 === 0 &&
        tens < 100 &&
        unit !== undefined &&
        Number(unit) < 10 &&
        Number(unit) > 0
      ) {
        out.push(token(`${w} ${next}`, String(tens + Number(unit)), 'number'));
        i++;
        continue;
      }
      out.push(token(w, num, 'number'));
      continue;
    }
    const roman = romanValue(w);
    if (roman !== undefined && i > 0 && (w.length >= 2 || (!isPerson && i === n - 1)) && !(isPerson && i < n - 1)) {
      out.push(token(w, String(roman), 'number'));
      continue;
    }
    if (TITLES.has(w) && type !== 'organization' && n > 1 && !(AMBIGUOUS_TITLES.has(w) && i === n - 1)) {
      out.push(token(w, w, 'title'));
      continue;
    }
    if (STOPWORDS.has(w) && n > 1) {
      out.push(token(w, PARTICLE_CANON.get(w) ?? w, 'stop'));
      continue;
    }
    const orgClass = ORG_CLASS.get(w);
    if (orgClass !== undefined && !isPerson && n > 1) {
      out.push(token(w, orgClass, 'orgclass'));
      continue;
    }
    if (w.length === 1 && /[a-z]/.test(w)) {
      out.push(token(w, w, 'initial'));
      continue;
    }
    const variant = NAME_VARIANT.get(w);
    const extra: { variant?: string; patronymic?: boolean } = {};
    if (variant !== undefined) extra.variant = variant;
    if (type !== 'organization' && type !== 'vessel' && i > 0 && PATRONYMIC.test(w)) extra.patronymic = true;
    out.push(token(w, w, 'word', extra));
  }
  // A name made only of low-weight words ("The Group") is still a name: promote them to words.
  if (out.length > 0 && out.every((t) => t.kind !== 'word' && t.kind !== 'number' && t.kind !== 'initial')) {
    return out.map((t) => (t.kind === 'legal' ? t : token(t.surface, t.surface, 'word')));
  }
  return out;
}

function makeForm(script: Script, abjad: boolean, tokens: NameToken[]): NameForm {
  return {
    script,
    abjad,
    tokens,
    text: tokens.map((t) => t.surface).join(' '),
    compact: tokens.map((t) => t.text).join(''),
  };
}

/**
 * Normalise a name for matching. Steps (docs/screening.md §Normalisation): NFKC; party labels off;
 * person reorder; Latinise (any-ascii, pinyin for Han); case fold; & → and; punctuation → space;
 * look-alike digits; initialisms; legal forms, numerals, titles, particles, org-class words typed and
 * canonicalised. Nothing is deleted: every token is kept with a weight.
 */
export function normalizeName(raw: string, type: PartyType = 'unknown'): NormalizedName {
  const nfkc = raw.normalize('NFKC').replace(PARTY_LABEL, '');
  const script = detectScript(nfkc);
  const ordered = reorderPerson(nfkc, type);
  let words = foldLatin(latinize(ordered, type === 'person'))
    .split(' ')
    .filter(Boolean);
  words = splitAlnum(words);
  if (type !== 'person') words = mergeInitialisms(words);
  const latin = makeForm('latin', isAbjad(script), classify(words, type));
  if (LOSSLESS.has(script)) return { raw, type, script, latin };
  const originalWords = foldOriginal(ordered, script);
  const original = makeForm(
    script,
    false,
    originalWords.map((w) => (/^\d+$/.test(w) ? token(w, numberValue(w) ?? w, 'number') : token(w, w, 'word'))),
  );
  return { raw, type, script, latin, original };
}
