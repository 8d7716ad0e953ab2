/**
 * Which hit adjudications recorded in the screening module apply to a proposal's parties. A reviewer's decision is
 * about one party and one version of one list entry, so it carries over only when all three still hold: the same
 * name (compared exactly after Unicode, case and space folding, never fuzzily), no conflicting country, and the entry
 * unchanged since the decision (its content hash). Escalated hits are not decisions. When saved parties disagree
 * about the same name and entry, the confirmed match wins: clearing a hit must never outrank a confirmation.
 * @module
 */
import type { HitStatus } from '../adjudication/triage.js';
import type { ScreeningDecision } from './checks.js';

/** A decided hit as the screening module stores it, with its party's name and country. */
export interface RecordedAdjudication {
  readonly hitId: string;
  readonly partyName: string;
  readonly partyCountry: string | null;
  readonly entryKey: string;
  /** The entry's content when the hit was decided. */
  readonly entryContentHash: string;
  readonly status: HitStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

/** A proposal party as the checks screen it. */
export interface AdjudicationSubject {
  readonly name: string;
  readonly country?: string | undefined;
}

/** The same name for the purpose of reusing a decision: NFKC, case-folded, single spaces, trimmed. */
export function sameNameKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en-US').replace(/\s+/g, ' ').trim();
}

const DECISION: Partial<Record<HitStatus, ScreeningDecision['decision']>> = {
  false_positive: 'false-positive',
  true_match: 'true-match',
};

/**
 * The decisions that apply to `subjects`, one per (subject name, entry). `currentContentHash` gives the active
 * version's content hash of an entry (undefined when the entry is no longer listed: nothing applies).
 */
export function screeningDecisionsFor(
  subjects: readonly AdjudicationSubject[],
  recorded: readonly RecordedAdjudication[],
  currentContentHash: (entryKey: string) => string | undefined,
): ScreeningDecision[] {
  const byName = new Map<string, RecordedAdjudication[]>();
  for (const r of recorded) {
    if (!DECISION[r.status]) continue;
    if (currentContentHash(r.entryKey) !== r.entryContentHash) continue;
    const key = sameNameKey(r.partyName);
    byName.set(key, [...(byName.get(key) ?? []), r]);
  }
  const out = new Map<string, ScreeningDecision>();
  for (const s of subjects) {
    for (const r of byName.get(sameNameKey(s.name)) ?? []) {
      if (s.country && r.partyCountry && s.country.toUpperCase() !== r.partyCountry.toUpperCase()) continue;
      const decision = DECISION[r.status] as ScreeningDecision['decision'];
      const key = `${s.name}\u0000${r.entryKey}`;
      const held = out.get(key);
      if (held && (held.decision === 'true-match' || decision === 'false-positive')) continue;
      out.set(key, {
        name: s.name,
        entryKey: r.entryKey,
        decision,
        hitId: r.hitId,
        ...(r.decidedBy ? { by: r.decidedBy } : {}),
        ...(r.decidedAt ? { at: r.decidedAt } : {}),
      });
    }
  }
  return [...out.values()];
}
