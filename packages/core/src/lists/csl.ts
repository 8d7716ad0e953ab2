/**
 * Reads the trade.gov Consolidated Screening List CSV (29 columns, all sources) into list entries.
 * Column order: W `pkg/sources/csl_us/reader.go`; encodings: docs/research/screening.md §3.2.
 * @module
 */

import type { EntryAddress, EntryIdentifier, EntryName, ListEntry, PartyType } from '../screening/types.js';
import { isCountryCode } from '../util/countries.js';
import { isCsvProblem, readCsv } from '../util/csv.js';
import { splitListedName } from './listed-name.js';
import { hasInvalidUtf8, type ListParseResult, MAX_NAME_LENGTH, type RowProblem } from './parse-result.js';
import { sourceFromCslString } from './sources.js';

export const CSL_COLUMNS = [
  '_id',
  'source',
  'entity_number',
  'type',
  'programs',
  'name',
  'title',
  'addresses',
  'federal_register_notice',
  'start_date',
  'end_date',
  'standard_order',
  'license_requirement',
  'license_policy',
  'call_sign',
  'vessel_type',
  'gross_tonnage',
  'gross_registered_tonnage',
  'vessel_flag',
  'vessel_owner',
  'remarks',
  'source_list_url',
  'alt_names',
  'citizenships',
  'dates_of_birth',
  'nationalities',
  'places_of_birth',
  'source_information_url',
  'ids',
] as const;

type Column = (typeof CSL_COLUMNS)[number];
type Row = Record<Column, string>;

const TYPES: Record<string, PartyType> = {
  individual: 'person',
  entity: 'organization',
  vessel: 'vessel',
  aircraft: 'aircraft',
};

function splitList(s: string): string[] {
  return s
    .split(/;\s*/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

function parseAddresses(s: string): EntryAddress[] {
  return splitList(s).map((text) => {
    const last = text.split(',').pop()?.trim() ?? '';
    return isCountryCode(last) ? { text, country: last } : { text };
  });
}

function parseIds(s: string): EntryIdentifier[] {
  return splitList(s).flatMap((item) => {
    const parts = item.split(/,\s*/);
    const [type, number, country] = parts;
    if (!type || !number) return [];
    // A trailing ISO-2 field is the issuing country; anything else belongs to the number.
    if (parts.length >= 3 && country && isCountryCode(country) && parts.length === 3)
      return [{ type, number, country }];
    return [{ type, number: parts.slice(1).join(', ') }];
  });
}

function countryCodes(s: string): string[] {
  return splitList(s.replace(/,/g, ';')).filter(isCountryCode);
}

function toEntry(row: Row): ListEntry | string {
  const source = sourceFromCslString(row.source);
  if (!source) return `unknown source "${row.source.slice(0, 80)}"`;
  if (!row._id) return 'missing _id';
  const rawName = row.name.trim();
  if (!rawName) return 'empty name';
  if (rawName.length > MAX_NAME_LENGTH) return `name longer than ${MAX_NAME_LENGTH} characters`;
  const type = TYPES[row.type.trim().toLowerCase()] ?? 'unknown';
  const names: EntryName[] = splitListedName(rawName);
  const seen = new Set(names.map((n) => n.value.toLowerCase()));
  for (const alt of splitList(row.alt_names)) {
    if (alt.length > MAX_NAME_LENGTH) continue;
    for (const n of splitListedName(alt, 'alias')) {
      const key = n.value.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(n);
    }
  }
  const addresses = parseAddresses(row.addresses);
  const countries = [
    ...new Set([
      ...addresses.flatMap((a) => (a.country ? [a.country] : [])),
      ...countryCodes(row.nationalities),
      ...countryCodes(row.citizenships),
      ...(isCountryCode(row.vessel_flag.trim()) ? [row.vessel_flag.trim()] : []),
    ]),
  ];
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const listing = Object.fromEntries(
    Object.entries({
      programs: splitList(row.programs),
      federalRegisterNotice: opt(row.federal_register_notice),
      startDate: opt(row.start_date),
      endDate: opt(row.end_date),
      licenseRequirement: opt(row.license_requirement),
      licensePolicy: opt(row.license_policy),
      remarks: opt(row.remarks),
      sourceListUrl: opt(row.source_list_url),
      sourceInformationUrl: opt(row.source_information_url),
    }).filter(([, v]) => v !== undefined),
  ) as unknown as ListEntry['listing'];
  return {
    // OFAC reuses one id when an entity is on several of its lists (SDN and SSI), so the key is per source.
    key: `${source}:${row._id}`,
    source,
    type,
    names,
    addresses,
    countries,
    identifiers: parseIds(row.ids),
    datesOfBirth: splitList(row.dates_of_birth),
    listing,
  };
}

/**
 * Parses CSL CSV text. A bad row (wrong column count, unknown source, empty or over-long name,
 * invalid UTF-8, duplicate `_id`) becomes a problem naming its line; every other row still loads.
 */
export function parseCsl(text: string): ListParseResult {
  const entries: ListEntry[] = [];
  const problems: RowProblem[] = [];
  const keys = new Set<string>();
  let header: string[] | undefined;
  for (const rec of readCsv(text)) {
    if (isCsvProblem(rec)) {
      problems.push({ row: rec.line, message: rec.message, severity: 'error' });
      continue;
    }
    if (!header) {
      header = rec.fields;
      const missing = CSL_COLUMNS.filter((c, i) => header?.[i] !== c);
      if (missing.length > 0) {
        problems.push({
          row: rec.line,
          message: `not a CSL header: expected columns ${CSL_COLUMNS.join(',')}`,
          severity: 'error',
        });
        return { format: 'csl-csv', entries, problems };
      }
      continue;
    }
    if (rec.fields[0] === '_id' && rec.fields[1] === 'source') {
      problems.push({ row: rec.line, message: 'repeated header row skipped', severity: 'warning' });
      continue;
    }
    if (rec.fields.length !== CSL_COLUMNS.length) {
      problems.push({
        row: rec.line,
        message: `expected ${CSL_COLUMNS.length} columns, found ${rec.fields.length}`,
        severity: 'error',
      });
      continue;
    }
    if (rec.fields.some(hasInvalidUtf8)) {
      problems.push({ row: rec.line, message: 'not valid UTF-8', severity: 'error' });
      continue;
    }
    const row = Object.fromEntries(CSL_COLUMNS.map((c, i) => [c, rec.fields[i] ?? ''])) as Row;
    const entry = toEntry(row);
    if (typeof entry === 'string') {
      problems.push({ row: rec.line, message: entry, severity: 'error' });
      continue;
    }
    if (keys.has(entry.key)) {
      problems.push({ row: rec.line, message: `duplicate _id ${row._id} in ${entry.source}`, severity: 'error' });
      continue;
    }
    keys.add(entry.key);
    entries.push(entry);
  }
  if (!header) problems.push({ row: 1, message: 'empty file', severity: 'error' });
  return { format: 'csl-csv', entries, problems };
}
