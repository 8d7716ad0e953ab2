/**
 * Ownership by listed parties: OFAC's 50 Percent Rule (FAQ 398, 401) and the BIS Affiliates rule
 * (IFR 2025-19001) both treat an entity owned 50% or more, directly or indirectly, individually or
 * in aggregate, by listed parties as if it were listed itself.
 *
 * Indirect ownership follows OFAC FAQ 401: an entity that is itself caught by the rule counts as a
 * listed owner of what it owns, with its full share (shares are not multiplied down the chain).
 * A listed owner whose share is unknown is its own outcome: BIS Red Flag 29 says a license may be
 * needed then, and nobody can rule it out.
 * @module
 */

export interface OwnershipLink {
  readonly ownerId: string;
  readonly ownedId: string;
  /** Percentage 0–100, or undefined when the share is not known. */
  readonly share?: number;
}

export type OwnershipOutcome =
  /** The party itself is listed. */
  | 'listed'
  /** Owned ≥ 50% in aggregate by listed parties (directly or through a chain). */
  | 'owned-50-percent'
  /** A listed (or caught) owner holds a share nobody recorded; the aggregate could reach 50%. */
  | 'listed-owner-share-unknown'
  /** Listed owners hold some shares, below 50% in aggregate. */
  | 'below-50-percent'
  | 'no-listed-owner';

export interface OwnershipFinding {
  readonly partyId: string;
  readonly outcome: OwnershipOutcome;
  /** Sum of known shares held by listed or caught owners. */
  readonly aggregateShare: number;
  /** The owners that count, each with its share and why it counts. */
  readonly contributors: readonly { ownerId: string; share?: number; ownerStatus: 'listed' | 'owned-50-percent' }[];
}

/**
 * Computes which parties are caught by the rule, to a fixed point (chains of any depth, cycles safe),
 * and returns a finding per party that has at least one owner, plus every listed party.
 */
export function analyseOwnership(
  links: readonly OwnershipLink[],
  listed: ReadonlySet<string>,
): Map<string, OwnershipFinding> {
  const ownersOf = new Map<string, OwnershipLink[]>();
  for (const link of links) {
    if (link.ownerId === link.ownedId) continue;
    const list = ownersOf.get(link.ownedId) ?? [];
    list.push(link);
    ownersOf.set(link.ownedId, list);
  }
  const caught = new Set<string>();
  // Each pass can only add parties, so at most one pass per party is needed.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [owned, owners] of ownersOf) {
      if (listed.has(owned) || caught.has(owned)) continue;
      const total = owners
        .filter((o) => listed.has(o.ownerId) || caught.has(o.ownerId))
        .reduce((sum, o) => sum + (o.share ?? 0), 0);
      if (total >= 50) {
        caught.add(owned);
        changed = true;
      }
    }
  }
  const findings = new Map<string, OwnershipFinding>();
  for (const id of listed) findings.set(id, { partyId: id, outcome: 'listed', aggregateShare: 0, contributors: [] });
  for (const [owned, owners] of ownersOf) {
    if (listed.has(owned)) continue;
    const contributors = owners
      .filter((o) => listed.has(o.ownerId) || caught.has(o.ownerId))
      .map((o) => ({
        ownerId: o.ownerId,
        ...(o.share === undefined ? {} : { share: o.share }),
        ownerStatus: listed.has(o.ownerId) ? ('listed' as const) : ('owned-50-percent' as const),
      }));
    const aggregateShare = contributors.reduce((sum, c) => sum + (c.share ?? 0), 0);
    const outcome: OwnershipOutcome = caught.has(owned)
      ? 'owned-50-percent'
      : contributors.some((c) => c.share === undefined)
        ? 'listed-owner-share-unknown'
        : contributors.length > 0
          ? 'below-50-percent'
          : 'no-listed-owner';
    findings.set(owned, { partyId: owned, outcome, aggregateShare, contributors });
  }
  return findings;
}
