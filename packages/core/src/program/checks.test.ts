import { describe, expect, it } from 'vitest';
import type { Classification } from '../licensing/types.js';
import { checkProposal, type ProgramCheckContext } from './checks.js';
import { findingKey, isBlocking } from './findings.js';
import { EXAMPLE_PROPOSAL, SEEDED_PROPOSALS } from './fixtures.js';
import { DEFAULT_COUNTRY_OF_CONCERN_POLICY } from './policy.js';
import { realContext } from './test-data.js';

const seeded = (id: string) => {
  const s = SEEDED_PROPOSALS.find((x) => x.id === id);
  if (!s) throw new Error(id);
  return structuredClone(s.proposal);
};

const cls: Classification = {
  status: 'classified',
  eccn: '3A090.a',
  paragraphs: [],
  metrics: {},
  textVersion: 'test',
  reasoning: [],
  needsInput: [],
  flags: [],
  item: { kind: 'integrated-circuit' },
};

function fakeContext(calls: string[]): ProgramCheckContext {
  return {
    asOf: '2026-10-01',
    screen: (name) => {
      calls.push(`screen:${name}`);
      return [];
    },
    classify: (item) => {
      calls.push(`classify:${'partId' in item ? item.partId : 'spec'}`);
      return cls;
    },
    determine: (_c, dest, _d, parties, facts) => {
      calls.push(`determine:${facts.lineId}@${dest}:${parties.map((p) => p.name).join('|')}`);
      return { licenseRequired: 'no' };
    },
    countryOfConcernPolicy: DEFAULT_COUNTRY_OF_CONCERN_POLICY,
  };
}

describe('checkProposal with injected functions', () => {
  it('screens every member, owner and third party, classifies every good, determines good × country', () => {
    const calls: string[] = [];
    const r = checkProposal(EXAMPLE_PROPOSAL, fakeContext(calls));
    const screens = calls.filter((c) => c.startsWith('screen:'));
    expect(screens).toContain('screen:Quillfeather Compute Inc.');
    expect(screens).toContain('screen:Ansel Okonkwo-Byrne');
    expect(screens).toContain('screen:Rheinbogen Bau GmbH');
    expect(calls.filter((c) => c.startsWith('classify:'))).toHaveLength(4); // services are not classified
    expect(calls.filter((c) => c.startsWith('determine:'))).toHaveLength(4 * 3);
    expect(calls).toContain('determine:L1@DE:Quillfeather Compute Inc.');
    expect(r.licenseMatrix.rows.map((x) => x.lineId)).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(r.summary.canSubmit).toBe(true);
  });

  it('turns a failing injected function into a finding, never a crash', () => {
    const ctx: ProgramCheckContext = {
      ...fakeContext([]),
      screen: () => {
        throw new Error('index not loaded');
      },
      determine: () => {
        throw new Error('DATE_OUT_OF_RANGE');
      },
    };
    const r = checkProposal(EXAMPLE_PROPOSAL, ctx);
    expect(r.findings.some((f) => f.id === 'SCREENING_ERROR' && isBlocking(f))).toBe(true);
    expect(r.findings.some((f) => f.id === 'DETERMINATION_ERROR')).toBe(true);
    expect(r.summary.canSubmit).toBe(false);
  });

  it('a justified blocking finding stops blocking but stays visible; stale justifications are reported', () => {
    const p = seeded('no-target');
    const ctx = fakeContext([]);
    const before = checkProposal(p, ctx);
    const f = before.findings.find((x) => x.id === 'NO_TARGET');
    if (!f) throw new Error('missing');
    p.justifications = [
      { findingKey: findingKey(f), text: 'Markets are chosen with the buyer', by: 'anchor', at: '2026-09-20' },
      { findingKey: 'GONE@nowhere', text: 'old', by: 'anchor', at: '2026-09-01' },
    ];
    const after = checkProposal(p, ctx);
    const g = after.findings.find((x) => x.id === 'NO_TARGET');
    expect(g?.severity).toBe('blocking');
    expect(g?.justified).toBe(true);
    expect(g?.justification?.by).toBe('anchor');
    expect(after.summary.canSubmit).toBe(true);
    expect(after.summary.justified).toBe(1);
    expect(after.summary.unusedJustifications).toEqual(['GONE@nowhere']);
  });

  it('applies requirements by date: before the Call, Call-only requirements are advisory', () => {
    const r = checkProposal(seeded('no-anchor'), { ...fakeContext([]), asOf: '2026-01-15' });
    const f = r.findings.find((x) => x.id === 'NO_ANCHOR');
    expect(f?.severity).toBe('advisory');
    expect(f?.notInForce).toBe(true);
    // the country-of-concern list is dated too: nothing is of concern before 2026-04-10
    const coc = checkProposal(seeded('member-in-coc'), { ...fakeContext([]), asOf: '2026-01-15' });
    expect(coc.findings.some((x) => x.id === 'MEMBER_IN_COUNTRY_OF_CONCERN')).toBe(false);
  });

  it('checks model provenance from a scan against the declaration', () => {
    const ctx: ProgramCheckContext = {
      ...fakeContext([]),
      modelProvenance: [
        { componentId: 'model-main', familyId: 'deepseek', openWeights: true, basis: 'scan', confidence: 0.9 },
      ],
    };
    const r = checkProposal(EXAMPLE_PROPOSAL, ctx);
    const ids = r.findings.map((f) => f.id);
    expect(ids).toContain('OPEN_WEIGHT_MODEL_FROM_COUNTRY_OF_CONCERN');
    expect(ids).toContain('MODEL_PROVENANCE_MISMATCH');
  });

  it('flags a model of concern whose weights are not declared, and an unknown origin', () => {
    const p = structuredClone(EXAMPLE_PROPOSAL);
    const c = p.layers.find((l) => l.layer === 'models')?.components[0];
    if (!c) throw new Error('fixture');
    c.model = { name: 'Kimi K2', familyId: 'kimi' };
    expect(checkProposal(p, fakeContext([])).findings.map((f) => f.id)).toContain(
      'MODEL_FROM_COUNTRY_OF_CONCERN_WEIGHTS_UNDECLARED',
    );
    c.model = { name: 'Mystery 7B' };
    expect(checkProposal(p, fakeContext([])).findings.map((f) => f.id)).toContain('MODEL_ORIGIN_UNKNOWN');
  });

  it('reports a minority owner from a country of concern as advisory, an unknown share as unresolved', () => {
    const p = structuredClone(EXAMPLE_PROPOSAL);
    const m = p.consortium.members[1];
    if (!m) throw new Error('fixture');
    m.owners = [
      { id: 'a', name: 'Marisol Quenby-Hart', type: 'person', country: 'US', sharePct: 80 },
      { id: 'b', name: 'Pearl River Angel Fund', type: 'organization', country: 'CN', sharePct: 20 },
    ];
    const minority = checkProposal(p, fakeContext([])).findings.find(
      (f) => f.id === 'MEMBER_MINORITY_OWNER_FROM_COUNTRY_OF_CONCERN',
    );
    expect(minority?.severity).toBe('advisory');
    const b = m.owners[1];
    if (b) delete b.sharePct;
    const r = checkProposal(p, fakeContext([]));
    expect(r.findings.find((f) => f.id === 'MEMBER_OWNERSHIP_UNRESOLVED')?.severity).toBe('blocking');
    expect(r.ownership.find((o) => o.memberId === 'm-data')?.outcome).toBe('listed-owner-share-unknown');
  });
});

