import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportProposal } from './export.js';
import { EXAMPLE_PROPOSAL } from './fixtures.js';
import { PROPOSAL_SCHEMA_ID, ProposalSchema, parseProposal, proposalJsonSchema } from './types.js';

const DIR = fileURLToPath(new URL('../../../../docs/program/', import.meta.url));
const FILE = `${DIR}proposal.schema.json`;

describe('published JSON Schema', () => {
  const text = `${JSON.stringify(proposalJsonSchema(), null, 2)}\n`;

  it('docs/program/proposal.schema.json matches the zod schema (UPDATE_PROGRAM_SCHEMA=1 rewrites it)', () => {
    if (process.env.UPDATE_PROGRAM_SCHEMA === '1' || !existsSync(FILE)) {
      mkdirSync(DIR, { recursive: true });
      writeFileSync(FILE, text);
    }
    expect(readFileSync(FILE, 'utf8')).toBe(text);
  });

  it('has an id, the 2020-12 dialect and the required top-level sections', () => {
    const s = proposalJsonSchema() as {
      $id: string;
      $schema: string;
      required: string[];
      additionalProperties: unknown;
    };
    expect(s.$id).toBe(PROPOSAL_SCHEMA_ID);
    expect(s.$schema).toContain('2020-12');
    expect(s.required).toEqual(
      expect.arrayContaining(['consortium', 'layers', 'hardwareBom', 'targets', 'supportRequests', 'attestations']),
    );
    expect(s.additionalProperties).toBe(false);
  });
});

describe('parseProposal', () => {
  it('accepts the example and a JSON round trip of it', () => {
    expect(parseProposal(JSON.parse(JSON.stringify(EXAMPLE_PROPOSAL))).ok).toBe(true);
  });

  it('refuses unknown keys and bad codes, naming the path', () => {
    const bad = structuredClone(EXAMPLE_PROPOSAL) as unknown as Record<string, unknown>;
    (bad as { targets: { code: string; kind: string }[] }).targets.push({
      kind: 'country',
      code: 'jp',
      typo: 1,
    } as never);
    const r = parseProposal(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toContain('targets.2');
    const cents = structuredClone(EXAMPLE_PROPOSAL);
    const l = cents.hardwareBom.lines[0];
    if (l) l.unitValue = { amount: 1.005, currency: 'USD' };
    const r2 = parseProposal(cents);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.issues[0]?.path).toBe('hardwareBom.lines.0.unitValue.amount');
  });

  it('accepts a bare draft: structure only, gaps are findings', () => {
    const draft = {
      schemaVersion: 'stackport-program-proposal/1',
      id: 'draft-1',
      title: '',
      consortium: { name: '', members: [] },
      layers: [],
      hardwareBom: { lines: [], fxRates: [] },
      targets: [],
      businessModel: {},
      dataCenters: [],
      supportRequests: [],
      attestations: [],
      confidentiality: [],
      justifications: [],
    };
    expect(ProposalSchema.safeParse(draft).success).toBe(true);
  });
});

describe('exportProposal', () => {
  it('marks business-confidential sections and redacts them for the public, staying schema-valid', () => {
    const gov = exportProposal(EXAMPLE_PROPOSAL);
    expect(gov.businessConfidential.map((c) => c.section)).toEqual(['hardwareBom']);
    expect(gov.redactedSections).toEqual([]);
    expect(gov.proposal.hardwareBom.lines.length).toBe(6);
    const pub = exportProposal(EXAMPLE_PROPOSAL, 'public');
    expect(pub.redactedSections).toEqual(['hardwareBom']);
    expect(pub.proposal.hardwareBom.lines).toEqual([]);
    expect(pub.contentHash).toBe(gov.contentHash);
    expect(ProposalSchema.safeParse(pub.proposal).success).toBe(true);
    expect(EXAMPLE_PROPOSAL.hardwareBom.lines.length).toBe(6);
  });
});
