import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LandmarkInfo } from '../types.js';
import { createKeyFile, KeyFileError, keyFileModeProblem, loadKeyFile, openKeyFile } from './key-file.js';
import { decodeBase64, generateKeyPair, isPublicKey, SoftwareKeyProvider, verifySignature } from './keys.js';
import { AgentResponder, parseHello, welcomeFrame } from './landmark-session.js';
import {
  canonicalRecordJson,
  challengeBytes,
  challengePrefix,
  type MeasureRequest,
  recordBytes,
  type SignedRecord,
} from './messages.js';
import { createReplayState, pruneReplay, useOnce } from './replay.js';
import { type SimLandmark, simLandmark, simulateMeasurement } from './test-data.js';
import { checkMeasurements, type SessionExpectation, verifySession } from './verify.js';
import { encodeFrame, FRAME, FrameReader, WireError } from './wire.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');

function session(device: { deviceId: string; key: SoftwareKeyProvider }): SessionExpectation & MeasureRequest {
  return {
    sessionId: randomBytes(16).toString('base64'),
    sessionNonce: randomBytes(32).toString('base64'),
    deviceId: device.deviceId,
    devicePublicKey: device.key.publicKey(),
    expiresAtMs: NOW + 60_000,
    challenges: 12,
    deadlineMs: 250,
  };
}

const device = { deviceId: 'gpu-sg-0001', key: SoftwareKeyProvider.generate() };
const other = { deviceId: 'gpu-sg-0002', key: SoftwareKeyProvider.generate() };
const sg = simLandmark('lm-sg', 1.29, 103.85);
const tyo = simLandmark('lm-tyo', 35.68, 139.69);
const landmarks = new Map<string, LandmarkInfo>([
  [sg.info.id, sg.info],
  [tyo.info.id, tyo.info],
]);

function verify(
  s: SessionExpectation,
  records: unknown[],
  opts: { replay?: ReturnType<typeof createReplayState>; nowMs?: number; signatureChecks?: 'all' | 'minimum' } = {},
) {
  return verifySession({
    session: s,
    records,
    landmarks,
    otherDevices: new Map([[other.key.publicKey(), other.deviceId]]),
    replay: opts.replay ?? createReplayState(),
    nowMs: opts.nowMs ?? NOW,
    options: opts.signatureChecks ? { signatureChecks: opts.signatureChecks } : {},
  });
}

const resign = (lm: SimLandmark, rec: SignedRecord['record']): SignedRecord => ({
  record: rec,
  signature: Buffer.from(lm.key.respond(recordBytes(rec))).toString('base64'),
});

