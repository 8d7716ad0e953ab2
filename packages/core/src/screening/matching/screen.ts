/**
 * Screening one query against an index: candidate retrieval (token, trigram and phonetic lookups weighted
 * by IDF), full scoring of the best candidates, entry-level corroboration (country, type, identifiers),
 * banding and ordering.
 * @module
 */
import type {
  EntryIdentifier,
  Hit,
  ListEntry,
  NameKind,
  PartyType,
  ScoreAdjustment,
  ScreeningQuery,
} from '../types.js';
import type { IndexedName, ScreeningIndex } from './candidate-index.js';
import { isIndexable } from './candidate-index.js';
import { compareQuery, explain, type NameComparison, type PreparedQuery, prepareQuery, round1 } from './compare.js';
import { editSimilarity, trigrams } from './edit-distance.js';
import type { NameToken, NormalizedName } from './normalize.js';
import { phoneticKey } from './phonetic.js';
import { bandOf, REVIEW_THRESHOLD } from './thresholds.js';

export interface ScreenOptions {
  /** Maximum hits returned (default 10). */
  readonly limit?: number;
  /** Minimum final score (default REVIEW_THRESHOLD). */
  readonly minScore?: number;
}

/** Names fully scored per query. The benchmark showed no recall gain beyond this (docs/screening.md). */
export const MAX_CANDIDATES = 60;
/** Query tokens expand to vocabulary tokens at least this similar. */
const EXPAND_MIN_SIM = 0.6;
/** Trigrams shared by more vocabulary tokens than this are too common to narrow anything down. */
const GRAM_DF_CAP = 4000;

/** Entry-level adjustments, in points on the 0–100 scale (docs/screening.md §Corroboration). */
export const ADJUST = {
  weakAlias: -5,
  formerName: -2,
  countryMatch: 3,
  countryMismatch: -5,
  typeMismatchPerson: -10,
  typeMismatchOther: -5,
  identifierMatch: 20,
  identifierConflict: -5,
} as const;

interface Expansion {
  readonly vocabId: number;
  readonly sim: number;
}

/** Vocabulary tokens similar to one query token: exact, same phonetic key, or sharing trigrams. */
function expandToken(index: ScreeningIndex, t: NameToken): Expansion[] {
  const out: Expansion[] = [];
  const exact = index.vocab.get(t.text);
  if (exact !== undefined) out.push({ vocabId: exact, sim: 1 });
  if (t.kind !== 'word' || t.text.length < 3) return out;
  const seen = new Set<number>(exact === undefined ? [] : [exact]);
  const consider = (v: number, floor: number) => {
    if (seen.has(v)) return;
    seen.add(v);
    const sim = Math.max(editSimilarity(t.text, index.vocabText[v] as string), floor);
    if (sim >= EXPAND_MIN_SIM) out.push({ vocabId: v, sim });
  };
  const key = t.key || phoneticKey(t.text);
  const byKey = index.keys.get(key);
  if (byKey && key.length >= 3) for (const v of byKey) consider(v, t.text.length >= 4 ? 0.85 : 0);
  const grams = trigrams(t.text);
  const counts = new Map<number, number>();
  for (const g of grams) {
    const list = index.grams.get(g);
    if (!list || list.length > GRAM_DF_CAP) continue;
    for (const v of list) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // A token within edit distance d shares at least |grams| − 3d trigrams; ask for a third of them.
  const need = Math.max(1, Math.ceil(grams.length / 3));
  for (const [v, c] of counts) {
    if (c < need) continue;
    const len = (index.vocabText[v] as string).length;
    if (len < t.text.length * 0.6 || len > t.text.length / 0.6) continue;
    consider(v, 0);
  }
  return out;
}

/** Query tokens used for retrieval: indexable tokens of every form, plus adjacent words joined. */
function lookupTokens(q: NormalizedName): NameToken[] {
  const out: NameToken[] = [];
  for (const form of q.original ? [q.latin, q.original] : [q.latin]) {
    const toks = form.tokens;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i] as NameToken;
      if (isIndexable(t)) out.push(t);
      const next = toks[i + 1];
      if (next && t.kind !== 'number' && next.kind !== 'number' && t.surface.length <= 6) {
        const text = t.surface + next.surface;
        out.push({ text, surface: text, kind: 'word', weight: 1, key: phoneticKey(text) });
      }
    }
  }
  if (out.length === 0) {
    for (const t of q.latin.tokens) out.push({ ...t, kind: 'word' });
  }
  return out;
}

