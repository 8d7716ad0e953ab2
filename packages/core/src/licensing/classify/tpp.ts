/**
 * Total processing performance (TPP) and performance density (PD), 15 CFR 774 Supp. 1, ECCN 3A090,
 * Technical Note 2 to 3A090.a and .b:
 * - TPP = 2 × MacTOPS × bit length; "2 × MacTOPS may correspond to the reported TOPS or FLOPS on a datasheet";
 * - where several bit lengths give different TPPs, the highest is evaluated;
 * - dense figures are used: a figure stated with sparsity is halved;
 * - PD = TPP / applicable die area (logic dies on a non-planar process node), mm².
 * @module
 */
import type { PrecisionFigure } from '../types.js';
import { clean, fmt } from './format.js';

/** One precision's contribution to the TPP. */
export interface PrecisionTpp {
  readonly precision: string;
  readonly bitLength: number;
  /** The figure as stated. */
  readonly statedTops: number;
  readonly sparse: boolean;
  /** Dense TOPS used (stated, or stated ÷ 2 for a sparsity figure). */
  readonly denseTops: number;
  readonly tpp: number;
}

/** Every precision's TPP, in input order. */
export function tppByPrecision(figures: readonly PrecisionFigure[]): PrecisionTpp[] {
  return figures.map((f) => {
    const sparse = f.sparse === true;
    const denseTops = clean(sparse ? f.tops / 2 : f.tops);
    return {
      precision: f.precision,
      bitLength: f.bitLength,
      statedTops: f.tops,
      sparse,
      denseTops,
      tpp: clean(denseTops * f.bitLength),
    };
  });
}

/** The highest-TPP precision (ties: the first listed). */
export function bestPrecision(rows: readonly PrecisionTpp[]): PrecisionTpp | undefined {
  let best: PrecisionTpp | undefined;
  for (const r of rows) if (!best || r.tpp > best.tpp) best = r;
  return best;
}

/**
 * TPP = max over precisions of (dense TOPS × bit length); sparse figures are halved. `precision` is the
 * winning precision's label. Undefined when no figure is given. Does not validate (classify does).
 */
export function tpp(figures: readonly PrecisionFigure[]): { tpp: number; precision: string } | undefined {
  const best = bestPrecision(tppByPrecision(figures));
  return best ? { tpp: best.tpp, precision: best.precision } : undefined;
}

/** PD = TPP / non-planar logic die area (mm²). */
export function performanceDensity(tppValue: number, dieAreaMm2: number): number {
  return clean(tppValue / dieAreaMm2);
}

/** "FP8: 3,958 TFLOPS (sparse, halved to 1,979) × 8 bits = 15,832". */
export function describePrecision(r: PrecisionTpp): string {
  const tops = r.sparse
    ? `${fmt(r.statedTops)} (sparse, halved to ${fmt(r.denseTops)})`
    : `${fmt(r.denseTops)} (dense)`;
  return `${r.precision}: ${tops} × ${r.bitLength} bits = ${fmt(r.tpp)}`;
}
