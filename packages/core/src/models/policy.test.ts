import { describe, expect, it } from 'vitest';
import { checkModelPolicy, type ModelOriginPolicy, ModelOriginPolicySchema, policyInForce } from './policy.js';
import { FAMILY_FIXTURES, scanFixture } from './test-data.js';

const POLICIES: ModelOriginPolicy[] = [
  ModelOriginPolicySchema.parse({
    id: 'acme-foreign-models',
    version: '2026-01',
    title: 'No models from countries of concern',
    effectiveFrom: '2026-01-01',
    effectiveTo: '2026-07-01',
    countriesOfConcern: ['CN', 'RU'],
    action: 'review',
  }),
  ModelOriginPolicySchema.parse({
    id: 'acme-foreign-models',
    version: '2026-07',
    title: 'No models from countries of concern',
    status: 'internal',
    effectiveFrom: '2026-07-01',
    countriesOfConcern: ['CN', 'RU', 'IR', 'KP'],
    action: 'forbid',
  }),
];
const fixture = (prefix: string) => scanFixture(FAMILY_FIXTURES.find((f) => f.name.startsWith(prefix))!.files());

describe('origin policy', () => {
  it('picks the version in force on the date', () => {
    expect(policyInForce(POLICIES, '2026-03-01')?.version).toBe('2026-01');
    expect(policyInForce(POLICIES, '2026-07-01')?.version).toBe('2026-07');
    expect(policyInForce(POLICIES, '2025-12-31')).toBeUndefined();
  });

  it('forbids a model developed in a country of concern and cites the policy version', async () => {
    const r = await fixture('DeepSeek-V3');
    const res = checkModelPolicy(r.analysis, policyInForce(POLICIES, '2026-11-23')!, '2026-11-23');
    expect(res.decision).toBe('forbid');
    expect(res.policy).toMatchObject({ id: 'acme-foreign-models', version: '2026-07' });
    expect(res.findings[0]).toMatchObject({ origin: 'developer', country: 'CN', family: 'deepseek' });
  });

  it('applies the earlier version (review) before its end date', async () => {
    const r = await fixture('Qwen2.5');
    expect(checkModelPolicy(r.analysis, policyInForce(POLICIES, '2026-02-01')!, '2026-02-01').decision).toBe('review');
  });

  it('allows a US model, and catches a US-architecture model post-trained in China', async () => {
    const p = policyInForce(POLICIES, '2026-11-23')!;
    expect(checkModelPolicy((await fixture('Llama 3.1')).analysis, p, '2026-11-23').decision).toBe('allow');
    expect(checkModelPolicy((await fixture('DeepSeek-R1-Distill-Llama')).analysis, p, '2026-11-23').decision).toBe(
      'forbid',
    );
  });

  it('flags a Chinese architecture lineage under a US-looking developer only when asked to', async () => {
    const r = await fixture('Kimi K2');
    const p = policyInForce(POLICIES, '2026-11-23')!;
    const res = checkModelPolicy(r.analysis, p, '2026-11-23');
    expect(res.findings.map((f) => f.origin)).toEqual(['developer', 'architecture']);
    const devOnly = checkModelPolicy(r.analysis, { ...p, consider: ['developer'] }, '2026-11-23');
    expect(devOnly.findings.map((f) => f.origin)).toEqual(['developer']);
  });

  it('sends unknown or declared-only origins to review, and relabelled Qwen is still forbidden', async () => {
    const p = policyInForce(POLICIES, '2026-11-23')!;
    const unknown = checkModelPolicy((await fixture('Unknown')).analysis, p, '2026-11-23');
    expect(unknown.decision).toBe('review');
    expect(unknown.findings[0]?.origin).toBe('unknown');
    expect(checkModelPolicy((await fixture('Qwen weights relabelled')).analysis, p, '2026-11-23').decision).toBe(
      'forbid',
    );
  });

  it('validates policy files', () => {
    expect(
      ModelOriginPolicySchema.safeParse({
        id: 'x',
        version: '1',
        title: 't',
        effectiveFrom: '2026-01-01',
        countriesOfConcern: ['cn'],
      }).success,
    ).toBe(false);
  });
});
