/**
 * Hit adjudication rules, the common pattern of screening tools (SAP GTS delta screening,
 * Bridger "Accept List", Oracle GTM): score → queue → decision with reason → suppression tied to
 * the list record's content → re-screen on list delta.
 * @module
 */

export type HitStatus = 'open' | 'true_match' | 'false_positive' | 'escalated';
export const HIT_STATUSES: readonly HitStatus[] = ['open', 'true_match', 'false_positive', 'escalated'];
/** The statuses a reviewer may set. */
export type Decision = Exclude<HitStatus, 'open'>;
export const DECISIONS: readonly Decision[] = ['true_match', 'false_positive', 'escalated'];

/** The last known state of a (party, list entry) hit. */
export interface PriorHit {
  readonly status: HitStatus;
  /** Content hash of the list entry when the hit was last decided or opened. */
  readonly entryContentHash: string;
}

/**
 * What screening does with a hit found now:
 * - `open`: a new hit for the review queue;
 * - `suppressed`: a false positive whose list entry has not changed since the decision;
 * - `reopen`: a decided hit whose list entry changed, back to the queue;
 * - `keep`: already open, confirmed or escalated on the same entry content.
 */
export type Triage = 'open' | 'suppressed' | 'reopen' | 'keep';

export function triageHit(prior: PriorHit | undefined, entryContentHash: string): Triage {
  if (!prior) return 'open';
  const sameEntry = prior.entryContentHash === entryContentHash;
  if (prior.status === 'false_positive') return sameEntry ? 'suppressed' : 'reopen';
  if (prior.status === 'open') return 'keep';
  return sameEntry ? 'keep' : 'reopen';
}

export interface ListDelta {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/** Compares two list versions by entry key and content hash. */
export function diffListVersions(previous: ReadonlyMap<string, string>, next: ReadonlyMap<string, string>): ListDelta {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  let unchanged = 0;
  for (const [key, hash] of next) {
    const before = previous.get(key);
    if (before === undefined) added.push(key);
    else if (before !== hash) changed.push(key);
    else unchanged++;
  }
  for (const key of previous.keys()) if (!next.has(key)) removed.push(key);
  return { added, changed, removed, unchanged };
}
