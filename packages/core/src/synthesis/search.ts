/**
 * Seed-and-extend search of one query (nucleotide or amino-acid codes) against one seed table.
 * Each seed hit is extended without gaps by X-drop (match +1, mismatch −3, stop when the score falls 12 below its
 * best), once per diagonal stretch. The extension is then verified window by window: windows of `window` residues
 * with at most `maxMismatches` mismatches (Hamming distance) are kept and merged into regions. When no window
 * passes, the exact run around the seed is kept as a fragment if it is at least `fragmentMin` long (fragments feed
 * split-order analysis only).
 * @module
 */
import { lookupSeed, SEPARATOR, type SeedTable, seedKeys, segmentOf } from './concern-index.js';

export interface SearchParams {
  /** Window length (residues of the query alphabet). */
  window: number;
  /** Mismatches allowed per window. */
  maxMismatches: number;
  /** Minimum exact run kept as a fragment when no window passes. */
  fragmentMin: number;
}

export interface RawRegion {
  segment: number;
  /** Query interval [queryStart, queryEnd). */
  queryStart: number;
  queryEnd: number;
  /** Offset of the region in its segment (segment coordinates, i.e. on the segment's strand). */
  segmentStart: number;
  mismatches: number;
  /** Number of passing windows (0 for fragments). */
  windows: number;
  fragment: boolean;
  /** Passing windows as [queryStart, mismatches] (tiles at stride `window`, last one end-aligned). */
  tiles: [number, number][];
}

export interface SearchStats {
  seedHits: number;
  extensions: number;
  maskedSeeds: number;
}

const MATCH = 1;
const MISMATCH = -3;
const XDROP = 12;

export function searchTable(
  table: SeedTable,
  query: Uint8Array,
  params: SearchParams,
  stats?: SearchStats,
): RawRegion[] {
  const out: RawRegion[] = [];
  if (table.keys.length === 0 || query.length < table.seedLength) return out;
  const unknown = table.kind === 'dna' ? 4 : 21;
  const { keys, valid } = seedKeys(query, table.kind, table.seedLength);
  const text = table.text;
  const S = table.seedLength;
  const done = new Map<number, number>();
  const qn = query.length;
  const same = (q: number, t: number) => q === t && q < unknown;
  for (let i = 0; i < keys.length; i++) {
    if (!valid[i]) continue;
    const [lo, hi] = lookupSeed(table, keys[i] as number);
    if (lo === hi) continue;
    if (hi - lo > table.maxSeedOccurrences) {
      if (stats) stats.maskedSeeds++;
      continue;
    }
    for (let e = lo; e < hi; e++) {
      const p = table.pos[e] as number;
      const diag = p - i;
      const prev = done.get(diag);
      if (prev !== undefined && i < prev) continue;
      if (stats) stats.seedHits++;
      // Verify the seed itself (protein keys are hashes and may collide).
      let ok = true;
      for (let k = 0; k < S; k++) {
        if (!same(query[i + k] as number, text[p + k] as number)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (stats) stats.extensions++;
      // Right extension.
      let score = 0;
      let best = 0;
      let qe = i + S;
      for (let q = i + S, t = p + S; q < qn; q++, t++) {
        if (t >= text.length) break;
        const tc = text[t] as number;
        if (tc === SEPARATOR) break;
        score += same(query[q] as number, tc) ? MATCH : MISMATCH;
        if (score > best) {
          best = score;
          qe = q + 1;
        } else if (score < best - XDROP) break;
      }
      // Left extension.
      score = 0;
      best = 0;
      let qs = i;
      const floor = prev ?? 0;
      for (let q = i - 1, t = p - 1; q >= floor && t >= 0; q--, t--) {
        const tc = text[t] as number;
        if (tc === SEPARATOR) break;
        score += same(query[q] as number, tc) ? MATCH : MISMATCH;
        if (score > best) {
          best = score;
          qs = q;
        } else if (score < best - XDROP) break;
      }
      done.set(diag, qe);
      const seg = segmentOf(table, p);
      const segStart = table.segStart[seg] as number;
      verify(query, text, qs, qe, diag, seg, segStart, i, S, params, same, out);
    }
  }
  return out;
}

function verify(
  query: Uint8Array,
  text: Uint8Array,
  qs: number,
  qe: number,
  diag: number,
  seg: number,
  segStart: number,
  seedAt: number,
  S: number,
  params: SearchParams,
  same: (q: number, t: number) => boolean,
  out: RawRegion[],
): void {
  const len = qe - qs;
  const mm = new Uint8Array(len);
  for (let k = 0; k < len; k++) mm[k] = same(query[qs + k] as number, text[qs + k + diag] as number) ? 0 : 1;
  const W = params.window;
  const push = (a: number, b: number, windows: number, fragment: boolean, tiles: [number, number][]) => {
    let m = 0;
    for (let k = a; k < b; k++) m += mm[k - qs] as number;
    out.push({
      segment: seg,
      queryStart: a,
      queryEnd: b,
      segmentStart: a + diag - segStart,
      mismatches: m,
      windows,
      fragment,
      tiles,
    });
  };
  if (len >= W) {
    // Sliding mismatch count; collect runs of passing windows.
    let count = 0;
    for (let k = 0; k < W; k++) count += mm[k] as number;
    let runStart = -1;
    let runEnd = -1;
    let runWindows = 0;
    const passing: number[] = [];
    const flush = () => {
      if (runStart < 0) return;
      let a = runStart;
      let b = runEnd;
      while (a < b && mm[a - qs]) a++;
      while (b > a && mm[b - 1 - qs]) b--;
      const tiles: [number, number][] = [];
      for (let t = a; t + W <= b; t += W) tiles.push([t, windowMm(mm, t - qs, W)]);
      if (b - a >= W && (tiles.at(-1)?.[0] ?? a) + W < b) tiles.push([b - W, windowMm(mm, b - W - qs, W)]);
      push(a, b, runWindows, false, tiles);
      runStart = -1;
      runWindows = 0;
    };
    for (let s = 0; s + W <= len; s++) {
      if (s > 0) count += (mm[s + W - 1] as number) - (mm[s - 1] as number);
      if (count <= params.maxMismatches) {
        passing.push(s);
        if (runStart >= 0 && qs + s <= runEnd) {
          runEnd = qs + s + W;
          runWindows++;
        } else {
          flush();
          runStart = qs + s;
          runEnd = qs + s + W;
          runWindows = 1;
        }
      }
    }
    flush();
    if (passing.length > 0) return;
  }
  // Fragment: the exact run around the seed.
  let a = seedAt;
  let b = seedAt + S;
  while (a > qs && !mm[a - 1 - qs]) a--;
  while (b < qe && !mm[b - qs]) b++;
  if (b - a >= params.fragmentMin) push(a, b, 0, true, []);
}

function windowMm(mm: Uint8Array, from: number, W: number): number {
  let m = 0;
  for (let k = from; k < from + W; k++) m += mm[k] as number;
  return m;
}
