/**
 * Edit distance and string similarity primitives. Pure functions; scratch rows are allocated per call
 * (tokens are short, so this is cheap) to keep the module free of shared mutable state.
 * @module
 */

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("Donlad" → "Donald" costs 1). */
export function osaDistance(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Uint16Array(lb + 1);
  let prev = new Uint16Array(lb + 1);
  let cur = new Uint16Array(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      }
      cur[j] = v;
    }
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] as number;
}

/** 1 − distance / longer length, in 0..1. */
export function editSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const m = Math.max(a.length, b.length);
  if (m === 0) return 1;
  return 1 - osaDistance(a, b) / m;
}

/** Character trigrams of a token padded with one boundary mark on each side ("ab" → "^ab", "ab$"). */
export function trigrams(token: string): string[] {
  const s = `^${token}$`;
  if (s.length < 3) return [s];
  const out: string[] = [];
  for (let i = 0; i + 3 <= s.length; i++) out.push(s.slice(i, i + 3));
  return out;
}
