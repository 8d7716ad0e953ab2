/**
 * Seeded synthetic data for tests and benchmarks. The "hazards" are RANDOM sequences registered as concerns in a
 * test database (as SecureDNA's test HDB does, R60): no real sequence of concern is, or may be, used here.
 * Also: a benign corpus that must not flag (random, low-complexity, repeats, a shared vector-like backbone,
 * proteins, RNA) and mutators (reverse complement, embedding at any offset, point mutations, splitting,
 * back-translation with random synonymous codons).
 * @module
 */
import { mulberry32, type Rng } from '../monitoring/prng.js';
import type { ConcernInput } from './concern-index.js';
import type { SequenceKind } from './fasta.js';
import type { OrderInput } from './screen.js';
import { CODONS_FOR, reverseComplement } from './sequence.js';

const BASES = 'ACGT';
const AMINO = 'ACDEFGHIKLMNPQRSTVWY';

export function randomDna(rng: Rng, n: number, gc = 0.5): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const strong = rng.next() < gc;
    s += strong ? (rng.next() < 0.5 ? 'C' : 'G') : rng.next() < 0.5 ? 'A' : 'T';
  }
  return s;
}

export function randomProtein(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += AMINO[rng.int(20)];
  return s;
}

/** FASTA text, 60 residues a line. */
export function toFasta(records: readonly { id: string; sequence: string; description?: string }[]): string {
  return records
    .map((r) => {
      const lines = [`>${r.id}${r.description ? ` ${r.description}` : ''}`];
      for (let i = 0; i < r.sequence.length; i += 60) lines.push(r.sequence.slice(i, i + 60));
      return lines.join('\n');
    })
    .join('\n');
}

export interface SyntheticDbOptions {
  dnaConcerns: number;
  dnaLength: readonly [number, number];
  proteinConcerns: number;
  proteinLength: readonly [number, number];
}

export const SYNTHETIC_DESCRIPTION = 'synthetic random stand-in, not a real sequence of concern';

/** A database of random "concerns": ids SYN-DNA-nnnnn and SYN-PROT-nnnnn. */
export function syntheticConcernDb(seed: number, o: SyntheticDbOptions): ConcernInput[] {
  const rng = mulberry32(seed);
  const out: ConcernInput[] = [];
  const len = ([a, b]: readonly [number, number]) => a + rng.int(b - a + 1);
  for (let i = 0; i < o.dnaConcerns; i++) {
    out.push({
      id: `SYN-DNA-${String(i + 1).padStart(5, '0')}`,
      kind: 'dna',
      sequence: randomDna(rng, len(o.dnaLength)),
      description: SYNTHETIC_DESCRIPTION,
    });
  }
  for (let i = 0; i < o.proteinConcerns; i++) {
    out.push({
      id: `SYN-PROT-${String(i + 1).padStart(5, '0')}`,
      kind: 'protein',
      sequence: randomProtein(rng, len(o.proteinLength)),
      description: SYNTHETIC_DESCRIPTION,
    });
  }
  return out;
}

// ---- mutators -------------------------------------------------------------------------------------------------

/** Embeds `fragment` at a random offset in random flanks of total length `totalLength` (≥ fragment length). */
export function embed(rng: Rng, fragment: string, totalLength: number): { sequence: string; offset: number } {
  const extra = Math.max(0, totalLength - fragment.length);
  const offset = rng.int(extra + 1);
  return { sequence: randomDna(rng, offset) + fragment + randomDna(rng, extra - offset), offset };
}

/**
 * Point substitutions, at least `minSpacing` apart (default 25, so any 50-nt window holds at most 2), at a rate of
 * about one per `every` nt (default 50).
 */
export function pointMutate(
  rng: Rng,
  seq: string,
  options: { minSpacing?: number; every?: number } = {},
): { sequence: string; positions: number[] } {
  const spacing = options.minSpacing ?? 25;
  const every = Math.max(spacing, options.every ?? 50);
  const chars = seq.split('');
  const positions: number[] = [];
  for (let block = 0; block + spacing <= chars.length; block += every) {
    const p = block + rng.int(every - spacing + 1);
    if (p >= chars.length || (positions.length > 0 && p - (positions.at(-1) as number) < spacing)) continue;
    const old = chars[p] as string;
    let c = old;
    while (c === old) c = BASES[rng.int(4)] as string;
    chars[p] = c;
    positions.push(p);
  }
  return { sequence: chars.join(''), positions };
}

