import { describe, expect, it } from 'vitest';
import { assessCustomer, type KycAssessmentContext } from './assess.js';
import { d5List, dailyUsage, reseller, usEntityChineseOwned, usIndividual } from './test-data.js';
import type { IndividualApplication } from './types.js';

const ctx = (over: Partial<KycAssessmentContext> = {}): KycAssessmentContext => ({
  date: '2026-03-02',
  screeningHits: [],
  countriesOfConcern: d5List(),
  resellers: [],
  ...over,
});

describe('assessCustomer', () => {
  it('an individual with consistent data is approved, with the proposed status of the rules shown', () => {
    const a = assessCustomer(usIndividual(), ctx());
    expect(a.outcome).toBe('approve');
    expect(a.redFlags).toEqual([]);
    expect(a.missingFields).toEqual([]);
    expect(a.foreignPerson.status).toBe('us-person');
    expect(a.reasons.map((r) => r.code)).toEqual(['determined-us-person', 'rules-not-in-force']);
    expect(a.restsOnProposedRules).toBe(true);
    const cip = a.rulesApplied.find((r) => r.id === 'iaas-cip-identifying-information');
    expect(cip).toMatchObject({ legalStatus: 'proposed-rule', inForce: false, effectiveFrom: null });
    expect(cip?.citation).toMatch(/89 FR 5698/);
    expect(a.rulesApplied.find((r) => r.id === 'csl-screening')?.legalStatus).toBe('guidance');
  });

  it('an entity 60 % owned by a national of a D:5 country: foreign person, flagged, sent to review', () => {
    const a = assessCustomer(usEntityChineseOwned(), ctx());
    expect(a.foreignPerson.status).toBe('foreign-person');
    expect(a.redFlags.map((f) => f.code)).toEqual(['beneficial-owner-country-of-concern']);
    expect(a.outcome).toBe('review');
    expect(a.reasons.find((r) => r.code === 'determined-foreign-person')?.text).toMatch(/60 %/);
    expect(a.reasons.find((r) => r.code === 'flag:beneficial-owner-country-of-concern')).toMatchObject({
      weight: 'review',
      legalStatus: 'proposed-rule',
    });
  });

  it('VPN egress alone is unverifiable information, not a mismatch: still approved', () => {
    const app = usIndividual({ ipAddresses: [{ ip: '185.1.1.1', country: 'NL', egress: 'vpn' }] });
    const a = assessCustomer(app, ctx());
    expect(a.redFlags.map((f) => f.code)).toEqual(['ip-country-unverifiable']);
    expect(a.outcome).toBe('approve');
    const direct = assessCustomer(
      usIndividual({ ipAddresses: [{ ip: '185.1.1.1', country: 'NL', egress: 'direct' }] }),
      ctx(),
    );
    expect(direct.redFlags.map((f) => f.code)).toEqual(['ip-country-mismatch']);
    expect(direct.outcome).toBe('review');
  });

  it('lists the missing identification fields with the status of the rule asking for them', () => {
    const app: IndividualApplication = usIndividual({
      emails: [],
      phones: [],
      ipAddresses: [],
      paymentMeans: [{ kind: 'card', id: 'tok_1', binCountry: 'US' }],
      citizenships: ['FR'],
    });
    const a = assessCustomer(app, ctx());
    expect(a.outcome).toBe('review');
    expect(a.missingFields.map((m) => m.path)).toEqual([
      'paymentMeans[0].source',
      'emails',
      'phones',
      'ipAddresses',
      'citizenships / usPermanentResident',
    ]);
    for (const m of a.missingFields) {
      expect(m.legalStatus).toBe('proposed-rule');
      expect(m.inForce).toBe(false);
    }
    expect(a.reasons.filter((r) => r.code === 'missing-fields').map((r) => r.ruleId)).toEqual([
      'iaas-cip-identifying-information',
      'iaas-cip-foreign-person',
    ]);
  });

  it('a foreign person without identity verification is sent to review for it', () => {
    const app = usIndividual({ citizenships: ['DE'], usPermanentResident: false, declaredCountry: 'DE' });
    const a = assessCustomer(
      {
        ...app,
        addresses: [{ lines: ['Hauptstr. 1'], city: 'Berlin', country: 'DE' }],
        phones: ['+49 30 5555 0000'],
        ipAddresses: [{ ip: '1.2.3.4', country: 'DE', egress: 'direct' }],
        paymentMeans: [{ kind: 'card', id: 'tok_de', binCountry: 'DE', source: 'own' }],
      },
      ctx(),
    );
    expect(a.missingFields.map((m) => m.field)).toEqual(['verification']);
    expect(a.outcome).toBe('review');
    const verified = assessCustomer(
      {
        ...app,
        addresses: [{ lines: ['Hauptstr. 1'], city: 'Berlin', country: 'DE' }],
        phones: ['+49 30 5555 0000'],
        ipAddresses: [{ ip: '1.2.3.4', country: 'DE', egress: 'direct' }],
        paymentMeans: [{ kind: 'card', id: 'tok_de', binCountry: 'DE', source: 'own' }],
        verification: [{ method: 'documentary', evidence: 'passport', verifiedOn: '2026-03-01' }],
      },
      ctx(),
    );
    expect(verified.outcome).toBe('approve');
  });

  it('payment churn and dormant-then-burst usage send to review', () => {
    const card = (id: string, addedOn: string) => ({
      kind: 'card' as const,
      id,
      binCountry: 'US',
      source: 'own' as const,
      addedOn,
    });
    const churn = usIndividual({
      paymentMeans: [
        card('a', '2026-02-01'),
        card('b', '2026-02-05'),
        card('c', '2026-02-12'),
        card('d', '2026-02-20'),
      ],
    });
    expect(assessCustomer(churn, ctx()).redFlags.map((f) => f.code)).toEqual(['payment-churn']);
    const usage = dailyUsage('acct-us-1', '2026-03-02', 7, {
      acceleratorModel: 'nvidia-h100-sxm',
      count: 256,
      hours: 24,
      utilisation: 0.4,
    });
    const burst = assessCustomer(usIndividual(), ctx({ usage }));
    expect(burst.redFlags.map((f) => [f.code, f.severity])).toEqual([['dormant-then-burst', 'high']]);
    expect(burst.outcome).toBe('review');
    expect(burst.rulesApplied.map((r) => r.id)).toContain('iaas-large-ai-training-report');
  });

  it('a 2-level reseller chain without attestation sends to review', () => {
    const app = usIndividual({ accountId: 'acct-r', resellerChain: ['rs-1', 'rs-2'] });
    const resellers = [reseller({ id: 'rs-1' }), reseller({ id: 'rs-2', attestations: [], customers: ['acct-r'] })];
    const a = assessCustomer(app, ctx({ resellers }));
    expect(a.redFlags.map((f) => f.code)).toEqual(['reseller-chain-depth', 'reseller-attestation-missing']);
    expect(a.outcome).toBe('review');
    expect(a.rulesApplied.find((r) => r.id === 'iaas-foreign-reseller-cip')?.legalStatus).toBe('proposed-rule');
  });

  it('screening: a confirmed match recommends rejection, an open hit reviews, a false positive informs', () => {
    const hit = {
      screenedName: 'Jane Q. Miller',
      subject: 'customer' as const,
      listedName: 'JANE MILLER',
      source: 'SDN',
      score: 91,
    };
    expect(
      assessCustomer(usIndividual(), ctx({ screeningHits: [{ ...hit, adjudication: 'true-match' }] })).outcome,
    ).toBe('reject-recommended');
    expect(assessCustomer(usIndividual(), ctx({ screeningHits: [{ ...hit, adjudication: 'open' }] })).outcome).toBe(
      'review',
    );
    const fp = assessCustomer(usIndividual(), ctx({ screeningHits: [{ ...hit, adjudication: 'false-positive' }] }));
    expect(fp.outcome).toBe('approve');
    expect(fp.reasons[0]).toMatchObject({ code: 'screening-false-positive', legalStatus: 'guidance' });
  });

  it('before the proposed rule was published, no CIP field is asked for', () => {
    const a = assessCustomer(usIndividual({ emails: [] }), ctx({ date: '2023-12-01' }));
    expect(a.missingFields).toEqual([]);
    expect(a.rulesApplied.map((r) => r.id)).toEqual([]);
    expect(a.outcome).toBe('approve');
  });

  it('is deterministic', () => {
    const c = ctx({ resellers: [reseller({ id: 'rs-1' })] });
    const app = usEntityChineseOwned({ resellerChain: ['rs-1'] });
    expect(assessCustomer(app, c)).toEqual(assessCustomer(app, c));
  });
});
