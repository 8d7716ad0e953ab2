/**
 * Step 1 (Part 734): is the item subject to the EAR? US-origin or in the US (§734.3(a)(1)–(2)); foreign-made items via
 * de minimis (§734.4: 25%, 10% for E:1/E:2, zero for the SME cases) or a foreign direct product rule (§734.9).
 * Evaluated per layer: §734.9(h) reads "any location worldwide" as written (AI Diffusion) but BIS enforces the
 * pre-Diffusion scope.
 * @module
 */
import type { Cond, Layer, RuleLayer } from '../rules/types.js';
import type { Citation, ISODate } from '../types.js';
import { type EvalCtx, evaluate, type Tri } from './conditions.js';
import { inRange } from './dates.js';
import type { Answer } from './types.js';

interface BasisRule {
  readonly id: string;
  readonly basis: string;
  readonly layer: RuleLayer;
  readonly validFrom: ISODate;
  readonly validTo?: ISODate;
  readonly when: Cond;
  readonly citation: Citation;
}

const MACAU_D5: Cond = { dest: { set: 'MACAU_D5' } };
const HQ_MD5: Cond = { partyHq: { set: 'MACAU_D5' }, roles: ['purchaser', 'ultimate-consignee', 'end-user'] };

/** Foreign direct product rules (product scope: produced from listed US technology/software or plants — the usContent fact). */
export const FDP_RULES: readonly BasisRule[] = [
  {
    id: 'FDP-734.9h-2022',
    basis: 'FDP §734.9(h) advanced computing (2022 text: destined to China)',
    layer: 'both',
    validFrom: '2022-10-07',
    validTo: '2023-11-16',
    when: { all: [{ item: ['@AC_ANY'] }, { dest: { iso2: ['CN'] } }] },
    citation: { cfr: '15 CFR 734.9(h) (2022 text)', fr: '87 FR 62186' },
  },
  {
    id: 'FDP-734.9h-2023',
    basis: 'FDP §734.9(h) advanced computing (Macau/D:1/D:4/D:5 excl. A:5/A:6, or Macau/D:5-HQ party)',
    layer: 'both',
    validFrom: '2023-11-17',
    validTo: '2025-01-12',
    when: { all: [{ item: ['@AC_ANY'] }, { any: [{ dest: { set: 'AC_DEST' } }, HQ_MD5] }] },
    citation: { cfr: '15 CFR 734.9(h)(1)', fr: '88 FR 73458' },
  },
  {
    id: 'FDP-734.9h-enforced',
    basis: 'FDP §734.9(h) advanced computing (enforced pre-Diffusion scope)',
    layer: 'enforced',
    validFrom: '2025-01-13',
    when: { all: [{ item: ['@AC_ANY'] }, { any: [{ dest: { set: 'AC_DEST' } }, HQ_MD5] }] },
    citation: { cfr: '15 CFR 734.9(h)(1) (pre-Diffusion scope)', note: 'EWY fdp.ts; BIS 2025-05-13' },
  },
  {
    id: 'FDP-734.9h-diffusion',
    basis: 'FDP §734.9(h)(1)(i) advanced computing ("any location worldwide", AI Diffusion text)',
    layer: 'asWritten',
    validFrom: '2025-01-13',
    when: { item: ['@AC_ANY'] },
    citation: { cfr: '15 CFR 734.9(h)(1)(i)', fr: '90 FR 4544' },
  },
  {
    id: 'FDP-734.9e1',
    basis: 'FDP §734.9(e)(1) Entity List Footnote 1',
    layer: 'both',
    validFrom: '2022-10-07',
    when: { entityList: 1 },
    citation: { cfr: '15 CFR 734.9(e)(1)' },
  },
  {
    id: 'FDP-734.9e2',
    basis: 'FDP §734.9(e)(2) Entity List Footnote 4',
    layer: 'both',
    validFrom: '2022-10-07',
    when: { entityList: 4 },
    citation: { cfr: '15 CFR 734.9(e)(2)', fr: '87 FR 62186' },
  },
  {
    id: 'FDP-734.9e3',
    basis: 'FDP §734.9(e)(3) Entity List Footnote 5 (SME)',
    layer: 'both',
    validFrom: '2024-12-02',
    when: { all: [{ entityList: 5 }, { item: ['@SME_3B'] }] },
    citation: { cfr: '15 CFR 734.9(e)(3)', fr: '89 FR 96790' },
  },
  {
    id: 'FDP-734.9g',
    basis: 'FDP §734.9(g) Russia/Belarus military end user (Footnote 3)',
    layer: 'both',
    validFrom: '2022-10-07',
    when: { entityList: 3 },
    citation: { cfr: '15 CFR 734.9(g)' },
  },
  {
    id: 'FDP-734.9i',
    basis: 'FDP §734.9(i) supercomputer (PRC or Macau)',
    layer: 'both',
    validFrom: '2022-10-07',
    when: { all: [{ dest: { iso2: ['CN', 'MO'] } }, { endUse: 'supercomputer' }] },
    citation: { cfr: '15 CFR 734.9(i)' },
  },
  {
    id: 'FDP-734.9k',
    basis: 'FDP §734.9(k) SME (Macau/D:5)',
    layer: 'both',
    validFrom: '2024-12-02',
    when: { all: [{ item: ['@SME_KEY'] }, MACAU_D5] },
    citation: { cfr: '15 CFR 734.9(k)', fr: '89 FR 96790' },
  },
  {
    id: 'FDP-734.9l',
    basis: 'FDP §734.9(l) AI model weights (AI Diffusion text)',
    layer: 'asWritten',
    validFrom: '2025-01-13',
    when: { item: ['@WEIGHTS'] },
    citation: { cfr: '15 CFR 734.9(l)', fr: '90 FR 4544' },
  },
];

