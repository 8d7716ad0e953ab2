/**
 * Sequence primitives for synthesis screening: alphabets, normalisation (uppercase, RNA U→T), reverse complement
 * with IUPAC ambiguity codes, the standard genetic code (NCBI translation table 1) and six-frame translation.
 * Sequences are handled as strings at the edges and as small-integer codes (`Uint8Array`) in the hot loops.
 * @module
 */

/** IUPAC nucleotide codes accepted in DNA/RNA orders (U only in RNA; normalised to T). */
export const IUPAC_NUCLEOTIDES = 'ACGTURYSWKMBDHVN';
/** IUPAC amino-acid codes accepted in protein records (`*` = stop, `X` = any, B/Z/J ambiguity, U/O rare residues). */
export const IUPAC_AMINO_ACIDS = 'ACDEFGHIKLMNPQRSTVWYBZJXUO*';

const COMPLEMENT: Record<string, string> = {
  A: 'T',
  C: 'G',
  G: 'C',
  T: 'A',
  U: 'A',
  R: 'Y',
  Y: 'R',
  S: 'S',
  W: 'W',
  K: 'M',
  M: 'K',
  B: 'V',
  V: 'B',
  D: 'H',
  H: 'D',
  N: 'N',
};

/** Uppercases and maps U→T, so DNA and RNA orders share one representation. Does not validate. */
export function normaliseNucleotides(seq: string): string {
  return seq.toUpperCase().replace(/U/g, 'T');
}

/**
 * Reverse complement with IUPAC ambiguity codes (R↔Y, K↔M, B↔V, D↔H; S, W, N self-complementary).
 * Input is normalised first (U→T); a character outside the IUPAC nucleotide set throws.
 */
export function reverseComplement(seq: string): string {
  const s = normaliseNucleotides(seq);
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) {
    const c = COMPLEMENT[s[i] as string];
    if (c === undefined) throw new Error(`reverseComplement: non-IUPAC nucleotide '${s[i]}' at position ${i + 1}`);
    out += c;
  }
  return out;
}

/** Standard genetic code (NCBI table 1), codons in TCAG order: index = 16·b1 + 4·b2 + b3 with T=0, C=1, A=2, G=3. */
const TABLE1_TCAG = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';

/** Nucleotide codes used internally: A=0, C=1, G=2, T=3; anything else (ambiguity, separators) ≥ 4. */
export const NT_CODE = new Uint8Array(256).fill(4);
for (const [c, v] of [
  ['A', 0],
  ['C', 1],
  ['G', 2],
  ['T', 3],
  ['U', 3],
  ['a', 0],
  ['c', 1],
  ['g', 2],
  ['t', 3],
  ['u', 3],
] as const)
  NT_CODE[c.charCodeAt(0)] = v;

/** Amino-acid codes used internally: the 20 standard residues 0–19, stop `*` = 20, anything else (X, B, Z…) = 21. */
export const AA_LETTERS = 'ACDEFGHIKLMNPQRSTVWY*';
export const AA_UNKNOWN = 21;
export const AA_CODE = new Uint8Array(256).fill(AA_UNKNOWN);
for (let i = 0; i < AA_LETTERS.length; i++) {
  AA_CODE[AA_LETTERS.charCodeAt(i)] = i;
  AA_CODE[AA_LETTERS.toLowerCase().charCodeAt(i)] = i;
}

/** Codon table over internal nucleotide codes: index 16·a + 4·b + c (A=0, C=1, G=2, T=3) → amino-acid code. */
export const CODON_TO_AA = new Uint8Array(64);
{
  const tcagToAcgt = [3, 1, 0, 2]; // T, C, A, G → our codes
  for (let i = 0; i < 64; i++) {
    const b1 = tcagToAcgt[i >> 4] as number;
    const b2 = tcagToAcgt[(i >> 2) & 3] as number;
    const b3 = tcagToAcgt[i & 3] as number;
    CODON_TO_AA[b1 * 16 + b2 * 4 + b3] = AA_CODE[TABLE1_TCAG.charCodeAt(i)] as number;
  }
}

