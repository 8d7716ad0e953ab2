/**
 * The case lifecycle: open → investigating → reported → closed. A case may close from any state (a false
 * alarm closes from open) and reopen into investigating; every change needs a reason where an auditor would
 * ask for one. Pure: the service applies the transition and writes the event and the audit record.
 * @module
 */
export type CaseStatus = 'open' | 'investigating' | 'reported' | 'closed';
export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'investigating', 'reported', 'closed'];

const NEXT: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['investigating', 'closed'],
  investigating: ['reported', 'closed'],
  reported: ['closed', 'investigating'],
  closed: ['investigating'],
};

export interface TransitionCheck {
  readonly ok: boolean;
  readonly problem?: string;
}

/** Whether `from` → `to` is allowed, and whether the given note is enough for it. */
export function checkCaseTransition(from: CaseStatus, to: CaseStatus, note: string | undefined): TransitionCheck {
  if (from === to) return { ok: false, problem: `the case is already ${to}` };
  if (!NEXT[from].includes(to))
    return { ok: false, problem: `a case cannot go from ${from} to ${to} (allowed: ${NEXT[from].join(', ')})` };
  const needsNote = to === 'closed' || to === 'reported' || from === 'closed';
  if (needsNote && !note?.trim())
    return {
      ok: false,
      problem:
        to === 'closed'
          ? 'closing a case needs a resolution'
          : to === 'reported'
            ? 'marking a case reported needs the report reference (who was told, when, under which reference)'
            : 'reopening a closed case needs a reason',
    };
  return { ok: true };
}

export function allowedCaseTransitions(from: CaseStatus): readonly CaseStatus[] {
  return NEXT[from];
}
