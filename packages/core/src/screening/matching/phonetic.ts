/**
 * A phonetic key tuned for transliteration variance rather than English pronunciation (Soundex and
 * Metaphone assume English spelling). It folds the spellings that differ between romanisation systems —
 * kh/k/q/ck, w/v, ph/f, j/zh/dj, ts/tz/z, sh/sch/sz, doubled letters, vowels — so "Mohammed" and
 * "Muhammad" share a key, while keeping consonants that distinguish names. Used for candidate lookup
 * and as a similarity floor for long tokens, never as proof of a match on its own.
 * @module
 */

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/[^a-z]/g, ''],
  [/(.)\1+/g, '$1'],
  [/^(?:kh|gh)/, 'h'],
  [/tsch|tch|tsh|ch|cz|c(?=[^eiy]|$)/g, 'K'],
  [/c(?=[eiy])/g, 's'],
  [/sch|sh|sz|s|x(?=$)/g, 'S'],
  [/kh|ck|q|k|c/g, 'K'],
  [/dzh|dj|zh|j/g, 'J'],
  [/ts|tz|z/g, 'Z'],
  [/ph|f|v|w/g, 'F'],
  [/th|t/g, 'T'],
  [/dh|d/g, 'D'],
  [/gh|g/g, 'G'],
  [/x/g, 'KS'],
];

/** Key: first letter's class (vowels → 'A', 'y' → 'Y', 'h' kept) then the consonant skeleton. */
export function phoneticKey(token: string): string {
  let s = token;
  for (const [re, rep] of RULES) s = s.replace(re, rep);
  if (s.length === 0) return '';
  const first = s[0] as string;
  const head = /[aeiouy]/.test(first) ? 'A' : first.toUpperCase();
  // 'h' between vowels is a consonant ("Mohammed"); elsewhere it marks aspiration and varies by system.
  const body = s
    .slice(1)
    .replace(/(?<=[aeiouy])h(?=[aeiouy])/g, 'H')
    .replace(/[aeiouyh]/g, '')
    .toUpperCase()
    .replace(/(.)\1+/g, '$1');
  return head + body;
}

/**
 * Consonant skeleton for abjad (Arabic, Hebrew) Latin forms, which write long vowels as w/y and drop short
 * ones: leading vowel class, h, w/v/f-class and y are removed, then doubles collapse ("mhmd" = "Mohammed").
 */
export function skeleton(token: string): string {
  return phoneticKey(token)
    .replace(/^A/, '')
    .replace(/[HFY]/g, '')
    .replace(/(.)\1+/g, '$1');
}
