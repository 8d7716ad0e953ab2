/**
 * ISO-day arithmetic for the KYC core: parse, shift and difference of YYYY-MM-DD days in UTC. No clock: every day
 * is given by the caller.
 * @module
 */
import type { IsoDay } from './types.js';

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** UTC milliseconds of an ISO day; throws on anything else (a full timestamp is cut to its day). */
export function kycDayMs(day: string): number {
  const d = ISO_DAY.test(day) ? day : day.slice(0, 10);
  const ms = ISO_DAY.test(d) ? Date.parse(`${d}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== d) throw new Error(`invalid ISO day: ${day}`);
  return ms;
}

/** The ISO day of a date string or Date (UTC). */
export function kycDay(date: string | Date): IsoDay {
  if (typeof date === 'string') return new Date(kycDayMs(date)).toISOString().slice(0, 10);
  if (Number.isNaN(date.getTime())) throw new Error('invalid date');
  return date.toISOString().slice(0, 10);
}

/** `day` shifted by `n` days (negative goes back). */
export function addDays(day: IsoDay, n: number): IsoDay {
  return new Date(kycDayMs(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDay, b: IsoDay): number {
  return Math.round((kycDayMs(b) - kycDayMs(a)) / DAY_MS);
}
