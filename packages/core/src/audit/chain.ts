/**
 * The audit log's hash chain. Every record commits to the one before it, so editing, inserting or
 * deleting a record breaks the chain from that point on; a separately kept head (last seq and hash)
 * catches deletion of the newest records.
 * @module
 */
import { canonicalJson, sha256Hex } from '../lists/content-hash.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records. `at` is passed in: the core never reads the clock. */
export interface AuditInput {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly data: unknown;
}

export interface AuditRecord extends AuditInput {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export function auditHash(prevHash: string, seq: number, input: AuditInput): string {
  const body = canonicalJson({
    seq,
    at: input.at,
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    data: input.data ?? null,
  });
  return sha256Hex(`${prevHash}\n${body}`);
}

/** Builds the record that follows `previous` (or the first record when there is none). */
export function chainNext(previous: Pick<AuditRecord, 'seq' | 'hash'> | undefined, input: AuditInput): AuditRecord {
  const seq = (previous?.seq ?? 0) + 1;
  const prevHash = previous?.hash ?? GENESIS_HASH;
  return { ...input, seq, prevHash, hash: auditHash(prevHash, seq, input) };
}

export type ChainVerdict =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly count: number; readonly brokenAtSeq: number; readonly reason: string };

/**
 * Verifies records one at a time, so a long log can be checked in pages. `add` returns a failure
 * verdict at the first broken record; `finish` compares the end of the log with the stored head.
 */
export function createChainVerifier() {
  let prev: AuditRecord | undefined;
  let count = 0;
  return {
    add(r: AuditRecord): ChainVerdict | undefined {
      count++;
      const expectedSeq = (prev?.seq ?? 0) + 1;
      if (r.seq !== expectedSeq) {
        return {
          ok: false,
          count,
          brokenAtSeq: expectedSeq,
          reason: `record ${expectedSeq} is missing (found ${r.seq})`,
        };
      }
      if (r.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
        return { ok: false, count, brokenAtSeq: r.seq, reason: `record ${r.seq} does not link to record ${r.seq - 1}` };
      }
      if (auditHash(r.prevHash, r.seq, r) !== r.hash) {
        return { ok: false, count, brokenAtSeq: r.seq, reason: `record ${r.seq} was altered (hash mismatch)` };
      }
      prev = r;
      return undefined;
    },
    finish(head?: { readonly seq: number; readonly hash: string }): ChainVerdict {
      const lastSeq = prev?.seq ?? 0;
      const lastHash = prev?.hash ?? GENESIS_HASH;
      if (head && (head.seq !== lastSeq || head.hash !== lastHash)) {
        return {
          ok: false,
          count,
          brokenAtSeq: Math.min(head.seq, lastSeq) + 1,
          reason: `the log ends at record ${lastSeq} but the head says ${head.seq}: records were deleted or the head was altered`,
        };
      }
      return { ok: true, count, headHash: lastHash };
    },
  };
}

/** Verifies records given in ascending seq order (the first must be seq 1), and the head if given. */
export function verifyChain(
  records: Iterable<AuditRecord>,
  head?: { readonly seq: number; readonly hash: string },
): ChainVerdict {
  const verifier = createChainVerifier();
  for (const r of records) {
    const failure = verifier.add(r);
    if (failure) return failure;
  }
  return verifier.finish(head);
}
