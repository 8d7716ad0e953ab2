import { describe, expect, it } from 'vitest';
import type { CaseFile } from '../determine/index.js';
import { determine } from '../determine/index.js';
import { type Classification, LicensingInputError } from '../types.js';
import {
  BUNDLED_RULES,
  checkReferences,
  type DraftRulePack,
  DraftRulePackSchema,
  diffRules,
  mergeRulePack,
  parseRulePack,
  RulePackSchema,
} from './index.js';

const REQUIRED_ECCNS = [
  '3A090',
  '4A090',
  '3A001',
  '3A991',
  '4A003',
  '4A004',
  '4A005',
  '4A994',
  '5A002',
  '5A004',
  '5A992',
  '5D002',
  '5D992',
  '3B001',
  '3B002',
  '3B993',
  '3B994',
  '3D001',
  '3D992',
  '3D993',
  '3D994',
  '3E001',
  '3E992',
  '3E993',
  '3E994',
  '4D090',
  '4E001',
  '4E091',
  'EAR99',
];

describe('bundled rule pack', () => {
  it('validates against its own schema and has no dangling references', () => {
    expect(RulePackSchema.safeParse(BUNDLED_RULES).success).toBe(true);
    expect(checkReferences(BUNDLED_RULES)).toEqual([]);
    expect(parseRulePack(JSON.parse(JSON.stringify(BUNDLED_RULES))).id).toBe(BUNDLED_RULES.id);
  });
  it('covers the AI-stack CCL subset', () => {
    const eccns = new Set(BUNDLED_RULES.ccl.map((e) => e.eccn));
    for (const e of REQUIRED_ECCNS) expect(eccns, e).toContain(e);
  });
  it('every rule carries a citation and a validFrom on or after the pack start', () => {
    for (const r of [...BUNDLED_RULES.requirements, ...BUNDLED_RULES.reviewPolicies, ...BUNDLED_RULES.exceptions]) {
      expect(r.citations.length, r.id).toBeGreaterThan(0);
      expect(r.validFrom >= BUNDLED_RULES.validFrom, r.id).toBe(true);
    }
  });
  it('dates the UAE move to A:5 and the two Cambodia D:5 end dates', () => {
    const m = BUNDLED_RULES.countryGroups.memberships;
    expect(m.find((x) => x.iso2 === 'AE' && x.group === 'A:5')?.validFrom).toBe('2026-07-10');
    expect(m.find((x) => x.iso2 === 'AE' && x.group === 'D:4')?.validTo).toBe('2026-07-09');
    const kh = m.filter((x) => x.iso2 === 'KH' && x.group === 'D:5');
    expect(kh.map((x) => `${x.layer}:${x.validTo}`).sort()).toEqual(['asWritten:2026-02-02', 'enforced:2025-11-06']);
    expect(BUNDLED_RULES.countryGroups.countries.find((c) => c.iso2 === 'HK')?.aliasOf).toBe('CN');
  });
});

describe('diffRules', () => {
  it('reports the July-2026 UAE changes with citations', () => {
    const d = diffRules(BUNDLED_RULES, '2026-07-01', '2026-07-31');
    const subjects = d.map((c) => `${c.kind} ${c.subject}`);
    expect(subjects).toContain('membership-added AE A:5');
    expect(subjects).toContain('membership-removed AE D:4');
    expect(subjects).toContain('rule-start RS-AC-UAE-2026');
    expect(subjects).toContain('regulation-effective FR-2026-14132');
    for (const c of d) expect(c.citations.length).toBeGreaterThan(0);
  });
  it('reports the Affiliates suspension and the Cambodia split as enforcement / membership changes', () => {
    const d = diffRules(BUNDLED_RULES, '2025-11-01', '2025-11-30');
    expect(
      d.some(
        (c) => c.kind === 'enforcement-change' && c.subject === 'FR-2025-19001' && c.description.includes('stayed'),
      ),
    ).toBe(true);
    expect(d.some((c) => c.kind === 'membership-removed' && c.subject === 'KH D:5' && c.layer === 'enforced')).toBe(
      true,
    );
    expect(d.some((c) => c.kind === 'rule-end' && c.subject === 'AFF-744.11a1-2025')).toBe(true);
  });
  it('reports the AI Diffusion non-enforcement on 2025-05-13', () => {
    const d = diffRules(BUNDLED_RULES, '2025-05-01', '2025-05-31');
    expect(
      d.some(
        (c) => c.date === '2025-05-13' && c.kind === 'enforcement-change' && c.description.includes('not-enforced'),
      ),
    ).toBe(true);
  });
  it('is sorted by date and refuses reversed or malformed ranges', () => {
    const d = diffRules(BUNDLED_RULES, '2022-10-07', '2026-11-22');
    for (let i = 1; i < d.length; i++) expect(d[i - 1]!.date <= d[i]!.date).toBe(true);
    expect(() => diffRules(BUNDLED_RULES, '2026-01-01', '2025-01-01')).toThrow(LicensingInputError);
    expect(() => diffRules(BUNDLED_RULES, '2026/01/01', '2026-02-01')).toThrow(LicensingInputError);
  });
});

