import { describe, expect, it } from 'vitest';
import { LicensingInputError } from '../types.js';
import { classify, findPart, NEEDS_INPUT } from './index.js';

const codes = (c: { flags: readonly { code: string }[] }) => c.flags.map((f) => f.code);
const AS_OF = '2026-11-22';

describe('SME', () => {
  it('accepts a known paragraph and records US-origin IC content (FDP notes, Red Flag 26)', () => {
    const c = classify(findPart('example-duv-immersion-scanner')!.spec, AS_OF);
    expect(c).toMatchObject({ status: 'classified', eccn: '3B993.f.1', paragraphs: ['3B993.f.1'] });
    expect(c.reasoning.map((r) => r.text).join('\n')).toContain('Red Flag 26');
  });

  it('accepts descendants of named paragraphs and normalises case', () => {
    expect(classify({ kind: 'sme', sme: { eccn: '3b001.c.1.a', containsUsIc: false } }, AS_OF).eccn).toBe(
      '3B001.c.1.a',
    );
  });

  it('accepts an undescribed 3B001 letter with a flag', () => {
    const c = classify({ kind: 'sme', sme: { eccn: '3B001.e', containsUsIc: false } }, AS_OF);
    expect(c.eccn).toBe('3B001.e');
    expect(codes(c)).toContain('SME_PARAGRAPH_NOT_DESCRIBED');
  });

  it('refuses unknown paragraphs', () => {
    for (const eccn of ['3B993.q', '3B095', '4A003', '3B001.z9']) {
      expect(() => classify({ kind: 'sme', sme: { eccn } }, AS_OF)).toThrow(LicensingInputError);
    }
    try {
      classify({ kind: 'sme', sme: { eccn: '3B993.q' } }, AS_OF);
    } catch (e) {
      expect((e as LicensingInputError).code).toBe('UNKNOWN_SME_PARAGRAPH');
      expect((e as LicensingInputError).path).toBe('sme.eccn');
    }
  });

  it('3B993 does not exist before 2024-12-02 → not-listed with explanation', () => {
    const c = classify(findPart('example-har-dielectric-etch')!.spec, '2024-06-01');
    expect(c.status).toBe('not-listed');
    expect(codes(c)).toContain('SME_ECCN_NOT_IN_FORCE');
    expect(classify(findPart('example-har-dielectric-etch')!.spec, '2024-12-02').eccn).toBe('3B993');
  });

  it('3B090 existed only until 2023-11-16', () => {
    expect(classify({ kind: 'sme', sme: { eccn: '3B090', containsUsIc: false } }, '2023-01-01').eccn).toBe('3B090');
    expect(classify({ kind: 'sme', sme: { eccn: '3B090', containsUsIc: false } }, '2023-11-17').status).toBe(
      'not-listed',
    );
  });

  it('flags 3B001 text changes for earlier dates', () => {
    expect(codes(classify(findPart('example-euv-scanner')!.spec, '2023-01-01'))).toContain('SME_TEXT_VERSION');
    expect(codes(classify(findPart('example-euv-scanner')!.spec, AS_OF))).not.toContain('SME_TEXT_VERSION');
  });

  it('sub-systems raise SUBSYSTEM_CONTROL_GAP, whether caught by a heading or EAR99', () => {
    const stage = classify(findPart('example-duv-wafer-stage')!.spec, AS_OF);
    expect(stage.eccn).toBe('3B993');
    expect(stage.flags.find((f) => f.code === 'SUBSYSTEM_CONTROL_GAP')?.message).toContain('specially designed');
    const rf = classify(findPart('example-rf-generator')!.spec, AS_OF);
    expect(rf).toMatchObject({ status: 'not-listed', eccn: 'EAR99' });
    expect(codes(rf)).toContain('SUBSYSTEM_CONTROL_GAP');
  });

  it('unknown IC content is flagged; a missing paragraph needs input', () => {
    expect(codes(classify({ kind: 'sme', sme: { eccn: '3B001.c' } }, AS_OF))).toContain('SME_IC_CONTENT_UNKNOWN');
    const c = classify({ kind: 'sme', sme: { containsUsIc: true } }, AS_OF);
    expect(c).toMatchObject({ status: 'needs-input', needsInput: [NEEDS_INPUT.smeEccn] });
  });

  it('takes spec.eccn when sme.eccn is absent, and refuses a contradiction', () => {
    expect(classify({ kind: 'sme', eccn: '3B002.c', sme: { containsUsIc: false } }, AS_OF).eccn).toBe('3B002.c');
    expect(() => classify({ kind: 'sme', eccn: '3B002.c', sme: { eccn: '3B001.c' } }, AS_OF)).toThrow(/disagree/);
  });
});
