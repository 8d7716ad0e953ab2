/**
 * Draft report of a large training run, as plain data for the app's renderers (see report.ts). It is a DRAFT for a
 * reviewer: the requirement it serves is proposed (89 FR 5698), no filing channel or form is known (reference §5(d):
 * "automated filing (no government API is known)"), and the contents follow what the sources say the report would
 * hold — the customer-identifying information and the existence of the training run [S: R69].
 * @module
 */
import type { ForeignPersonDetermination } from './foreign-person.js';
import type { KycReportBlock, KycReportDocument, KycReportSection } from './report.js';
import { kycRulesAt } from './rules.js';
import { sci, type TrainingRunEstimate } from './training-run.js';
import type { CustomerApplication } from './types.js';

export interface TrainingReportInput {
  readonly estimate: TrainingRunEstimate;
  /** ISO timestamp with a zone, or a date (the core has no clock). */
  readonly generatedAt: string;
  /** Report reference printed in the footer, e.g. a case id. */
  readonly reference: string;
  /** Day the legal statuses are read at (defaults to the day of `generatedAt`). */
  readonly statusDate?: string;
  readonly provider?: string;
  readonly application?: CustomerApplication;
  readonly foreignPerson?: ForeignPersonDetermination;
}

/** The draft report document. Pure: the same input gives the same document. */
export function draftTrainingRunReport(input: TrainingReportInput): KycReportDocument {
  const { estimate: e, application: app, foreignPerson: fp } = input;
  const statusDate = input.statusDate ?? input.generatedAt.slice(0, 10);
  const rules = kycRulesAt(statusDate).filter((r) => e.ruleIds.includes(r.rule.id));

  const status: KycReportSection = {
    heading: 'Status of this draft',
    blocks: [
      {
        kind: 'callout',
        tone: 'warning',
        title: 'Draft — not a filing',
        text:
          'This draft follows the large-AI-training report of the January 2024 proposed IaaS rule (89 FR 5698), ' +
          'which is not in force. No government filing channel is known. Review before any use.',
      },
      { kind: 'paragraph', text: e.legalNote },
    ],
  };

  const customerItems: { key: string; value: string | number | boolean | null }[] = [
    { key: 'Account', value: e.accountId },
  ];
  if (input.provider) customerItems.push({ key: 'Provider', value: input.provider });
  if (app) {
    customerItems.push(
      { key: 'Customer type', value: app.type },
      { key: 'Names', value: app.names.join('; ') },
      { key: 'Declared country', value: app.declaredCountry ?? null },
      {
        key: 'Addresses',
        value: app.addresses.map((a) => [...a.lines, a.city, a.country].filter(Boolean).join(', ')).join(' | '),
      },
      { key: 'Emails', value: app.emails.join('; ') },
      { key: 'Phones', value: app.phones.join('; ') },
      {
        key: 'IP addresses',
        value: app.ipAddresses.map((i) => `${i.ip}${i.country ? ` (${i.country})` : ''}`).join('; '),
      },
      {
        key: 'Payment means',
        value: app.paymentMeans.map((p) => `${p.kind} ${p.id}${p.source ? ` [${p.source}]` : ''}`).join('; '),
      },
      {
        key: 'Reseller chain',
        value: app.resellerChain.length > 0 ? app.resellerChain.join(' → ') : 'direct customer',
      },
    );
    if (app.type === 'entity') {
      customerItems.push({
        key: 'Beneficial owners',
        value: app.beneficialOwners
          .map(
            (o) =>
              `${o.name}${o.sharePct === undefined ? '' : ` ${o.sharePct} %`}${o.nationalities?.length ? ` (${o.nationalities.join('/')})` : ''}`,
          )
          .join('; '),
      });
    }
  }
  if (fp)
    customerItems.push({
      key: 'Foreign-person determination',
      value: `${fp.status}: ${fp.reasons.map((r) => r.text).join('; ')}`,
    });

  const customer: KycReportSection = {
    heading: 'Customer',
    confidential: true,
    blocks: [{ kind: 'keyValue', items: customerItems }],
  };

  const runBlocks: KycReportBlock[] = [
    {
      kind: 'keyValue',
      items: [
        { key: 'Window', value: `${e.windowFrom} to ${e.windowTo} (${e.windowDays}-day rolling window)` },
        { key: 'Estimated operations', value: sci(e.estimatedOps) },
        { key: 'Threshold', value: sci(e.thresholdOps) },
        { key: 'Crosses threshold', value: e.crossesThreshold },
        { key: 'Fraction of threshold', value: e.fractionOfThreshold.toFixed(3) },
      ],
    },
    {
      kind: 'table',
      caption: 'Estimate by accelerator model (peak dense BF16 × accelerator-hours × 3,600 × utilisation)',
      header: ['Accelerator', 'Peak FLOP/s', 'Accelerator-hours', 'Mean utilisation', 'Operations'],
      rows: e.lines.map((l) => [
        l.name,
        sci(l.peakDenseBf16Flops),
        Math.round(l.acceleratorHours),
        l.meanUtilisation.toFixed(4),
        sci(l.ops),
      ]),
    },
    { kind: 'code', caption: 'Arithmetic', text: e.arithmetic.join('\n') },
  ];
  if (e.unknownModels.length > 0 || e.rejected.length > 0) {
    runBlocks.push({
      kind: 'callout',
      tone: 'warning',
      title: 'Usage not counted',
      text: [
        e.unknownModels.length > 0 ? `Needs input: peak FLOP/s for ${e.unknownModels.join(', ')}.` : '',
        e.rejected.length > 0 ? `${e.rejected.length} invalid usage record(s) rejected.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    });
  }
  const run: KycReportSection = { heading: 'Training-run estimate', blocks: runBlocks };

  const legal: KycReportSection = {
    heading: 'Legal basis and status',
    blocks: [
      {
        kind: 'table',
        header: ['Rule', `Status on ${statusDate}`, 'Effective', 'Citation'],
        rows: rules.map((r) => [
          `${r.rule.title} (${r.rule.id})`,
          r.statusLabel,
          r.rule.effectiveFrom === null ? 'not in force' : `${r.rule.effectiveFrom} to ${r.rule.effectiveTo ?? 'open'}`,
          `${r.rule.citation.instrument}, ${r.rule.citation.section}`,
        ]),
      },
      ...rules
        .filter((r) => r.rule.ambiguityNote)
        .map((r): KycReportBlock => ({ kind: 'callout', tone: 'note', title: r.rule.id, text: r.rule.ambiguityNote! })),
    ],
  };

  const method: KycReportSection = {
    heading: 'Method and limits',
    blocks: [
      {
        kind: 'bullets',
        items: [
          'Peak figures are vendor datasheet dense BF16 tensor throughput; "with sparsity" figures are halved.',
          'Utilisation is as reported by the provider; the estimate scales linearly with it.',
          'Usage on the account is attributed to one training run; concurrent jobs (inference, several runs) inflate it.',
          'A run spread across accounts or providers is not joined here.',
        ],
      },
    ],
  };

  return {
    title: 'Draft report: large AI training run by a foreign person',
    subtitle: `Account ${e.accountId}, ${e.windowFrom} to ${e.windowTo}`,
    generatedAt: input.generatedAt,
    reference: input.reference,
    confidentiality: 'Business confidential',
    sections: [status, customer, run, legal, method],
  };
}