describe('keys and encodings', () => {
  it('signs and verifies with raw base64 public keys; rejects malformed keys and signatures without throwing', () => {
    const k = generateKeyPair();
    const p = new SoftwareKeyProvider(k.privateKey);
    expect(p.publicKey()).toBe(k.publicKey);
    expect(decodeBase64(k.publicKey, 32)).toHaveLength(32);
    const msg = Buffer.from('hello');
    const sig = p.respond(msg);
    expect(verifySignature(k.publicKey, msg, sig)).toBe(true);
    expect(verifySignature(k.publicKey, Buffer.from('hellO'), sig)).toBe(false);
    expect(verifySignature('not-a-key', msg, sig)).toBe(false);
    expect(verifySignature(k.publicKey, msg, 'AAAA')).toBe(false);
    expect(verifySignature(device.key.publicKey(), msg, sig)).toBe(false);
  });

  it('refuses small-order public keys: an all-zero key and signature would verify ~1 message in 4', () => {
    const zero = Buffer.alloc(32).toString('base64');
    let accepted = 0;
    for (let i = 0; i < 64; i++) if (verifySignature(zero, Buffer.from([i]), Buffer.alloc(64))) accepted++;
    expect(accepted).toBe(0);
    expect(isPublicKey(zero)).toBe(false);
    expect(
      isPublicKey(
        Buffer.from('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', 'hex').toString('base64'),
      ),
    ).toBe(false);
    expect(isPublicKey(device.key.publicKey())).toBe(true);
  });

  it('canonical JSON sorts keys, drops undefined and refuses NaN', () => {
    expect(canonicalRecordJson({ b: 1, a: [true, null], c: undefined })).toBe('{"a":[true,null],"b":1}');
    expect(() => canonicalRecordJson({ x: Number.NaN })).toThrow(/non-finite/);
  });

  it('binds challenge bytes to session, landmark, device and sequence', () => {
    const nonce = randomBytes(32);
    const base = { sessionNonce: randomBytes(32), landmarkId: 'lm-a', deviceId: 'dev-1' };
    const a = challengeBytes(challengePrefix(base), 1, nonce);
    expect(challengeBytes(challengePrefix(base), 2, nonce).equals(a)).toBe(false);
    expect(challengeBytes(challengePrefix({ ...base, landmarkId: 'lm-b' }), 1, nonce).equals(a)).toBe(false);
    expect(challengeBytes(challengePrefix({ ...base, deviceId: 'dev-2' }), 1, nonce).equals(a)).toBe(false);
  });

  it('frames: reassembles split input, rejects oversized and truncated frames', () => {
    const r = new FrameReader();
    const f = encodeFrame(FRAME.CHALLENGE, Buffer.alloc(36, 1));
    expect(r.push(f.subarray(0, 3))).toEqual([]);
    const out = r.push(Buffer.concat([f.subarray(3), f]));
    expect(out).toHaveLength(2);
    expect(out[0]?.payload).toHaveLength(36);
    const bad = Buffer.alloc(8);
    bad.writeUInt32BE(10_000_000, 0);
    expect(() => new FrameReader().push(bad)).toThrow(WireError);
    const agent = new AgentResponder(device.key, device.deviceId);
    expect(() => agent.handle({ type: FRAME.CHALLENGE, payload: Buffer.alloc(36) })).toThrow(/before SESSION/);
    agent.handle({
      type: FRAME.WELCOME,
      payload: Buffer.concat([Buffer.alloc(32), Buffer.from([2]), Buffer.from('lm')]),
    });
    agent.handle({ type: FRAME.SESSION, payload: Buffer.alloc(48) });
    expect(() => agent.handle({ type: FRAME.CHALLENGE, payload: Buffer.alloc(10) })).toThrow(/truncated/);
  });

  it('HELLO proves possession of the device key', () => {
    const nonce = randomBytes(32);
    const agent = new AgentResponder(device.key, device.deviceId);
    const [hello] = agent.handle(new FrameReader().push(welcomeFrame('lm-sg', nonce))[0]!) as Buffer[];
    const frame = new FrameReader().push(hello!)[0]!;
    expect(parseHello(frame.payload, 'lm-sg', nonce)).toEqual({
      publicKey: device.key.publicKey(),
      deviceId: device.deviceId,
    });
    expect(() => parseHello(frame.payload, 'lm-sg', randomBytes(32))).toThrow(/does not verify/);
    expect(() => parseHello(frame.payload.subarray(0, 50), 'lm-sg', nonce)).toThrow(/truncated/);
  });
});

describe('replay cache', () => {
  it('uses a key once, forgets it after the ttl, and stays bounded', () => {
    const s = createReplayState({ capacity: 3, ttlMs: 1000 });
    expect(useOnce(s, 'a', 0)).toBe('fresh');
    expect(useOnce(s, 'a', 10)).toBe('replayed');
    expect(useOnce(s, 'a', 2000)).toBe('fresh');
    for (const k of ['b', 'c', 'd', 'e']) useOnce(s, k, 2000);
    expect(s.seen.size).toBeLessThanOrEqual(3);
    expect(pruneReplay(s, 10_000)).toBe(3);
  });
});

