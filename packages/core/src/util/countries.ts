/**
 * ISO 3166-1 alpha-2 country codes: validation and resolution of the country names lists and
 * customers write ("Iran (Islamic Republic of)", "Korea, Democratic People's Republic of", "Viet Nam").
 * Names come from i18n-iso-countries (English); the extra aliases below cover UN and EAR spellings.
 * @module
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const english = require('i18n-iso-countries/langs/en.json') as { countries: Record<string, string | string[]> };

/** Spellings used by the UN list, the EAR and customers that the base table lacks. */
const EXTRA_NAMES: Record<string, readonly string[]> = {
  KP: ["Democratic People's Republic of Korea", 'DPRK', "Korea, Democratic People's Republic of"],
  KR: ['Korea, South'],
  VN: ['Viet Nam'],
  MM: ['Burma'],
  LA: ['Laos'],
  MO: ['Macau'],
  BO: ['Bolivia (Plurinational State of)'],
  VE: ['Venezuela (Bolivarian Republic of)'],
  FM: ['Micronesia (Federated States of)', 'Micronesia (Federated State of)'],
  MD: ['Republic of Moldova', 'Moldova'],
  CV: ['Cabo Verde'],
  SZ: ['Swaziland'],
  MK: ['Macedonia', 'The former Yugoslav Republic of Macedonia'],
  VA: ['Holy See', 'Vatican'],
  GB: ['United Kingdom of Great Britain and Northern Ireland'],
  BS: ['Bahamas, The'],
  GM: ['Gambia, The'],
  SC: ['Seycheles'],
  CD: ['Congo, Democratic Republic of the', 'Congo (Kinshasa)'],
  CG: ['Congo (Brazzaville)', 'Congo, Republic of the'],
  SY: ['Syria'],
  PS: ['Palestinian Territories', 'West Bank', 'Gaza'],
  AE: ['UAE', 'Emirates'],
  TW: ['Chinese Taipei'],
  IR: ['Iran (Islamic Republic of)'],
  TR: ['Turkiye'],
  XK: ['Republic of Kosovo'],
};

/** Lower-case, strip accents and punctuation, drop a leading "the". */
export function foldCountryName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const CODES = new Set<string>(Object.keys(english.countries));
const BY_NAME = new Map<string, string>();
const PRIMARY_NAME = new Map<string, string>();

function addName(code: string, name: string): void {
  const folded = foldCountryName(name);
  // "Congo" is both CD and CG in the base table: an ambiguous name resolves to nothing.
  const prior = BY_NAME.get(folded);
  if (prior !== undefined && prior !== code) BY_NAME.set(folded, '');
  else BY_NAME.set(folded, code);
  // "Korea, Republic of" is also written "Republic of Korea".
  const comma = /^(.*), (.*)$/.exec(name);
  if (comma?.[1] && comma[2]) addName(code, `${comma[2]} ${comma[1]}`);
}

for (const [code, names] of Object.entries(english.countries)) {
  const list = Array.isArray(names) ? names : [names];
  PRIMARY_NAME.set(code, list[0] ?? code);
  for (const n of list) addName(code, n);
}
for (const [code, names] of Object.entries(EXTRA_NAMES)) {
  CODES.add(code);
  for (const n of names) addName(code, n);
}

/** True for an assigned ISO 3166-1 alpha-2 code (plus XK, Kosovo, used by the lists). */
export function isCountryCode(code: string): boolean {
  return CODES.has(code);
}

/**
 * Resolves an ISO-2 code (any case) or a country name to its ISO-2 code, or undefined when the
 * input is unknown or ambiguous. Never guesses.
 */
export function countryCode(input: string): string | undefined {
  const trimmed = input.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const up = trimmed.toUpperCase();
    return CODES.has(up) ? up : undefined;
  }
  const folded = foldCountryName(trimmed);
  const direct = BY_NAME.get(folded);
  if (direct) return direct;
  if (direct === '') return undefined;
  // "Iran (Islamic Republic of)" → "Iran".
  const bare = foldCountryName(trimmed.replace(/\([^)]*\)/g, ' '));
  return BY_NAME.get(bare) || undefined;
}

export function countryName(code: string): string | undefined {
  return PRIMARY_NAME.get(code);
}
