/**
 * The default, dated country-of-concern policy for the program. Configurable data: callers pass their own
 * `CountryOfConcernPolicy` (a later Call may change the list), and every finding names the policy id and version.
 * @module
 */
import type { CountryOfConcernPolicy } from './checks.js';
import { REQ, requirementById } from './requirements.js';

const CFP = '2026-04-10';

export const DEFAULT_COUNTRY_OF_CONCERN_POLICY: CountryOfConcernPolicy = {
  id: 'aiexp-countries-of-concern',
  version: '2026-04-10',
  title: 'American AI Exports Program: countries of concern (FR Doc 2026-06952, as summarised)',
  citation: requirementById(REQ.countryOfConcern).citation,
  entries: [
    {
      country: 'CN',
      from: CFP,
      scope: 'all',
      severity: 'blocking',
      source: 'FR Doc 2026-06952: "currently China, including Macau and Hong Kong" [S: R8]',
    },
    {
      country: 'HK',
      from: CFP,
      scope: 'all',
      severity: 'blocking',
      source: 'FR Doc 2026-06952: "currently China, including Macau and Hong Kong" [S: R8]',
    },
    {
      country: 'MO',
      from: CFP,
      scope: 'all',
      severity: 'blocking',
      source: 'FR Doc 2026-06952: "currently China, including Macau and Hong Kong" [S: R8]',
    },
    {
      country: 'RU',
      from: CFP,
      scope: 'providers',
      severity: 'advisory',
      source:
        'FR Doc 2026-06952 as summarised: data, software, cybersecurity or application providers "cannot be incorporated or primarily based in countries like China or Russia" [S: R9]',
      note: 'One secondary summary only; advisory until the Call text is checked.',
    },
  ],
};
