/**
 * Synthesis order screening over the store, on both engines, with SYNTHETIC data only (random sequences registered
 * as concerns by core's synthetic.ts): intake validation naming records, Flag → pending-review, decision rules,
 * split orders across two orders, a customer hit on a bundled Entity List name, retention, and the exchange.
 */
import {
  embed,
  mulberry32,
  randomDna,
  randomProtein,
  reverseComplement,
  syntheticConcernDb,
  toFasta,
} from '@stackport/core';
import { connect, freshTestLocation, listAudit, type TestLocation, testEngines, verifyAudit } from '@stackport/store';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledLists } from './bundled.js';
import { AppError } from './errors.js';
import { Stackport } from './stackport.js';
import { SynthesisService } from './synthesis.js';

const DB = syntheticConcernDb(8_2026, {
  dnaConcerns: 12,
  dnaLength: [900, 1400],
  proteinConcerns: 6,
  proteinLength: [150, 300],
});
const DB_FASTA = toFasta(DB);
const H = DB.find((c) => c.id === 'SYN-DNA-00003')!.sequence;
const P = DB.find((c) => c.kind === 'protein')!.sequence;
const KEY = 'test-exchange-key-not-a-secret';
const rng = mulberry32(99);

const customer = (over: Record<string, unknown> = {}) => ({
  name: 'Ada Testperson',
  email: 'ada@example.org',
  institution: 'Example Synthetic Biology Institute',
  country: 'DE',
  address: '1 Example Street, Berlin',
  shippingAddress: '1 Example Street, Berlin',
  shippingCountry: 'DE',
  ...over,
});
const order = (fasta: string, over: Record<string, unknown> = {}) => ({
  customer: customer(),
  endUseStatement: 'Cloning of reporter constructs for a teaching lab',
  fasta,
  receivedAt: '2026-03-01T10:00:00Z',
  ...over,
});
const benign = () =>
  toFasta([
    { id: 'plasmid-1', sequence: randomDna(rng, 1200) },
    { id: 'guide-rna', sequence: randomDna(rng, 80).replace(/T/g, 'U') },
    { id: 'enzyme', sequence: randomProtein(rng, 220) },
  ]);

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
  describe(`synthesis order screening on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let syn: SynthesisService;
    let now = Date.parse('2026-03-10T09:00:00Z');

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location), now: () => new Date(now) });
      await loadBundledLists(app);
      syn = new SynthesisService(app);
    });
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('refuses an order before any concern database is imported', async () => {
      const e = await rejected(syn.submitOrder(order(benign()), 'analyst'));
      expect(e.code).toBe('SP_CONFLICT');
      expect(e.message).toMatch(/no concern database/);
    });

    it('imports a concern database, names a bad record, and ignores a re-import of the same file', async () => {
      const bad = await rejected(syn.importConcerns({ fasta: `${DB_FASTA}\n>SYN-BAD-1\nACGT9ACGT\n` }, 'admin'));
      expect(bad.code).toBe('SP_BAD_REQUEST');
      expect(bad.message).toMatch(/'SYN-BAD-1'/);
      expect(await syn.concernSets()).toEqual([]);
      const r = await syn.importConcerns(
        { fasta: DB_FASTA, name: 'synthetic test db', provenance: { synthetic: true } },
        'admin',
      );
      expect(r.unchanged).toBe(false);
      expect(r.set).toMatchObject({ status: 'active', dnaCount: 12, proteinCount: 6, name: 'synthetic test db' });
      expect(r.set.indexVersion).toMatch(/^cdb-/);
      expect((await syn.importConcerns({ fasta: DB_FASTA }, 'admin')).unchanged).toBe(true);
      expect(await syn.concernSets()).toHaveLength(1);
    });

    it('rejects bad FASTA naming the record and line, and stores nothing', async () => {
      const before = (await listAudit(app.connection.db, { limit: 10_000 })).length;
      const text = '>ok-1\nACGTACGTACGT\n>bad-2\nACGTXXACGT\n>empty-3\n>ok-4\nMKVLAAGIVG\n';
      const e = await rejected(syn.submitOrder(order(text), 'analyst'));
      expect(e.code).toBe('SP_BAD_REQUEST');
      expect(e.message).toMatch(/'bad-2'/);
      expect(e.message).toMatch(/'empty-3'/);
      expect(e.details.map((d) => d.path)).toContain('fasta: record bad-2, line 4, column 5');
      const schema = await rejected(syn.submitOrder({ ...order(benign()), endUseStatement: '' }, 'analyst'));
      expect(schema.details[0]?.path).toBe('endUseStatement');
      const future = await rejected(syn.submitOrder(order(benign(), { receivedAt: '2027-01-01T00:00:00Z' }), 'a'));
      expect(future.message).toMatch(/in the future/);
      expect(await syn.orders()).toEqual([]);
      expect((await listAudit(app.connection.db, { limit: 10_000 })).length).toBe(before);
    });

    it('screens a clear order with DNA, RNA and protein records as ready', async () => {
      const o = await syn.submitOrder(order(benign(), { reference: 'PO-1' }), 'analyst');
      expect(o.outcome).toBe('Clear');
      expect(o.status).toBe('ready');
      expect(o.records.map((r) => r.kind)).toEqual(['dna', 'rna', 'protein']);
      expect(o.policyVersion).toBe('ostp-2024-framework/200nt');
      expect(o.retainUntil).toBe('2029-03-01T10:00:00.000Z');
      expect(o.customerScreening).toMatchObject({ addressMismatch: false });
      const fulfilled = await syn.decide(o.id, { decision: 'fulfil', reason: 'clear screening' }, 'analyst');
      expect(fulfilled.status).toBe('fulfilled');
      const again = await rejected(syn.decide(o.id, { decision: 'hold', reason: 'second thoughts' }, 'analyst'));
      expect(again.code).toBe('SP_CONFLICT');
    });

    it('flags a concern fragment (pending-review) and refuses fulfilment without an expert decision', async () => {
      const hazard = embed(rng, H.slice(100, 420), 900).sequence;
      const protein = randomProtein(rng, 30) + P.slice(10, 110) + randomProtein(rng, 30);
      const o = await syn.submitOrder(
        order(
          toFasta([
            { id: 'gene-a', sequence: hazard },
            { id: 'prot-b', sequence: protein },
          ]),
          { reference: 'PO-2' },
        ),
        'analyst',
      );
      expect(o.outcome).toBe('Flag');
      expect(o.status).toBe('pending-review');
      expect(o.requiresExpertReview).toBe(true);
      const flagged = o.screening.records.find((r) => r.recordId === 'gene-a')!;
      expect(flagged.outcome).toBe('Flag');
      expect(flagged.regions[0]).toMatchObject({ concernId: 'SYN-DNA-00003', match: 'exact' });
      expect(flagged.windows.length).toBeGreaterThan(0);
      expect(o.screening.records.find((r) => r.recordId === 'prot-b')!.outcome).toBe('Flag');
      expect(o.reviewItems.map((i) => `${i.kind}:${i.ref}`)).toEqual(['sequence-flag:gene-a', 'sequence-flag:prot-b']);

      const refused = await rejected(syn.decide(o.id, { decision: 'fulfil', reason: 'customer is known' }, 'analyst'));
      expect(refused.code).toBe('SP_CONFLICT');
      expect(refused.message).toMatch(/expert decision.*sequence-flag gene-a/);
      const held = await syn.decide(o.id, { decision: 'hold', reason: 'asked the customer for details' }, 'analyst');
      expect(held.status).toBe('held');
      expect(
        (await rejected(syn.decide(o.id, { decision: 'fulfil', reason: 'details received' }, 'analyst'))).code,
      ).toBe('SP_CONFLICT');
      const ok = await syn.decide(
        o.id,
        { decision: 'fulfil', reason: 'expert review: legitimate vaccine research, verified', expert: true },
        'biosecurity-expert',
      );
      expect(ok.status).toBe('fulfilled');
      expect(ok.decisions.map((d) => [d.decision, d.statusTo, d.expert])).toEqual([
        ['hold', 'held', false],
        ['fulfil', 'fulfilled', true],
      ]);
      const listed = await syn.orders({ status: 'fulfilled' });
      expect(listed.map((x) => x.id)).toContain(o.id);
    });

    it('catches a split order across two orders of one customer', async () => {
      const c = customer({ account: 'acct-split', email: 'split@example.org' });
      const first = await syn.submitOrder(
        order(toFasta([{ id: 'p1', sequence: embed(rng, H.slice(500, 620), 400).sequence }]), {
          customer: c,
          receivedAt: '2026-03-02T10:00:00Z',
        }),
        'analyst',
      );
      expect(first.outcome).toBe('Warning');
      expect(first.status).toBe('ready');
      const second = await syn.submitOrder(
        order(toFasta([{ id: 'p2', sequence: embed(rng, H.slice(620, 740), 400).sequence }]), {
          customer: c,
          receivedAt: '2026-03-05T10:00:00Z',
        }),
        'analyst',
      );
      expect(second.outcome).toBe('Flag');
      expect(second.status).toBe('pending-review');
      expect(second.splits[0]).toMatchObject({ kind: 'split_order', concernId: 'SYN-DNA-00003' });
      expect(second.splits[0]?.orderIds).toEqual([first.id, second.id].sort());
      expect(second.reviewItems.map((i) => i.kind)).toEqual(['split-order']);
      // Another customer ordering the second half alone is not a split.
      const other = await syn.submitOrder(
        order(toFasta([{ id: 'p3', sequence: embed(rng, H.slice(620, 740), 400).sequence }]), {
          customer: customer({ account: 'acct-other', email: 'other@example.org' }),
          receivedAt: '2026-03-06T10:00:00Z',
        }),
        'analyst',
      );
      expect(other.splits).toEqual([]);
      expect(other.status).toBe('ready');
      expect((await syn.orders({ customer: 'acct-split' })).map((x) => x.id).sort()).toEqual(
        [first.id, second.id].sort(),
      );
    });

    it('screens the institution against the bundled lists and flags a shipping country mismatch', async () => {
      const o = await syn.submitOrder(
        order(benign(), {
          customer: customer({
            account: 'acct-listed',
            email: 'lab@example.cn',
            institution: 'National University of Defense Technology',
            country: 'CN',
            shippingCountry: 'HK',
            shippingAddress: '1 Example Road, Hong Kong',
          }),
        }),
        'analyst',
      );
      expect(o.outcome).toBe('Clear');
      expect(o.status).toBe('pending-review');
      const kinds = o.reviewItems.map((i) => i.kind);
      expect(kinds).toContain('customer-hit');
      expect(kinds).toContain('address-mismatch');
      const hit = o.reviewItems.find((i) => i.kind === 'customer-hit')!;
      expect(hit.message).toMatch(/institution 'National University of Defense Technology' matches EL entry/);
      const denied = await syn.decide(o.id, { decision: 'deny', reason: 'Entity List institution' }, 'analyst');
      expect(denied.status).toBe('denied');
      const reported = await syn.decide(o.id, { decision: 'report', reason: 'reported to authorities' }, 'analyst');
      expect(reported.status).toBe('reported');
    });

    it('exchanges keyed window hashes and finds a split across providers', async () => {
      const G = DB.find((c) => c.id === 'SYN-DNA-00005')!.sequence;
      // "Provider A" side: the customer ordered the first part here; its bulletin carries no sequence or name.
      const a = await syn.submitOrder(
        order(toFasta([{ id: 'a1', sequence: embed(rng, G.slice(100, 220), 400).sequence }]), {
          customer: customer({ account: 'acct-a', email: 'xchg@example.org' }),
          receivedAt: '2026-03-07T10:00:00Z',
        }),
        'analyst',
      );
      expect(a.outcome).toBe('Warning');
      const bulletin = await syn.exportBulletin(
        { customer: 'acct-a', provider: 'provider-A', key: KEY, days: 30 },
        'analyst',
      );
      expect(bulletin.concernWindows.length).toBeGreaterThan(0);
      expect(JSON.stringify(bulletin)).not.toMatch(/SYN-DNA|xchg@example|acct-a|[ACGT]{30}/);
      // "Provider B" side: the same person (same e-mail) under another account orders the next part.
      const o = await syn.submitOrder(
        order(toFasta([{ id: 'b1', sequence: embed(rng, G.slice(220, 340), 400).sequence }]), {
          customer: customer({ account: 'acct-b', email: 'Xchg@example.org' }),
          receivedAt: '2026-03-08T10:00:00Z',
        }),
        'analyst',
      );
      expect(o.status).toBe('ready');
      const wrongKey = await syn.checkBulletin(o.id, { bulletin, key: 'another-key-entirely-1234' }, 'analyst');
      expect(wrongKey.sameCustomer).toBe(false);
      const check = await syn.checkBulletin(o.id, { bulletin, key: KEY }, 'analyst');
      expect(check.sameCustomer).toBe(true);
      expect(check.splitFindings.length).toBeGreaterThan(0);
      expect(check.status).toBe('pending-review');
      const stored = await syn.order(o.id);
      expect(stored.reviewItems.map((i) => i.kind)).toContain('exchange-split');
      expect(stored.exchangeChecks).toHaveLength(2);
      const bad = await rejected(syn.checkBulletin(o.id, { bulletin: { ...bulletin, format: 'x' }, key: KEY }, 'a'));
      expect(bad.code).toBe('SP_BAD_REQUEST');
    });

    it('retains records three years: a purge never deletes a younger one', async () => {
      const count = async () => (await syn.orders({ limit: 1000 })).length;
      const total = await count();
      // Two years on: nothing is old enough.
      now = Date.parse('2028-03-10T09:00:00Z');
      expect((await syn.purge({}, 'admin')).purged).toEqual([]);
      // A purge "as of" a later time than the clock is refused.
      const e = await rejected(syn.purge({ now: '2030-01-01T00:00:00Z' }, 'admin'));
      expect(e.code).toBe('SP_BAD_REQUEST');
      expect(e.message).toMatch(/later than the clock/);
      expect(await count()).toBe(total);
      // Three years and a day after receipt (and after the decisions of 2026-03-10): decided orders go, open ones stay.
      now = Date.parse('2029-03-11T09:00:00Z');
      const r = await syn.purge({}, 'admin');
      const left = await syn.orders({ limit: 1000 });
      expect(r.purged.length).toBeGreaterThan(0);
      expect(left.length).toBe(total - r.purged.length);
      expect(left.every((o) => ['pending-review', 'ready', 'held'].includes(o.status))).toBe(true);
      expect((await verifyAudit(app.connection.db)).ok).toBe(true);
      now = Date.parse('2026-03-10T09:00:00Z');
    });
  });
}

// ---- re-screening stored orders when a new concern database version is imported ----------------------------------

/** Version 2 of the test database: two more synthetic concerns, one found in stored orders and one found nowhere. */
const NEW_HIT = { id: 'SYN-DNA-90001', sequence: randomDna(mulberry32(90_001), 1000), kind: 'dna' as const };
const NEW_NONE = { id: 'SYN-DNA-90002', sequence: randomDna(mulberry32(90_002), 800), kind: 'dna' as const };
const DB_V2_FASTA = toFasta([...DB, NEW_HIT, NEW_NONE]);

for (const engine of testEngines()) {
  describe(`re-screening stored synthesis orders on a concern database import, on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let syn: SynthesisService;
    const now = Date.parse('2026-03-10T09:00:00Z');
    const r = mulberry32(5);
    const ids: Record<string, string> = {};
    const auditCount = async () => (await listAudit(app.connection.db, { limit: 100_000 })).length;

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location), now: () => new Date(now) });
      await loadBundledLists(app);
      syn = new SynthesisService(app);
      expect((await syn.importConcerns({ fasta: DB_FASTA, name: 'v1' }, 'admin')).rescreen.previousSet).toBeNull();
      const submit = async (name: string, seq: string, account = 'acct-rescreen') =>
        (ids[name] = (
          await syn.submitOrder(
            order(toFasta([{ id: `${name}-1`, sequence: seq }]), {
              customer: customer({ account, email: `${account}@example.org` }),
              reference: name,
            }),
            'analyst',
          )
        ).id);
      // Clear under v1; v2's new concern is in them.
      await submit('open', embed(r, NEW_HIT.sequence.slice(100, 400), 900).sequence);
      await submit('held', embed(r, NEW_HIT.sequence.slice(0, 300), 700).sequence);
      await submit('shipped', embed(r, reverseComplement(NEW_HIT.sequence.slice(500, 800)), 800).sequence);
      await submit('warn', embed(r, NEW_HIT.sequence.slice(850, 950), 600).sequence, 'acct-warn');
      await submit('unrelated', randomDna(r, 1500), 'acct-unrelated');
      // Flagged under v1 already (a v1 concern, unchanged in v2).
      await submit('flagged', embed(r, H.slice(100, 420), 900).sequence, 'acct-flagged');
      await syn.decide(ids.held!, { decision: 'hold', reason: 'waiting for the end-use letter' }, 'analyst');
      await syn.decide(ids.shipped!, { decision: 'fulfil', reason: 'clear screening' }, 'analyst');
    });
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('a failure mid-import leaves nothing half-written: no set, no finding, no status change', async () => {
      const failing: KyselyPlugin = {
        transformQuery(args) {
          const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } };
          if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'audit_log')
            throw new Error('disk full (injected)');
          return args.node;
        },
        async transformResult(args) {
          return args.result;
        },
      };
      const broken = new Stackport({
        connection: { ...app.connection, db: app.connection.db.withPlugin(failing) },
        now: () => new Date(now),
      });
      const before = await auditCount();
      await expect(new SynthesisService(broken).importConcerns({ fasta: DB_V2_FASTA }, 'admin')).rejects.toThrow(
        /disk full/,
      );
      expect((await syn.concernSets()).map((s) => [s.name, s.status])).toEqual([['v1', 'active']]);
      const open = await syn.order(ids.open!);
      expect(open.status).toBe('ready');
      expect(open.rescreenFindings).toEqual([]);
      expect((await syn.order(ids.held!)).status).toBe('held');
      expect(await auditCount()).toBe(before);
    });

    it('re-screens stored orders against the added concerns only, in the import transaction', async () => {
      const stored = (await syn.orders({ limit: 1000 })).length;
      const shippedBefore = await syn.order(ids.shipped!);
      const before = await auditCount();
      const imp = await syn.importConcerns({ fasta: DB_V2_FASTA, name: 'v2' }, 'admin');
      expect(imp.unchanged).toBe(false);
      expect(imp.rescreen).toMatchObject({
        delta: { added: 2, changed: 0, removed: 0, unchanged: DB.length },
        ordersScreened: stored,
        findings: 4,
        flags: 3,
        warnings: 1,
        alreadyRecorded: 0,
        ordersToReview: 2,
        reopened: 2,
        followUps: 1,
        followUpOrders: [ids.shipped],
      });
      const v2 = imp.set;

      // The open order: a finding with the set version, concern and windows; back to expert review.
      const open = await syn.order(ids.open!);
      expect(open.status).toBe('pending-review');
      expect(open.requiresExpertReview).toBe(true);
      expect(open.outcome).toBe('Clear'); // the intake screening against v1 is kept as it was
      expect(open.concernSetId).not.toBe(v2.id);
      expect(open.reviewItems.map((i) => `${i.kind}:${i.ref}`)).toEqual(['rescreen-flag:SYN-DNA-90001']);
      expect(open.reviewItems[0]?.message).toMatch(/concern set 'v2' .*new concern SYN-DNA-90001.*cover 3\d\d nt/);
      expect(open.rescreenFindings).toHaveLength(1);
      const f = open.rescreenFindings[0]!;
      expect(f).toMatchObject({
        concernSetId: v2.id,
        indexVersion: v2.indexVersion,
        concernId: 'SYN-DNA-90001',
        outcome: 'Flag',
        requiresReview: true,
        followUp: false,
        orderStatus: 'ready',
        policyVersion: 'ostp-2024-framework/200nt',
      });
      // The embedded 300 nt (random flanks may extend a match by a base or two).
      expect(f.coveredNt).toBeGreaterThanOrEqual(300);
      expect(f.coveredNt).toBeLessThan(310);
      const region = f.detail.records[0]?.regions[0];
      expect(region).toMatchObject({ concernId: 'SYN-DNA-90001', match: 'exact', strand: '+' });
      expect(region?.concernStart).toBeLessThanOrEqual(100);
      expect(region?.concernEnd).toBeGreaterThanOrEqual(400);
      expect(f.detail.records[0]?.windows.length).toBeGreaterThan(0);
      const refused = await rejected(syn.decide(ids.open!, { decision: 'fulfil', reason: 'was clear' }, 'analyst'));
      expect(refused.code).toBe('SP_CONFLICT');
      expect(refused.message).toMatch(/rescreen-flag SYN-DNA-90001/);

      // The held order goes back to pending-review too.
      expect((await syn.order(ids.held!)).status).toBe('pending-review');

      // The shipped order: a follow-up finding; its status, review items and decisions are as they were.
      const shipped = await syn.order(ids.shipped!);
      expect(shipped.status).toBe('fulfilled');
      expect(shipped.reviewItems).toEqual(shippedBefore.reviewItems);
      expect(shipped.decisions).toEqual(shippedBefore.decisions);
      expect(shipped.updatedAt).toBe(shippedBefore.updatedAt);
      expect(shipped.rescreenFindings.map((x) => [x.concernId, x.outcome, x.followUp, x.orderStatus])).toEqual([
        ['SYN-DNA-90001', 'Flag', true, 'fulfilled'],
      ]);
      expect(shipped.rescreenFindings[0]?.detail.records[0]?.regions[0]).toMatchObject({ strand: '-' });
      const followUps = await syn.orders({ followUp: 'true' });
      expect(followUps.map((o) => [o.id, o.followUps])).toEqual([[ids.shipped, 1]]);

      // A Warning is recorded and shown, and holds nothing (as at intake); unrelated orders get nothing.
      const warn = await syn.order(ids.warn!);
      expect(warn.status).toBe('ready');
      expect(warn.rescreenFindings.map((x) => [x.outcome, x.requiresReview])).toEqual([['Warning', false]]);
      expect(warn.rescreenFindings[0]?.coveredNt).toBeGreaterThanOrEqual(100);
      for (const name of ['unrelated', 'flagged']) {
        const o = await syn.order(ids[name]!);
        expect(o.rescreenFindings).toEqual([]);
      }
      expect((await syn.order(ids.unrelated!)).status).toBe('ready');
      expect((await syn.order(ids.flagged!)).reviewItems.map((i) => i.kind)).toEqual(['sequence-flag']);

      // Audited: one record per order changed, then the import with its counts.
      const audit = (await listAudit(app.connection.db, { limit: 100_000 })).slice(before);
      expect(audit.map((a) => a.action)).toEqual([
        ...Array(4).fill('synthesis.order.rescreen'),
        'synthesis.concerns.import',
      ]);
      expect(audit.find((a) => a.subject === `synthesis-order:${ids.shipped}`)?.data).toMatchObject({
        from: 'fulfilled',
        to: 'fulfilled',
        followUp: true,
      });
      expect(audit.at(-1)?.data).toMatchObject({ rescreen: { flags: 3, followUps: 1 } });
      expect((await verifyAudit(app.connection.db)).ok).toBe(true);
    });

    it('is idempotent: the same set again, or the same concerns re-imported, record nothing twice', async () => {
      const before = await auditCount();
      const again = await syn.importConcerns({ fasta: DB_V2_FASTA }, 'admin');
      expect(again.unchanged).toBe(true);
      expect(again.rescreen.findings).toBe(0);
      expect(await auditCount()).toBe(before);
      // Back to v1 (the new concerns removed: nothing is cleared), then v2 again: every match is already recorded.
      const back = await syn.importConcerns({ fasta: DB_FASTA, name: 'v1 again' }, 'admin');
      expect(back.rescreen).toMatchObject({ delta: { added: 0, removed: 2 }, ordersScreened: 0, findings: 0 });
      const v2again = await syn.importConcerns({ fasta: DB_V2_FASTA, name: 'v2 again' }, 'admin');
      expect(v2again.rescreen).toMatchObject({ delta: { added: 2 }, findings: 0, alreadyRecorded: 4, followUps: 0 });
      const open = await syn.order(ids.open!);
      expect(open.rescreenFindings).toHaveLength(1);
      expect(open.reviewItems.filter((i) => i.kind === 'rescreen-flag')).toHaveLength(1);
      // An order submitted against v2 matched the concern at intake: no re-screen finding for it later either.
      const fresh = await syn.submitOrder(
        order(toFasta([{ id: 'f-1', sequence: embed(r, NEW_HIT.sequence.slice(0, 300), 700).sequence }]), {
          customer: customer({ account: 'acct-fresh', email: 'fresh@example.org' }),
        }),
        'analyst',
      );
      expect(fresh.outcome).toBe('Flag');
      await syn.importConcerns({ fasta: DB_FASTA, name: 'v1 third' }, 'admin');
      const v2third = await syn.importConcerns({ fasta: DB_V2_FASTA, name: 'v2 third' }, 'admin');
      expect(v2third.rescreen).toMatchObject({ findings: 0, alreadyRecorded: 5 });
      expect((await syn.order(fresh.id)).rescreenFindings).toEqual([]);
    });
  });
}
