/**
 * Cloud-compute customer due diligence over the store, on both engines: validation naming fields (nothing stored), a
 * consistent US individual approved, a US entity 60 % owned from a D:5 country flagged foreign and sent to review, a
 * beneficial owner on the bundled Entity List, VPN egress unverifiable, a reseller chain without attestation, usage
 * ingestion (idempotent, bad rows quarantined), a 100,000 × H100 × 90 days × 40 % run crossing 1e26 with a draft
 * report, the decision rules, and the audit chain.
 */
import { readFileSync } from 'node:fs';
import { type CustomerApplication, detectSharedIdentifiers, identityOf } from '@stackport/core';
import {
  connect,
  freshTestLocation,
  listAudit,
  migrationProvider,
  type TestLocation,
  testEngines,
  verifyAudit,
} from '@stackport/store';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_DATA_DIR, loadBundledLists } from './bundled.js';
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
      // The queue row carries the determination and the open findings by severity: no request per account.
      const row = (await kyc.accounts({ status: 'pending-review' })).find((x) => x.id === 'acct-ent-el');
      const open = a.findings.filter((f) => f.status === 'open');
      expect(row).toMatchObject({
        foreignPerson: (a.outcome as { foreignPerson: { status: string } }).foreignPerson.status,
        openFindings: {
          high: open.filter((f) => f.severity === 'high').length,
          medium: open.filter((f) => f.severity === 'medium').length,
          low: open.filter((f) => f.severity === 'low').length,
        },
      });
      expect(row?.openFindings.high).toBeGreaterThanOrEqual(1);
      expect(row).not.toHaveProperty('application');
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

// ---- list-import re-screening and the identifier index ------------------------------------------------------------

const CSL = readFileSync(`${BUNDLED_DATA_DIR}screening/csl.csv`, 'utf8');

/**
 * A later CSL version built from the bundled snapshot: one entry's content changed (NUDT gains an alias) and the given
 * Entity List entries added, as stackport.test.ts builds one for party re-screening.
 */
function cslVersion(added: readonly { key: string; name: string }[], changeNudt = true): string {
  const lines = CSL.split('\n');
  if (changeNudt) {
    const i = lines.findIndex((l) => l.includes('"National University of Defense Technology (NUDT)"'));
    lines[i] = lines[i]!.replace(
      '"National University of Defense Technology (NUDT)"',
      '"National University of Defense Technology (NUDT) [aka Guofang Keji Daxue]"',
    );
  }
  const template = lines.find((l) => l.includes('"Entity List (EL)'))!;
  for (const a of added)
    lines.splice(
      3,
      0,
      template
        .replace(/^"[^"]*"/, `"${a.key}"`)
        .replace(
          /"Entity List \(EL\) - Bureau of Industry and Security","","","","[^"]*"/,
          `"Entity List (EL) - Bureau of Industry and Security","","","","${a.name}"`,
        ),
    );
  return lines.join('\n');
}

const ZEPHYRINE = { key: 'added-entry-0001', name: 'Zephyrine Quantum Lithography Works' };
const OBSIDIAN = { key: 'added-entry-0002', name: 'Obsidian Meridian Photonics Ltd' };

/** An entity whose second owner (a company, no country given) is not listed at opening. */
const ownedBy = (accountId: string, owner: string, over: Record<string, unknown> = {}) =>
  entity({
    accountId,
    names: [`${accountId} Holdings Inc`],
    emails: [`ops@${accountId}.example`],
    phones: ['+1 302 555 0111'],
    paymentMeans: [{ kind: 'bank', id: `ba_${accountId}`, bankCountry: 'US', source: 'own' }],
    beneficialOwners: [
      { name: 'Robert Hale', type: 'individual', sharePct: 70, nationalities: ['US'], residenceCountry: 'US' },
      { name: owner, type: 'entity', sharePct: 30 },
    ],
    ...over,
  });

