import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCycloneDxAibom } from './aibom-cyclonedx.js';
import { CycloneDxAibomSchema, Spdx3AibomSchema } from './aibom-schema.js';
import { buildSpdxAibom } from './aibom-spdx.js';
import { checkModelPolicy, ModelOriginPolicySchema } from './policy.js';
import { FAMILY_FIXTURES, scanFixture } from './test-data.js';

const SCHEMAS = fileURLToPath(new URL('../../../../data/schemas/', import.meta.url));
const schemaFile = (name: string) => `${SCHEMAS}${name}`;
const load = (name: string) => JSON.parse(readFileSync(schemaFile(name), 'utf8')) as Record<string, unknown>;

const policy = ModelOriginPolicySchema.parse({
  id: 'p',
  version: '1',
  title: 'test',
  effectiveFrom: '2026-01-01',
  countriesOfConcern: ['CN'],
});

async function all() {
  const out = [];
  for (const fx of FAMILY_FIXTURES) {
    const report = await scanFixture(fx.files(), fx.name);
    const pol = checkModelPolicy(report.analysis, policy, '2026-11-23');
    out.push({
      name: fx.name,
      report,
      cdx: buildCycloneDxAibom(report, { toolVersion: '0.1.0', policy: pol }),
      spdx: buildSpdxAibom(report, { toolVersion: '0.1.0', policy: pol }),
    });
  }
  return out;
}

describe('AI-BOM writers', () => {
  it('CycloneDX 1.6 output passes the structural schema for every fixture', async () => {
    for (const { name, cdx } of await all()) {
      const r = CycloneDxAibomSchema.safeParse(cdx);
      expect(r.success, `${name}: ${r.error?.message}`).toBe(true);
    }
  });

  it('SPDX 3.0.1 output passes the structural schema for every fixture', async () => {
    for (const { name, spdx } of await all()) {
      const r = Spdx3AibomSchema.safeParse(spdx);
      expect(r.success, `${name}: ${r.error?.message}`).toBe(true);
    }
  });

  it('carries origin, hashes, flags, pedigree and policy into CycloneDX', async () => {
    const report = await scanFixture(FAMILY_FIXTURES.find((f) => f.name.startsWith('Qwen3'))!.files(), 'qwen3');
    const bom = buildCycloneDxAibom(report, { toolVersion: '0.1.0' }) as {
      serialNumber: string;
      components: Record<string, unknown>[];
    };
    const model = bom.components[0]!;
    expect(model.type).toBe('machine-learning-model');
    expect(model.supplier).toEqual({ name: 'Alibaba Cloud (Qwen team)', address: { country: 'CN' } });
    expect(model.licenses).toEqual([{ license: { id: 'Apache-2.0' } }]);
    expect(model.hashes).toEqual([{ alg: 'SHA-256', content: report.files[0]!.sha256 }]);
    expect(JSON.stringify(model.properties)).toContain('"stackport:model:origin-country","value":"CN"');
    expect(buildCycloneDxAibom(report, { toolVersion: '0.1.0' })).toEqual(bom);
  });

  it('marks the contradiction in both outputs', async () => {
    const report = await scanFixture(FAMILY_FIXTURES.find((f) => f.name.startsWith('Phi-3'))!.files(), 'phi3');
    expect(JSON.stringify(buildCycloneDxAibom(report, { toolVersion: '0' }))).toContain('DECLARED_MISMATCH');
    expect(JSON.stringify(buildSpdxAibom(report, { toolVersion: '0' }))).toContain('DECLARED_MISMATCH');
  });

  it('validates against the published CycloneDX 1.6 JSON schema (data/schemas)', async () => {
    const { default: Ajv } = await import('ajv');
    const { default: addFormats } = await import('ajv-formats');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // bom-1.6 refers to its companions by these relative names.
    for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
      const { $id: _id, ...schema } = load(f) as Record<string, unknown>;
      ajv.addSchema(schema, `http://cyclonedx.org/schema/${f}`);
    }
    const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));
    for (const { name, cdx } of await all())
      expect(validate(cdx), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
  });
});
