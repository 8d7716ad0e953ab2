/**
 * Runs one scenario: validate the case file, classify the item on the ship date (classify/), determine.
 * @module
 */
import { classify, findPart } from '../classify/index.js';
import { type CaseFile, validateCaseFile } from '../determine/case-file.js';
import { determine } from '../determine/determine.js';
import type { Determination } from '../determine/types.js';
import type { RulePack } from '../rules/types.js';
import { type Classification, type ItemSpec, LicensingInputError } from '../types.js';

/** The item spec of a case file (catalogue part or inline spec). */
export function caseItemSpec(cf: CaseFile): ItemSpec {
  if ('spec' in cf.item) return cf.item.spec;
  const part = findPart(cf.item.partId);
  if (!part) throw new LicensingInputError('UNKNOWN_PART', 'item.partId', `unknown catalogue part ${cf.item.partId}`);
  return { ...part.spec, partId: part.id };
}

export interface ScenarioRun {
  readonly classification?: Classification;
  readonly determination?: Determination;
  readonly error?: LicensingInputError;
}

export function runCase(cf: CaseFile, pack: RulePack): ScenarioRun {
  try {
    validateCaseFile(cf, pack);
    const classification = classify(caseItemSpec(cf), cf.shipDate);
    return { classification, determination: determine(cf, classification, pack) };
  } catch (e) {
    if (e instanceof LicensingInputError) return { error: e };
    throw e;
  }
}
