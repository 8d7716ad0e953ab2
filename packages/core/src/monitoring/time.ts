/** ISO time helpers (pure: times are data). @module */
export const HOUR_MS = 3_600_000;

export function toMs(iso: string): number {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new RangeError(`not an ISO time: ${iso}`);
  return t;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
