import { readFileSync } from 'node:fs';
import { connect, freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_DATA_DIR, loadBundledLists } from './bundled.js';
import { AppError } from './errors.js';
import { Stackport } from './stackport.js';

const CSL = readFileSync(`${BUNDLED_DATA_DIR}screening/csl.csv`, 'utf8');

/** A CSL text with one entry's content changed and one entry added, as a later list version would. */
function nextCslVersion(): string {
  const lines = CSL.split('\n');
  const i = lines.findIndex((l) => l.includes('"National University of Defense Technology (NUDT)"'));
  lines[i] = lines[i]!.replace(
    '"National University of Defense Technology (NUDT)"',
    '"National University of Defense Technology (NUDT) [aka Guofang Keji Daxue]"',
  );
  const template = lines.find((l) => l.includes('"Entity List (EL)'))!;
  const added = template
    .replace(/^"[^"]*"/, '"added-entry-0001"')
    .replace(
      /"Entity List \(EL\) - Bureau of Industry and Security","","","","[^"]*"/,
      '"Entity List (EL) - Bureau of Industry and Security","","","","Zephyrine Quantum Lithography Works"',
    );
  lines.splice(3, 0, added);
  return lines.join('\n');
}

for (const engine of testEngines()) {
  describe(`Stackport services on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let clock = Date.parse('2026-11-22T09:00:00Z');

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({
        connection: await connect(loc.location),
        now: () => {
          clock += 1000;
          return new Date(clock);
        },
      });
      await loadBundledLists(app);
    });
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('loads the bundled CSL and UN snapshots as active versions with per-source counts', async () => {
      const versions = await app.listVersions({ activeOnly: true });
      expect(versions.map((v) => v.dataset).sort()).toEqual(['csl', 'un']);
      const csl = versions.find((v) => v.dataset === 'csl')!;
      expect(csl.sourceCounts.EL).toBe(919);
      expect(csl.provenance).toMatchObject({ bundled: true, publisher: expect.stringMatching(/International Trade/) });
      expect(versions.find((v) => v.dataset === 'un')?.entryCount).toBe(1003);
      // Loading again is a no-op: versions are not duplicated.
      expect(await loadBundledLists(app)).toEqual([]);
    });

    it('screens a name against the lists and logs the search', async () => {
      const r = await app.screen({ name: 'National University of Defence Technology', country: 'cn' }, 'tester');
      expect(r.query.country).toBe('CN');
      expect(r.hits[0]).toMatchObject({ source: 'EL', name: 'National University of Defense Technology (NUDT)' });
      expect(r.hits[0]!.score).toBeGreaterThanOrEqual(80);
      expect(r.listVersions.length).toBe(2);
    });

    it('refuses bad input with SP_BAD_REQUEST naming the field', async () => {
      const err = await app.screen({ name: '   ', country: 'XX' }, 'tester').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('SP_BAD_REQUEST');
      expect((err as AppError).details.map((d) => d.path).sort()).toEqual(['country', 'name']);
      const long = await app.screen({ name: 'x'.repeat(1_000_000) }, 't').catch((e: unknown) => e);
      expect((long as AppError).code).toBe('SP_BAD_REQUEST');
    });

    it('opens hits for a saved party, suppresses a false positive, and reopens it when the entry changes', async () => {
      const { party, screening } = await app.createParty(
        { name: 'National University of Defense Technology', country: 'CN', type: 'organization' },
        'ana',
      );
      expect(screening.opened).toBeGreaterThanOrEqual(1);
      const [hit] = await app.listHits({ partyId: party.id, status: 'open' });
      expect(hit?.entryName).toBe('National University of Defense Technology (NUDT)');

      await expect(app.decide(hit!.id, { decision: 'false_positive', reason: 'x' }, 'ana')).rejects.toMatchObject({
        code: 'SP_BAD_REQUEST',
      });
      const decided = await app.decide(
        hit!.id,
        { decision: 'false_positive', reason: 'Different institution: our customer is the Pakistani NUDT' },
        'ana',
      );
      expect(decided).toMatchObject({ status: 'false_positive', decidedBy: 'ana' });

      // Re-screening on an unrelated party change keeps it suppressed.
      const again = await app.updateParty(
        party.id,
        { name: 'National University of Defense Technology', country: 'CN', type: 'organization', reference: 'ERP-7' },
        'ana',
      );
      expect(again.screening.suppressed).toBeGreaterThanOrEqual(1);
      expect((await app.getHit(hit!.id)).status).toBe('false_positive');

      // A new list version changes that entry: only added/changed entries are re-screened, and the hit reopens.
      const imported = await app.importList({ text: nextCslVersion(), fileName: 'csl-next.csv', actor: 'admin' });
      expect(imported.version.delta).toMatchObject({ added: 1, changed: 1, removed: 0 });
      expect(imported.rescreen).toMatchObject({ parties: 1, reopened: 1, kycAccounts: 0, kycFindings: 0 });
      const reopened = await app.getHit(hit!.id);
      expect(reopened).toMatchObject({ status: 'open', openReason: 'entry-changed' });
      expect(reopened.explanation).toBeDefined();

      const versions = await app.listVersions();
      expect(
        versions
          .filter((v) => v.dataset === 'csl')
          .map((v) => v.status)
          .sort(),
      ).toEqual(['active', 'superseded']);
      // Importing the same file again changes nothing.
      expect((await app.importList({ text: nextCslVersion(), fileName: 'again.csv', actor: 'admin' })).unchanged).toBe(
        true,
      );
    });

    it('leaves the previous version active when an import fails midway', async () => {
      const before = await app.listVersions({ activeOnly: true });
      const conn = app.connection;
      // Sabotage: a second connection-level failure in the middle of the transaction, via a duplicate key.
      const text = nextCslVersion().replace('added-entry-0001', 'added-entry-0002');
      const broken = new Stackport({
        connection: {
          ...conn,
          db: conn.db.withPlugin({
            transformQuery: (a) => {
              if (a.node.kind === 'InsertQueryNode' && JSON.stringify(a.node).includes('"hits"'))
                throw new Error('disk full');
              return a.node;
            },
            transformResult: async (a) => a.result,
          }),
        },
      });
      const { party } = await app.createParty({ name: 'Zephyrine Quantum Lithography', type: 'organization' }, 'ana');
      expect(party.id).toBeDefined();
      await expect(broken.importList({ text, fileName: 'csl-broken.csv', actor: 'admin' })).rejects.toThrow(
        'disk full',
      );
      expect(await app.listVersions({ activeOnly: true })).toEqual(before);
      expect((await app.listVersions()).some((v) => v.fileName === 'csl-broken.csv')).toBe(false);
      expect((await app.verifyAudit()).ok).toBe(true);
    });

    it('reopens a confirmed hit when its entry leaves the list', async () => {
      const { party } = await app.createParty(
        { name: 'Zephyrine Quantum Lithography Works', type: 'organization' },
        'ana',
      );
      const [hit] = await app.listHits({ partyId: party.id, status: 'open' });
      expect(hit?.entryKey).toBe('EL:added-entry-0001');
      await app.decide(hit!.id, { decision: 'true_match', reason: 'Same company, same address' }, 'ana');
      // The next version no longer lists it.
      const r = await app.importList({ text: CSL, fileName: 'csl-without.csv', actor: 'admin' });
      expect(r.version.delta).toMatchObject({ removed: 1 });
      // This confirmed hit, and the open hit of the "Zephyrine Quantum Lithography" party saved earlier.
      expect(r.rescreen.delisted).toBe(2);
      expect(await app.getHit(hit!.id)).toMatchObject({ status: 'open', openReason: 'entry-removed' });
    });

    it('refuses a file that is not a list, and a list with no readable entry', async () => {
      await expect(app.importList({ text: 'hello,world\n1,2\n', fileName: 'x.csv', actor: 'a' })).rejects.toMatchObject(
        { code: 'SP_LIST_FORMAT' },
      );
      const header = CSL.slice(0, CSL.indexOf('\n') + 1);
      const err = (await app
        .importList({ text: `${header}"a","b"\n`, fileName: 'y.csv', actor: 'a' })
        .catch((e: unknown) => e)) as AppError;
      expect(err.code).toBe('SP_LIST_FORMAT');
      expect(err.details[0]).toEqual({ path: 'row 2', message: 'expected 29 columns, found 2' });
    });

    it('flags ownership by confirmed listed parties, including the unknown-share outcome', async () => {
      const listed = await app.createParty({ name: 'Abdul Satar Ghoura', country: 'AF', type: 'person' }, 'ana');
      const [hit] = await app.listHits({ partyId: listed.party.id, status: 'open' });
      expect(hit?.source).toBe('EL');
      await app.decide(
        hit!.id,
        { decision: 'true_match', reason: 'Same name, Kabul address matches the EL entry' },
        'ana',
      );
      const sub = await app.createParty(
        { name: 'Kabul Orchard Trading', owners: [{ partyId: listed.party.id, share: 60 }] },
        'ana',
      );
      expect((await app.ownership(sub.party.id)).outcome).toBe('owned-50-percent');
      const vague = await app.createParty(
        { name: 'Herat Dried Fruit Exporters', owners: [{ partyId: listed.party.id }] },
        'ana',
      );
      expect((await app.ownership(vague.party.id)).outcome).toBe('listed-owner-share-unknown');
      await expect(
        app.createParty({ name: 'X', owners: [{ partyId: 'nope', share: 10 }] }, 'ana'),
      ).rejects.toMatchObject({ code: 'SP_BAD_REQUEST' });
    });

    it('keeps a verifiable audit chain that detects an edited or deleted row', async () => {
      const ok = await app.verifyAudit();
      expect(ok.ok).toBe(true);
      const records = await app.listAudit({ limit: 1000 });
      expect(records.map((r) => r.action)).toEqual(
        expect.arrayContaining(['list.import', 'party.create', 'hit.open', 'hit.decide', 'hit.reopen']),
      );
      const decision = records.find((r) => r.action === 'hit.decide')!;
      const db = app.connection.db;
      await db
        .updateTable('audit_log')
        .set({ data: JSON.stringify({ to: 'true_match' }) })
        .where('seq', '=', decision.seq)
        .execute();
      expect(await app.verifyAudit()).toMatchObject({ ok: false, brokenAtSeq: decision.seq });
      await db
        .updateTable('audit_log')
        .set({ data: JSON.stringify(decision.data) })
        .where('seq', '=', decision.seq)
        .execute();
      expect((await app.verifyAudit()).ok).toBe(true);
      const last = records.at(-1)!;
      await db.deleteFrom('audit_log').where('seq', '=', last.seq).execute();
      expect(await app.verifyAudit()).toMatchObject({ ok: false, reason: expect.stringMatching(/deleted/) });
    });
  });
}
