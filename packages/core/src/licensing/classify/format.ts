/** Number formatting for reasoning text (en-US grouping, at most two decimals). @module */

/** Rounds away floating-point noise (1e-6) so that e.g. 2,614.9 × 8 is exactly 20,919.2. */
export function clean(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export function fmt(n: number, maxDecimals = 2): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: maxDecimals });
}
