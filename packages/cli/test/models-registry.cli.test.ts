/**
 * The model registry commands through the built binary on both engines, with core's fixture families written to
 * disk: `models register` (new, then a re-scan of the same weights), `--from-report` with the JSON of `models scan`,
 * a bad report refused with exit 2 and nothing stored, `models policy add|list`, `models list --flagged --country`,
 * `models show` (and its AI-BOM), `models eval run --model-id` refusing an unknown model, and `models scan` unchanged.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_FIXTURES } from '../../core/src/models/test-data.js';

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

function writeFixture(root: string, prefix: string): string {
  const f = FAMILY_FIXTURES.find((x) => x.name.startsWith(prefix))!;
  mkdirSync(root, { recursive: true });
  for (const [p, bytes] of Object.entries(f.files())) writeFileSync(join(root, p), bytes);
  return root;
}

for (const engine of testEngines()) {
  describe(`stackport models registry (built binary) on ${engine}`, () => {
    let dir: string;
    let loc: TestLocation;
    let env: Record<string, string>;
    const ids: Record<string, string> = {};
    const json = async (args: string[]) => {
      const r = await cli(['--json', ...args], env);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };

    beforeAll(async () => {
      if (!existsSync(DIST)) throw new Error('the CLI is not built: run "npx tsc -b packages/cli"');
      dir = mkdtempSync(join(tmpdir(), 'stackport-models-cli-'));
      loc = await freshTestLocation(engine);
      env = {
        STACKPORT_DATA_DIR: join(dir, 'data'),
        STACKPORT_ACTOR: 'cli-test',
        ...(loc.location.databaseUrl ? { STACKPORT_DATABASE_URL: loc.location.databaseUrl } : {}),
      };
      writeFixture(join(dir, 'deepseek'), 'DeepSeek-V3');
      writeFixture(join(dir, 'llama'), 'Llama 3.1');
      writeFixture(join(dir, 'phi3'), 'Phi-3 GGUF');
      writeFixture(join(dir, 'qwen'), 'Qwen2.5');
    });
    afterAll(async () => {
      await loc?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('registers scanned models; the same weights again update the same model', async () => {
      for (const name of ['deepseek', 'llama', 'phi3']) {
        const r = await json(['models', 'register', join(dir, name)]);
        expect(r.created).toBe(true);
        expect(r.model.status).toBe('unchecked');
        ids[name] = r.model.id;
      }
      const again = await json(['models', 'register', join(dir, 'deepseek')]);
      expect(again).toMatchObject({ created: false, model: { id: ids.deepseek, scanCount: 2 } });
      const text = await cli(['models', 'show', ids.phi3!], env);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/DECLARED_MISMATCH/);
    });

    it('registers a report made by `models scan --json --out`; a bad report exits 2 and stores nothing', async () => {
      const out = join(dir, 'qwen-scan.json');
      const scan = await cli(['--json', 'models', 'scan', join(dir, 'qwen'), '--out', out], env);
      expect(scan.code, scan.stderr).toBe(0);
      const r = await json(['models', 'register', '--from-report', out]);
      expect(r).toMatchObject({ created: true, model: { familyId: 'qwen', originCountry: 'CN' } });
      ids.qwen = r.model.id;

      const { report } = JSON.parse(readFileSync(out, 'utf8'));
      for (const f of report.files) f.sha256 = null;
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ report }));
      const bad = await cli(['--json', 'models', 'register', '--from-report', join(dir, 'bad.json')], env);
      expect(bad.code).toBe(2);
      expect(JSON.parse(bad.stderr).error.code).toBe('SP_BAD_REQUEST');
      const missing = await cli(['models', 'register', join(dir, 'no-such-dir')], env);
      expect(missing.code).toBe(2);
      expect(await json(['models', 'list'])).toHaveLength(4);
    });

    it('adds a policy forbidding CN and lists flagged models', async () => {
      const added = await json([
        'models',
        'policy',
        'add',
        '--id',
        'acme-model-origin',
        '--policy-version',
        '2026-07',
        '--source',
        'https://example.com/policy',
        '--effective-from',
        '2026-01-01',
        '--countries',
        'CN',
      ]);
      expect(added).toMatchObject({ inForce: true, reevaluated: 4, outcomes: { forbidden: 2, allowed: 2 } });
      const noSource = await cli(
        [
          'models',
          'policy',
          'add',
          '--id',
          'x',
          '--policy-version',
          '1',
          '--effective-from',
          '2026-01-01',
          '--countries',
          'CN',
        ],
        env,
      );
      expect(noSource.code).toBe(2);
      const file = join(dir, 'policy.json');
      writeFileSync(
        file,
        JSON.stringify([
          {
            id: 'aiep-module',
            version: '1',
            title: 'Programme module',
            status: 'program_notice',
            source: 'Programme notice (example)',
            effectiveFrom: '2027-01-01',
            countriesOfConcern: ['RU'],
          },
        ]),
      );
      expect(await json(['models', 'policy', 'add', file])).toMatchObject({ inForce: false, asOf: '2027-01-01' });
      const policies = await json(['models', 'policy', 'list']);
      expect(policies.map((p: { policyId: string; inForce: boolean }) => [p.policyId, p.inForce])).toEqual([
        ['aiep-module', false],
        ['acme-model-origin', true],
      ]);

      const flagged = await json(['models', 'list', '--flagged']);
      expect(flagged.map((m: { id: string }) => m.id).sort()).toEqual([ids.deepseek, ids.qwen].sort());
      const cn = await json(['models', 'list', '--country', 'cn']);
      expect(cn.every((m: { originCountry: string }) => m.originCountry === 'CN')).toBe(true);
      const llama = await json(['models', 'show', ids.llama!]);
      expect(llama.status).toBe('allowed');
      const ds = await json(['models', 'show', ids.deepseek!]);
      expect(ds.status).toBe('forbidden');
      expect(
        ds.decisions.find((d: { policy: { policyId: string } }) => d.policy.policyId === 'acme-model-origin'),
      ).toMatchObject({ outcome: 'forbidden', trigger: 'policy' });
      const table = await cli(['models', 'list'], env);
      expect(table.stdout).toMatch(/forbidden/);
      const spdx = await cli(['models', 'show', ids.deepseek!, '--aibom', 'spdx'], env);
      expect(spdx.code, spdx.stderr).toBe(0);
      expect(JSON.parse(spdx.stdout)['@context']).toMatch(/spdx/);
    });

    it('`models eval run --model-id` refuses an unknown model before any request; eval subcommands still work', async () => {
      const r = await cli(
        ['models', 'eval', 'run', '--endpoint', 'http://127.0.0.1:9', '--model', 'x', '--model-id', 'MDL-nope'],
        env,
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/SP_NOT_FOUND.*MDL-nope/);
      expect(await json(['models', 'eval', 'runs'])).toEqual([]);
      const scan = await cli(['models', 'scan', join(dir, 'llama'), '--forbid-countries', 'CN'], env);
      expect(scan.code, scan.stderr).toBe(0);
      expect(scan.stdout).toMatch(/ALLOW/);
    });
  });
}
