/**
 * Dated country lists (countries of concern, Country Group D:5, special-measure jurisdictions…) passed in by the
 * caller: the KYC core hard-codes no list. A membership holds from its `from` day (inclusive) to its `to` day
 * (exclusive), so a country that left the list (e.g. Cambodia's exit from D:5) stops matching on that day.
 * @module
 */
import { kycDay } from './days.js';
import type { CountryCode, DatedCountryEntry, DatedCountryList } from './types.js';

/** The entries of `list` in effect on `date`, keyed by ISO-2 country. */
export function countryListAt(
  list: DatedCountryList,
  date: string | Date,
): ReadonlyMap<CountryCode, DatedCountryEntry> {
  const day = kycDay(date);
  const out = new Map<CountryCode, DatedCountryEntry>();
  for (const e of list.entries) {
    if (e.from <= day && (e.to === undefined || day < e.to)) out.set(e.country.toUpperCase(), e);
  }
  return out;
}
