/**
 * Pure date helpers on ISO `YYYY-MM-DD` strings (the core never reads the clock).
 * @module
 */
import type { ISODate } from '../types.js';

/** `date` plus `days` (may be negative), as an ISO date. */
export function addDays(date: ISODate, days: number): ISODate {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** True when `date` is within [from, to] (to inclusive, open when undefined). */
export function inRange(date: ISODate, from: ISODate, to?: ISODate): boolean {
  return date >= from && (to === undefined || date <= to);
}
