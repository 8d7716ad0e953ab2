/**
 * mergeRulePack: a what-if. A draft pack adds rules or overrides base rules by id (requirements, review policies,
 * exceptions, regulations, CCL entries by ECCN), adds memberships, sets and item groups, and can remove rules. The
 * result is validated like any user-supplied pack.
 * @module
 */
import { LicensingInputError } from '../types.js';
import { chartRequirements } from './bundled.js';
import { checkReferences, parseDraftRulePack } from './schema.js';
import type { DraftRulePack, RulePack } from './types.js';

function overlay<T>(
  base: readonly T[],
  add: readonly T[] | undefined,
  key: (t: T) => string,
  remove: ReadonlySet<string>,
): T[] {
  const out = new Map<string, T>();
  for (const t of base) if (!remove.has(key(t))) out.set(key(t), t);
  for (const t of add ?? []) out.set(key(t), t);
  return [...out.values()];
}

export function mergeRulePack(base: RulePack, draftInput: DraftRulePack): RulePack {
  const draft = parseDraftRulePack(draftInput);
  const remove = new Set(draft.remove ?? []);
  const cclEccns = new Set((draft.ccl ?? []).map((e) => e.eccn));
  // CCL entries replaced by the draft: regenerate their chart rows
  const requirementsBase = base.requirements.filter(
    (r) => !(r.id.startsWith('CCL-') && cclEccns.has(r.id.split('-')[1] ?? '')),
  );
  const generated = draft.ccl ? chartRequirements(draft.ccl) : [];
  const memberships = overlay(
    base.countryGroups.memberships,
    draft.memberships,
    (m) => `${m.iso2}|${m.group}|${m.layer}|${m.validFrom}`,
    new Set(),
  );
  const merged: RulePack = {
    ...base,
    id: `${base.id}+${draft.id}`,
    version: `${base.version}+${draft.version ?? 'draft'}`,
    asOf: draft.asOf ?? base.asOf,
    description: `${base.description} — what-if: ${draft.description}`,
    countryGroups: { ...base.countryGroups, memberships },
    destSets: { ...base.destSets, ...(draft.destSets ?? {}) },
    itemGroups: { ...base.itemGroups, ...(draft.itemGroups ?? {}) },
    requirements: overlay(requirementsBase, [...generated, ...(draft.requirements ?? [])], (r) => r.id, remove),
    reviewPolicies: overlay(base.reviewPolicies, draft.reviewPolicies, (r) => r.id, remove),
    exceptions: overlay(base.exceptions, draft.exceptions, (r) => r.id, remove),
    regulations: overlay(base.regulations, draft.regulations, (r) => r.id, remove),
    ccl: overlay(base.ccl, draft.ccl, (e) => e.eccn, remove),
  };
  const problems = checkReferences(merged);
  if (problems.length) throw new LicensingInputError('INVALID_RULE_PACK', problems[0]!.path, problems[0]!.message);
  return merged;
}
