/**
 * American AI Exports Program over the store, on both engines, with the REAL modules (the bundled lists through the
 * app's screening index, the classifier, the bundled rule pack): the complete example checks clean and submits; an
 * incomplete one is saved as a draft with its missing list and refused at submission; a justified blocking finding
 * lets it submit; a member on the bundled Entity List is a screening finding with its list version; the component ×
 * country matrix; review → NID → designation → catalog with confidential sections blanked; a BOM amendment reopens
 * the review; the audit chain verifies.
 */
import { EXAMPLE_PROPOSAL, type Proposal } from '@stackport/core';
import { connect, freshTestLocation, listAudit, type TestLocation, testEngines, verifyAudit } from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledLists } from './bundled.js';
import { AppError } from './errors.js';
import { ProgramService } from './program.js';
import { renderPdf } from './report/index.js';
import { Stackport } from './stackport.js';

const variant = (id: string, edit: (p: Proposal) => void = () => {}): Proposal => {
  const p = structuredClone(EXAMPLE_PROPOSAL) as Proposal;
  edit(p);
  return { ...p, id };
};

async function rejected(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const SCORES = { 'full-stack': 4, 'us-content': 5, 'national-security': 4, deliverability: 3 };

for (const engine of testEngines()) {
  describe(`program service on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let program: ProgramService;
    let tick = Date.parse('2026-10-01T09:00:00Z');

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({
        connection: await connect(loc.location),
        now: () => {
          tick += 1000;
          return new Date(tick);
        },
      });
      await loadBundledLists(app);
      program = new ProgramService(app);
    }, 120_000);
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('refuses a proposal that does not fit the schema, naming the path, and stores nothing', async () => {
      const e = await rejected(program.create({ ...EXAMPLE_PROPOSAL, id: 'bad', extra: 1 }, 'consortium'));
      expect(e.code).toBe('SP_BAD_REQUEST');
      expect((await program.list()).length).toBe(0);
    });

    it('checks the complete example clean, with the license matrix, and submits it frozen under its sha256', async () => {
      const v = await program.create(variant('prop-complete'), 'consortium');
      expect(v.proposal.status).toBe('draft');
      expect(v.check?.canSubmit).toBe(true);
      expect(v.check?.missing).toEqual([]);
      expect(v.check?.context.rulePackVersion).toBeTruthy();
      expect(v.check?.context.listVersions.length).toBeGreaterThan(0);
      const matrix = v.check?.result.licenseMatrix;
      expect(matrix?.destinations).toEqual(['JP', 'DE', 'FR']);
      expect(matrix?.rows.length).toBeGreaterThan(0);
      for (const row of matrix?.rows ?? []) expect(row.cells.map((c) => c.destination)).toEqual(['JP', 'DE', 'FR']);
      expect(v.check?.result.usContent.presumptionMet).toBe(true);
      const s = await program.submit('prop-complete', 'consortium');
      expect(s.proposal.status).toBe('submitted');
      const shown = await program.show('prop-complete');
      expect(shown.versions).toMatchObject([{ version: 1, frozen: true, submittedBy: 'consortium' }]);
      expect(shown.versions[0]?.contentSha256).toBe(shown.review.versions[0]?.contentHash);
      expect((await rejected(program.submit('prop-complete', 'consortium'))).code).toBe('SP_CONFLICT');
    });

    it('saves an incomplete proposal as a draft with its missing list; submission is refused listing them', async () => {
      const v = await program.create(
        variant('prop-incomplete', (p) => {
          p.targets = [];
          p.supportRequests = [];
        }),
        'consortium',
      );
      expect(v.proposal.status).toBe('draft');
      expect(v.check?.canSubmit).toBe(false);
      const ids = v.check?.result.findings.map((f) => f.id) ?? [];
      expect(ids).toContain('NO_TARGET');
      expect(ids).toContain('NO_SUPPORT_REQUEST');
      const e = await rejected(program.submit('prop-incomplete', 'consortium'));
      expect(e.code).toBe('SP_CONFLICT');
      expect(e.details.length).toBe(v.check?.missing.length);
      expect((await program.show('prop-incomplete')).proposal.status).toBe('draft');
      // The list carries the current version's check counts, so a queue needs no request per proposal.
      const listed = (await program.list()).find((x) => x.id === 'prop-incomplete');
      expect(listed?.checkSummary).toEqual({
        blocking: v.check?.result.summary.blocking,
        justified: 0,
        advisory: v.check?.result.summary.advisory,
      });
      expect(listed?.checkSummary?.blocking).toBeGreaterThanOrEqual(2);
      expect(listed).not.toHaveProperty('review');
    });

    it('lets a proposal with a justified blocking finding submit', async () => {
      const v = await program.create(
        variant('prop-justified', (p) => {
          p.businessModel = {};
        }),
        'consortium',
      );
      const f = v.check?.result.findings.find((x) => x.severity === 'blocking' && !x.justified);
      expect(f?.id).toBe('NO_BUSINESS_MODEL');
      expect((await rejected(program.submit('prop-justified', 'consortium'))).code).toBe('SP_CONFLICT');
      const key = `${f?.id}@${f?.path}`;
      expect((await rejected(program.justify('prop-justified', { findingKey: 'NOPE@x', text: 'x' }, 'c'))).code).toBe(
        'SP_BAD_REQUEST',
      );
      const j = await program.justify(
        'prop-justified',
        { findingKey: key, text: 'The business model is filed separately under seal.' },
        'consortium',
      );
      expect(j.check?.canSubmit).toBe(true);
      expect(j.check?.result.findings.find((x) => x.id === 'NO_BUSINESS_MODEL')?.justified).toBe(true);
      const s = await program.submit('prop-justified', 'consortium');
      expect(s.proposal.status).toBe('submitted');
      expect((await program.show('prop-justified')).justifications).toMatchObject([{ findingKey: key }]);
    });

    it('reports a member on the bundled Entity List as a screening finding with its list version', async () => {
      const v = await program.create(
        variant('prop-el', (p) => {
          const m = p.consortium.members.find((x) => x.id === 'm-data');
          if (!m) throw new Error('fixture');
          m.legalName = 'Chitron Electronics Company Ltd';
        }),
        'consortium',
      );
      const hit = v.check?.result.findings.find((f) => f.id === 'SCREENING_HIT');
      expect(hit?.severity).toBe('blocking');
      const lh = v.check?.listHits.find((h) => h.name === 'Chitron Electronics Company Ltd');
      expect(lh?.source).toBe('EL');
      expect(lh?.listVersionId).toBeTruthy();
      expect(v.check?.context.listVersions).toContain(lh?.listVersionId);
      expect(v.check?.context.matcherVersion).toMatch(/stackport-matcher/);
    });

    it("carries over the screening module's adjudications of the same party: cleared, then confirmed", async () => {
      const name = 'Chitron Electronics Company Ltd';
      const withMember = (id: string) =>
        variant(id, (p) => {
          const m = p.consortium.members.find((x) => x.id === 'm-data');
          if (!m) throw new Error('fixture');
          m.legalName = name;
        });
      // The same name in other case and spacing is the same party; the reviewer clears its Entity List hit.
      const { party } = await app.createParty(
        { name: 'CHITRON  electronics company ltd', type: 'organization' },
        'ana',
      );
      const [hit] = (await app.listHits({ partyId: party.id, status: 'open' })).filter((h) => h.source === 'EL');
      expect(hit).toBeDefined();
      if (!hit) return;
      await app.decide(hit.id, { decision: 'false_positive', reason: 'our supplier is a different firm' }, 'ana');

      const v = await program.create(withMember('prop-adjudicated'), 'consortium');
      const findings = v.check?.result.findings ?? [];
      const open = findings.filter((f) => f.id === 'SCREENING_HIT');
      const cleared = findings.find((f) => f.id === 'SCREENING_HIT_CLEARED');
      expect(
        open.flatMap((f) => (f.details?.hits as { entryKey: string }[]) ?? []).map((h) => h.entryKey),
      ).not.toContain(hit.entryKey);
      expect(cleared).toMatchObject({ severity: 'advisory' });
      expect(cleared?.details?.hits).toEqual([
        expect.objectContaining({
          entryKey: hit.entryKey,
          decision: { by: 'ana', at: expect.any(String), hitId: hit.id },
        }),
      ]);
      expect(v.check?.context.screeningDecisions).toEqual([
        expect.objectContaining({ name, entryKey: hit.entryKey, decision: 'false-positive', hitId: hit.id }),
      ]);

      // A confirmation recorded on another saved party of the same name outranks the clearing.
      const { party: twin } = await app.createParty({ name, type: 'organization' }, 'bob');
      const [twinHit] = (await app.listHits({ partyId: twin.id, status: 'open' })).filter(
        (h) => h.entryKey === hit.entryKey,
      );
      if (!twinHit) throw new Error('expected the same entry to hit the twin party');
      await app.decide(twinHit.id, { decision: 'true_match', reason: 'confirmed by the Entity List address' }, 'bob');
      const again = await program.check('prop-adjudicated', 'consortium');
      expect(again.result.findings.find((f) => f.id === 'SCREENING_TRUE_MATCH')).toMatchObject({
        severity: 'blocking',
        details: { hits: [expect.objectContaining({ decision: expect.objectContaining({ by: 'bob' }) })] },
      });
      expect(again.result.findings.some((f) => f.id === 'SCREENING_HIT_CLEARED')).toBe(false);
    });

    it('reviews, determines, designates; the catalog blanks confidential sections; a BOM amendment reopens', async () => {
      const id = 'prop-designate';
      await program.create(
        variant(id, (p) => {
          p.confidentiality = [
            { section: 'consortium', level: 'business-confidential', justification: 'Member terms are confidential.' },
          ];
        }),
        'consortium',
      );
      await program.submit(id, 'consortium');
      const e = await rejected(program.review(id, { agency: 'DOC', scores: { 'full-stack': 9 } }, 'doc-reviewer'));
      expect(e.code).toBe('SP_BAD_REQUEST');
      const r = await program.review(
        id,
        { agency: 'DOC', scores: { ...SCORES, 'market-rationale': 4 }, comment: 'solid' },
        'doc-reviewer',
      );
      expect(r.proposal.status).toBe('under-review');
      expect(r.review.reviews[0]?.weightedScore).toBeGreaterThan(0);
      expect((await rejected(program.decide(id, { outcome: 'designate', expiresOn: '2028-10-01' }, 'gov'))).code).toBe(
        'SP_CONFLICT',
      );
      await program.determineNationalInterest(
        id,
        {
          inNationalInterest: true,
          rationale: 'Advances US AI leadership.',
          agenciesConsulted: ['DOS', 'DOW', 'DOE', 'OSTP'],
        },
        'gov',
      );
      const d = await program.decide(
        id,
        { outcome: 'designate', conditions: ['Annual compliance report'], expiresOn: '2028-10-01' },
        'gov',
      );
      expect(d.proposal.status).toBe('decided');
      const cat = await program.catalog();
      const entry = cat.entries.find((x) => x.proposalId === id);
      expect(entry?.conditions).toEqual(['Annual compliance report']);
      expect(entry?.members).toEqual([]);
      const pub = await program.export(id, { audience: 'public' });
      expect(pub.redactedSections).toEqual(['consortium']);
      expect(pub.proposal.consortium.members).toEqual([]);
      const gov = await program.export(id);
      expect(gov.proposal.consortium.members.length).toBeGreaterThan(0);

      // The dossier: the government version marks the confidential consortium section; the public one redacts it.
      const govDoc = await program.dossier(id);
      const consortium = govDoc.sections.find((x) => x.heading.startsWith('Consortium'));
      expect(consortium?.confidential).toBe(true);
      expect(JSON.stringify(consortium)).toContain(gov.proposal.consortium.members[0]?.legalName);
      expect(govDoc.sections.map((x) => x.heading)).toEqual(
        expect.arrayContaining(['Automatic checks', 'License matrix (hardware good × target country)', 'Review']),
      );
      expect(JSON.stringify(govDoc)).toContain('Annual compliance report');
      const pubDoc = await program.dossier(id, { audience: 'public' });
      const redacted = pubDoc.sections.find((x) => x.heading.startsWith('Consortium'));
      expect(JSON.stringify(redacted)).toContain('Redacted');
      expect(JSON.stringify(redacted)).not.toContain(gov.proposal.consortium.members[0]?.legalName as string);
      const pdf = await renderPdf(govDoc);
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');

      // A BOM change after the decision: a new draft version, the review reopens, the designation is suspended.
      const amended = variant(id, (p) => {
        p.confidentiality = [
          { section: 'consortium', level: 'business-confidential', justification: 'Member terms are confidential.' },
        ];
        const line = p.hardwareBom.lines[0];
        if (line) line.quantity += 1;
      });
      const a = await program.update(id, amended, 'consortium');
      expect(a.reopened).toBe(true);
      expect(a.proposal.status).toBe('draft');
      expect(a.proposal.currentVersion).toBe(2);
      expect(a.review.decision?.outcome === 'designated' && a.review.decision.designation.status).toBe('suspended');
      expect((await program.catalog()).entries.find((x) => x.proposalId === id)).toBeUndefined();
      const shown = await program.show(id);
      expect(shown.versions.map((v) => [v.version, v.frozen])).toEqual([
        [1, true],
        [2, false],
      ]);
      expect(shown.decisions.map((x) => x.kind)).toEqual(['nid', 'designated']);
    });

    it('keeps an intact audit chain with one record per change', async () => {
      expect((await verifyAudit(app.connection.db)).ok).toBe(true);
      const actions = (await listAudit(app.connection.db, { limit: 10_000 })).map((a) => a.action);
      for (const a of [
        'program.proposal.create',
        'program.proposal.submit',
        'program.finding.justify',
        'program.review.record',
        'program.nid.record',
        'program.decision.record',
        'program.proposal.amend',
      ])
        expect(actions).toContain(a);
    });
  });
}