describe('verifySession', () => {
  it('accepts honest measurements: min RTT on the landmark clock, all samples counted', async () => {
    const s = session(device);
    const recs = [
      await simulateMeasurement(sg, device, s, (i) => 2 + i * 0.1),
      await simulateMeasurement(tyo, device, s, (i) => 70 - i),
    ];
    const r = verify(s, recs);
    expect(r.rejections).toEqual([]);
    expect(r.measurements.map((m) => [m.landmark.id, m.minRttMs, m.samples])).toEqual([
      ['lm-sg', 2, 12],
      ['lm-tyo', 59, 12],
    ]);
    expect(recs[0]?.record.samples.every((x) => x.responseValid)).toBe(true);
    const fast = verify(s, recs, { signatureChecks: 'minimum' });
    expect(fast.measurements).toEqual(r.measurements);
  });

  it('rejects a replayed record, a record from another session, and a reused nonce', async () => {
    const s = session(device);
    const rec = await simulateMeasurement(sg, device, s, () => 3);
    const replay = createReplayState();
    expect(verify(s, [rec], { replay }).measurements).toHaveLength(1);
    expect(verify(s, [rec], { replay }).counts).toEqual({ 'nonce-replayed': 1 });
    expect(verify(session(device), [rec]).counts).toEqual({ 'nonce-unknown': 1 });
    // A landmark whose random source repeats itself: the second session's nonces were used before.
    const stuck = (n: number) => Buffer.alloc(n, 9);
    const s2 = session(device);
    const first = await simulateMeasurement(sg, device, s2, () => 3, { random: stuck });
    expect(verify(s2, [first], { replay }).counts).toMatchObject({ 'nonce-replayed': 11 });
    const s3 = session(device);
    const again = await simulateMeasurement(tyo, device, s3, () => 3, { random: stuck });
    expect(verify(s3, [again], { replay }).counts).toEqual({ 'nonce-replayed': 12, 'too-few-samples': 1 });
  });

  it('rejects forged, swapped and late responses with counted reasons', async () => {
    const s = session(device);
    const rec = await simulateMeasurement(sg, device, s, (i) => (i === 5 ? 300 : i === 10 ? null : 2));
    const forged = resign(sg, {
      ...rec.record,
      samples: rec.record.samples.map((x, i) =>
        i === 0 ? { ...x, response: Buffer.alloc(64, 7).toString('base64'), responseValid: undefined } : x,
      ),
    });
    // A response signed by another registered device (its key answering for this one).
    const prefix = challengePrefix({
      sessionNonce: Buffer.from(s.sessionNonce, 'base64'),
      landmarkId: 'lm-sg',
      deviceId: device.deviceId,
    });
    const swapped = resign(sg, {
      ...forged.record,
      samples: forged.record.samples.map((x, i) =>
        i === 1
          ? {
              ...x,
              responseValid: undefined,
              response: Buffer.from(
                other.key.respond(challengeBytes(prefix, x.seq, Buffer.from(x.nonce, 'base64'))),
              ).toString('base64'),
            }
          : x,
      ),
    });
    const r = verify(s, [swapped]);
    expect(r.counts).toEqual({ 'bad-signature': 1, 'wrong-device': 1, 'nonce-expired': 2, 'too-few-samples': 1 });
    expect(r.measurements).toEqual([]);
    expect(rec.record.stray).toBe(1); // the late answer arrived while the landmark waited for the next one
  });

  it('rejects a forged landmark signature, an unknown landmark, wrong device, malformed and truncated records', async () => {
    const s = session(device);
    const rec = await simulateMeasurement(sg, device, s, () => 2);
    const tampered = {
      ...rec,
      record: {
        ...rec.record,
        samples: rec.record.samples.map((x) => ({ ...x, sentNs: (BigInt(x.sentNs) + 1_000_000n).toString() })),
      },
    };
    expect(verify(s, [tampered]).counts).toEqual({ 'bad-signature': 1 });
    const stranger = simLandmark('lm-unknown', 0, 0);
    expect(verify(s, [await simulateMeasurement(stranger, device, s, () => 2)]).counts).toEqual({
      'unknown-landmark': 1,
    });
    const forOther = await simulateMeasurement(
      sg,
      other,
      { ...s, deviceId: other.deviceId, devicePublicKey: other.key.publicKey() },
      () => 2,
    );
    expect(verify(s, [forOther]).counts).toEqual({ 'wrong-device': 1 });
    const r = verify(s, [
      null,
      {},
      { record: { landmarkId: 'lm-sg' } },
      JSON.parse(JSON.stringify(rec).slice(0, 0) || '"x"'),
      { ...rec, extra: 1 },
    ]);
    expect(r.counts).toEqual({ malformed: 5 });
    expect(r.rejections[2]).toMatchObject({ landmarkId: 'lm-sg' });
    expect(r.measurements).toEqual([]);
  });

  it('rejects a landmark clock that runs backwards, negative RTTs, and an expired session', async () => {
    const s = session(device);
    const rec = await simulateMeasurement(sg, device, s, () => 2);
    const back = resign(sg, {
      ...rec.record,
      samples: rec.record.samples.map((x, i) =>
        i === 5 ? { ...x, sentNs: rec.record.samples[0]!.sentNs, receivedNs: rec.record.samples[0]!.receivedNs } : x,
      ),
    });
    expect(verify(s, [back]).rejections[0]).toMatchObject({ reason: 'clock-anomaly', landmarkId: 'lm-sg' });
    const negative = resign(sg, {
      ...rec.record,
      samples: rec.record.samples.map((x, i) =>
        i === 0 ? { ...x, receivedNs: (BigInt(x.sentNs) - 5n).toString() } : x,
      ),
    });
    expect(verify(s, [negative]).rejections[0]?.detail).toMatch(/negative RTT/);
    const dupSeq = resign(sg, {
      ...rec.record,
      samples: rec.record.samples.map((x, i) => (i === 3 ? { ...x, seq: 2 } : x)),
    });
    expect(verify(s, [dupSeq]).counts).toEqual({ 'sequence-mismatch': 1 });
    expect(verify(s, [rec], { nowMs: s.expiresAtMs + 1 }).counts).toEqual({ 'nonce-expired': 1 });
  });

  it('drops RTTs above 250 ms as uninformative and needs ten good samples', async () => {
    const s = { ...session(device), deadlineMs: 250 };
    const rec = await simulateMeasurement(sg, device, { ...s, challenges: 10 }, (i) => (i < 2 ? 249 : 2));
    expect(verify(s, [rec]).measurements[0]).toMatchObject({ minRttMs: 2, samples: 10 });
    const s2 = session(device);
    const short = await simulateMeasurement(sg, device, { ...s2, challenges: 12 }, (i) => (i < 3 ? null : 2));
    const r = verify(s2, [short]);
    expect(r.counts).toEqual({ 'nonce-expired': 3, 'too-few-samples': 1 });
  });

  it('checkMeasurements refuses NaN, negative, huge RTTs and too few samples', () => {
    const m = (id: string, minRttMs: unknown, samples: unknown = 10) => ({
      landmark: { ...sg.info, id },
      minRttMs,
      samples,
    });
    const r = checkMeasurements([
      m('a', Number.NaN),
      m('b', -1),
      m('c', 400),
      m('d', '3'),
      m('e', 5, 3),
      m('f', 5),
      m('f', 6),
    ]);
    expect(r.measurements.map((x) => x.landmark.id)).toEqual(['f']);
    expect(r.rejections.map((x) => x.reason)).toEqual([
      'rtt-invalid',
      'rtt-invalid',
      'rtt-invalid',
      'rtt-invalid',
      'too-few-samples',
      'malformed',
    ]);
  });
});

