/**
 * Hashed-window index of a provider-supplied database of sequences of concern (SOCs).
 *
 * Two seed tables over typed arrays (no per-entry objects, so ~10 MB of concerns fit in a few hundred MB):
 * - DNA: every 16-mer of every DNA/RNA concern, on BOTH strands (forward and reverse complement are separate
 *   segments of one concatenated text). A 16-mer packs exactly into 32 bits (2 bits per base), a collision-free
 *   rolling hash.
 * - Protein: every 8-aa word of every protein concern, hashed with FNV-1a (32-bit) plus a final mix.
 * Seeds are shorter than the policy windows on purpose: a 50-nt window with ≤ 2 mismatches always contains an exact
 * 16-nt run (pigeonhole: 48 matching bases in ≤ 3 runs), and a 20-aa window with ≤ 1 mismatch an exact 8-aa run,
 * so exact and near window matches are both found through the same table, then verified base by base.
 * Entries are sorted by key (counting sort on the top bits, then insertion sort inside buckets); a lookup is a
 * bucket jump plus a short binary search. Seeds occurring more than `maxSeedOccurrences` times are masked as
 * repetitive (like BLAST's low-complexity filter), so a poly-A stretch in the database cannot blow up a query.
 * @module
 */
import type { FastaRecord, SequenceKind } from './fasta.js';
import { encodeAminoAcids, encodeNucleotides, normaliseNucleotides, reverseComplementCodes } from './sequence.js';

export const DNA_SEED_LENGTH = 16;
export const PROTEIN_SEED_LENGTH = 8;
/** Separator code between segments of a seed table's text; never matches. */
export const SEPARATOR = 255;

export interface ConcernMeta {
  id: string;
  description: string;
  /** DNA for DNA and RNA concerns (RNA is normalised to DNA). */
  kind: 'dna' | 'protein';
  /** Residues (nt or aa). */
  length: number;
}

export interface SeedTable {
  kind: 'dna' | 'protein';
  seedLength: number;
  /** Concatenated segment codes, SEPARATOR between segments. */
  text: Uint8Array;
  /** Start of each segment in `text`, ascending. */
  segStart: Uint32Array;
  /** Concern index (into ConcernIndex.concerns) of each segment. */
  segConcern: Uint32Array;
  /** Strand of each segment: 1 forward, −1 reverse complement (protein segments: 1). */
  segStrand: Int8Array;
  /** Seed keys, ascending. */
  keys: Uint32Array;
  /** Text position of each seed, aligned with `keys`. */
  pos: Uint32Array;
  bucketBits: number;
  /** buckets[b]..buckets[b+1] is the key range whose top `bucketBits` bits equal b. */
  buckets: Uint32Array;
  /** Seeds with more occurrences are skipped at query time. */
  maxSeedOccurrences: number;
}

export interface ConcernIndex {
  /** Digest of the database content (FNV-1a 64 of ids, kinds and sequences): the `dbVersion` of a screen run. */
  version: string;
  concerns: ConcernMeta[];
  /** Normalised concern sequences (DNA: ACGT…, protein: uppercase), aligned with `concerns`. */
  sequences: string[];
  dna: SeedTable;
  protein: SeedTable;
}

export interface ConcernInput {
  id: string;
  sequence: string;
  kind: SequenceKind;
  description?: string;
}

export interface BuildIndexOptions {
  /** Default 64. */
  maxSeedOccurrences?: number;
}

/** murmur3 fmix32: spreads hash bits so bucketing on the top bits is uniform. */
function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Seed keys of every position of `codes` (`keys[i]` for the seed starting at i). `valid[i]` is 0 when the seed
 * contains an ambiguous code or a separator.
 */
