/**
 * Text matching for the graders: NFKC, case folding, typographic quotes and dashes folded, whitespace collapsed.
 * NFKC also folds full-width punctuation (，？：) to ASCII, so patterns are written with ASCII punctuation.
 * @module
 */

/** The form both patterns and responses are matched in. */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const REGEX_CACHE = new Map<string, RegExp>();

function regexOf(source: string): RegExp {
  let re = REGEX_CACHE.get(source);
  if (!re) {
    re = new RegExp(source, 'iu');
    REGEX_CACHE.set(source, re);
  }
  return re;
}

/** Where a pattern matches in normalised text (`-1` when it does not). `re:` patterns are regular expressions. */
export function findPattern(normalisedText: string, pattern: string): { index: number; length: number } | undefined {
  if (pattern.startsWith('re:')) {
    const m = regexOf(pattern.slice(3)).exec(normalisedText);
    return m ? { index: m.index, length: m[0].length } : undefined;
  }
  const p = normaliseForMatch(pattern);
  if (!p) return undefined;
  const index = normalisedText.indexOf(p);
  return index < 0 ? undefined : { index, length: p.length };
}

/** The first pattern of the list that matches, if any. */
export function firstMatch(normalisedText: string, patterns: readonly string[]): string | undefined {
  return patterns.find((p) => findPattern(normalisedText, p) !== undefined);
}