/** Candidate names ranked by IDF-weighted shared (fuzzy) tokens. */
function candidates(index: ScreeningIndex, q: NormalizedName): number[] {
  const n = index.nameCount;
  const acc = new Float32Array(n);
  const best = new Float32Array(n);
  const touched: number[] = [];
  const seenName = new Uint8Array(n);
  for (const t of lookupTokens(q)) {
    const local: number[] = [];
    for (const { vocabId, sim } of expandToken(index, t)) {
      const w = (index.idf[vocabId] as number) * sim * sim;
      for (const id of index.postings[vocabId] as Int32Array) {
        if ((best[id] as number) === 0) local.push(id);
        if (w > (best[id] as number)) best[id] = w;
      }
    }
    for (const id of local) {
      acc[id] = (acc[id] as number) + (best[id] as number);
      best[id] = 0;
      if (!seenName[id]) {
        seenName[id] = 1;
        touched.push(id);
      }
    }
  }
  if (touched.length <= MAX_CANDIDATES) return touched;
  touched.sort((a, b) => (acc[b] as number) - (acc[a] as number) || a - b);
  return touched.slice(0, MAX_CANDIDATES);
}

function normId(s: string): string {
  return s.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

function normIdType(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function identifierAdjustments(queryIds: readonly EntryIdentifier[], entry: ListEntry): ScoreAdjustment[] {
  if (queryIds.length === 0 || entry.identifiers.length === 0) return [];
  let conflict = false;
  for (const qi of queryIds) {
    for (const ei of entry.identifiers) {
      const sameNumber = normId(qi.number) === normId(ei.number) && normId(qi.number) !== '';
      const sameType = normIdType(qi.type) === normIdType(ei.type);
      if (sameNumber && sameType)
        return [{ reason: `identifier ${ei.type} ${ei.number} matches`, points: ADJUST.identifierMatch }];
      if (sameType && !sameNumber) conflict = true;
    }
  }
  return conflict ? [{ reason: 'identifier of the same type differs', points: ADJUST.identifierConflict }] : [];
}

function isPersonLike(t: PartyType): boolean {
  return t === 'person';
}

/** Entry-level adjustments: name kind, country, party type, identifiers. Never a filter. */
export function entryAdjustments(query: ScreeningQuery, entry: ListEntry, kind: NameKind): ScoreAdjustment[] {
  const out: ScoreAdjustment[] = [];
  if (kind === 'weak') out.push({ reason: 'matched a weak alias', points: ADJUST.weakAlias });
  if (kind === 'former') out.push({ reason: 'matched a former name', points: ADJUST.formerName });
  const country = query.country?.trim().toUpperCase();
  if (country && entry.countries.length > 0) {
    if (entry.countries.includes(country))
      out.push({ reason: `country ${country} matches`, points: ADJUST.countryMatch });
    else
      out.push({
        reason: `country ${country} not among ${entry.countries.join(', ')}`,
        points: ADJUST.countryMismatch,
      });
  }
  const qt = query.type;
  if (qt && qt !== 'unknown' && entry.type !== 'unknown' && qt !== entry.type) {
    const points = isPersonLike(qt) !== isPersonLike(entry.type) ? ADJUST.typeMismatchPerson : ADJUST.typeMismatchOther;
    out.push({ reason: `query is ${qt}, entry is ${entry.type}`, points });
  }
  out.push(...identifierAdjustments(query.identifiers ?? [], entry));
  return out;
}

interface Best {
  name: IndexedName;
  cmp: NameComparison;
  score: number;
}

/** Screen one query. Hits sorted by score desc, then entry key. */
export function screen(index: ScreeningIndex, query: ScreeningQuery, options: ScreenOptions = {}): Hit[] {
  const limit = options.limit ?? 10;
  const minScore = options.minScore ?? REVIEW_THRESHOLD;
  const prepared = prepareQuery(query.name, query.type ?? 'unknown');
  const q = (prepared.readings[0] as PreparedQuery['readings'][number]).norm;
  if (q.latin.tokens.length === 0 && !q.original?.tokens.length) return [];
  const bestByEntry = new Map<number, Best>();
  for (const id of candidates(index, q)) {
    const name = index.names[id] as IndexedName;
    const cmp = compareQuery(prepared, name.norm);
    const prev = bestByEntry.get(name.entry);
    if (!prev || cmp.score > prev.score || (cmp.score === prev.score && id < index.names.indexOf(prev.name))) {
      bestByEntry.set(name.entry, { name, cmp, score: cmp.score });
    }
  }
  const hits: Hit[] = [];
  for (const [e, b] of bestByEntry) {
    const entry = index.entries[e] as ListEntry;
    const extra = entryAdjustments(query, entry, b.name.kind);
    let score = b.score;
    for (const a of extra) score += a.points;
    score = round1(Math.max(0, Math.min(100, score)));
    if (score < minScore) continue;
    const primary = entry.names.find((n) => n.kind === 'primary')?.value ?? entry.names[0]?.value ?? b.name.value;
    hits.push({
      entryKey: entry.key,
      source: entry.source,
      name: primary,
      matchedName: b.name.value,
      score,
      band: bandOf(score),
      explanation: explain(b.cmp, b.name.value, b.name.kind, extra),
    });
  }
  hits.sort((a, b) => b.score - a.score || (a.entryKey < b.entryKey ? -1 : a.entryKey > b.entryKey ? 1 : 0));
  return hits.slice(0, limit);
}
