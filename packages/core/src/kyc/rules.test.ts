import { describe, expect, it } from 'vitest';
import { KYC_RULES, kycRuleAt, kycRulesAt, ruleInForce } from './rules.js';

describe('KYC rules (effective-dated data)', () => {
  it('every rule has a citation with sources, a status and consistent dates', () => {
    const ids = new Set<string>();
    for (const r of KYC_RULES) {
      expect(ids.has(r.id), r.id).toBe(false);
      ids.add(r.id);
      expect(r.version.startsWith(`${r.id}/`), r.id).toBe(true);
      expect(r.citation.sources.length, r.id).toBeGreaterThan(0);
      if (r.legalStatus === 'in-force') expect(r.effectiveFrom, r.id).not.toBeNull();
      else expect(r.effectiveFrom, r.id).toBeNull();
      if (r.ambiguous) expect(r.ambiguityNote, r.id).toBeTruthy();
    }
  });

  it('the CIP rules are proposed in 89 FR 5698 (29 Jan 2024), not in force, and say the section is unverified', () => {
    const cip = kycRuleAt('iaas-cip-identifying-information', '2026-06-01');
    expect(cip?.rule.legalStatus).toBe('proposed-rule');
    expect(cip?.inForce).toBe(false);
    expect(cip?.rule.effectiveFrom).toBeNull();
    expect(cip?.rule.citation.instrument).toMatch(/89 FR 5698/);
    expect(cip?.rule.citation.section).toMatch(/7\.300–7\.310/);
    expect(cip?.rule.citation.sectionVerified).toBe(false);
    expect(cip?.rule.citation.sources.map((s) => s.ref)).toEqual(expect.arrayContaining(['R66', 'R67', 'R69', 'R73']));
    expect(cip?.rule.ambiguityNote).toMatch(/never finalized/);
    expect(cip?.rule.requiredFields).toEqual(
      expect.arrayContaining(['name', 'address', 'payment-means', 'email', 'phone', 'ip-address']),
    );
  });

  it('selects by date: nothing of the IaaS rule before its publication', () => {
    const before = kycRulesAt('2024-01-28').map((r) => r.rule.id);
    expect(before).not.toContain('iaas-cip-program');
    expect(before).toContain('eo14110-interim-compute-threshold');
    const after = kycRulesAt('2024-01-29').map((r) => r.rule.id);
    expect(after).toContain('iaas-cip-program');
  });

  it('shows the EO 14110 threshold in force until its revocation on 2025-01-20, then as ended', () => {
    const inForce = kycRuleAt('eo14110-interim-compute-threshold', '2024-06-01');
    expect(inForce?.inForce).toBe(true);
    expect(inForce?.statusLabel).toBe('in-force');
    const revoked = kycRuleAt('eo14110-interim-compute-threshold', '2025-01-20');
    expect(revoked?.inForce).toBe(false);
    expect(revoked?.statusLabel).toBe('in-force (ended 2025-01-20)');
    expect(kycRulesAt('2026-01-01', KYC_RULES, { currentOnly: true }).map((r) => r.rule.id)).not.toContain(
      'eo14110-interim-compute-threshold',
    );
  });

  it('labels the bills as bills, known from their introduction', () => {
    expect(kycRuleAt('remote-access-security-act', '2025-12-16')).toBeUndefined();
    const rasa = kycRuleAt('remote-access-security-act', '2026-02-01');
    expect(rasa?.rule.legalStatus).toBe('bill');
    expect(rasa?.inForce).toBe(false);
    expect(kycRuleAt('chip-security-act', '2026-04-01')?.rule.legalStatus).toBe('bill');
  });

  it('in mid-2026 only the VEU and the Jan-2026 licence-review rule are in force', () => {
    const inForce = kycRulesAt('2026-06-01')
      .filter((r) => r.inForce)
      .map((r) => r.rule.id)
      .sort();
    expect(inForce).toEqual(['advanced-computing-license-review-2026', 'data-center-veu']);
  });

  it('ruleInForce never holds for proposed rules, bills or guidance', () => {
    for (const r of KYC_RULES.filter((x) => x.legalStatus !== 'in-force')) {
      expect(ruleInForce(r, '2030-01-01'), r.id).toBe(false);
    }
  });
});
