/**
 * Context functions for `checkProposal` built from the real core modules: the restricted-party matcher over a
 * screening index, `classify` over the bundled catalogue or an inline spec, and `determine` with a rule pack. The
 * shells (app, CLI) can pass their own instead (e.g. screening with adjudication state from the store).
 * @module
 */
import { findPart } from '../licensing/classify/catalogue.js';
import { classify } from '../licensing/classify/classify.js';
import type { CaseFile } from '../licensing/determine/case-file.js';
import { determine, formatCitation } from '../licensing/determine/determine.js';
import type { Determination } from '../licensing/determine/types.js';
import type { RulePack } from '../licensing/rules/types.js';
import { type ItemSpec, LicensingInputError } from '../licensing/types.js';
import type { ScreeningIndex } from '../screening/matching/candidate-index.js';
import { type ScreenOptions, screen } from '../screening/matching/screen.js';
import type { ClassifyFn, DetermineFn, LicenseSummary, ScreenFn } from './checks.js';

/** `screen(name, country)` over an index built with `buildIndex` (screening/matching). */
export function screenWith(index: ScreeningIndex, options?: ScreenOptions): ScreenFn {
  return (name, country) => screen(index, { name, ...(country ? { country } : {}) }, options);
}

/** `classify(item, date)`: a catalogue part by id (findPart), or an inline item spec. */
export function classifyWith(): ClassifyFn {
  return (item, date) => {
    if ('partId' in item) {
      const part = findPart(item.partId);
      if (!part)
        throw new LicensingInputError('UNKNOWN_PART', 'item.partId', `part "${item.partId}" is not in the catalogue`);
      return classify(part.spec, date);
    }
    return classify(item.spec as ItemSpec, date);
  };
}

/** The determination's headline facts, as kept in the license matrix. */
export function summarizeDetermination(d: Determination): LicenseSummary {
  return {
    licenseRequired: d.licenseRequired,
    ...(d.reviewPolicy ? { reviewPolicy: d.reviewPolicy.policy } : {}),
    outcome: d.outcome,
    requirementIds: d.layers.enforced.requirementIds,
    exceptions: d.exceptions.candidates.map((c) => c.code),
    incomplete: d.incomplete,
    flags: d.flags.map((f) => f.code),
    citations: [
      ...new Set(d.requirements.flatMap((r) => r.citations.map((c) => formatCitation(c))).filter((c) => c.length > 0)),
    ],
  };
}

const NO_END_USE = {
  supercomputer: false,
  advancedNodeFab: false,
  smeDevelopment: false,
  military: false,
  militaryIntelligence: false,
  aiTrainingForD5Hq: false,
} as const;

/**
 * `determine(classification, destination, date, parties, facts)` with a rule pack. The case file is built from the
 * BOM line: a US-origin line (or one of unknown origin, the conservative reading, flagged) is an export from the
 * US; a foreign-made line ships from its origin, with its declared US-content fraction as controlled US content for
 * de minimis. End uses are taken as known-absent only when the proposal attests end-user policies; otherwise unknown.
 */
export function determineWith(rules: RulePack): DetermineFn {
  return (classification, destination, date, parties, facts) => {
    const origin = facts.originCountry;
    const usOrigin = origin === undefined || origin === 'US';
    const kind: CaseFile['transactionKind'] = usOrigin
      ? 'export'
      : origin === destination
        ? 'in-country-transfer'
        : 'export-from-abroad';
    const cf: CaseFile = {
      id: `${facts.lineId}@${destination}`,
      item:
        'partId' in facts.item
          ? { partId: classification.item.partId ?? facts.item.partId }
          : { spec: facts.item.spec as ItemSpec },
      quantity: facts.quantity,
      valueUsd: facts.valueUsd ?? 0,
      transactionKind: kind,
      shipFrom: usOrigin ? 'US' : origin,
      destination,
      parties: parties.map((p) => ({ ...p })),
      endUse: facts.endUseAttested ? NO_END_USE : {},
      usContent: usOrigin
        ? { usOriginItem: true }
        : {
            usOriginItem: false,
            ...(facts.usContentFraction === undefined ? {} : { usControlledContentPct: facts.usContentFraction * 100 }),
          },
      shipDate: date,
    };
    const summary = summarizeDetermination(determine(cf, classification, rules));
    return origin === undefined
      ? { ...summary, flags: [...(summary.flags ?? []), 'ORIGIN_UNKNOWN_TREATED_AS_US'] }
      : summary;
  };
}
