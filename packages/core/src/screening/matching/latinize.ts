/**
 * Script detection and Latinisation. Lists are mostly Latin; queries may not be. We keep the original
 * script (compared when both sides share it, where it is more precise than any transliteration: 习近朋 vs
 * 习近平 differ by one character but only by a vowel in pinyin) and a Latin form for cross-script pairs.
 * @module
 */
import anyAscii from 'any-ascii';
import { pinyin } from 'pinyin-pro';

export type Script =
  | 'latin'
  | 'cyrillic'
  | 'greek'
  | 'arabic'
  | 'hebrew'
  | 'han'
  | 'hangul'
  | 'kana'
  | 'thai'
  | 'other';

const SCRIPT_TESTS: ReadonlyArray<readonly [Script, RegExp]> = [
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['han', /\p{Script=Han}/u],
  ['thai', /\p{Script=Thai}/u],
];

const NON_LATIN_LETTER = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

/** The dominant non-Latin script of a string, or 'latin' when every letter is Latin. */
export function detectScript(s: string): Script {
  if (!NON_LATIN_LETTER.test(s)) return 'latin';
  for (const [script, re] of SCRIPT_TESTS) if (re.test(s)) return script;
  return 'other';
}

/** Scripts that write few or no vowels: their Latin form is compared on consonant skeletons. */
export function isAbjad(script: Script): boolean {
  return script === 'arabic' || script === 'hebrew';
}

const HAN_RUN = /\p{Script=Han}+/gu;

/**
 * Han runs become pinyin syllables. A run of 2–4 characters is most likely a personal name: surname
 * syllable, then the given name joined ("习近平" → "xi jinping", the usual Latin spelling); longer runs
 * (company names) are joined per character pair to stay comparable with merged Latin spellings.
 */
function hanToPinyin(run: string, isPerson: boolean): string {
  const syllables = pinyin(run, { toneType: 'none', type: 'array' }) as string[];
  if (syllables.length <= 1) return syllables.join('');
  if (syllables.length <= 4 || isPerson) return `${syllables[0]} ${syllables.slice(1).join('')}`;
  return syllables.join(' ');
}

/** ASCII Latin form of any string: pinyin for Han, any-ascii for everything else (diacritics, ß, Cyrillic...). */
export function latinize(s: string, isPerson = false): string {
  const withPinyin = /\p{Script=Han}/u.test(s) ? s.replace(HAN_RUN, (run) => ` ${hanToPinyin(run, isPerson)} `) : s;
  return anyAscii(withPinyin);
}