export function seedKeys(
  codes: Uint8Array,
  kind: 'dna' | 'protein',
  seedLength = kind === 'dna' ? DNA_SEED_LENGTH : PROTEIN_SEED_LENGTH,
): { keys: Uint32Array; valid: Uint8Array } {
  const n = Math.max(0, codes.length - seedLength + 1);
  const keys = new Uint32Array(n);
  const valid = new Uint8Array(n);
  if (kind === 'dna') {
    if (seedLength > 16) throw new Error('DNA seeds are at most 16 nt');
    const mask = seedLength === 16 ? 0xffffffff : (1 << (2 * seedLength)) - 1;
    let key = 0;
    let run = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i] as number;
      if (c < 4) {
        key = ((key << 2) | c) & mask;
        run++;
      } else run = 0;
      if (run >= seedLength) {
        const s = i - seedLength + 1;
        keys[s] = key >>> 0;
        valid[s] = 1;
      }
    }
  } else {
    let run = 0;
    for (let i = 0; i < codes.length; i++) {
      run = (codes[i] as number) < 21 ? run + 1 : 0;
      if (run >= seedLength) {
        const s = i - seedLength + 1;
        let h = 0x811c9dc5;
        for (let k = s; k <= i; k++) h = Math.imul(h ^ (codes[k] as number), 0x01000193);
        keys[s] = fmix32(h);
        valid[s] = 1;
      }
    }
  }
  return { keys, valid };
}

/** 64-bit FNV-1a as two 32-bit halves (hex), over a sequence of strings. */
export function fnv1a64(parts: readonly string[]): string {
  // 64-bit FNV-1a with 16-bit limbs (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const feed = (byte: number) => {
    h0 ^= byte;
    // multiply by 2^40 + 0x1b3
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3;
    const t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    let c = t0 >>> 16;
    h0 = t0 & 0xffff;
    c += t1;
    h1 = c & 0xffff;
    c = (c >>> 16) + t2;
    h2 = c & 0xffff;
    c = (c >>> 16) + t3;
    h3 = c & 0xffff;
  };
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      const ch = p.charCodeAt(i);
      feed(ch & 0xff);
      if (ch > 0xff) feed(ch >>> 8);
    }
    feed(0);
  }
  const hex = (x: number) => x.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

function buildTable(
  kind: 'dna' | 'protein',
  segments: { codes: Uint8Array; concern: number; strand: 1 | -1 }[],
  maxSeedOccurrences: number,
): SeedTable {
  const seedLength = kind === 'dna' ? DNA_SEED_LENGTH : PROTEIN_SEED_LENGTH;
  let total = 0;
  for (const s of segments) total += s.codes.length + 1;
  const text = new Uint8Array(total);
  const segStart = new Uint32Array(segments.length);
  const segConcern = new Uint32Array(segments.length);
  const segStrand = new Int8Array(segments.length);
  let off = 0;
  segments.forEach((s, i) => {
    segStart[i] = off;
    segConcern[i] = s.concern;
    segStrand[i] = s.strand;
    text.set(s.codes, off);
    off += s.codes.length;
    text[off++] = SEPARATOR;
  });
  const { keys: allKeys, valid } = seedKeys(text, kind, seedLength);
  let count = 0;
  for (let i = 0; i < valid.length; i++) count += valid[i] as number;
  const bucketBits = Math.max(8, Math.min(22, Math.ceil(Math.log2(Math.max(1, count)))));
  const shift = 32 - bucketBits;
  const buckets = new Uint32Array((1 << bucketBits) + 1);
  for (let i = 0; i < valid.length; i++) {
    if (!valid[i]) continue;
    const b = ((allKeys[i] as number) >>> shift) + 1;
    buckets[b] = (buckets[b] as number) + 1;
  }
  for (let b = 1; b < buckets.length; b++) buckets[b] = (buckets[b] as number) + (buckets[b - 1] as number);
  const fill = buckets.slice(0, buckets.length - 1);
  const keys = new Uint32Array(count);
  const pos = new Uint32Array(count);
  for (let i = 0; i < valid.length; i++) {
    if (!valid[i]) continue;
    const k = allKeys[i] as number;
    const b = k >>> shift;
    const at = fill[b] as number;
    fill[b] = at + 1;
    keys[at] = k;
    pos[at] = i;
  }
  // Insertion sort inside each bucket (stable: positions stay ascending for equal keys).
  for (let b = 0; b < buckets.length - 1; b++) {
    const lo = buckets[b] as number;
    const hi = buckets[b + 1] as number;
    for (let i = lo + 1; i < hi; i++) {
      const k = keys[i] as number;
      const p = pos[i] as number;
      let j = i - 1;
      while (j >= lo && (keys[j] as number) > k) {
        keys[j + 1] = keys[j] as number;
        pos[j + 1] = pos[j] as number;
        j--;
      }
      keys[j + 1] = k;
      pos[j + 1] = p;
    }
  }
  return {
    kind,
    seedLength,
    text,
    segStart,
    segConcern,
    segStrand,
    keys,
    pos,
    bucketBits,
    buckets,
    maxSeedOccurrences,
  };
}