describe('key files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sp-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates 0600 PKCS#8 files, reloads the same key, never overwrites', () => {
    const path = join(dir, 'device.key');
    const p = createKeyFile(path);
    expect(loadKeyFile(path).publicKey()).toBe(p.publicKey());
    expect(openKeyFile(path, { create: true }).publicKey()).toBe(p.publicKey());
    expect(() => createKeyFile(path)).toThrow(KeyFileError);
  });

  it('refuses group- or world-readable files, symlinks, missing files and non-keys', () => {
    const path = join(dir, 'loose.key');
    createKeyFile(path);
    chmodSync(path, 0o640);
    expect(() => loadKeyFile(path)).toThrow(/group or others/);
    chmodSync(path, 0o604);
    expect(() => loadKeyFile(path)).toThrow(/chmod 600/);
    expect(keyFileModeProblem(0o100600)).toBeUndefined();
    const link = join(dir, 'link.key');
    chmodSync(path, 0o600);
    symlinkSync(path, link);
    expect(() => loadKeyFile(link)).toThrow(/symbolic link/);
    expect(() => loadKeyFile(join(dir, 'nope'))).toThrow(/no such key file/);
    const junk = join(dir, 'junk.key');
    writeFileSync(junk, 'not a key', { mode: 0o600 });
    expect(() => loadKeyFile(junk)).toThrow(/PKCS#8/);
  });
});
