/** Half-open integer intervals [start, end): union and covered length. @module */

export type Interval = readonly [number, number];

/** Sorted, merged union of intervals (touching intervals merge). */
export function unionIntervals(xs: readonly Interval[]): [number, number][] {
  const sorted = xs.filter(([a, b]) => b > a).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Total length covered by the union of intervals. */
export function coveredLength(xs: readonly Interval[]): number {
  let n = 0;
  for (const [a, b] of unionIntervals(xs)) n += b - a;
  return n;
}