/** Range [lo, hi) of entries with key `key`. */
export function lookupSeed(t: SeedTable, key: number): [number, number] {
  const b = key >>> (32 - t.bucketBits);
  let lo = t.buckets[b] as number;
  let hi = t.buckets[b + 1] as number;
  if (lo === hi) return [lo, lo];
  const keys = t.keys;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  const bucketEnd = t.buckets[b + 1] as number;
  while (end < bucketEnd && keys[end] === key) end++;
  return [lo, end];
}

/** Segment containing text position `p` (binary search). */
export function segmentOf(t: SeedTable, p: number): number {
  let lo = 0;
  let hi = t.segStart.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((t.segStart[mid] as number) <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Builds the index. Concerns are FASTA records (or anything with id, sequence, kind); DNA and RNA concerns go to
 * the DNA table (both strands), protein concerns to the protein table. Duplicate ids throw (a database error).
 */
export function buildConcernIndex(concerns: readonly (ConcernInput | FastaRecord)[], options: BuildIndexOptions = {}) {
  const maxSeedOccurrences = options.maxSeedOccurrences ?? 64;
  const metas: ConcernMeta[] = [];
  const sequences: string[] = [];
  const dnaSegs: { codes: Uint8Array; concern: number; strand: 1 | -1 }[] = [];
  const protSegs: { codes: Uint8Array; concern: number; strand: 1 | -1 }[] = [];
  const ids = new Set<string>();
  const digestParts: string[] = [];
  for (const c of concerns) {
    if (ids.has(c.id)) throw new Error(`concern database: duplicate id '${c.id}'`);
    ids.add(c.id);
    const i = metas.length;
    if (c.kind === 'protein') {
      const seq = c.sequence.toUpperCase();
      metas.push({ id: c.id, description: c.description ?? '', kind: 'protein', length: seq.length });
      sequences.push(seq);
      protSegs.push({ codes: encodeAminoAcids(seq), concern: i, strand: 1 });
      digestParts.push(c.id, 'protein', seq);
    } else {
      const seq = normaliseNucleotides(c.sequence);
      metas.push({ id: c.id, description: c.description ?? '', kind: 'dna', length: seq.length });
      sequences.push(seq);
      const codes = encodeNucleotides(seq);
      dnaSegs.push({ codes, concern: i, strand: 1 }, { codes: reverseComplementCodes(codes), concern: i, strand: -1 });
      digestParts.push(c.id, 'dna', seq);
    }
  }
  const index: ConcernIndex = {
    version: `cdb-${fnv1a64(digestParts)}`,
    concerns: metas,
    sequences,
    dna: buildTable('dna', dnaSegs, maxSeedOccurrences),
    protein: buildTable('protein', protSegs, maxSeedOccurrences),
  };
  return index;
}

/** Size figures for reports and benchmarks. */
export function indexStats(index: ConcernIndex) {
  const bytes = (t: SeedTable) =>
    t.text.byteLength + t.keys.byteLength + t.pos.byteLength + t.buckets.byteLength + t.segStart.byteLength * 2;
  return {
    concerns: index.concerns.length,
    dnaConcerns: index.concerns.filter((c) => c.kind === 'dna').length,
    proteinConcerns: index.concerns.filter((c) => c.kind === 'protein').length,
    dnaSeeds: index.dna.keys.length,
    proteinSeeds: index.protein.keys.length,
    tableBytes: bytes(index.dna) + bytes(index.protein),
  };
}
