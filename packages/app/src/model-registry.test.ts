/**
 * The model registry over the store, on both engines, with the in-memory fixture families of core's test-data.ts:
 * registration of every family, dedupe by weight hashes (a re-scan records what changed), the CN policy (DeepSeek and
 * Qwen forbidden, Llama allowed), a new policy version re-evaluating every model, the Phi-3 "LLaMA v2" contradiction
 * stored as a flag, bad reports refused with nothing stored, eval-run links, AI-BOMs, and the audit chain.
 */
import { CycloneDxAibomSchema, type ModelScanReport, Spdx3AibomSchema } from '@stackport/core';
import {
  connect,
  freshTestLocation,
  insertEvalRun,
  listAudit,
  type TestLocation,
  testEngines,
  verifyAudit,
} from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_FIXTURES, scanFixture } from '../../core/src/models/test-data.js';
import { AppError } from './errors.js';
import { EvaluationService } from './evaluation.js';
import { ModelRegistryService } from './model-registry.js';
import { Stackport } from './stackport.js';

const fixture = (prefix: string) => {
  const f = FAMILY_FIXTURES.find((x) => x.name.startsWith(prefix));
  if (!f) throw new Error(`no fixture ${prefix}`);
  return f;
};
/** A report as the HTTP API receives it: JSON. */
async function reportOf(prefix: string, root = prefix): Promise<ModelScanReport> {
  return JSON.parse(JSON.stringify(await scanFixture(fixture(prefix).files(), root))) as ModelScanReport;
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

const CN_POLICY = {
  id: 'acme-model-origin',
  version: '2026-07',
  title: 'No models from countries of concern',
  status: 'internal',
  source: 'https://example.com/policies/model-origin-2026-07',
  effectiveFrom: '2026-07-01',
  countriesOfConcern: ['cn'],
  action: 'forbid',
};

for (const engine of testEngines()) {
  describe(`model registry on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let registry: ModelRegistryService;
    let clock = Date.parse('2026-11-23T12:00:00Z');
    const ids = new Map<string, string>();
    const idOf = (prefix: string) => ids.get(fixture(prefix).name)!;
    const count = async (table: 'models' | 'model_scans' | 'model_policy_decisions' | 'audit_log') =>
      Number(
        (
          await app.connection.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location), now: () => new Date(clock) });
      registry = new ModelRegistryService(app);
    });
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('registers every fixture family; with no policy in force the status is unchecked', async () => {
      for (const f of FAMILY_FIXTURES) {
        const r = await registry.register({ report: await reportOf(f.name) }, 'tester');
        expect(r.created, f.name).toBe(true);
        expect(r.model.status).toBe('unchecked');
        expect(r.model.familyId).toBe(f.family);
        expect(r.model.decisions).toEqual([]);
        expect(r.model.files.every((x) => /^[0-9a-f]{64}$/.test(x.sha256 ?? ''))).toBe(true);
        ids.set(f.name, r.model.id);
      }
      expect(await count('models')).toBe(FAMILY_FIXTURES.length);
      expect(new Set(ids.values()).size).toBe(FAMILY_FIXTURES.length);
    });

    it('stores the Phi-3 "LLaMA v2" contradiction as a flag', async () => {
      const m = await registry.model(idOf('Phi-3 GGUF'));
      expect(m.familyId).toBe('phi');
      expect(m.originCountry).toBe('US');
      const codes = (m.flags as { code: string; severity: string }[]).map((f) => f.code);
      expect(codes).toEqual(expect.arrayContaining(['DECLARED_MISMATCH', 'ARCHITECTURE_LABEL']));
      expect(JSON.stringify(m.declared)).toContain('LLaMA v2');
      expect(CycloneDxAibomSchema.safeParse(m.aibom).success).toBe(true);
      expect(JSON.stringify(m.aibom)).toContain('stackport:model:flag:DECLARED_MISMATCH');
    });

    it('dedupes by the weight hashes: a re-scan updates the model and records what changed', async () => {
      const id = idOf('DeepSeek-V3');
      clock += 60_000;
      const again = await reportOf('DeepSeek-V3', '/mnt/models/deepseek-v3-copy');
      again.scannedAt = '2026-11-23T12:01:00.000Z';
      const r = await registry.register({ report: again }, 'tester');
      expect(r.created).toBe(false);
      expect(r.model.id).toBe(id);
      expect(r.model.scanCount).toBe(2);
      expect(r.model.lastScanned).toBe('2026-11-23T12:01:00.000Z');
      expect(r.changes.files).toEqual({ added: [], removed: [], changed: [] });
      expect(r.changes.fields).toEqual([
        { field: 'root', from: fixture('DeepSeek-V3').name, to: '/mnt/models/deepseek-v3-copy' },
      ]);

      // Same weights, one more file and an edited config: still the same model, and the changes are recorded.
      const files = fixture('DeepSeek-V3').files();
      files['README.md'] = new TextEncoder().encode('# a model card\n');
      files['generation_config.json'] = new TextEncoder().encode('{"temperature": 0.6}');
      files['config.json'] = new Uint8Array([...files['config.json']!, 0x0a]);
      const edited = JSON.parse(JSON.stringify(await scanFixture(files, '/mnt/models/deepseek-v3-copy')));
      clock += 60_000;
      const r2 = await registry.register({ report: edited }, 'tester');
      expect(r2.created).toBe(false);
      expect(r2.model.id).toBe(id);
      expect(r2.changes.files).toEqual({
        added: ['README.md', 'generation_config.json'],
        removed: [],
        changed: ['config.json'],
      });
      expect(r2.model.scans).toHaveLength(3);
      expect(r2.model.scans[0]!.changes).toEqual(r2.changes);
      expect(await count('models')).toBe(FAMILY_FIXTURES.length);
      const audit = await listAudit(app.connection.db, { subject: `model:${id}` });
      expect(audit.map((a) => a.action)).toEqual(['models.register', 'models.rescan', 'models.rescan']);
    });

    it('a policy forbidding CN forbids the DeepSeek and Qwen fixtures and allows Llama (re-evaluation, audited)', async () => {
      clock += 60_000;
      const before = await count('model_policy_decisions');
      const r = await registry.addPolicy(CN_POLICY, 'admin');
      expect(r.inForce).toBe(true);
      expect(r.asOf).toBe('2026-11-23');
      expect(r.policy.countries).toEqual(['CN']);
      expect(r.reevaluated).toBe(FAMILY_FIXTURES.length);
      expect(await count('model_policy_decisions')).toBe(before + FAMILY_FIXTURES.length);
      const status = async (prefix: string) => (await registry.model(idOf(prefix))).status;
      for (const p of ['DeepSeek-V3', 'DeepSeek-R1-Distill-Qwen', 'DeepSeek-R1-Distill-Llama', 'Qwen2.5', 'Qwen3'])
        expect(await status(p), p).toBe('forbidden');
      expect(await status('Qwen weights relabelled')).toBe('forbidden');
      for (const p of ['Llama 3.1', 'Llama 2 chat', 'Phi-3 GGUF', 'Gemma 3', 'Mistral 7B'])
        expect(await status(p), p).toBe('allowed');
      expect(await status('Unknown architecture')).toBe('flagged'); // unknown origin → review
      expect(r.changed.find((c) => c.modelId === idOf('DeepSeek-V3'))).toMatchObject({
        from: 'unchecked',
        to: 'forbidden',
      });

      const ds = await registry.model(idOf('DeepSeek-V3'));
      expect(ds.decisions[0]).toMatchObject({
        outcome: 'forbidden',
        trigger: 'policy',
        asOf: '2026-11-23',
        policy: { policyId: 'acme-model-origin', version: '2026-07', source: CN_POLICY.source },
      });
      expect(ds.policy?.findings[0]?.message).toMatch(/DeepSeek.*CN.*country of concern/);
      expect(JSON.stringify(ds.aibom)).toContain('stackport:policy');

      const flagged = await registry.models({ flagged: true });
      const flaggedIds = new Set(flagged.map((m) => m.id));
      expect(flaggedIds.has(idOf('Qwen2.5'))).toBe(true);
      expect(flaggedIds.has(idOf('Llama 3.1'))).toBe(false);
      const cn = await registry.models({ country: 'cn' });
      expect(cn.length).toBeGreaterThan(5);
      expect(cn.every((m) => m.originCountry === 'CN')).toBe(true);
      expect((await registry.models({ family: 'llama' })).every((m) => m.familyId === 'llama')).toBe(true);

      const audit = await listAudit(app.connection.db, { subject: 'model-policy:acme-model-origin@2026-07' });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.data).toMatchObject({ inForce: true, reevaluated: FAMILY_FIXTURES.length });
    });

    it('a model registered under the policy is checked at once', async () => {
      // A Qwen directory with an extra weight shard is another set of weights: a new model.
      const files = fixture('Qwen2.5').files();
      const shard = Object.keys(files).find((p) => p.endsWith('.safetensors'))!;
      files[`extra-${shard}`] = files[shard]!.slice();
      files[`extra-${shard}`]![files[`extra-${shard}`]!.length - 1] ^= 1;
      const r = await registry.register(
        { report: JSON.parse(JSON.stringify(await scanFixture(files, 'qwen-x'))) },
        't',
      );
      expect(r.created).toBe(true);
      expect(r.model.status).toBe('forbidden');
      expect(r.checks).toHaveLength(1);
      expect(r.model.decisions[0]).toMatchObject({ outcome: 'forbidden', trigger: 'register' });
    });

    it('a new policy version re-evaluates every model; a future one is checked as of its start', async () => {
      const id = idOf('DeepSeek-V3');
      clock += 60_000;
      const v2 = await registry.addPolicy(
        { ...CN_POLICY, version: '2026-11', effectiveFrom: '2026-11-01', countriesOfConcern: ['RU'] },
        'admin',
      );
      expect(v2.inForce).toBe(true);
      expect(v2.changed.find((c) => c.modelId === id)).toMatchObject({ from: 'forbidden', to: 'allowed' });
      expect((await registry.model(id)).status).toBe('allowed');

      clock += 60_000;
      const v3 = await registry.addPolicy(
        { ...CN_POLICY, version: '2027-01', effectiveFrom: '2027-01-01', countriesOfConcern: ['CN', 'RU'] },
        'admin',
      );
      expect(v3.inForce).toBe(false);
      expect(v3.asOf).toBe('2027-01-01');
      expect(v3.changed).toEqual([]);
      const m = await registry.model(id);
      expect(m.status).toBe('allowed');
      expect(m.decisions[0]).toMatchObject({
        outcome: 'forbidden',
        asOf: '2027-01-01',
        policy: { version: '2027-01' },
      });

      const policies = await registry.policies();
      expect(policies.map((p) => [p.version, p.inForce])).toEqual([
        ['2027-01', false],
        ['2026-11', true],
        ['2026-07', false],
      ]);
      const dup = await rejected(registry.addPolicy({ ...CN_POLICY, version: '2026-11' }, 'admin'));
      expect(dup.code).toBe('SP_CONFLICT');
      expect((await rejected(registry.addPolicy({ ...CN_POLICY, version: 'x', source: '' }, 'a'))).code).toBe(
        'SP_BAD_REQUEST',
      );
      expect(
        (await rejected(registry.addPolicy({ ...CN_POLICY, version: 'y', countriesOfConcern: ['XX'] }, 'a'))).code,
      ).toBe('SP_BAD_REQUEST');
      // Another policy id (e.g. a programme module) counts beside the first: the strictest outcome wins.
      clock += 60_000;
      const aiep = await registry.addPolicy(
        {
          id: 'aiep-module',
          version: '1',
          title: 'Programme module: no PRC-origin models',
          status: 'program_notice',
          source: 'Programme notice (example)',
          effectiveFrom: '2026-10-01',
          countriesOfConcern: ['CN'],
          action: 'review',
        },
        'admin',
      );
      expect(aiep.changed.find((c) => c.modelId === id)).toMatchObject({ from: 'allowed', to: 'flagged' });
    });

    it('refuses a bad scan report and stores nothing', async () => {
      const counts = async () =>
        Promise.all([count('models'), count('model_scans'), count('model_policy_decisions'), count('audit_log')]);
      const before = await counts();
      const good = await reportOf('Mistral 7B', 'mistral-bad');
      const noHash = structuredClone(good);
      for (const f of noHash.files) f.sha256 = null;
      const dupPath = structuredClone(good);
      dupPath.files.push(dupPath.files[0]!);
      const badFormat = structuredClone(good) as unknown as { files: { parsed?: { format: string } }[] };
      badFormat.files.find((f) => f.parsed)!.parsed!.format = 'pickle-bomb';
      const badParsed = (await reportOf('DeepSeek-V3', 'deepseek-bad')) as unknown as {
        files: { parsed?: Record<string, unknown> }[];
      };
      badParsed.files.find((f) => f.parsed?.format === 'safetensors')!.parsed!.tensorPatterns = 42;
      const cases: unknown[] = [
        undefined,
        {},
        { report: {} },
        { report: { ...good, files: [] } },
        { report: { ...good, scannedAt: 'yesterday' } },
        { report: { ...good, files: [{ ...good.files[0], sha256: 'abc' }] } },
        { report: { ...good, files: [{ ...good.files[0], path: '' }] } },
        { report: noHash },
        { report: dupPath },
        { report: badFormat },
        { report: badParsed },
        { report: good, asOf: '2026-02-30' },
      ];
      for (const c of cases) {
        const e = await rejected(registry.register(c, 'tester'));
        expect(e.code, JSON.stringify(c)?.slice(0, 120)).toBe('SP_BAD_REQUEST');
      }
      expect(await counts()).toEqual(before);
    });

    it('AI-BOMs: the stored CycloneDX and an SPDX 3.0.1 built from the stored report', async () => {
      const id = idOf('Qwen3');
      expect(CycloneDxAibomSchema.safeParse(await registry.aibom(id, 'cyclonedx')).success).toBe(true);
      const spdx = await registry.aibom(id, 'spdx');
      const parsed = Spdx3AibomSchema.safeParse(spdx);
      expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
      expect((await rejected(registry.aibom('MDL-nope'))).code).toBe('SP_NOT_FOUND');
      expect((await rejected(registry.model('MDL-nope'))).code).toBe('SP_NOT_FOUND');
    });

    it('links evaluation runs to a model (on the run, and from `models eval run --model-id`)', async () => {
      const id = idOf('Qwen2.5');
      const at = new Date(clock).toISOString();
      await insertEvalRun(app.connection.db, {
        id: 'EVR-test-1',
        endpointUrl: 'http://127.0.0.1:9/v1',
        model: 'Qwen/Qwen2.5-7B-Instruct',
        suites: ['sp-refusal'],
        itemBankSha256: 'x',
        itemCount: 0,
        startedAt: at,
        updatedAt: at,
        finishedAt: at,
        status: 'completed',
        actor: 'tester',
        config: {},
      });
      const m = await registry.linkEvalRun(id, { runId: 'EVR-test-1' }, 'tester');
      expect(m.evalRuns.map((r) => r.id)).toEqual(['EVR-test-1']);
      expect((await rejected(registry.linkEvalRun(id, { runId: 'EVR-nope' }, 't'))).code).toBe('SP_NOT_FOUND');
      expect((await rejected(registry.linkEvalRun('MDL-nope', { runId: 'EVR-test-1' }, 't'))).code).toBe(
        'SP_NOT_FOUND',
      );

      const answer = JSON.stringify({
        choices: [{ message: { role: 'assistant', content: 'I cannot help with that.' } }],
      });
      const evals = new EvaluationService(app, {
        fetch: async () => new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } }),
      });
      const config = {
        endpoint: { url: 'http://127.0.0.1:9', model: 'qwen2.5' },
        suites: ['sp-agent-security'],
        retries: 0,
        actor: 'tester',
      };
      expect((await rejected(evals.run({ ...config, modelId: 'MDL-nope' }))).code).toBe('SP_NOT_FOUND');
      const summary = await evals.run({ ...config, modelId: id });
      expect(summary.status).toBe('completed');
      const linked = await registry.model(id);
      expect(linked.evalRuns.map((r) => r.id)).toContain(summary.runId);
      expect(linked.evalRuns.every((r) => r.modelId === id)).toBe(true);
    });

    it('keeps the audit chain intact', async () => {
      expect((await verifyAudit(app.connection.db)).ok).toBe(true);
      const actions = new Set((await listAudit(app.connection.db, { limit: 10_000 })).map((a) => a.action));
      for (const a of ['models.register', 'models.rescan', 'models.policy.add', 'models.eval.link'])
        expect(actions.has(a), a).toBe(true);
    });
  });
}
