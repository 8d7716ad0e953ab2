/**
 * The two layers. `asWritten` = the CFR text on the date; `enforced` = what BIS enforces (AI Diffusion not enforced
 * since 2025-05-13; Affiliates Rule stayed 2025-11-10 → 2026-11-09 and of unknown status after; the pre-Diffusion
 * advanced-computing scope and the HQ rule enforced per BIS guidance). This module merges the per-layer findings and
 * names the enforcement flags behind any difference.
 * @module
 */
import { type Compiled, type DroppedRule, enforcementAt } from './compiled.js';
import type { AppliedRequirement } from './license-requirements.js';
import type { Answer, RequirementFinding } from './types.js';

export interface LayerRun {
  readonly subject: Answer;
  readonly answer: Answer;
  readonly applied: readonly AppliedRequirement[];
}

/** Flags explaining why a rule applying as written is absent from (or uncertain in) the enforced layer. */
export function enforcementFlags(
  asWritten: LayerRun,
  enforced: LayerRun,
  dropped: readonly DroppedRule[],
  compiled: Compiled,
  date: string,
  partyHasListedOwners: boolean,
): string[] {
  const out = new Set<string>();
  const appliedAw = new Set(asWritten.applied.map((a) => a.rule.id));
  for (const d of dropped) if (appliedAw.has(d.rule.id) && d.flag) out.add(d.flag);
  for (const a of enforced.applied) if (a.enforcementFlag) out.add(a.enforcementFlag);
  const aff = compiled.regulations.get('FR-2025-19001');
  if (aff && partyHasListedOwners) {
    const s = enforcementAt(aff.enforcement, date);
    if (s.status === 'stayed' && s.flag) out.add(s.flag);
  }
  if (out.has('AI_DIFFUSION_TEXT_NOT_ENFORCED') && date >= '2026-05-12') out.add('GAO_DIFFUSION_IN_EFFECT');
  return [...out];
}

/** Merge per-layer requirement findings into one list, tagging the layer(s) each applies in. */
export function mergeRequirements(
  asWritten: readonly AppliedRequirement[],
  enforced: readonly AppliedRequirement[],
  dropped: readonly DroppedRule[],
): RequirementFinding[] {
  const byId = new Map<string, { aw?: AppliedRequirement; en?: AppliedRequirement }>();
  for (const a of asWritten) byId.set(a.rule.id, { aw: a });
  for (const e of enforced) byId.set(e.rule.id, { ...byId.get(e.rule.id), en: e });
  const droppedStatus = new Map(dropped.map((d) => [d.rule.id, d.status]));
  const out: RequirementFinding[] = [];
  for (const [id, { aw, en }] of byId) {
    const a = (en ?? aw)!;
    const layer = aw && en ? 'both' : aw ? 'asWritten' : 'enforced';
    const value = en ? en.value : aw!.value;
    const pending = [...new Set([...(aw?.unknowns ?? []), ...(en?.unknowns ?? [])])];
    const status = droppedStatus.get(id) ?? (en?.enforcementFlag ? 'unknown' : undefined);
    out.push({
      id,
      reason: a.rule.reason,
      text: a.rule.text,
      citations: a.rule.citations,
      layer,
      status: value === 1 ? 'applies' : 'possible',
      ...(pending.length ? { pendingFacts: pending } : {}),
      ...(status ? { enforcement: status } : {}),
    });
  }
  // enforced-layer findings first, then as-written-only ones
  const rank = { both: 0, enforced: 0, asWritten: 1 } as const;
  return out.sort((x, y) => rank[x.layer] - rank[y.layer]);
}