/** The standard genetic code as a codon → one-letter amino-acid map (64 DNA codons). */
export const GENETIC_CODE: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = {};
  const b = 'ACGT';
  for (let i = 0; i < 64; i++) {
    out[`${b[i >> 4]}${b[(i >> 2) & 3]}${b[i & 3]}`] = AA_LETTERS[CODON_TO_AA[i] as number] as string;
  }
  return out;
})();

/** Synonymous codons per amino acid (and `*`), from table 1. */
export const CODONS_FOR: Readonly<Record<string, readonly string[]>> = (() => {
  const out: Record<string, string[]> = {};
  for (const [codon, aa] of Object.entries(GENETIC_CODE)) {
    const list = out[aa] ?? [];
    list.push(codon);
    out[aa] = list;
  }
  return out;
})();

export function encodeNucleotides(seq: string): Uint8Array {
  const out = new Uint8Array(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = NT_CODE[seq.charCodeAt(i) & 255] as number;
  return out;
}

export function encodeAminoAcids(seq: string): Uint8Array {
  const out = new Uint8Array(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = AA_CODE[seq.charCodeAt(i) & 255] as number;
  return out;
}

export function decodeAminoAcids(codes: Uint8Array): string {
  let s = '';
  for (const c of codes) s += c < AA_LETTERS.length ? AA_LETTERS[c] : 'X';
  return s;
}

/** Reverse complement over internal codes (ambiguous codes stay ambiguous, as code 4). */
export function reverseComplementCodes(codes: Uint8Array): Uint8Array {
  const n = codes.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = codes[n - 1 - i] as number;
    out[i] = c < 4 ? 3 - c : c;
  }
  return out;
}

/** Translates codes from `start` in steps of 3; a codon with any ambiguous base becomes `X` (code 21). */
export function translateCodes(codes: Uint8Array, start: number): Uint8Array {
  const n = Math.max(0, Math.floor((codes.length - start) / 3));
  const out = new Uint8Array(n);
  for (let i = 0, j = start; i < n; i++, j += 3) {
    const a = codes[j] as number;
    const b = codes[j + 1] as number;
    const c = codes[j + 2] as number;
    out[i] = a < 4 && b < 4 && c < 4 ? (CODON_TO_AA[a * 16 + b * 4 + c] as number) : AA_UNKNOWN;
  }
  return out;
}

/** Reading frame: +1, +2, +3 on the given strand, −1, −2, −3 on the reverse complement. */
export type ReadingFrame = 1 | 2 | 3 | -1 | -2 | -3;
export const READING_FRAMES: readonly ReadingFrame[] = [1, 2, 3, -1, -2, -3];

/** Translation of one reading frame (standard code). */
export function translate(dna: string, frame: ReadingFrame = 1): string {
  const codes = encodeNucleotides(normaliseNucleotides(dna));
  const strand = frame > 0 ? codes : reverseComplementCodes(codes);
  return decodeAminoAcids(translateCodes(strand, Math.abs(frame) - 1));
}

/** All six reading frames, keyed by frame. */
export function sixFrameTranslation(dna: string): Record<ReadingFrame, string> {
  const out = {} as Record<ReadingFrame, string>;
  for (const f of READING_FRAMES) out[f] = translate(dna, f);
  return out;
}

/**
 * Maps an amino-acid interval [aaStart, aaEnd) of frame `frame` back to the nucleotide interval it was read from,
 * in forward-strand coordinates of a sequence of length `ntLength`.
 */
export function frameIntervalToNt(
  frame: ReadingFrame,
  aaStart: number,
  aaEnd: number,
  ntLength: number,
): [number, number] {
  const off = Math.abs(frame) - 1;
  if (frame > 0) return [off + 3 * aaStart, off + 3 * aaEnd];
  return [ntLength - off - 3 * aaEnd, ntLength - off - 3 * aaStart];
}
