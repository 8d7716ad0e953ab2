/**
 * E.164 telephone number → the countries its calling code can belong to. Only the calling code is read: +1 (NANP)
 * and +7 cover several countries and stay ambiguous rather than guessed, and an unknown code resolves to nothing.
 * The table covers the codes a KYC reviewer meets most often; it is not the full ITU-T E.164 assignment list
 * (ITU-T Recommendation E.164, Annex to ITU Operational Bulletin "List of ITU-T E.164 assigned country codes").
 * @module
 */
import type { CountryCode } from './types.js';

/** Calling code → ISO-2 countries sharing it. */
const CALLING_CODES: Readonly<Record<string, readonly CountryCode[]>> = {
  '1': ['US', 'CA', 'PR', 'GU', 'VI', 'AS', 'MP', 'BS', 'BB', 'AG', 'AI', 'BM', 'DM', 'DO', 'GD', 'JM', 'KN', 'KY'],
  '7': ['RU', 'KZ'],
  '20': ['EG'],
  '27': ['ZA'],
  '30': ['GR'],
  '31': ['NL'],
  '32': ['BE'],
  '33': ['FR'],
  '34': ['ES'],
  '36': ['HU'],
  '39': ['IT', 'VA'],
  '40': ['RO'],
  '41': ['CH'],
  '43': ['AT'],
  '44': ['GB', 'GG', 'JE', 'IM'],
  '45': ['DK'],
  '46': ['SE'],
  '47': ['NO', 'SJ'],
  '48': ['PL'],
  '49': ['DE'],
  '51': ['PE'],
  '52': ['MX'],
  '53': ['CU'],
  '54': ['AR'],
  '55': ['BR'],
  '56': ['CL'],
  '57': ['CO'],
  '58': ['VE'],
  '60': ['MY'],
  '61': ['AU'],
  '62': ['ID'],
  '63': ['PH'],
  '64': ['NZ'],
  '65': ['SG'],
  '66': ['TH'],
  '81': ['JP'],
  '82': ['KR'],
  '84': ['VN'],
  '86': ['CN'],
  '90': ['TR'],
  '91': ['IN'],
  '92': ['PK'],
  '93': ['AF'],
  '94': ['LK'],
  '95': ['MM'],
  '98': ['IR'],
  '212': ['MA'],
  '234': ['NG'],
  '254': ['KE'],
  '351': ['PT'],
  '352': ['LU'],
  '353': ['IE'],
  '358': ['FI'],
  '375': ['BY'],
  '380': ['UA'],
  '420': ['CZ'],
  '850': ['KP'],
  '852': ['HK'],
  '853': ['MO'],
  '855': ['KH'],
  '856': ['LA'],
  '880': ['BD'],
  '886': ['TW'],
  '961': ['LB'],
  '962': ['JO'],
  '963': ['SY'],
  '964': ['IQ'],
  '965': ['KW'],
  '966': ['SA'],
  '967': ['YE'],
  '968': ['OM'],
  '970': ['PS'],
  '971': ['AE'],
  '972': ['IL'],
  '973': ['BH'],
  '974': ['QA'],
  '992': ['TJ'],
  '993': ['TM'],
  '994': ['AZ'],
  '995': ['GE'],
  '996': ['KG'],
  '998': ['UZ'],
};

export interface PhoneCountry {
  readonly e164: string;
  /** The calling code matched, without "+"; undefined when the number is malformed or the code is not in the table. */
  readonly callingCode?: string;
  /** Countries sharing the calling code; empty when unresolved. */
  readonly countries: readonly CountryCode[];
  /** A malformed number (not "+" and 8–15 digits). */
  readonly malformed: boolean;
}

/** The countries an E.164 number's calling code belongs to. Spaces, dots, dashes and parentheses are ignored. */
export function phoneCountries(e164: string): PhoneCountry {
  const compact = e164.replace(/[\s().-]/g, '');
  if (!/^\+\d{8,15}$/.test(compact)) return { e164, countries: [], malformed: true };
  const digits = compact.slice(1);
  // E.164 calling codes are prefix-free: at most one of the 1-, 2- and 3-digit prefixes is assigned.
  for (const len of [1, 2, 3]) {
    const code = digits.slice(0, len);
    const countries = CALLING_CODES[code];
    if (countries) return { e164, callingCode: code, countries, malformed: false };
  }
  return { e164, countries: [], malformed: false };
}