/** Contiguous pieces of about equal length (the last takes the rest). */
export function splitSequence(seq: string, parts: number): string[] {
  const size = Math.ceil(seq.length / parts);
  const out: string[] = [];
  for (let i = 0; i < seq.length; i += size) out.push(seq.slice(i, i + size));
  return out;
}

/** Back-translation with a random synonymous codon per residue: a different DNA encoding the same protein. */
export function backTranslate(rng: Rng, protein: string): string {
  let s = '';
  for (const aa of protein) {
    const codons = CODONS_FOR[aa];
    if (!codons) throw new Error(`backTranslate: no codon for '${aa}'`);
    s += rng.pick(codons);
  }
  return s;
}

// ---- corpora --------------------------------------------------------------------------------------------------

export type BenignCategory =
  | 'random'
  | 'gc-rich'
  | 'homopolymer'
  | 'dinucleotide-repeat'
  | 'triplet-repeat'
  | 'vector-like'
  | 'rna'
  | 'protein'
  | 'protein-low-complexity';

export interface BenignRecord {
  id: string;
  sequence: string;
  kind: SequenceKind;
  category: BenignCategory;
}

export const BENIGN_CATEGORIES: readonly BenignCategory[] = [
  'random',
  'gc-rich',
  'homopolymer',
  'dinucleotide-repeat',
  'triplet-repeat',
  'vector-like',
  'rna',
  'protein',
  'protein-low-complexity',
];

