/**
 * Red flags (Supp. 3 to Part 732, verbatim from ear-derived.json) triggered by the case facts. Only flags the facts
 * can actually raise are checked; the rest (behavioural flags 1–14, 15–16, 20–21, 23–25, 27) need a questionnaire.
 * @module
 */
import { RED_FLAG_TEXT } from '../rules/data/snapshot.js';
import type { Layer } from '../rules/types.js';
import { type EvalCtx, evalDest } from './conditions.js';
import type { AppliedRequirement } from './license-requirements.js';
import type { RedFlagFinding } from './types.js';

const TEXT = new Map(RED_FLAG_TEXT.map((r) => [r.n, r.text]));
const rf = (n: number, why: string): RedFlagFinding => ({ n, text: TEXT.get(n) ?? '', why });

export interface RedFlagInput {
  readonly ctx: EvalCtx;
  readonly acLevel?: string;
  readonly enforcedApplied: readonly AppliedRequirement[];
  readonly enforcedPolicy?: string;
  readonly layer: Layer;
}

export function redFlags({ ctx, acLevel, enforcedApplied, enforcedPolicy }: RedFlagInput): RedFlagFinding[] {
  const f = ctx.facts;
  const out: RedFlagFinding[] = [];
  const eu = f.caseFile.endUse;
  const item = f.classification.item;
  const tags = f.tags;
  const is3B = tags.some((t) => t.startsWith('3B'));
  const macauD5 = (iso2: string | undefined) => (iso2 ? evalDest({ set: 'MACAU_D5' }, iso2, ctx) : false);
  const hqMacauD5 = f.parties.some((p) => macauD5(p.hq) || macauD5(p.parentHq));

  if (eu.supercomputer === true) {
    out.push(
      rf(
        18,
        'endUse.supercomputer is true: the exporter has knowledge of a supercomputer development/production end use',
      ),
    );
  }
  if (eu.advancedNodeFab === true && is3B) {
    out.push(
      rf(20, "SME for an advanced-node end use: confirm the facility's technology level matches the equipment ordered"),
    );
  }
  if (
    (f.txKind === 'reexport' || f.txKind === 'in-country-transfer') &&
    enforcedApplied.some((a) => a.value === 1) &&
    (enforcedPolicy === 'presumption-of-denial' || enforcedPolicy === 'policy-of-denial')
  ) {
    out.push(
      rf(
        22,
        'reexport/transfer of an item whose license would face a presumption or policy of denial: the license history of the item is uncertain',
      ),
    );
  }
  if (is3B && item.sme?.containsUsIc === true && !f.caseFile.usContent.usOriginItem) {
    out.push(
      rf(
        26,
        'foreign-produced 3B item containing at least one integrated circuit: FN5 / SME FDP product scope must be resolved',
      ),
    );
  }
  if (
    (acLevel === 'a' || acLevel === 'b') &&
    (item.transistorCountBillions ?? 0) > 50 &&
    item.hbm !== undefined &&
    hqMacauD5 &&
    !f.caseFile.usContent.usOriginItem
  ) {
    out.push(rf(19, 'IC with > 50 billion transistors and HBM produced for a Macau/D:5-headquartered company'));
  }
  if (eu.aiTrainingForD5Hq === true || (tags.includes('4E091') && hqMacauD5)) {
    out.push(
      rf(
        28,
        'computing products or services to train a 4E091-level model for an entity headquartered outside Supp. 5(a) (AI Diffusion text)',
      ),
    );
  }
  if (f.parties.some((p) => p.party.ownedByListed !== undefined)) {
    out.push(
      rf(29, 'a party has owners on the Entity List or MEU List: the exporter must determine the ownership percentage'),
    );
  }
  return out;
}
