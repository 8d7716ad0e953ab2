/**
 * Cloud-compute customer due diligence over the store, on both engines: validation naming fields (nothing stored), a
 * consistent US individual approved, a US entity 60 % owned from a D:5 country flagged foreign and sent to review, a
 * beneficial owner on the bundled Entity List, VPN egress unverifiable, a reseller chain without attestation, usage
 * ingestion (idempotent, bad rows quarantined), a 100,000 × H100 × 90 days × 40 % run crossing 1e26 with a draft
 * report, the decision rules, and the audit chain.
 */
import { connect, freshTestLocation, listAudit, type TestLocation, testEngines, verifyAudit } from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledLists } from './bundled.js';
import { AppError } from './errors.js';
import { KycService, kycCountriesOfConcern } from './kyc.js';
import { Stackport } from './stackport.js';

const individual = (over: Record<string, unknown> = {}) => ({
  type: 'individual',
  accountId: 'acct-us-1',
  names: ['Jane Q. Miller'],
  addresses: [{ lines: ['1200 High St'], city: 'Columbus', region: 'OH', postalCode: '43201', country: 'US' }],
  paymentMeans: [{ kind: 'card', id: 'tok_card_4242', binCountry: 'US', source: 'own', addedOn: '2026-03-01' }],
  emails: ['jane.miller@example.com'],
  phones: ['+1 614 555 0142'],
  ipAddresses: [{ ip: '198.51.100.23', country: 'US', egress: 'direct' }],
  declaredCountry: 'US',
  citizenships: ['US'],
  residenceCountry: 'US',
  openedOn: '2026-03-02',
  ...over,
});

const entity = (over: Record<string, unknown> = {}) => ({
  type: 'entity',
  accountId: 'acct-ent-1',
  names: ['Brightpath Analytics LLC'],
  addresses: [{ lines: ['251 Little Falls Dr'], city: 'Wilmington', region: 'DE', country: 'US' }],
  paymentMeans: [{ kind: 'bank', id: 'ba_001', bankCountry: 'US', source: 'own', addedOn: '2026-02-10' }],
  emails: ['ops@brightpath.example'],
  phones: ['+1 302 555 0100'],
  ipAddresses: [{ ip: '203.0.113.9', country: 'US', egress: 'direct' }],
  declaredCountry: 'US',
  countryOfIncorporation: 'US',
  principalPlaceOfBusiness: 'US',
  beneficialOwners: [
    {
      name: 'Wang Lei',
      type: 'individual',
      sharePct: 60,
      nationalities: ['CN'],
      residenceCountry: 'CN',
      usPermanentResident: false,
    },
    { name: 'Robert Hale', type: 'individual', sharePct: 40, nationalities: ['US'], residenceCountry: 'US' },
  ],
  beneficialOwnersComplete: true,
  verification: [{ method: 'documentary', evidence: 'certificate of formation', verifiedOn: '2026-02-11' }],
  openedOn: '2026-03-02',
  ...over,
});