function repeatTo(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** Benign records cycling through the categories; lengths 200–`maxLength` nt (proteins a third of that). */
export function benignCorpus(seed: number, count: number, maxLength = 3000): BenignRecord[] {
  const rng = mulberry32(seed);
  // One shared "plasmid backbone": many orders carry the same vector-like sequence.
  const backbone = randomDna(mulberry32(424_242), 2_700);
  const out: BenignRecord[] = [];
  for (let i = 0; i < count; i++) {
    const category = BENIGN_CATEGORIES[i % BENIGN_CATEGORIES.length] as BenignCategory;
    const n = 200 + rng.int(Math.max(1, maxLength - 200));
    let sequence: string;
    let kind: SequenceKind = 'dna';
    switch (category) {
      case 'random':
        sequence = randomDna(rng, n);
        break;
      case 'gc-rich':
        sequence = randomDna(rng, n, 0.72);
        break;
      case 'homopolymer':
        sequence = randomDna(rng, 20) + repeatTo(rng.pick(['A', 'T', 'G', 'C']), n) + randomDna(rng, 20);
        break;
      case 'dinucleotide-repeat':
        sequence = repeatTo(rng.pick(['AT', 'CA', 'GC', 'TG', 'AG']), n);
        break;
      case 'triplet-repeat':
        sequence = randomDna(rng, 30) + repeatTo(rng.pick(['CAG', 'CGG', 'GAA', 'CTG']), n) + randomDna(rng, 30);
        break;
      case 'vector-like':
        sequence = backbone + randomDna(rng, Math.min(n, 1500));
        break;
      case 'rna':
        sequence = randomDna(rng, n).replace(/T/g, 'U');
        kind = 'rna';
        break;
      case 'protein':
        sequence = randomProtein(rng, Math.max(50, Math.floor(n / 3)));
        kind = 'protein';
        break;
      default:
        sequence = repeatTo(rng.pick(['Q', 'GS', 'GGGGS', 'PEAK', 'EEEEKKKK']), Math.max(50, Math.floor(n / 3)));
        kind = 'protein';
    }
    out.push({ id: `BENIGN-${String(i + 1).padStart(5, '0')}-${category}`, sequence, kind, category });
  }
  return out;
}

export type HazardKind =
  | 'exact'
  | 'reverse-complement'
  | 'embedded-offset'
  | 'point-mutated'
  | 'point-mutated-revcomp'
  | 'back-translated'
  | 'back-translated-revcomp'
  | 'split-orders'
  | 'split-oligo-pool';

export const HAZARD_KINDS: readonly HazardKind[] = [
  'exact',
  'reverse-complement',
  'embedded-offset',
  'point-mutated',
  'point-mutated-revcomp',
  'back-translated',
  'back-translated-revcomp',
  'split-orders',
  'split-oligo-pool',
];

export interface HazardCase {
  id: string;
  kind: HazardKind;
  concernId: string;
  /** Length of the hazard stretch put into the order(s), in nt. */
  hazardNt: number;
  /** One order, or several (split-orders) for the same customer. */
  orders: OrderInput[];
}

export interface HazardCaseOptions {
  count: number;
  date: string;
  /** Hazard stretch length range (nt). Default [220, 600]: above the 200 nt threshold. */
  lengthNt?: readonly [number, number];
  /** Flank total added around each hazard (nt). Default up to 1,500. */
  maxFlankNt?: number;
}

/** Seeded hazard cases cycling through HAZARD_KINDS, drawn from the synthetic concern database `db`. */
export function hazardCases(seed: number, db: readonly ConcernInput[], o: HazardCaseOptions): HazardCase[] {
  const rng = mulberry32(seed);
  const dna = db.filter((c) => c.kind !== 'protein');
  const prot = db.filter((c) => c.kind === 'protein');
  const [lo, hi] = o.lengthNt ?? [220, 600];
  const flank = o.maxFlankNt ?? 1500;
  const out: HazardCase[] = [];
  for (let i = 0; i < o.count; i++) {
    let kind = HAZARD_KINDS[i % HAZARD_KINDS.length] as HazardKind;
    if (kind.startsWith('back-translated') && prot.length === 0) kind = 'exact';
    const id = `HZ-${String(i + 1).padStart(4, '0')}-${kind}`;
    const want = lo + rng.int(hi - lo + 1);
    const rec = (seq: string, n = 0) => ({ id: `${id}-r${n}`, sequence: seq, kind: 'dna' as const });
    const order = (records: OrderInput['records'], n = 0): OrderInput => ({ id: `${id}-o${n}`, date: o.date, records });
    if (kind.startsWith('back-translated')) {
      const c = rng.pick(prot);
      const aaLen = Math.min(c.sequence.length, Math.ceil(want / 3));
      const start = rng.int(c.sequence.length - aaLen + 1);
      let dnaSeq = backTranslate(rng, c.sequence.slice(start, start + aaLen));
      if (kind === 'back-translated-revcomp') dnaSeq = reverseComplement(dnaSeq);
      const e = embed(rng, dnaSeq, dnaSeq.length + rng.int(flank));
      out.push({ id, kind, concernId: c.id, hazardNt: dnaSeq.length, orders: [order([rec(e.sequence)])] });
      continue;
    }
    const c = rng.pick(dna);
    const len = Math.min(c.sequence.length, want);
    const start = rng.int(c.sequence.length - len + 1);
    let frag = c.sequence.slice(start, start + len);
    switch (kind) {
      case 'exact':
        out.push({ id, kind, concernId: c.id, hazardNt: len, orders: [order([rec(frag)])] });
        continue;
      case 'reverse-complement':
        frag = reverseComplement(frag);
        break;
      case 'point-mutated':
        frag = pointMutate(rng, frag).sequence;
        break;
      case 'point-mutated-revcomp':
        frag = reverseComplement(pointMutate(rng, frag).sequence);
        break;
      case 'split-orders':
      case 'split-oligo-pool': {
        // Pieces each below the 200 nt threshold and at least 40 nt long.
        const parts = Math.min(Math.floor(len / 40), Math.max(Math.ceil(len / 180), 2 + rng.int(3)));
        const pieces = splitSequence(frag, parts).map((p) => (rng.next() < 0.5 ? reverseComplement(p) : p));
        if (kind === 'split-orders') {
          const orders = pieces.map((p, n) => order([rec(embed(rng, p, p.length + rng.int(400)).sequence, 0)], n));
          out.push({ id, kind, concernId: c.id, hazardNt: len, orders });
        } else {
          out.push({ id, kind, concernId: c.id, hazardNt: len, orders: [order(pieces.map((p, n) => rec(p, n)))] });
        }
        continue;
      }
      default:
        break;
    }
    const e = embed(rng, frag, frag.length + rng.int(flank));
    out.push({ id, kind, concernId: c.id, hazardNt: len, orders: [order([rec(e.sequence)])] });
  }
  return out;
}
