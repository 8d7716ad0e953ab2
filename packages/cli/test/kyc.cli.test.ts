/**
 * The kyc commands through the built binary on both engines: exit 2 on a bad application (nothing stored), account
 * opening, the review queue, the approval rule, resellers, usage ingestion (JSON and CSV, idempotent), the
 * training-run check with --threshold, the draft report PDF, and the rules by date.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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

const application = {
  type: 'entity',
  accountId: 'acct-cli-1',
  names: ['Riverbend Compute Corp'],
  addresses: [{ lines: ['10 Main St'], city: 'Austin', country: 'US' }],
  paymentMeans: [{ kind: 'bank', id: 'ba_cli', bankCountry: 'US', source: 'own' }],
  emails: ['ops@riverbend.example'],
  phones: ['+1 512 555 0100'],
  ipAddresses: [{ ip: '198.51.100.80', country: 'US', egress: 'direct' }],
  declaredCountry: 'US',
  countryOfIncorporation: 'US',
  principalPlaceOfBusiness: 'US',
  beneficialOwners: [
    { name: 'Chen Example', type: 'individual', sharePct: 60, nationalities: ['CN'], usPermanentResident: false },
    { name: 'Pat Example', type: 'individual', sharePct: 40, nationalities: ['US'] },
  ],
  beneficialOwnersComplete: true,
  verification: [{ method: 'documentary', evidence: 'certificate of incorporation', verifiedOn: '2026-01-05' }],
  openedOn: '2026-01-05',
};

function lastDays(n: number): string[] {
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(today - (n - i) * 86_400_000).toISOString().slice(0, 10));
}

for (const engine of testEngines()) {
  describe(`stackport kyc (built binary) on ${engine}`, () => {
    let dir: string;
    let loc: TestLocation;
    let env: Record<string, string>;
    const file = (name: string) => join(dir, name);
    const days = lastDays(90);

    beforeAll(async () => {
      if (!existsSync(DIST)) throw new Error('the CLI is not built: run "npm run build"');
      dir = mkdtempSync(join(tmpdir(), 'stackport-kyc-cli-'));
      loc = await freshTestLocation(engine);
      env = {
        STACKPORT_DATA_DIR: join(dir, 'data'),
        STACKPORT_ACTOR: 'cli-test',
        ...(loc.location.databaseUrl ? { STACKPORT_DATABASE_URL: loc.location.databaseUrl } : {}),
      };
      writeFileSync(file('app.json'), JSON.stringify(application));
      writeFileSync(file('bad.json'), JSON.stringify({ ...application, accountId: 'acct-bad', declaredCountry: 'QQ' }));
      writeFileSync(
        file('usage.json'),
        JSON.stringify(
          days.map((day) => ({
            accountId: 'acct-cli-1',
            day,
            acceleratorModel: 'nvidia-h100-sxm',
            count: 100_000,
            hours: 24,
            utilisation: 0.4,
          })),
        ),
      );
      writeFileSync(
        file('usage.csv'),
        `accountId,day,acceleratorModel,count,hours,utilisation\nacct-cli-1,${days[0]},nvidia-h100-sxm,100000,24,0.4\nacct-cli-1,${days[1]},nvidia-h100-sxm,1,99,0.4\n`,
      );
    });
    afterAll(async () => {
      await loc?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('exits 2 on a bad application and stores nothing', async () => {
      const r = await cli(['kyc', 'open', file('bad.json')], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/declaredCountry/);
      const list = await cli(['--json', 'kyc', 'accounts'], env);
      expect(JSON.parse(list.stdout)).toEqual([]);
    });

    it('opens an account, queues it, and applies the approval rule', async () => {
      const r = await cli(['--json', 'kyc', 'open', file('app.json')], env);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ id: 'acct-cli-1', status: 'pending-review' });
      const queue = await cli(['kyc', 'accounts', '--status', 'pending-review'], env);
      expect(queue.stdout).toMatch(/acct-cli-1/);
      const show = await cli(['kyc', 'show', 'acct-cli-1'], env);
      expect(show.stdout).toMatch(/beneficial-owner-country-of-concern/);
      const refused = await cli(['kyc', 'decide', 'acct-cli-1', 'approve', '--reason', 'fine'], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/high-severity/);
      const ok = await cli(
        [
          '--json',
          'kyc',
          'decide',
          'acct-cli-1',
          'approve',
          '--reason',
          'verified',
          '--override',
          'Owner verified by counsel; license conditions apply',
        ],
        env,
      );
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout).status).toBe('approved');
    });

    it('registers and lists resellers', async () => {
      const add = await cli(
        ['kyc', 'resellers', 'add', '--id', 'rs-cli', '--name', 'CLI Reseller', '--country', 'JP'],
        env,
      );
      expect(add.code, add.stderr).toBe(0);
      const bad = await cli(['kyc', 'resellers', 'add', '--id', 'rs-x', '--name', 'X', '--country', 'QQ'], env);
      expect(bad.code).toBe(2);
      const list = await cli(['--json', 'kyc', 'resellers', 'list'], env);
      expect(JSON.parse(list.stdout).map((r: { id: string }) => r.id)).toEqual(['rs-cli']);
    });

    it('ingests usage idempotently, checks training runs and writes the draft report', async () => {
      const first = await cli(['--json', 'kyc', 'usage', 'ingest', file('usage.json')], env);
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ inserted: 90, unchanged: 0 });
      const csv = await cli(['--json', 'kyc', 'usage', 'ingest', file('usage.csv')], env);
      const c = JSON.parse(csv.stdout);
      expect(c).toMatchObject({ unchanged: 1, inserted: 0 });
      expect(c.rejected[0].reason).toMatch(/hours/);
      const low = await cli(['--json', 'kyc', 'training-runs', '--threshold', '1e27'], env);
      expect(JSON.parse(low.stdout).estimates[0].crossesThreshold).toBe(false);
      const bad = await cli(['kyc', 'training-runs', '--threshold', 'lots'], env);
      expect(bad.code).toBe(2);
      const check = await cli(['--json', 'kyc', 'training-runs'], env);
      expect(check.code, check.stderr).toBe(0);
      const body = JSON.parse(check.stdout);
      expect(body.estimates[0].crossesThreshold).toBe(true);
      const out = file('report.pdf');
      const rep = await cli(['kyc', 'report', 'acct-cli-1', '--out', out], env);
      expect(rep.code, rep.stderr).toBe(0);
      expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('lists the rules by date', async () => {
      const r = await cli(['--json', 'kyc', 'rules', '--date', '2026-07-01'], env);
      const rules = JSON.parse(r.stdout).rules as { id: string; legalStatus: string }[];
      expect(rules.find((x) => x.id === 'remote-access-security-act')?.legalStatus).toBe('bill');
      expect((await cli(['kyc', 'rules', '--date', 'soon'], env)).code).toBe(2);
    });
  });
}