function days(last: string, n: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

async function rejected(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

for (const engine of testEngines()) {
  describe(`KYC service on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let kyc: KycService;
    const now = Date.parse('2026-07-01T09:00:00Z');

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location), now: () => new Date(now) });
      await loadBundledLists(app);
      kyc = new KycService(app);
    });
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('takes D:5 from the bundled rule pack, with Macau and Hong Kong, as a dated list', () => {
      const list = kycCountriesOfConcern();
      const countries = new Set(list.entries.map((e) => e.country));
      for (const c of ['CN', 'MO', 'HK', 'IR', 'KP', 'RU']) expect(countries).toContain(c);
      const kh = list.entries.find((e) => e.country === 'KH');
      expect(kh?.to).toBe('2025-11-07');
    });

    it('refuses a bad application naming the fields, and stores nothing', async () => {
      const before = (await listAudit(app.connection.db, { limit: 10_000 })).length;
      const e = await rejected(
        kyc.openAccount(
          individual({ names: [], declaredCountry: 'XX', ipAddresses: [{ ip: 'not-an-ip' }], emails: ['nope'] }),
          'analyst',
        ),
      );
      expect(e.code).toBe('SP_BAD_REQUEST');
      const paths = e.details.map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['names', 'declaredCountry', 'ipAddresses.0.ip', 'emails.0']));
      const type = await rejected(kyc.openAccount({ type: 'robot', accountId: 'x' }, 'analyst'));
      expect(type.details[0]?.path).toBe('type');
      const future = await rejected(kyc.openAccount(individual({ openedOn: '2027-01-01' }), 'analyst'));
      expect(future.details[0]?.path).toBe('openedOn');
      expect(await kyc.accounts()).toEqual([]);
      expect((await listAudit(app.connection.db, { limit: 10_000 })).length).toBe(before);
    });

    it('approves a consistent US individual, with the rules and their legal status recorded', async () => {
      const a = await kyc.openAccount(individual(), 'analyst');
      expect(a.recommendation).toBe('approve');
      expect(a.status).toBe('approved');
      expect(a.findings).toEqual([]);
      expect(a.decisions).toHaveLength(1);
      const outcome = a.outcome as {
        foreignPerson: { status: string };
        rulesApplied: { id: string; legalStatus: string }[];
      };
      expect(outcome.foreignPerson.status).toBe('us-person');
      const rule = outcome.rulesApplied.find((r) => r.id === 'iaas-cip-program');
      expect(rule?.legalStatus).toBe('proposed-rule');
      expect((a.screening as { screened: unknown[] }).screened).toHaveLength(1);
      const again = await rejected(kyc.openAccount(individual(), 'analyst'));
      expect(again.code).toBe('SP_CONFLICT');
    });

    it('flags an entity 60 % owned from a D:5 country as a foreign person and sends it to review', async () => {
      const a = await kyc.openAccount(entity(), 'analyst');
      expect(a.recommendation).toBe('review');
      expect(a.status).toBe('pending-review');
      expect((a.outcome as { foreignPerson: { status: string } }).foreignPerson.status).toBe('foreign-person');
      const f = a.findings.find((x) => x.kind === 'beneficial-owner-country-of-concern');
      expect(f).toMatchObject({ severity: 'high', ref: 'Wang Lei', status: 'open', legalStatus: 'proposed-rule' });
      expect(a.blockingFindings).toBeGreaterThan(0);
    });

    it('screens beneficial owners: an owner on the bundled Entity List is a hit', async () => {
      const a = await kyc.openAccount(
        entity({
          accountId: 'acct-ent-el',
          names: ['Harbor Compute Holdings Inc'],
          emails: ['ops@harbor.example'],
          phones: ['+1 302 555 0199'],
          paymentMeans: [{ kind: 'bank', id: 'ba_el', bankCountry: 'US', source: 'own' }],
          beneficialOwners: [
            {
              name: 'National University of Defense Technology',
              type: 'entity',
              sharePct: 30,
              countryOfIncorporation: 'CN',
            },
            { name: 'Robert Hale', type: 'individual', sharePct: 70, nationalities: ['US'], residenceCountry: 'US' },
          ],
        }),
        'analyst',
      );
      const hit = a.findings.find((f) => f.kind === 'screening-hit');
      expect(hit?.summary).toMatch(/beneficial-owner 'National University of Defense Technology' matches EL entry/);
      expect(hit?.severity).toBe('high');
      expect(a.status).toBe('pending-review');
      const reasons = (a.outcome as { reasons: { code: string }[] }).reasons.map((r) => r.code);
      expect(reasons).toContain('screening-unresolved');
    });

    it('treats VPN egress as unverifiable, not as a mismatch', async () => {
      const a = await kyc.openAccount(
        individual({
          accountId: 'acct-vpn',
          names: ['Ingrid Thornbury-Quist'],
          emails: ['maria@example.com'],
          phones: ['+1 614 555 0188'],
          paymentMeans: [{ kind: 'card', id: 'tok_vpn', binCountry: 'US', source: 'own' }],
          ipAddresses: [{ ip: '185.220.101.4', country: 'NL', egress: 'vpn' }],
        }),
        'analyst',
      );
      const kinds = a.findings.map((f) => f.kind);
      expect(kinds).toContain('ip-country-unverifiable');
      expect(kinds).not.toContain('ip-country-mismatch');
      expect(a.findings.find((f) => f.kind === 'ip-country-unverifiable')?.severity).toBe('low');
      expect(a.status).toBe('approved');
    });

    it('flags a reseller chain without attestation; registry and attestations', async () => {
      const r = await kyc.registerReseller({ id: 'rs-sg-1', name: 'Lion City Cloud Pte Ltd', country: 'SG' }, 'admin');
      expect(r.attestations).toEqual([]);
      const dup = await rejected(kyc.registerReseller({ id: 'rs-sg-1', name: 'x', country: 'SG' }, 'admin'));
      expect(dup.code).toBe('SP_CONFLICT');
      const bad = await rejected(
        kyc.attestReseller('rs-sg-1', { program: 'CIP v1', attestedOn: '2026-05-01', expiresOn: '2026-01-01' }, 'a'),
      );
      expect(bad.details[0]?.path).toBe('expiresOn');
      const a = await kyc.openAccount(
        individual({
          accountId: 'acct-resold',
          names: ['Tan Wei Ming'],
          emails: ['twm@example.sg'],
          phones: ['+65 6123 4567'],
          citizenships: ['SG'],
          residenceCountry: 'SG',
          declaredCountry: 'SG',
          addresses: [{ lines: ['1 Raffles Pl'], country: 'SG' }],
          paymentMeans: [{ kind: 'card', id: 'tok_sg', binCountry: 'SG', source: 'own' }],
          ipAddresses: [{ ip: '203.0.113.77', country: 'SG', egress: 'direct' }],
          verification: [{ method: 'documentary', evidence: 'passport', verifiedOn: '2026-03-01' }],
          resellerChain: ['rs-sg-1', 'rs-unknown'],
        }),
        'analyst',
      );
      const kinds = a.findings.map((f) => f.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(['reseller-attestation-missing', 'reseller-unregistered', 'reseller-chain-depth']),
      );
      expect(a.findings.find((f) => f.kind === 'reseller-attestation-missing')?.ref).toBe('rs-sg-1');
      expect(a.status).toBe('pending-review');
      const attested = await kyc.attestReseller(
        'rs-sg-1',
        { program: 'CIP v2', attestedOn: '2026-01-01', expiresOn: '2027-01-01' },
        'admin',
      );
      expect(attested.attestations).toHaveLength(1);
      expect((await kyc.addResellerCustomers('rs-sg-1', { accounts: ['acct-resold'] }, 'admin')).customers).toEqual([
        'acct-resold',
      ]);
      expect(await kyc.resellers()).toHaveLength(1);
    });

    it('applies the decision rules: approval over high findings needs an override', async () => {
      const refused = await rejected(
        kyc.decide('acct-ent-1', { decision: 'approve', reason: 'looks fine' }, 'analyst'),
      );
      expect(refused.code).toBe('SP_CONFLICT');
      expect(refused.message).toMatch(/unresolved high-severity/);
      const short = await rejected(
        kyc.decide('acct-ent-1', { decision: 'approve', reason: 'ok', override: 'short' }, 'analyst'),
      );
      expect(short.code).toBe('SP_BAD_REQUEST');
      const ok = await kyc.decide(
        'acct-ent-1',
        {
          decision: 'approve',
          reason: 'US-organised, verified documents',
          override: 'Owner Wang Lei verified by counsel; license review conditions apply',
        },
        'analyst',
      );
      expect(ok.status).toBe('approved');
      expect(ok.decisions.at(-1)?.override).toMatch(/counsel/);
      const again = await rejected(kyc.decide('acct-ent-1', { decision: 'reject', reason: 'changed mind' }, 'a'));
      expect(again.code).toBe('SP_CONFLICT');

      // Resolving every high finding lifts the block.
      const acct = await kyc.account('acct-resold');
      for (const f of acct.findings.filter((x) => x.severity === 'high'))
        await kyc.resolveFinding(f.id, { reason: 'reseller verified and attested' }, 'analyst');
      const approved = await kyc.decide('acct-resold', { decision: 'approve', reason: 'findings resolved' }, 'analyst');
      expect(approved.status).toBe('approved');
      expect(approved.blockingFindings).toBe(0);
      const closed = await kyc.decide('acct-resold', { decision: 'close', reason: 'customer left' }, 'analyst');
      expect(closed.status).toBe('closed');
      const rej = await kyc.decide('acct-ent-el', { decision: 'reject', reason: 'Entity List owner' }, 'analyst');
      expect(rej.status).toBe('rejected');
      expect((await kyc.accounts({ status: 'rejected' })).map((a) => a.id)).toEqual(['acct-ent-el']);
      const missing = await rejected(kyc.decide('nope', { decision: 'close', reason: 'x x x' }, 'a'));
      expect(missing.code).toBe('SP_NOT_FOUND');
    });

    it('ingests usage idempotently and quarantines bad rows with reasons', async () => {
      const rows = days('2026-06-30', 90).map((day) => ({
        accountId: 'acct-ent-1',
        day,
        acceleratorModel: 'nvidia-h100-sxm',
        count: 100_000,
        hours: 24,
        utilisation: 0.4,
      }));
      const bad = [
        {
          accountId: 'acct-ent-1',
          day: '2026-06-30',
          acceleratorModel: 'nvidia-h100-sxm',
          count: 1,
          hours: 30,
          utilisation: 0.4,
        },
        {
          accountId: 'acct-nobody',
          day: '2026-06-30',
          acceleratorModel: 'nvidia-h100-sxm',
          count: 1,
          hours: 1,
          utilisation: 0.4,
        },
        {
          accountId: 'acct-ent-1',
          day: '2026-07-05',
          acceleratorModel: 'nvidia-h100-sxm',
          count: 1,
          hours: 1,
          utilisation: 0.4,
        },
        rows[0],
        {
          accountId: 'acct-us-1',
          day: '2026-06-30',
          acceleratorModel: 'mystery-npu',
          count: 8,
          hours: 2,
          utilisation: 0.3,
        },
      ];
      const first = await kyc.ingestUsage({ records: [...rows, ...bad], source: 'test' }, 'analyst');
      expect(first).toMatchObject({ received: 95, inserted: 91, replaced: 0, unchanged: 0 });
      expect(first.rejected.map((r) => r.row)).toEqual([91, 92, 93, 94]);
      expect(first.rejected[0]?.reason).toMatch(/hours/);
      expect(first.rejected[1]?.reason).toMatch(/no KYC account acct-nobody/);
      expect(first.rejected[2]?.reason).toMatch(/future/);
      expect(first.rejected[3]?.reason).toMatch(/duplicate of row 1/);
      expect(first.unknownModels).toEqual(['mystery-npu']);
      const second = await kyc.ingestUsage(rows, 'analyst');
      expect(second).toMatchObject({ inserted: 0, replaced: 0, unchanged: 90 });
      const changed = await kyc.ingestUsage(
        [
          { ...rows[89], utilisation: 0.4 },
          { ...rows[88], hours: 24 },
        ],
        'a',
      );
      expect(changed.unchanged).toBe(2);
      const notBatch = await rejected(kyc.ingestUsage({ rows: [] }, 'analyst'));
      expect(notBatch.code).toBe('SP_BAD_REQUEST');
    });

    it('detects a 100,000 × H100 × 90 days × 40 % run above 1e26 and drafts a report', async () => {
      const r = await kyc.checkTrainingRuns({ asOf: '2026-06-30' }, 'analyst');
      const e = r.estimates.find((x) => x.accountId === 'acct-ent-1')!;
      expect(e.estimatedOps).toBeCloseTo(3.078e26, -23);
      expect(e.crossesThreshold).toBe(true);
      expect(r.estimates.find((x) => x.accountId === 'acct-us-1')?.crossesThreshold).toBe(false);
      const f = r.findings.find((x) => x.kind === 'large-training-run')!;
      expect(f).toMatchObject({ accountId: 'acct-ent-1', severity: 'high', ref: '2026-04-02..2026-06-30' });
      expect(f.legalStatus).toBe('proposed-rule');
      // A re-run refreshes the same finding; a higher threshold finds nothing.
      const again = await kyc.checkTrainingRuns({ asOf: '2026-06-30' }, 'analyst');
      expect(again.findings.find((x) => x.kind === 'large-training-run')?.id).toBe(f.id);
      const high = await kyc.checkTrainingRuns({ asOf: '2026-06-30', thresholdOps: 1e27 }, 'analyst');
      expect(high.estimates[0]?.crossesThreshold).toBe(false);
      const report = await kyc.trainingRunReport(f.id);
      expect(Buffer.from(report.bytes).subarray(0, 5).toString()).toBe('%PDF-');
      expect(report.document.sections.map((s) => s.heading)[0]).toBe('Status of this draft');
      expect((await kyc.trainingRunReport('acct-ent-1')).sha256).toBe(report.sha256);
      const none = await rejected(kyc.trainingRunReport('acct-us-1'));
      expect(none.code).toBe('SP_NOT_FOUND');
    });

    it('lists the rules with their legal status on a date', () => {
      const before = kyc.rules({ date: '2023-06-01' });
      expect(before.rules.map((r) => r.id)).not.toContain('iaas-cip-program');
      const later = kyc.rules({ date: '2026-07-01' });
      const cip = later.rules.find((r) => r.id === 'iaas-cip-program')!;
      expect(cip).toMatchObject({ legalStatus: 'proposed-rule', inForce: false, effectiveFrom: null });
      const eo = later.rules.find((r) => r.id === 'eo14110-interim-compute-threshold')!;
      expect(eo.statusLabel).toMatch(/ended 2025-01-20/);
      expect(later.rules.some((r) => r.legalStatus === 'bill')).toBe(true);
    });

    it('keeps the audit chain intact', async () => {
      const v = await verifyAudit(app.connection.db);
      expect(v.ok).toBe(true);
      const actions = (await listAudit(app.connection.db, { limit: 10_000 })).map((r) => r.action);
      for (const a of ['kyc.account.open', 'kyc.account.decide', 'kyc.reseller.register', 'kyc.usage.ingest'])
        expect(actions).toContain(a);
    });
  });
}
