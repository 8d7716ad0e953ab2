/**
 * The candidate index: every list name normalised once, plus an inverted index from token to names and,
 * over the (much smaller) token vocabulary, trigram and phonetic-key indexes used to expand a query
 * token into the similar vocabulary tokens. Immutable once built; build it once per worker.
 * @module
 */
import type { ListEntry, NameKind } from '../types.js';
import { trigrams } from './edit-distance.js';
import { type NameToken, type NormalizedName, normalizeName } from './normalize.js';

export interface IndexedName {
  /** Position of the entry in `ScreeningIndex.entries`. */
  readonly entry: number;
  readonly value: string;
  readonly kind: NameKind;
  readonly norm: NormalizedName;
}

export interface ScreeningIndex {
  /** Number of entries. */
  readonly size: number;
  /** Number of names (primary + aliases) across entries. */
  readonly nameCount: number;
  readonly entries: readonly ListEntry[];
  readonly names: readonly IndexedName[];
  /** Token text → vocabulary id. */
  readonly vocab: ReadonlyMap<string, number>;
  readonly vocabText: readonly string[];
  /** Vocabulary id → ids of the names containing it (ascending, unique). */
  readonly postings: readonly Int32Array[];
  /** Vocabulary id → inverse document frequency over names. */
  readonly idf: Float64Array;
  /** Trigram → vocabulary ids of word tokens containing it. */
  readonly grams: ReadonlyMap<string, Int32Array>;
  /** Phonetic key → vocabulary ids of word tokens with that key. */
  readonly keys: ReadonlyMap<string, Int32Array>;
}

/** Tokens worth looking up: distinctive words, numbers and org-class words (not particles, titles, legal forms). */
export function isIndexable(t: NameToken): boolean {
  return t.kind === 'word' || t.kind === 'number' || t.kind === 'orgclass';
}

function pushTo(map: Map<string, number[]>, k: string, v: number): void {
  const list = map.get(k);
  if (list === undefined) map.set(k, [v]);
  else if (list[list.length - 1] !== v) list.push(v);
}

function freeze(map: Map<string, number[]>): Map<string, Int32Array> {
  const out = new Map<string, Int32Array>();
  for (const [k, v] of map) out.set(k, Int32Array.from(v));
  return out;
}

/** Build the index. Entries are not copied; they must not be mutated afterwards. */
export function buildIndex(entries: readonly ListEntry[]): ScreeningIndex {
  const names: IndexedName[] = [];
  const vocab = new Map<string, number>();
  const vocabText: string[] = [];
  const vocabKey: string[] = [];
  const postingLists: number[][] = [];
  entries.forEach((entry, e) => {
    const seen = new Set<string>();
    for (const n of entry.names) {
      const value = n.value.trim();
      if (value === '' || seen.has(value)) continue;
      seen.add(value);
      const norm = normalizeName(value, entry.type);
      const id = names.length;
      names.push({ entry: e, value, kind: n.kind, norm });
      for (const form of norm.original ? [norm.latin, norm.original] : [norm.latin]) {
        for (const t of form.tokens) {
          if (!isIndexable(t)) continue;
          let v = vocab.get(t.text);
          if (v === undefined) {
            v = vocabText.length;
            vocab.set(t.text, v);
            vocabText.push(t.text);
            vocabKey.push(t.key);
            postingLists.push([]);
          }
          const p = postingLists[v] as number[];
          if (p[p.length - 1] !== id) p.push(id);
        }
      }
    }
  });
  const gramLists = new Map<string, number[]>();
  const keyLists = new Map<string, number[]>();
  for (let v = 0; v < vocabText.length; v++) {
    const text = vocabText[v] as string;
    if (/^\d+$/.test(text) || text.length < 3) continue;
    for (const g of new Set(trigrams(text))) pushTo(gramLists, g, v);
    const key = vocabKey[v] as string;
    if (key.length >= 2) pushTo(keyLists, key, v);
  }
  const n = Math.max(1, names.length);
  const idf = new Float64Array(vocabText.length);
  const postings = postingLists.map((p, v) => {
    idf[v] = Math.log(1 + n / p.length);
    return Int32Array.from(p);
  });
  return {
    size: entries.length,
    nameCount: names.length,
    entries,
    names,
    vocab,
    vocabText,
    postings,
    idf,
    grams: freeze(gramLists),
    keys: freeze(keyLists),
  };
}
