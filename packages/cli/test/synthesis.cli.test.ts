/**
 * The synthesis commands through the built binary on both engines, with SYNTHETIC concerns only: concern import,
 * exit 2 on a bad FASTA record (named, nothing stored), a flagged order from FASTA + customer JSON, an order JSON
 * file, the review queue, decisions (fulfil refused without --expert), the bulletin round trip, and purge.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { embed, mulberry32, parseFasta, randomDna, randomProtein, syntheticConcernDb, toFasta } from '@stackport/core';
import { freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/stackport.js', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const exec = promisify(execFile);

async function cli(args: string[], env: Record<string, string>) {
  try {
    const r = await exec(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const DB = syntheticConcernDb(77, {
  dnaConcerns: 8,
  dnaLength: [800, 1200],
  proteinConcerns: 3,
  proteinLength: [120, 200],
});
const H = DB[1]!.sequence;
const rng = mulberry32(12);
const KEY = 'cli-test-exchange-key-0001';
const customer = {
  account: 'acct-cli',
  name: 'Lin Example',
  email: 'lin@example.org',
  institution: 'Example Genomics Centre',
  country: 'NL',
  address: '3 Voorbeeldstraat, Utrecht',
  shippingAddress: '3 Voorbeeldstraat, Utrecht',
  shippingCountry: 'NL',
};

for (const engine of testEngines()) {
  describe(`stackport synthesis (built binary) on ${engine}`, () => {
    let dir: string;
    let loc: TestLocation;
    let env: Record<string, string>;
    const file = (name: string) => join(dir, name);

    beforeAll(async () => {
      if (!existsSync(DIST)) throw new Error('the CLI is not built: run "npm run build"');
      dir = mkdtempSync(join(tmpdir(), 'stackport-synthesis-cli-'));
      loc = await freshTestLocation(engine);
      env = {
        STACKPORT_DATA_DIR: join(dir, 'data'),
        STACKPORT_ACTOR: 'cli-test',
        ...(loc.location.databaseUrl ? { STACKPORT_DATABASE_URL: loc.location.databaseUrl } : {}),
      };
      writeFileSync(file('concerns.fasta'), toFasta(DB));
      writeFileSync(file('customer.json'), JSON.stringify(customer));
      writeFileSync(
        file('flagged.fasta'),
        toFasta([
          { id: 'insert-1', sequence: embed(rng, H.slice(50, 330), 800).sequence },
          { id: 'tag-2', sequence: randomProtein(rng, 90) },
        ]),
      );
      writeFileSync(file('bad.fasta'), '>ok\nACGTACGT\n>bad-rec\nACGTZZACGT\n');
      writeFileSync(file('benign.fasta'), toFasta([{ id: 'b1', sequence: randomDna(rng, 900) }]));
      writeFileSync(
        file('order.json'),
        JSON.stringify({
          customer,
          endUseStatement: 'Plasmid construction for a teaching course',
          fastaFile: 'benign.fasta',
          receivedAt: '2026-11-01T09:00:00Z',
          reference: 'PO-JSON-1',
        }),
      );
    }, 60_000);
    afterAll(async () => {
      await loc?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports concerns, screens orders, enforces decisions, exchanges bulletins and purges', async () => {
      const imp = await cli(['synthesis', 'concerns', 'import', file('concerns.fasta'), '--json'], env);
      expect(imp.code, imp.stderr).toBe(0);
      expect(JSON.parse(imp.stdout)).toMatchObject({ unchanged: false, set: { dnaCount: 8, proteinCount: 3 } });
      const list = await cli(['synthesis', 'concerns', 'list'], env);
      expect(list.stdout).toMatch(/concerns\.fasta\s+active/);

      const bad = await cli(
        [
          'synthesis',
          'screen',
          file('bad.fasta'),
          '--customer',
          file('customer.json'),
          '--end-use',
          'Teaching lab clones',
        ],
        env,
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/error SP_BAD_REQUEST: .*'bad-rec'/);
      expect(bad.stderr).toMatch(/fasta: record bad-rec, line 4, column 5/);
      const noCustomer = await cli(
        ['synthesis', 'screen', file('benign.fasta'), '--end-use', 'Teaching lab clones'],
        env,
      );
      expect(noCustomer.code).toBe(2);
      const empty = await cli(['synthesis', 'orders', '--json'], env);
      expect(JSON.parse(empty.stdout)).toEqual([]);

      const flagged = await cli(
        [
          'synthesis',
          'screen',
          file('flagged.fasta'),
          '--customer',
          file('customer.json'),
          '--end-use',
          'Antibody expression constructs',
          '--received-at',
          '2026-11-02T09:00:00Z',
          '--json',
        ],
        env,
      );
      expect(flagged.code, flagged.stderr).toBe(0);
      const order = JSON.parse(flagged.stdout) as { id: string; outcome: string; status: string };
      expect(order).toMatchObject({ outcome: 'Flag', status: 'pending-review' });
      const show = await cli(['synthesis', 'show', order.id], env);
      expect(show.stdout).toMatch(/insert-1 .*↔ SYN-DNA-00002/);
      expect(show.stdout).toMatch(/sequence-flag insert-1/);

      const fromJson = await cli(['synthesis', 'screen', file('order.json'), '--json'], env);
      expect(fromJson.code, fromJson.stderr).toBe(0);
      expect(JSON.parse(fromJson.stdout)).toMatchObject({ reference: 'PO-JSON-1', outcome: 'Clear', status: 'ready' });

      const queue = await cli(['synthesis', 'orders', '--status', 'pending-review', '--json'], env);
      expect((JSON.parse(queue.stdout) as { id: string }[]).map((o) => o.id)).toEqual([order.id]);

      const refused = await cli(['synthesis', 'decide', order.id, 'fulfil', '--reason', 'customer is known'], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/SP_CONFLICT.*expert decision/);
      const noReason = await cli(['synthesis', 'decide', order.id, 'hold'], env);
      expect(noReason.code).toBe(2);
      const ok = await cli(
        [
          'synthesis',
          'decide',
          order.id,
          'fulfil',
          '--reason',
          'expert review: legitimate research',
          '--expert',
          '--json',
        ],
        env,
      );
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'fulfilled', decisions: [{ expert: true }] });

      const exp = await cli(
        [
          'synthesis',
          'bulletin',
          'export',
          '--customer',
          'acct-cli',
          '--provider',
          'provider-A',
          '--exchange-key',
          KEY,
          '--days',
          '365',
          '--out',
          file('bulletin.json'),
        ],
        env,
      );
      expect(exp.code, exp.stderr).toBe(0);
      const bulletinText = readFileSync(file('bulletin.json'), 'utf8');
      expect(bulletinText).not.toMatch(/SYN-DNA|lin@example|Lin Example/);
      const check = await cli(
        ['synthesis', 'bulletin', 'check', order.id, file('bulletin.json'), '--exchange-key', KEY, '--json'],
        env,
      );
      expect(check.code, check.stderr).toBe(0);
      expect(JSON.parse(check.stdout)).toMatchObject({ sameCustomer: true, status: 'fulfilled' });

      const purge = await cli(['synthesis', 'purge', '--json'], env);
      expect(purge.code, purge.stderr).toBe(0);
      expect(JSON.parse(purge.stdout)).toMatchObject({ purged: [] });
      const future = await cli(['synthesis', 'purge', '--now', '2035-01-01T00:00:00Z'], env);
      expect(future.code).toBe(2);
      const all = await cli(['synthesis', 'orders', '--json'], env);
      expect(JSON.parse(all.stdout)).toHaveLength(2);
    }, 120_000);

    it('re-screens stored orders when a new concern database version is imported, and shows the counts', async () => {
      // Version 2 registers part of the stored ready order's (random, synthetic) sequence as a concern.
      const benign = parseFasta(readFileSync(file('benign.fasta'), 'utf8')).records[0]!.sequence;
      writeFileSync(
        file('concerns-v2.fasta'),
        toFasta([
          ...DB,
          { id: 'SYN-DNA-80001', sequence: benign.slice(100, 500) },
          { id: 'SYN-DNA-80002', sequence: randomDna(mulberry32(80_002), 700) },
        ]),
      );
      const imp = await cli(['synthesis', 'concerns', 'import', file('concerns-v2.fasta')], env);
      expect(imp.code, imp.stderr).toBe(0);
      expect(imp.stdout).toMatch(/2 added, 0 changed, 0 removed, 11 unchanged concerns/);
      expect(imp.stdout).toMatch(
        /re-screened 2 stored orders: 1 new findings \(1 Flag, 0 Warning\), 0 already recorded; 1 open orders to expert review \(1 reopened\), 0 decided orders for follow-up/,
      );
      const again = await cli(['synthesis', 'concerns', 'import', file('concerns-v2.fasta'), '--json'], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ unchanged: true, rescreen: { findings: 0 } });
      const queue = await cli(['synthesis', 'orders', '--status', 'pending-review', '--json'], env);
      const [reopened] = JSON.parse(queue.stdout) as { id: string; reference: string }[];
      expect(reopened?.reference).toBe('PO-JSON-1');
      const show = await cli(['synthesis', 'show', reopened!.id], env);
      expect(show.stdout).toMatch(/rescreen-flag SYN-DNA-80001/);
      expect(show.stdout).toMatch(/re-screen findings \(1\)/);
      expect(show.stdout).toMatch(/SYN-DNA-80001 Flag: 4\d\d nt/);
      const followUps = await cli(['synthesis', 'orders', '--follow-up', '--json'], env);
      expect(JSON.parse(followUps.stdout)).toEqual([]);
    }, 120_000);
  });
}
