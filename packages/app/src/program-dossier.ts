/**
 * The proposal dossier: one printable document (PDF via the report module) with the proposal as exported for its
 * audience (government: everything, business-confidential sections marked on every page they appear; public: those
 * sections emptied), the automatic checks with their citations, the license matrix, the US-content arithmetic and
 * the review record. Pure: it maps data already computed by the service.
 * @module
 */
import type { Proposal, ProposalExport, ProposalSection, ReviewRecord } from '@stackport/core';
import type { ProgramCheckView } from './program.js';
import type { ReportBlock, ReportDocument, ReportSection } from './report/index.js';

const money = (m?: { amount: number; currency: string }) =>
  m ? `${m.amount.toLocaleString('en')} ${m.currency}` : '—';

export function proposalDossier(
  exported: ProposalExport,
  check: ProgramCheckView | null,
  review: ReviewRecord,
  generatedAt: string,
): ReportDocument {
  const p: Proposal = exported.proposal;
  const marked = new Set<ProposalSection>(exported.businessConfidential.map((c) => c.section));
  const redacted = new Set<ProposalSection>(exported.redactedSections);
  const government = exported.audience === 'government';
  const section = (key: ProposalSection, heading: string, blocks: ReportBlock[]): ReportSection =>
    redacted.has(key)
      ? {
          heading,
          blocks: [
            {
              kind: 'callout',
              tone: 'note',
              title: 'Redacted',
              text: 'Business confidential: not in the public dossier.',
            },
          ],
        }
      : { heading, blocks, ...(government && marked.has(key) ? { confidential: true } : {}) };
  const memberName = new Map(p.consortium.members.map((m) => [m.id, m.legalName]));
  const sections: ReportSection[] = [
    {
      heading: 'Summary',
      blocks: [
        {
          kind: 'keyValue',
          items: [
            { key: 'Proposal', value: `${p.title} (${p.id})` },
            { key: 'Program notice', value: p.call },
            { key: 'Audience', value: exported.audience },
            { key: 'Review state', value: review.state },
            { key: 'Content sha256', value: exported.contentHash },
            { key: 'Schema', value: exported.schema },
            ...(exported.businessConfidential.length
              ? [
                  {
                    key: 'Business-confidential sections',
                    value: exported.businessConfidential.map((c) => `${c.section} (${c.justification})`).join('; '),
                  },
                ]
              : []),
          ],
        },
      ],
    },
    section('consortium', `Consortium: ${p.consortium.name}`, [
      {
        kind: 'table',
        header: ['Member', 'Role', 'Incorporated', 'Headquarters', 'Layers', 'Owners'],
        rows: p.consortium.members.map((m) => [
          m.legalName,
          m.role,
          m.incorporationCountry,
          m.headquartersCountry,
          m.layers.join(', '),
          m.owners
            .map((o) => `${o.name} (${o.country}${o.sharePct !== undefined ? `, ${o.sharePct} %` : ''})`)
            .join('; '),
        ]),
      },
    ]),
    section('layers', 'The five layers', [
      {
        kind: 'table',
        header: ['Layer', 'Component', 'Responsible member'],
        rows: p.layers.flatMap((l) =>
          l.components.map((c) => [
            l.layer,
            c.name,
            memberName.get(c.responsibleMemberId ?? l.responsibleMemberId ?? '') ?? '—',
          ]),
        ),
      },
    ]),
    section('hardwareBom', 'Hardware bill of materials', [
      {
        kind: 'table',
        header: ['Line', 'Kind', 'Quantity', 'Unit value', 'Origin', 'US content'],
        rows: p.hardwareBom.lines.map((l) => [
          l.description,
          l.kind,
          l.quantity,
          money(l.unitValue),
          l.originCountry,
          l.usContentFraction === undefined ? '—' : `${Math.round(l.usContentFraction * 100)} %`,
        ]),
      },
    ]),
    section('targets', 'Target markets', [
      {
        kind: 'table',
        header: ['Market', 'Kind', 'Countries', 'Rationale'],
        rows: p.targets.map((t) => [t.name ?? t.code, t.kind, (t.countries ?? [t.code]).join(', '), t.rationale]),
      },
    ]),
    section('dataCenters', 'Data centers: who builds, owns and operates', [
      {
        kind: 'table',
        header: ['Data center', 'Country', 'Builder', 'Owner', 'Operator'],
        rows: p.dataCenters.map((d) => [
          d.name,
          d.country,
          JSON.stringify(d.builder ?? '—'),
          JSON.stringify(d.owner ?? '—'),
          JSON.stringify(d.operator ?? '—'),
        ]),
      },
    ]),
    section('supportRequests', 'Requested federal support', [
      {
        kind: 'table',
        header: ['Agency', 'Instrument', 'Amount', 'Purpose'],
        rows: p.supportRequests.map((s) => [s.agency, s.instrument, money(s.amount), s.purpose]),
      },
    ]),
    section('attestations', 'Compliance attestations', [
      {
        kind: 'table',
        header: ['Kind', 'Signer', 'Date', 'Text'],
        rows: p.attestations.map((a) => [a.kind, a.signer, a.date, a.text]),
      },
    ]),
  ];
  if (check) {
    const r = check.result;
    sections.push(
      {
        heading: 'Automatic checks',
        blocks: [
          {
            kind: 'keyValue',
            items: [
              { key: 'Checked version', value: check.version },
              { key: 'As of', value: r.asOf },
              { key: 'Policy', value: `${r.policy.id} ${r.policy.version}` },
              { key: 'Can submit', value: check.canSubmit },
            ],
          },
          {
            kind: 'table',
            header: ['Severity', 'Finding', 'Where', 'What', 'Requirement'],
            rows: r.findings.map((f) => [
              f.justified ? `${f.severity} (justified)` : f.severity,
              f.id,
              f.path || '(proposal)',
              f.message,
              f.requirementId,
            ]),
          },
        ],
      },
      {
        heading: 'License matrix (hardware good × target country)',
        blocks: [
          {
            kind: 'table',
            header: ['Good', 'ECCN', ...r.licenseMatrix.destinations],
            rows: r.licenseMatrix.rows.map((row) => [
              row.description,
              row.eccn ?? row.classificationStatus,
              ...row.cells.map((c) =>
                c.summary
                  ? `${c.summary.licenseRequired}${c.summary.reviewPolicy ? ` · ${c.summary.reviewPolicy}` : ''}`
                  : c.status,
              ),
            ]),
          },
        ],
      },
      {
        heading: 'US content of the hardware layer',
        blocks: [
          {
            kind: 'keyValue',
            items: [
              { key: 'Share', value: r.usContent.sharePct === undefined ? '—' : `${r.usContent.sharePct} %` },
              { key: `Presumption (≥ ${r.usContent.thresholdPct} %)`, value: String(r.usContent.presumptionMet) },
              { key: 'Method', value: `${r.usContent.method} (${r.usContent.methodVersion})` },
              { key: 'Inputs sha256', value: r.usContent.inputsHash },
            ],
          },
          { kind: 'code', caption: 'Arithmetic', text: r.usContent.arithmetic.join('\n') },
          ...(r.usContent.ambiguities.length
            ? [{ kind: 'bullets' as const, items: r.usContent.ambiguities.map((a) => `Ambiguity: ${a}`) }]
            : []),
        ],
      },
    );
  }
  sections.push({
    heading: 'Review',
    blocks: [
      {
        kind: 'table',
        header: ['Agency', 'Reviewer', 'Version', 'Score', 'Recommendation', 'Comment'],
        rows: review.reviews.map((x) => [
          x.agency,
          x.reviewer,
          x.version,
          x.weightedScore,
          x.recommendation,
          x.comment,
        ]),
      },
      {
        kind: 'table',
        header: ['National-interest determination', 'Version', 'Agencies consulted', 'Rationale'],
        rows: review.nids.map((n) => [
          n.inNationalInterest ? 'in the national interest' : 'not in the national interest',
          n.version,
          n.agenciesConsulted.join(', '),
          n.rationale,
        ]),
      },
      {
        kind: 'keyValue',
        items: review.decision
          ? review.decision.outcome === 'designated'
            ? [
                { key: 'Decision', value: `designated (${review.decision.designation.status})` },
                { key: 'Designation', value: review.decision.designation.id },
                {
                  key: 'In force',
                  value: `${review.decision.designation.effectiveFrom} until ${review.decision.designation.expiresOn} (exclusive)`,
                },
                { key: 'Conditions', value: review.decision.designation.conditions.join('; ') || '—' },
              ]
            : [
                { key: 'Decision', value: 'declined' },
                { key: 'Reasons', value: review.decision.reasons.join('; ') },
              ]
          : [{ key: 'Decision', value: 'none yet' }],
      },
    ],
  });
  return {
    title: `Proposal dossier — ${p.title}`,
    subtitle: `American AI Exports Program (EO 14320) · ${exported.audience === 'public' ? 'public version' : 'government version'}`,
    generatedAt,
    reference: p.id,
    confidentiality: 'Business confidential',
    sections,
  };
}
