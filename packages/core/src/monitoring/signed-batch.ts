/**
 * Signed check-in batches from other verifiers (`stackport.check-in-batch/1`): the check-ins, the verifier id, a
 * batch id, the signing time, and an Ed25519 signature of the verifier's registered key over the canonical JSON of
 * every other field. Pure: the registered verifier and the evaluation time are inputs; the keys and signatures are
 * the location protocol's (raw 32-byte public keys and 64-byte signatures, base64). Format: docs/monitoring.md.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../lists/content-hash.js';
import { signWith, verifySignature } from '../location/protocol/keys.js';
import { Base64Signature, Identifier } from '../location/protocol/messages.js';

export const CHECK_IN_BATCH_FORMAT = 'stackport.check-in-batch/1';

/** Most check-ins in one signed batch (the same bound as an unsigned ingest). */
export const MAX_BATCH_CHECK_INS = 100_000;

/** How far a batch's signing time may run ahead of the receiver's clock. */
export const BATCH_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A signed batch as received. Strict: a field added after signing is refused rather than ignored. The check-ins
 * are validated one by one at ingestion, as unsigned ones are; the signature covers them exactly as sent.
 */
export const SignedCheckInBatchSchema = z.strictObject({
  format: z.literal(CHECK_IN_BATCH_FORMAT),
  verifierId: Identifier.describe('the registered verifier (`/fleet/verifiers`) whose key signed the batch'),
  batchId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - (starting with a letter or digit)')
    .describe('unique per verifier: a batch id is signed once; re-sending the same batch is idempotent'),
  signedAt: z.iso.datetime({ offset: true }).describe('when the verifier signed; must fall in its validity window'),
  checkIns: z.array(z.unknown()).min(1).max(MAX_BATCH_CHECK_INS),
  signature: Base64Signature.describe(
    'Ed25519 signature (base64 of 64 bytes) over the UTF-8 canonical JSON of the batch without `signature`',
  ),
});
export type SignedCheckInBatch = z.infer<typeof SignedCheckInBatchSchema>;
export type UnsignedCheckInBatch = Omit<SignedCheckInBatch, 'signature'>;

/** Whether a request body claims to be a signed batch (it names a format): it is then never ingested unsigned. */
export function isSignedBatchClaim(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && ('format' in body || 'signature' in body);
}

/** The JSON value of `v`, as a receiver parses it: undefined members dropped, numbers as JSON writes them. */
function jsonValue(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v)) as unknown;
}

/**
 * The bytes a verifier signs: the UTF-8 canonical JSON (keys sorted by UTF-16 code units, no whitespace, numbers
 * and strings as `JSON.stringify` writes them: RFC 8785 for these values) of the batch without its signature.
 */
export function checkInBatchSigningBytes(batch: UnsignedCheckInBatch | SignedCheckInBatch): Buffer {
  const { signature: _signature, ...unsigned } = batch as SignedCheckInBatch;
  return Buffer.from(canonicalJson(jsonValue(unsigned)), 'utf8');
}

/** sha256 (hex) of the signed bytes: identifies a batch's content (a batch id re-used for other content conflicts). */
export function checkInBatchDigest(batch: UnsignedCheckInBatch | SignedCheckInBatch): string {
  return sha256Hex(checkInBatchSigningBytes(batch));
}

/** Signs a batch with the verifier's Ed25519 private key (what another verifier runs; tests use it too). */
export function signCheckInBatch(
  batch: Omit<UnsignedCheckInBatch, 'format'> & { format?: typeof CHECK_IN_BATCH_FORMAT },
  privateKey: KeyObject,
): SignedCheckInBatch {
  const { format: _format, ...rest } = batch;
  const unsigned = jsonValue({ format: CHECK_IN_BATCH_FORMAT, ...rest }) as UnsignedCheckInBatch;
  return { ...unsigned, signature: signWith(privateKey, checkInBatchSigningBytes(unsigned)).toString('base64') };
}

/** A registered verifier as the check needs it. Times are ISO 8601 (UTC). */
export interface VerifierKey {
  readonly id: string;
  /** Ed25519, base64 of the raw 32 bytes (as landmark and device keys). */
  readonly publicKey: string;
  readonly validFrom: string;
  /** null: no end. */
  readonly validUntil: string | null;
  /** null: not revoked. A revoked verifier's batches are refused whenever they were signed. */
  readonly revokedAt: string | null;
}

export type BatchRefusal =
  | 'unknown-verifier'
  | 'revoked-verifier'
  | 'not-yet-valid'
  | 'expired'
  | 'signed-in-future'
  | 'bad-signature'
  | 'check-in-after-signing';

export type BatchVerification =
  | { readonly ok: true; readonly digest: string }
  | { readonly ok: false; readonly reason: BatchRefusal; readonly message: string };

/**
 * Checks a parsed batch against its registered verifier at `now`: registered, not revoked, valid when it signed,
 * not signed in the future, the signature good over the batch as received, and no check-in dated after the
 * signature. The first failure is the reason. A refusal refuses the whole batch.
 */
export function verifyCheckInBatch(
  batch: SignedCheckInBatch,
  verifier: VerifierKey | undefined,
  now: string,
): BatchVerification {
  const refuse = (reason: BatchRefusal, message: string): BatchVerification => ({ ok: false, reason, message });
  if (!verifier || verifier.id !== batch.verifierId)
    return refuse('unknown-verifier', `verifier ${batch.verifierId} is not registered`);
  if (verifier.revokedAt !== null)
    return refuse('revoked-verifier', `verifier ${verifier.id} was revoked at ${verifier.revokedAt}`);
  const signedAt = Date.parse(batch.signedAt);
  if (signedAt < Date.parse(verifier.validFrom))
    return refuse(
      'not-yet-valid',
      `signed at ${batch.signedAt}, before verifier ${verifier.id} became valid (${verifier.validFrom})`,
    );
  if (verifier.validUntil !== null && signedAt > Date.parse(verifier.validUntil))
    return refuse(
      'expired',
      `signed at ${batch.signedAt}, after verifier ${verifier.id} stopped being valid (${verifier.validUntil})`,
    );
  if (signedAt > Date.parse(now) + BATCH_CLOCK_SKEW_MS)
    return refuse('signed-in-future', `signed at ${batch.signedAt}, which is in the future`);
  const bytes = checkInBatchSigningBytes(batch);
  if (!verifySignature(verifier.publicKey, bytes, batch.signature))
    return refuse(
      'bad-signature',
      `the signature does not verify with verifier ${verifier.id}'s key: the batch was altered after signing or signed with another key`,
    );
  for (const [i, c] of batch.checkIns.entries()) {
    const at = typeof c === 'object' && c !== null ? (c as { at?: unknown }).at : undefined;
    if (typeof at === 'string' && Date.parse(at) > signedAt)
      return refuse('check-in-after-signing', `check-in ${i} is dated ${at}, after the batch was signed`);
  }
  return { ok: true, digest: sha256Hex(bytes) };
}
