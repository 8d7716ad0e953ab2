/**
 * The program commands through the built binary on both engines: create an incomplete draft (findings listed),
 * submit refused (exit 2), the complete example created, checked, submitted, reviewed, determined, designated, in the
 * catalog, and exported to a file that parses against the proposal schema.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EXAMPLE_PROPOSAL, ProposalSchema } from '@stackport/core';
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

for (const engine of testEngines()) {
  describe(`stackport program (built binary) on ${engine}`, () => {
    let dir: string;
    let loc: TestLocation;
    let env: Record<string, string>;
    const file = (name: string) => join(dir, name);

    beforeAll(async () => {
      if (!existsSync(DIST)) throw new Error('the CLI is not built: run "npm run build"');
      dir = mkdtempSync(join(tmpdir(), 'stackport-program-cli-'));
      loc = await freshTestLocation(engine);
      env = {
        STACKPORT_DATA_DIR: join(dir, 'data'),
        STACKPORT_ACTOR: 'cli-test',
        ...(loc.location.databaseUrl ? { STACKPORT_DATABASE_URL: loc.location.databaseUrl } : {}),
      };
      writeFileSync(file('complete.json'), JSON.stringify({ ...EXAMPLE_PROPOSAL, id: 'cli-complete' }));
      writeFileSync(
        file('incomplete.json'),
        JSON.stringify({ ...EXAMPLE_PROPOSAL, id: 'cli-incomplete', targets: [] }),
      );
    });
    afterAll(async () => {
      await loc?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('saves an incomplete draft and refuses its submission with exit 2', async () => {
      const c = await cli(['program', 'create', file('incomplete.json')], env);
      expect(c.code, c.stderr).toBe(0);
      expect(c.stdout).toMatch(/draft, version 1/);
      expect(c.stdout).toMatch(/NO_TARGET@targets/);
      const s = await cli(['--json', 'program', 'submit', 'cli-incomplete'], env);
      expect(s.code).toBe(2);
      expect(s.stderr + s.stdout).toMatch(/SP_CONFLICT/);
    }, 120_000);

    it('prints the example proposal, which saves as a draft that can be submitted', async () => {
      const ex = await cli(['program', 'example'], env);
      expect(ex.code, ex.stderr).toBe(0);
      expect(JSON.parse(ex.stdout)).toEqual(JSON.parse(JSON.stringify(EXAMPLE_PROPOSAL)));
      writeFileSync(file('from-example.json'), JSON.stringify({ ...JSON.parse(ex.stdout), id: 'cli-from-example' }));
      const c = await cli(['--json', 'program', 'create', file('from-example.json')], env);
      expect(c.code, c.stderr).toBe(0);
      expect(JSON.parse(c.stdout)).toMatchObject({ proposal: { id: 'cli-from-example', status: 'draft' } });
    }, 120_000);

    it('creates, submits, reviews, designates, lists in the catalog and exports', async () => {
      expect((await cli(['program', 'create', file('complete.json')], env)).code).toBe(0);
      const chk = await cli(['--json', 'program', 'check', 'cli-complete'], env);
      expect(chk.code, chk.stderr).toBe(0);
      expect(JSON.parse(chk.stdout)).toMatchObject({
        canSubmit: true,
        result: { licenseMatrix: { destinations: ['JP', 'DE', 'FR'] } },
      });
      expect((await cli(['program', 'submit', 'cli-complete'], env)).code).toBe(0);
      const scores = JSON.stringify({
        'full-stack': 4,
        'us-content': 5,
        'national-security': 4,
        'market-rationale': 4,
        deliverability: 3,
      });
      const rv = await cli(['program', 'review', 'cli-complete', '--agency', 'DOC', '--scores', scores], env);
      expect(rv.code, rv.stderr).toBe(0);
      expect(rv.stdout).toMatch(/under-review/);
      const nid = await cli(
        ['program', 'nid', 'cli-complete', 'yes', '--rationale', 'Advances US AI leadership.'],
        env,
      );
      expect(nid.code, nid.stderr).toBe(0);
      const d = await cli(
        ['program', 'decide', 'cli-complete', 'designate', '--condition', 'Annual report', '--expires', '2099-01-01'],
        env,
      );
      expect(d.code, d.stderr).toBe(0);
      expect(d.stdout).toMatch(/designated/);
      const cat = await cli(['--json', 'program', 'catalog'], env);
      expect(cat.code, cat.stderr).toBe(0);
      expect(JSON.parse(cat.stdout).entries).toMatchObject([
        { proposalId: 'cli-complete', conditions: ['Annual report'] },
      ]);
      const out = file('export.json');
      const x = await cli(['program', 'export', 'cli-complete', '--out', out], env);
      expect(x.code, x.stderr).toBe(0);
      const exported = JSON.parse(readFileSync(out, 'utf8'));
      expect(ProposalSchema.safeParse(exported.proposal).success).toBe(true);
      expect(exported.proposal.id).toBe('cli-complete');
    }, 180_000);
  });
}
