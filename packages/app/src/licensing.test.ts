import { readFileSync } from 'node:fs';
import { connect, freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledLists } from './bundled.js';
import { AppError } from './errors.js';
import { Licensing } from './licensing.js';
import { Stackport } from './stackport.js';

const example = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8'));

for (const engine of testEngines()) {
  describe(`license determination services on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let licensing: Licensing;

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location), now: () => new Date('2026-11-22T10:00:00Z') });
      await loadBundledLists(app);
      licensing = new Licensing(app);
    });
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('determines the H100 → UAE 2024 case: license, case-by-case, no NAC/ACA', async () => {
      const r = await licensing.determine(example('cases/h100-uae-2024.json'), 'ana');
      expect(r.classification.eccn).toBe('3A090.a');
      expect(r.determination.licenseRequired).toBe('yes');
      expect(r.determination.reviewPolicy?.policy).toBe('case-by-case');
      expect(r.determination.exceptions.candidates.map((e) => e.code)).not.toContain('NAC');
      expect(r.screening).toMatchObject({ status: 'clear' });
      expect(r.summary).toEqual({ licenseRequired: 'yes', reviewPolicy: 'case-by-case' });
      expect(r.determination.reasoning.length).toBeGreaterThan(3);
    });

    it('holds a "no license" answer at unknown while a party has unresolved screening hits', async () => {
      const base = example('cases/duv-stage-china-2026.json');
      const clear = await licensing.determine(base, 'ana');
      expect(clear.summary.licenseRequired).toBe('no');
      const listed = await licensing.determine(
        {
          ...base,
          parties: [
            {
              role: 'end-user',
              name: 'National University of Defense Technology',
              country: 'CN',
              headquarters: 'CN',
              ultimateParentHeadquarters: 'CN',
            },
          ],
        },
        'ana',
      );
      expect(listed.screening.status).toBe('unresolved');
      expect(listed.screening.parties[0]?.hits[0]).toMatchObject({ source: 'EL', entityListFootnotes: [4] });
      expect(listed.summary.licenseRequired).toBe('unknown');
    });

    it('refuses contradictory or incomplete case files, naming the field', async () => {
      const bad = { ...example('cases/h100-uae-2024.json'), transactionKind: 'export', shipFrom: 'SG' };
      const err = (await licensing.determine(bad, 'ana').catch((e: unknown) => e)) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.details[0]?.path).toBe('shipFrom');
      const missing = (await licensing
        .determine({ item: { partId: 'nvidia-h100-sxm' } }, 'ana')
        .catch((e: unknown) => e)) as AppError;
      expect(missing.code).toBe('SP_BAD_REQUEST');
      expect(missing.details.map((d) => d.path)).toEqual(expect.arrayContaining(['shipDate', 'destination']));
      const outOfRange = (await licensing
        .determine({ ...example('cases/h100-uae-2024.json'), shipDate: '2021-01-01' }, 'ana')
        .catch((e: unknown) => e)) as AppError;
      expect(outOfRange.details[0]).toMatchObject({
        path: 'shipDate',
        message: expect.stringMatching(/DATE_OUT_OF_RANGE/),
      });
    });

    it('saves transactions with an audit record, and a draft rule pack changes only the affected one', async () => {
      const duv = await licensing.determine(example('cases/duv-stage-china-2026.json'), 'ana', {
        save: true,
        reference: 'PO-DUV-1',
      });
      const h100 = await licensing.determine(example('cases/h100-uae-2024.json'), 'ana', {
        save: true,
        reference: 'PO-H100-7',
      });
      expect(duv.transactionId).toBeDefined();
      const list = await licensing.transactions();
      expect(list.map((t) => t.reference).sort()).toEqual(['PO-DUV-1', 'PO-H100-7']);
      expect((await licensing.transaction(h100.transactionId!)).licenseRequired).toBe('yes');
      const audit = await app.listAudit({ subject: `transaction:${duv.transactionId}` });
      expect(audit[0]).toMatchObject({
        action: 'determination.save',
        data: expect.objectContaining({ licenseRequired: 'no', rulePack: expect.any(String) }),
      });

      const whatIf = await licensing.whatIf(example('rule-packs/sme-subsystems-d5.json'), 'ana');
      expect(whatIf.unchanged).toBe(1);
      expect(whatIf.changed).toEqual([
        expect.objectContaining({
          reference: 'PO-DUV-1',
          before: { licenseRequired: 'no', reviewPolicy: null },
          after: { licenseRequired: 'yes', reviewPolicy: 'presumption-of-denial' },
          newRequirements: [expect.objectContaining({ id: 'DRAFT-RS-SME-SUBSYSTEMS-D5' })],
        }),
      ]);
      await expect(
        licensing.whatIf({ id: 'x', description: 'y', requirements: [{ id: 'broken' }] }, 'ana'),
      ).rejects.toMatchObject({ code: 'SP_BAD_REQUEST' });
      expect((await app.verifyAudit()).ok).toBe(true);
    });

    it('diffs the rules between dates: the UAE joins A:5 on 2026-07-10', () => {
      const diff = licensing.rulesDiff({ from: '2026-07-01', to: '2026-07-31' });
      expect(diff.changes.some((c) => c.subject.startsWith('AE') && c.date === '2026-07-10')).toBe(true);
      expect(() => licensing.rulesDiff({ from: '2026-08-01', to: '2026-07-01' })).toThrow(AppError);
      expect(() => licensing.rulesDiff({ from: 'yesterday', to: '2026-07-01' })).toThrow(AppError);
    });
  });
}