/** Zero de minimis (§734.4(a)(8)–(9)): SME containing a US-origin IC. */
const ZERO_DE_MINIMIS: readonly BasisRule[] = [
  {
    id: 'DM-734.4a8',
    basis: 'no de minimis §734.4(a)(8): SME-FDP paragraph containing a US-origin IC, to Macau/D:5',
    layer: 'both',
    validFrom: '2024-12-02',
    when: { all: [{ item: ['@SME_KEY'] }, { containsUsIc: true }, MACAU_D5] },
    citation: { cfr: '15 CFR 734.4(a)(8)', fr: '89 FR 96790' },
  },
  {
    id: 'DM-734.4a9',
    basis:
      'no de minimis §734.4(a)(9): 3B item containing a US-origin IC, to a Footnote 5 entity or a Macau/D:5 advanced-node facility',
    layer: 'both',
    validFrom: '2024-12-02',
    when: {
      all: [
        { item: ['@SME_3B'] },
        { containsUsIc: true },
        { any: [{ entityList: 5 }, { all: [MACAU_D5, { endUse: 'advancedNodeFab' }] }] },
      ],
    },
    citation: { cfr: '15 CFR 734.4(a)(9)', fr: '89 FR 96790' },
  },
];

export interface SubjectResult {
  readonly answer: Answer;
  readonly basis: string[];
  readonly citations: Citation[];
  readonly unknowns: string[];
  readonly ruleIds: string[];
}

const active = (r: BasisRule, date: ISODate, layer: Layer) =>
  inRange(date, r.validFrom, r.validTo) && (r.layer === 'both' || r.layer === layer);

export function subjectToEar(ctx: EvalCtx): SubjectResult {
  const f = ctx.facts;
  const uc = f.caseFile.usContent;
  if (uc.usOriginItem) {
    return {
      answer: 'yes',
      basis: ['US-origin item (§734.3(a)(2))'],
      citations: [{ cfr: '15 CFR 734.3(a)(2)' }],
      unknowns: [],
      ruleIds: [],
    };
  }
  if (f.shipFrom === 'US') {
    return {
      answer: 'yes',
      basis: ['item in the United States (§734.3(a)(1))'],
      citations: [{ cfr: '15 CFR 734.3(a)(1)' }],
      unknowns: [],
      ruleIds: [],
    };
  }
  const basis: string[] = [];
  const citations: Citation[] = [];
  const unknowns: string[] = [];
  const ruleIds: string[] = [];
  let answer: Tri = 0;
  // zero de minimis
  for (const r of ZERO_DE_MINIMIS) {
    if (!active(r, f.date, ctx.layer)) continue;
    const v = evaluate(r.when, ctx);
    if (v.value === 1) {
      basis.push(r.basis);
      citations.push(r.citation);
      ruleIds.push(r.id);
      answer = 1;
    }
  }
  // de minimis percentage
  if (answer !== 1) {
    const e12 = ctx.facts.compiled.groupsAt(f.dest, f.date, ctx.layer).groups;
    const threshold = e12.has('E:1') || e12.has('E:2') ? 10 : 25;
    const cite: Citation = { cfr: threshold === 10 ? '15 CFR 734.4(c)' : '15 CFR 734.4(d)' };
    const pct = uc.usControlledContentPct;
    if (pct === undefined) {
      unknowns.push('usContent.usControlledContentPct');
      answer = 2;
    } else if (pct > threshold) {
      basis.push(
        `de minimis: controlled US content ${pct}% exceeds ${threshold}% (§734.4(${threshold === 10 ? 'c' : 'd'}))`,
      );
      citations.push(cite, { cfr: '15 CFR 734 Supp. 2' });
      answer = 1;
    } else {
      basis.push(
        `de minimis: controlled US content ${pct}% does not exceed ${threshold}% (§734.4(${threshold === 10 ? 'c' : 'd'})) — not subject on that basis`,
      );
      citations.push(cite);
    }
  }
  // foreign direct product rules
  if (answer !== 1 && uc.foreignProducedFromUsTechnology !== false) {
    for (const r of FDP_RULES) {
      if (!active(r, f.date, ctx.layer)) continue;
      const v = evaluate(r.when, ctx);
      if (v.value === 0) continue;
      if (uc.foreignProducedFromUsTechnology === undefined) {
        unknowns.push('usContent.foreignProducedFromUsTechnology', ...v.unknowns);
        answer = 2;
        continue;
      }
      if (v.value === 1) {
        basis.push(r.basis);
        citations.push(r.citation);
        ruleIds.push(r.id);
        answer = 1;
        break;
      }
      unknowns.push(...v.unknowns);
      answer = 2;
    }
  }
  if (answer === 0 && basis.length === 0) basis.push('foreign-made item outside the de minimis and FDP rules');
  return {
    answer: answer === 1 ? 'yes' : answer === 2 ? 'unknown' : 'no',
    basis,
    citations,
    unknowns: answer === 1 ? [] : [...new Set(unknowns)],
    ruleIds,
  };
}
