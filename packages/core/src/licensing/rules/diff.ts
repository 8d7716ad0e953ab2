/**
 * diffRules: what changed between two dates — rules starting or ending, memberships added or removed, regulations
 * taking effect and enforcement changes — each with its citation. Changes dated in (from, to] are reported.
 * @module
 */
import { addDays } from '../determine/dates.js';
import type { Citation, ISODate } from '../types.js';
import { LicensingInputError } from '../types.js';
import type { EnforcementPeriod, RuleChange, RuleLayer, RulePack } from './types.js';

type Ruled = {
  readonly id: string;
  readonly validFrom: ISODate;
  readonly validTo?: ISODate;
  readonly layer: RuleLayer;
  readonly citations: readonly Citation[];
  readonly enforcement?: readonly EnforcementPeriod[];
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function diffRules(pack: RulePack, from: ISODate, to: ISODate): RuleChange[] {
  if (!ISO.test(from)) throw new LicensingInputError('INVALID_DATE', 'from', `from: not an ISO date "${from}"`);
  if (!ISO.test(to)) throw new LicensingInputError('INVALID_DATE', 'to', `to: not an ISO date "${to}"`);
  if (to < from) throw new LicensingInputError('INVALID_DATE', 'to', `to (${to}) is before from (${from})`);
  const within = (d: ISODate) => d > from && d <= to;
  const out: RuleChange[] = [];
  const rules = (kind: string, list: readonly Ruled[], text: (r: Ruled) => string) => {
    for (const r of list) {
      if (within(r.validFrom) && r.validFrom > pack.validFrom) {
        out.push({
          date: r.validFrom,
          kind: 'rule-start',
          subject: r.id,
          description: `${kind} starts: ${text(r)}`,
          layer: r.layer,
          citations: r.citations,
        });
      }
      if (r.validTo) {
        const end = addDays(r.validTo, 1);
        if (within(end)) {
          out.push({
            date: end,
            kind: 'rule-end',
            subject: r.id,
            description: `${kind} ends (last day ${r.validTo}): ${text(r)}`,
            layer: r.layer,
            citations: r.citations,
          });
        }
      }
      for (const p of r.enforcement ?? []) {
        if (within(p.from) && p.from > r.validFrom) {
          out.push({
            date: p.from,
            kind: 'enforcement-change',
            subject: r.id,
            description: `${r.id} enforcement: ${p.status}${p.note ? ` (${p.note})` : ''}`,
            layer: r.layer,
            citations: [p.citation],
          });
        }
      }
    }
  };
  rules('Requirement', pack.requirements, (r) => (r as RulePack['requirements'][number]).text);
  rules('Review policy', pack.reviewPolicies, (r) => (r as RulePack['reviewPolicies'][number]).text);
  rules(
    'License exception',
    pack.exceptions.map((e) => ({ ...e })),
    (r) => (r as RulePack['exceptions'][number]).name,
  );
  for (const m of pack.countryGroups.memberships) {
    const subject = `${m.iso2} ${m.group}`;
    const layerNote = m.layer === 'both' ? '' : ` (${m.layer} layer)`;
    if (within(m.validFrom) && m.validFrom > pack.validFrom) {
      out.push({
        date: m.validFrom,
        kind: 'membership-added',
        subject,
        description: `${m.iso2} added to Country Group ${m.group}${layerNote}`,
        layer: m.layer,
        citations: [m.citation],
      });
    }
    if (m.validTo) {
      const end = addDays(m.validTo, 1);
      if (within(end)) {
        out.push({
          date: end,
          kind: 'membership-removed',
          subject,
          description: `${m.iso2} removed from Country Group ${m.group}${layerNote}`,
          layer: m.layer,
          citations: [m.citation],
        });
      }
    }
  }
  for (const r of pack.regulations) {
    if (within(r.validFrom)) {
      out.push({
        date: r.validFrom,
        kind: 'regulation-effective',
        subject: r.id,
        description: `${r.title}${r.fr ? ` (${r.fr})` : ''} effective`,
        layer: 'both',
        citations: [r.citation],
      });
    }
    if (r.complianceFrom && within(r.complianceFrom)) {
      out.push({
        date: r.complianceFrom,
        kind: 'enforcement-change',
        subject: r.id,
        description: `${r.title}: compliance date`,
        layer: 'both',
        citations: [r.citation],
      });
    }
    for (const p of r.enforcement ?? []) {
      if (within(p.from) && !(p.from === r.validFrom && p.status === 'enforced')) {
        out.push({
          date: p.from,
          kind: 'enforcement-change',
          subject: r.id,
          description: `${r.title}: ${p.status}${p.note ? ` (${p.note})` : ''}`,
          layer: 'enforced',
          citations: [p.citation],
        });
      }
    }
  }
  const order: Record<RuleChange['kind'], number> = {
    'regulation-effective': 0,
    'enforcement-change': 1,
    'membership-removed': 2,
    'membership-added': 3,
    'rule-end': 4,
    'rule-start': 5,
  };
  return out.sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : order[a.kind] - order[b.kind] || a.subject.localeCompare(b.subject),
  );
}
