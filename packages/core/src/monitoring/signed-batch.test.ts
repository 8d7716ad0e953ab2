import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../lists/content-hash.js';
import { generateKeyPair, verifySignature } from '../location/protocol/keys.js';
import {
  CHECK_IN_BATCH_FORMAT,
  checkInBatchSigningBytes,
  isSignedBatchClaim,
  SignedCheckInBatchSchema,
  signCheckInBatch,
  type VerifierKey,
  verifyCheckInBatch,
} from './signed-batch.js';
import { simulateFleet } from './simulate.js';

const sim = simulateFleet({ devices: 6, days: 2, diversions: 0, seed: 4 });
const key = generateKeyPair();
const verifier: VerifierKey = {
  id: 'acme-verifier',
  publicKey: key.publicKey,
  validFrom: '2025-01-01T00:00:00.000Z',
  validUntil: '2027-01-01T00:00:00.000Z',
  revokedAt: null,
};
const signedAt = sim.now;
const batch = signCheckInBatch(
  { verifierId: verifier.id, batchId: 'b-1', signedAt, checkIns: sim.checkIns },
  key.privateKey,
);
/** Through the wire: what a receiver parses. */
const received = () => SignedCheckInBatchSchema.parse(JSON.parse(JSON.stringify(batch)));

describe('signed check-in batches', () => {
  it('signs the canonical JSON of everything but the signature, with a real Ed25519 key', () => {
    expect(batch.format).toBe(CHECK_IN_BATCH_FORMAT);
    const { signature, ...rest } = batch;
    const bytes = checkInBatchSigningBytes(batch);
    expect(bytes.toString('utf8')).toBe(canonicalJson(JSON.parse(JSON.stringify(rest))));
    expect(verifySignature(key.publicKey, bytes, signature)).toBe(true);
    const v = verifyCheckInBatch(received(), verifier, sim.now);
    expect(v).toMatchObject({ ok: true, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Property order does not matter: the signature is over the canonical form.
    const reordered = Object.fromEntries(Object.entries(received()).reverse());
    expect(verifyCheckInBatch(SignedCheckInBatchSchema.parse(reordered), verifier, sim.now).ok).toBe(true);
  });

  it('refuses a check-in altered after signing, and every other broken condition, with its reason', () => {
    const tampered = received();
    const first = tampered.checkIns[3] as { region: { boundingRadiusKm: number } };
    first.region.boundingRadiusKm /= 2;
    expect(verifyCheckInBatch(tampered, verifier, sim.now)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const dropped = { ...received(), checkIns: received().checkIns.slice(1) };
    expect(verifyCheckInBatch(dropped, verifier, sim.now)).toMatchObject({ reason: 'bad-signature' });
    const renamed = { ...received(), batchId: 'b-2' };
    expect(verifyCheckInBatch(renamed, verifier, sim.now)).toMatchObject({ reason: 'bad-signature' });
    const otherKey = { ...verifier, publicKey: generateKeyPair().publicKey };
    expect(verifyCheckInBatch(received(), otherKey, sim.now)).toMatchObject({ reason: 'bad-signature' });
    expect(verifyCheckInBatch(received(), undefined, sim.now)).toMatchObject({ reason: 'unknown-verifier' });
    expect(
      verifyCheckInBatch(received(), { ...verifier, revokedAt: '2026-12-01T00:00:00.000Z' }, sim.now),
    ).toMatchObject({ reason: 'revoked-verifier' });
    expect(verifyCheckInBatch(received(), { ...verifier, validFrom: '2026-12-01T00:00:00Z' }, sim.now)).toMatchObject({
      reason: 'not-yet-valid',
    });
    expect(verifyCheckInBatch(received(), { ...verifier, validUntil: '2025-06-01T00:00:00Z' }, sim.now)).toMatchObject({
      reason: 'expired',
    });
    expect(verifyCheckInBatch(received(), verifier, '2025-06-01T00:00:00Z')).toMatchObject({
      reason: 'signed-in-future',
    });
    const early = signCheckInBatch(
      { verifierId: verifier.id, batchId: 'b-3', signedAt: sim.start, checkIns: sim.checkIns },
      key.privateKey,
    );
    expect(verifyCheckInBatch(early, verifier, sim.now)).toMatchObject({ reason: 'check-in-after-signing' });
  });

  it('parses strictly: a field added after signing or a malformed signature is refused', () => {
    expect(SignedCheckInBatchSchema.safeParse({ ...batch, note: 'added' }).success).toBe(false);
    expect(SignedCheckInBatchSchema.safeParse({ ...batch, signature: 'AAAA' }).success).toBe(false);
    expect(SignedCheckInBatchSchema.safeParse({ ...batch, format: 'other/1' }).success).toBe(false);
    expect(isSignedBatchClaim(batch)).toBe(true);
    expect(isSignedBatchClaim({ checkIns: [] })).toBe(false);
  });
});

describe('the example in docs/monitoring.md', () => {
  it('verifies with the key the page gives', () => {
    const example = SignedCheckInBatchSchema.parse({
      format: 'stackport.check-in-batch/1',
      verifierId: 'acme-verifier',
      batchId: '2026-11-21T00',
      signedAt: '2026-11-21T01:00:00.000Z',
      checkIns: [
        {
          deviceId: 'dev-000042',
          checkInId: 'acme-7f3a9c',
          at: '2026-11-21T00:12:09.000Z',
          verdict: 'INCONCLUSIVE',
          region: {
            boundingRadiusKm: 612.4,
            center: { lat: 50.11, lon: 8.68 },
            countriesTouched: ['BE', 'CH', 'DE', 'FR', 'LU', 'NL'],
            licensedSiteInRegion: true,
          },
        },
      ],
      signature: 'uxKJiXct7qZNo/ivXL0ViXv5CNPuy3FtQS4Pn65C4kO3YC2DP9nt2ccJ9p9zMC0e/PWFlEeSed4+v3IUC61VAg==',
    });
    const docKey: VerifierKey = {
      id: 'acme-verifier',
      publicKey: 'oKpGe9E2YbvA3gFYa4d0Zrlyr9fOIhU+P/phAo12Vl4=',
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: null,
      revokedAt: null,
    };
    expect(verifyCheckInBatch(example, docKey, '2026-11-21T02:00:00Z').ok).toBe(true);
  });
});