for (const engine of testEngines()) {
  describe(`KYC re-screening on list import on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let kyc: KycService;
    const now = Date.parse('2026-07-01T09:00:00Z');
    const screeningHits = async (accountId: string) =>
      (await kyc.account(accountId)).findings.filter((f) => f.kind === 'screening-hit');

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

    it('opens one finding when a new list version lists a beneficial owner, and nothing twice', async () => {
      const owned = await kyc.openAccount(ownedBy('acct-zqlw', ZEPHYRINE.name), 'analyst');
      expect(owned.findings.filter((f) => f.kind === 'screening-hit')).toEqual([]);
      const nudt = await kyc.openAccount(ownedBy('acct-nudt', 'National University of Defense Technology'), 'analyst');
      const nudtHits = nudt.findings.filter((f) => f.kind === 'screening-hit');
      expect(nudtHits.length).toBeGreaterThan(0);
      const unrelated = await kyc.openAccount(individual({ accountId: 'acct-plain' }), 'analyst');
      expect(unrelated.status).toBe('approved');
      // Rejected and closed accounts are final: not re-screened.
      await kyc.openAccount(ownedBy('acct-gone', ZEPHYRINE.name), 'analyst');
      await kyc.decide('acct-gone', { decision: 'reject', reason: 'customer withdrew' }, 'analyst');

      const imported = await app.importList({ text: cslVersion([ZEPHYRINE]), fileName: 'csl-2.csv', actor: 'admin' });
      expect(imported.version.delta).toMatchObject({ added: 1, changed: 1 });
      expect(imported.rescreen).toMatchObject({ kycAccounts: 3, kycFindings: 1 });

      const [hit, ...more] = await screeningHits('acct-zqlw');
      expect(more).toEqual([]);
      expect(hit).toMatchObject({
        kind: 'screening-hit',
        ref: `beneficial-owner:${ZEPHYRINE.name}:EL:${ZEPHYRINE.key}`,
        severity: 'high',
        status: 'open',
        source: 'list-update',
        ruleId: 'csl-screening',
        legalStatus: 'guidance',
        evidence: {
          role: 'beneficial-owner',
          screenedName: ZEPHYRINE.name,
          entryKey: `EL:${ZEPHYRINE.key}`,
          source: 'EL',
          listedName: ZEPHYRINE.name,
          listVersionId: imported.version.id,
        },
      });
      expect(hit!.summary).toMatch(/beneficial-owner 'Zephyrine Quantum Lithography Works' matches EL entry/);
      expect((await kyc.account('acct-zqlw')).blockingFindings).toBeGreaterThan(0);
      // The changed NUDT entry matches the same owner again: its finding from opening is not duplicated.
      expect((await screeningHits('acct-nudt')).map((f) => f.id).sort()).toEqual(nudtHits.map((f) => f.id).sort());
      expect(await screeningHits('acct-plain')).toEqual([]);
      expect(await screeningHits('acct-gone')).toEqual([]);

      // Audit: the finding's own record, and the counts in the import's.
      const audit = await listAudit(app.connection.db, { limit: 10_000 });
      const opened = audit.filter((r) => r.action === 'kyc.finding.open');
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatchObject({
        subject: 'kyc-account:acct-zqlw',
        data: { finding: hit!.id, trigger: 'list-update', listVersionId: imported.version.id },
      });
      const importRecord = audit.filter((r) => r.action === 'list.import').at(-1);
      expect(importRecord?.data).toMatchObject({ rescreen: { kycAccounts: 3, kycFindings: 1 } });

      // The same file again changes nothing.
      const again = await app.importList({ text: cslVersion([ZEPHYRINE]), fileName: 'again.csv', actor: 'admin' });
      expect(again.unchanged).toBe(true);
      expect(again.rescreen).toMatchObject({ kycAccounts: 0, kycFindings: 0 });
      expect(await screeningHits('acct-zqlw')).toEqual([hit]);
    });

    it('does not reopen a resolved finding when the entry changes again', async () => {
      const [hit] = await screeningHits('acct-zqlw');
      await kyc.resolveFinding(hit!.id, { reason: 'Different company: verified registry extract' }, 'analyst');
      // A version where the Zephyrine entry's content changes (NUDT loses its alias): it is in the delta again.
      const text = cslVersion([{ ...ZEPHYRINE, name: `${ZEPHYRINE.name} [aka ZQLW]` }], false);
      const r = await app.importList({ text, fileName: 'csl-3.csv', actor: 'admin' });
      expect(r.version.delta).toMatchObject({ changed: 2 });
      expect(r.rescreen.kycAccounts).toBe(3);
      expect(r.rescreen.kycFindings).toBe(0);
      expect((await screeningHits('acct-zqlw')).map((f) => [f.id, f.status])).toEqual([[hit!.id, 'resolved']]);
    });

    it('rolls the whole import back when writing a KYC finding fails', async () => {
      await kyc.openAccount(ownedBy('acct-omp', OBSIDIAN.name), 'analyst');
      const before = await app.listVersions({ activeOnly: true });
      const auditBefore = (await listAudit(app.connection.db, { limit: 10_000 })).length;
      const text = cslVersion([{ ...ZEPHYRINE, name: `${ZEPHYRINE.name} [aka ZQLW]` }, OBSIDIAN], false);
      const conn = app.connection;
      const broken = new Stackport({
        connection: {
          ...conn,
          db: conn.db.withPlugin({
            transformQuery: (a) => {
              if (a.node.kind === 'InsertQueryNode' && JSON.stringify(a.node).includes('"kyc_findings"'))
                throw new Error('disk full');
              return a.node;
            },
            transformResult: async (a) => a.result,
          }),
        },
        now: () => new Date(now),
      });
      await expect(broken.importList({ text, fileName: 'csl-broken.csv', actor: 'admin' })).rejects.toThrow(
        'disk full',
      );
      expect(await app.listVersions({ activeOnly: true })).toEqual(before);
      expect((await app.listVersions()).some((v) => v.fileName === 'csl-broken.csv')).toBe(false);
      expect(await screeningHits('acct-omp')).toEqual([]);
      expect((await listAudit(app.connection.db, { limit: 10_000 })).length).toBe(auditBefore);

      // The same import, unsabotaged, opens the finding.
      const r = await app.importList({ text, fileName: 'csl-4.csv', actor: 'admin' });
      expect(r.rescreen).toMatchObject({ kycAccounts: 4, kycFindings: 1 });
      expect((await screeningHits('acct-omp')).map((f) => f.ref)).toEqual([
        `beneficial-owner:${OBSIDIAN.name}:EL:${OBSIDIAN.key}`,
      ]);
      expect((await verifyAudit(app.connection.db)).ok).toBe(true);
    });
  });

  describe(`KYC identifier index on ${engine}`, () => {
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

    /** Applicant i: its own identifiers, except that every 7th reuses (reformatted) identifiers of earlier ones. */
    const applicant = (i: number) => {
      const n = String(i).padStart(3, '0');
      const base = {
        accountId: `acct-idx-${n}`,
        names: [`Applicant Number ${n}`],
        emails: [`user${n}@example.com`],
        phones: [`+1 614 555 1${n}`],
        paymentMeans: [{ kind: 'card', id: `tok_${n}`, binCountry: 'US', source: 'own' }],
      };
      if (i % 7 === 3) return individual({ ...base, emails: [`USER${String(i - 1).padStart(3, '0')}@Example.com`] });
      if (i % 7 === 5)
        return individual({ ...base, phones: [`+1 (614) 555-1${String(i - 2).padStart(3, '0')}`], names: base.names });
      if (i % 7 === 6)
        return individual({
          ...base,
          paymentMeans: [
            { kind: 'card', id: `tok_${String(i - 6).padStart(3, '0')}`, binCountry: 'US', source: 'own' },
          ],
        });
      // Same name as the previous applicant, same email: a name in common is not a flag.
      if (i % 7 === 0 && i > 0)
        return individual({
          ...base,
          names: [`applicant number ${String(i - 1).padStart(3, '0')}`],
          emails: [`user${String(i - 1).padStart(3, '0')}@example.com`],
        });
      return individual(base);
    };

    it('finds the same shared identifiers as a scan of every application, over many accounts', async () => {
      const opened: CustomerApplication[] = [];
      let flagged = 0;
      for (let i = 0; i < 60; i++) {
        const a = await kyc.openAccount(applicant(i), 'analyst');
        const application = a.application as unknown as CustomerApplication;
        // What the full scan found before the index: the core check over every application stored before.
        const expected = detectSharedIdentifiers(application, opened.map(identityOf));
        const got = a.findings.filter((f) => f.kind === 'shared-identifier');
        expect(got.map((f) => [f.ref, f.summary])).toEqual(
          expected.map((f) => [f.evidence.otherAccountId as string, f.summary]),
        );
        flagged += got.length;
        opened.push(application);
      }
      expect(flagged).toBeGreaterThanOrEqual(20);
      const rows = await app.connection.db.selectFrom('kyc_identifiers').select(['account_id']).execute();
      expect(rows.length).toBe(60 * 3); // one email, one phone and one payment id per account
    });

    it('looks the other accounts up through the index, not by reading every application', async () => {
      const probe = (n: number, over: Record<string, unknown>) =>
        individual({
          accountId: `acct-idx-probe-${n}`,
          names: [`Probe Applicant ${n}`],
          emails: [`probe${n}@example.com`],
          phones: [`+1 614 555 990${n}`],
          paymentMeans: [{ kind: 'card', id: `tok_probe_${n}`, binCountry: 'US', source: 'own' }],
          ...over,
        });
      // acct-idx-008's identifiers are its own. Its email is found through the index...
      const found = await kyc.openAccount(probe(1, { emails: ['user008@example.com'] }), 'analyst');
      expect(found.findings.filter((f) => f.kind === 'shared-identifier').map((f) => f.ref)).toEqual(['acct-idx-008']);
      // ...and once its index rows are gone, its phone is not, although its stored application still holds it.
      await app.connection.db.deleteFrom('kyc_identifiers').where('account_id', '=', 'acct-idx-008').execute();
      expect(((await kyc.account('acct-idx-008')).application as { phones: string[] }).phones).toEqual([
        '+1 614 555 1008',
      ]);
      const missed = await kyc.openAccount(probe(2, { phones: ['+16145551008'] }), 'analyst');
      expect(missed.findings.filter((f) => f.kind === 'shared-identifier')).toEqual([]);
    });

    it('back-fills the index for accounts opened before migration 0011', async () => {
      const db = app.connection.db;
      const before = await db
        .selectFrom('kyc_identifiers')
        .select(['account_id', 'kind', 'value'])
        .where('account_id', '!=', 'acct-idx-008')
        .orderBy('account_id')
        .orderBy('kind')
        .orderBy('value')
        .execute();
      // Undo 0011 alone, as if it had never run, then migrate again: only 0011 runs (the later migrations are
      // recorded, hence unordered) and back-fills from the stored applications.
      await db.schema.dropTable('kyc_identifiers').execute();
      await db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', '0011_kyc_identifiers')
        .execute();
      const { error, results } = await new Migrator({
        db,
        provider: migrationProvider,
        allowUnorderedMigrations: true,
      }).migrateToLatest();
      expect(results?.map((r) => r.migrationName)).toEqual(['0011_kyc_identifiers']);
      expect(error).toBeUndefined();
      const after = await db
        .selectFrom('kyc_identifiers')
        .select(['account_id', 'kind', 'value'])
        .orderBy('account_id')
        .orderBy('kind')
        .orderBy('value')
        .execute();
      expect(after.filter((r) => r.account_id !== 'acct-idx-008')).toEqual(before);
      // The rows removed above come back from the stored application.
      expect(after.filter((r) => r.account_id === 'acct-idx-008')).toEqual([
        { account_id: 'acct-idx-008', kind: 'email', value: 'user008@example.com' },
        { account_id: 'acct-idx-008', kind: 'payment', value: 'tok_008' },
        { account_id: 'acct-idx-008', kind: 'phone', value: '16145551008' },
      ]);
    });
  });
}