const SUBSYSTEM_DRAFT: DraftRulePack = {
  id: 'sme-subsystems-d5',
  description:
    'What-if: license requirement on named SME subsystems (3B993/3B994 components) to Macau/D:5 from 2026-12-01',
  regulations: [
    {
      id: 'DRAFT-SME-SUBSYSTEMS',
      title: 'Hypothetical SME subsystem rule',
      validFrom: '2026-12-01',
      citation: { note: 'what-if (AI Action Plan 2025-07-23)' },
    },
  ],
  requirements: [
    {
      id: 'DRAFT-RS-SME-SUBSYSTEMS-D5',
      reason: 'RS',
      text: 'Named SME subsystems: license to or within Macau or D:5 (what-if)',
      when: { all: [{ item: ['@SME_3B'] }, { smeSubsystem: true }, { dest: { set: 'MACAU_D5' } }] },
      layer: 'both',
      regulation: 'DRAFT-SME-SUBSYSTEMS',
      validFrom: '2026-12-01',
      policyFamily: '744.23d',
      citations: [{ note: 'what-if draft' }],
    },
  ],
};

const subsystem: Classification = {
  status: 'classified',
  eccn: '3B993.f.1',
  paragraphs: ['3B993.f.1'],
  metrics: {},
  textVersion: 'test',
  reasoning: [],
  needsInput: [],
  flags: [],
  item: { kind: 'sme', name: 'DUV wafer stage', sme: { eccn: '3B993.f.1', subsystem: true, containsUsIc: true } },
};
const caseFile: CaseFile = {
  item: { spec: subsystem.item },
  quantity: 1,
  valueUsd: 1_000_000,
  transactionKind: 'export',
  shipFrom: 'US',
  destination: 'CN',
  parties: [{ role: 'end-user', name: 'Fab', country: 'CN', headquarters: 'CN', ultimateParentHeadquarters: 'CN' }],
  endUse: {
    supercomputer: false,
    advancedNodeFab: false,
    smeDevelopment: false,
    military: false,
    militaryIntelligence: false,
  },
  usContent: { usOriginItem: true },
  shipDate: '2026-12-15',
};

describe('mergeRulePack (what-if)', () => {
  it('adds a draft requirement that changes the answer only in the merged pack', () => {
    const merged = mergeRulePack(BUNDLED_RULES, SUBSYSTEM_DRAFT);
    expect(merged.id).toBe(`${BUNDLED_RULES.id}+sme-subsystems-d5`);
    expect(determine(caseFile, subsystem, BUNDLED_RULES).licenseRequired).toBe('no');
    const d = determine(caseFile, subsystem, merged);
    expect(d.licenseRequired).toBe('yes');
    expect(d.requirements.map((r) => r.id)).toContain('DRAFT-RS-SME-SUBSYSTEMS-D5');
    expect(d.reviewPolicy?.policy).toBe('presumption-of-denial');
    expect(d.rulePack.id).toBe(merged.id);
    const diff = diffRules(merged, '2026-11-22', '2026-12-31');
    expect(diff.some((c) => c.subject === 'DRAFT-RS-SME-SUBSYSTEMS-D5' && c.kind === 'rule-start')).toBe(true);
  });
  it('can remove and override base rules by id', () => {
    const merged = mergeRulePack(BUNDLED_RULES, {
      id: 'no-hq',
      description: 'drop the HQ prong',
      remove: ['HQ-A-742.6a6iiiA'],
    });
    expect(merged.requirements.some((r) => r.id === 'HQ-A-742.6a6iiiA')).toBe(false);
    expect(BUNDLED_RULES.requirements.some((r) => r.id === 'HQ-A-742.6a6iiiA')).toBe(true);
  });
  it('refuses drafts with schema errors or dangling references, naming the path', () => {
    const bad = {
      ...SUBSYSTEM_DRAFT,
      requirements: [{ ...SUBSYSTEM_DRAFT.requirements![0]!, validFrom: '2026/12/01' }],
    };
    expect(DraftRulePackSchema.safeParse(bad).success).toBe(false);
    try {
      mergeRulePack(BUNDLED_RULES, bad as DraftRulePack);
      expect.unreachable();
    } catch (e) {
      expect((e as LicensingInputError).path).toBe('requirements.0.validFrom');
    }
    const dangling = {
      ...SUBSYSTEM_DRAFT,
      requirements: [{ ...SUBSYSTEM_DRAFT.requirements![0]!, policyFamily: 'NOPE' }],
    };
    expect(() => mergeRulePack(BUNDLED_RULES, dangling)).toThrow(/review-policy family/);
  });
});