describe('checkProposal with the real modules', () => {
  const ctx = realContext();

  it('screening hits carry the list entry; a decided false positive no longer blocks', () => {
    const p = seeded('screening-hit');
    const r = checkProposal(p, ctx);
    const hit = r.findings.find((f) => f.id === 'SCREENING_HIT');
    const hits = (hit?.details as { hits: { entryKey: string; source: string }[] } | undefined)?.hits ?? [];
    expect(hits[0]?.source).toBeDefined();
    const decisions = hits.map((h) => ({
      name: 'Dawning Information Industry Co., Ltd',
      entryKey: h.entryKey,
      decision: 'false-positive' as const,
    }));
    const cleared = checkProposal(p, { ...ctx, screeningDecisions: decisions });
    expect(cleared.findings.some((f) => f.id === 'SCREENING_HIT')).toBe(false);
    expect(cleared.findings.find((f) => f.id === 'SCREENING_HIT_CLEARED')?.severity).toBe('advisory');
  });

  it('builds the license matrix from real determinations', () => {
    const r = checkProposal(seeded('license-denial'), ctx);
    const h100 = r.licenseMatrix.rows.find((x) => x.lineId === 'L2');
    const ru = h100?.cells.find((c) => c.destination === 'RU');
    expect(h100?.eccn).toBe('3A090.a');
    expect(ru?.summary?.licenseRequired).toBe('yes');
    expect(['policy-of-denial', 'presumption-of-denial']).toContain(ru?.summary?.reviewPolicy);
    const de = h100?.cells.find((c) => c.destination === 'DE');
    expect(de?.summary?.licenseRequired).toBe('no');
  });
});
