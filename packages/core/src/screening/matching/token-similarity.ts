/**
 * Similarity of two typed tokens, 0..1, with the reason ("how") shown in explanations.
 * @module
 */
import { editSimilarity } from './edit-distance.js';
import { legalSimilarity } from './legal-forms.js';
import type { NameToken } from './normalize.js';
import { skeleton } from './phonetic.js';
import { WEIGHTS, type Weights } from './weights.js';

export interface TokenMatch {
  readonly sim: number;
  readonly how: string;
}

const NONE: TokenMatch = { sim: 0, how: 'none' };

/** Fuzzy similarity of two words (edit distance, variant table, phonetic key, abjad skeleton). */
export function wordSimilarity(a: NameToken, b: NameToken, abjad: boolean, w: Weights = WEIGHTS): TokenMatch {
  if (a.text === b.text) return { sim: 1, how: 'exact' };
  if (a.variant !== undefined && a.variant === b.variant) return { sim: w.variantSim, how: 'name-variant' };
  let sim = editSimilarity(a.text, b.text);
  let how = 'fuzzy';
  if (
    sim < w.phoneticFloor &&
    sim >= w.phoneticMinEdit &&
    a.key.length >= 3 &&
    a.key === b.key &&
    Math.min(a.text.length, b.text.length) >= 4
  ) {
    sim = w.phoneticFloor;
    how = 'phonetic';
  }
  if (abjad && sim < 0.9) {
    // Abjad Latin forms lack short vowels: compare consonant skeletons, at a discount.
    const sa = skeleton(a.text);
    const sb = skeleton(b.text);
    // One-consonant skeletons ("ly" = "Ali") only count between short tokens.
    const short = a.text.length <= 4 && b.text.length <= 4;
    if ((sa.length >= 2 && sb.length >= 2) || (short && sa.length === 1 && sa === sb)) {
      const s = editSimilarity(sa, sb) * 0.9;
      if (s > sim) {
        sim = s;
        how = 'consonant-skeleton';
      }
    }
  }
  return { sim, how };
}

function canonHow(t: NameToken): string {
  return t.kind === 'orgclass' ? 'org-class' : t.kind === 'stop' ? 'particle' : t.kind === 'title' ? 'title' : 'exact';
}

/** Similarity of two tokens of any kinds. Numbers only ever match exactly. */
export function tokenSimilarity(a: NameToken, b: NameToken, abjad: boolean, w: Weights = WEIGHTS): TokenMatch {
  if (a.kind === 'number' || b.kind === 'number') {
    return a.kind === b.kind && a.text === b.text ? { sim: 1, how: 'number' } : NONE;
  }
  if (a.kind === 'legal' || b.kind === 'legal') {
    if (a.legal && b.legal) return { sim: legalSimilarity(a.legal, b.legal), how: 'legal-form' };
    return NONE;
  }
  if (a.kind === 'initial' || b.kind === 'initial') {
    if (a.text === b.text) return { sim: 1, how: 'exact' };
    const [ini, word] = a.kind === 'initial' ? [a, b] : [b, a];
    if (word.kind !== 'initial' && word.surface.startsWith(ini.text)) return { sim: w.initialSim, how: 'initial' };
    return NONE;
  }
  if (a.kind !== 'word' || b.kind !== 'word') {
    // Org-class words, particles and titles match by canonical form ("intl" = "international").
    if (a.text === b.text) return { sim: 1, how: canonHow(a.kind === 'word' ? b : a) };
    if (a.surface === b.surface) return { sim: 1, how: 'exact' };
    if (a.kind === 'orgclass' && b.kind === 'orgclass') {
      const s = editSimilarity(a.surface, b.surface);
      return s >= 0.75 ? { sim: s, how: 'fuzzy' } : NONE;
    }
    return NONE;
  }
  return wordSimilarity(a, b, abjad, w);
}
