/**
 * The bundled rule pack: everything in data/ assembled into one {@link RulePack}. Column-based CCL rows become
 * requirement rules `CCL-<ECCN>-<column>` here.
 * @module
 */

import { CCL } from './data/ccl.js';
import { COUNTRY_GROUPS, PACK_START } from './data/country-groups.js';
import { EXCEPTIONS } from './data/exceptions.js';
import { FLAGS } from './data/flags.js';
import { REGULATIONS } from './data/regulations.js';
import { REQUIREMENTS } from './data/requirements.js';
import { REVIEW_POLICIES } from './data/review-policies.js';
import { DEST_SETS, ITEM_GROUPS } from './data/sets.js';
import type { RequirementRule, RulePack } from './types.js';

const maxDate = (a: string, b: string) => (a > b ? a : b);

/** Requirement rules generated from the CCL entries' Country-Chart rows. */
export function chartRequirements(ccl: RulePack['ccl']): RequirementRule[] {
  const out: RequirementRule[] = [];
  for (const e of ccl) {
    for (const k of e.controls) {
      if (!k.column) continue;
      const family = ['NS', 'MT', 'EI', 'AT'].includes(k.reason) ? `CHART-${k.reason}` : 'CHART';
      out.push({
        id: `CCL-${e.eccn}-${k.column}`,
        reason: k.reason,
        text: `${e.eccn}: ${k.text}`,
        when: { all: [{ item: k.paragraphs ?? [e.eccn] }, { chart: k.column }] },
        layer: 'both',
        regulation: 'FR-2022-21658',
        enforcement: [],
        validFrom: maxDate(e.validFrom, k.validFrom),
        ...(e.validTo ? { validTo: e.validTo } : {}),
        policyFamily: family,
        citations: [k.citation],
      });
    }
  }
  return out;
}

export const BUNDLED_RULES: RulePack = {
  id: 'stackport-ear-ai-stack',
  version: '2026.11.22-1',
  asOf: '2026-11-22',
  description:
    'EAR rules for the AI technology stack (advanced computing, HBM, SME, model weights, Part 744 end-user/end-use controls, Part 746 embargoes), legal baseline eCFR 2026-09-24 plus FR actions and BIS guidance through 2026-11-22 (docs/research/ear-rules.md).',
  validFrom: PACK_START,
  horizonDays: 90,
  countryGroups: COUNTRY_GROUPS,
  destSets: DEST_SETS,
  itemGroups: ITEM_GROUPS,
  requirements: [...REQUIREMENTS, ...chartRequirements(CCL)],
  reviewPolicies: REVIEW_POLICIES,
  exceptions: EXCEPTIONS,
  regulations: REGULATIONS,
  ccl: CCL,
  flagCatalogue: FLAGS,
};
