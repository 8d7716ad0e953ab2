import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LandmarkInfo } from '../types.js';
import { createKeyFile, KeyFileError, keyFileModeProblem, loadKeyFile, openKeyFile } from './key-file.js';
import {
  agree,
  decodeBase64,
  deriveSessionKey,
  generateKexKeyPair,
  generateKeyPair,
  isKexPublicKey,
  isPublicKey,
  kexPrivateKeyObject,
  macWith,
  SoftwareKeyProvider,
  verifyKexBinding,
  verifySignature,
} from './keys.js';
import { AgentResponder, parseHello, welcomeFrame } from './landmark-session.js';
import {
  canonicalRecordJson,
  type MeasureRequest,
  parseSignedRecord,
  recordBytes,
  responseBytes,
  responsePrefix,
  type SignedRecord,
  SignedRecordSchema,
} from './messages.js';
import { createReplayState, pruneReplay, useOnce } from './replay.js';
import { type SimLandmark, simLandmark, simSession, simulateMeasurement } from './test-data.js';
import { checkMeasurements, type SessionExpectation, verifySession } from './verify.js';
import { encodeFrame, FRAME, FrameReader, WireError } from './wire.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');

function session(device: { deviceId: string; key: SoftwareKeyProvider }): SessionExpectation & MeasureRequest {
  return simSession(device, { expiresAtMs: NOW + 60_000, challenges: 12 });
}

/** The session key K as the server derives it (what only the device and the server can compute). */
function sessionKey(s: SessionExpectation, kexPublicKey = s.deviceKexPublicKey, deviceId = s.deviceId) {
  const priv = kexPrivateKeyObject(s.serverKexPrivateKey, s.serverKexPublicKey);
  return deriveSessionKey(agree(priv, kexPublicKey), {
    sessionId: Buffer.from(s.sessionId, 'base64'),
    sessionNonce: Buffer.from(s.sessionNonce, 'base64'),
    serverKexPublicKey: Buffer.from(s.serverKexPublicKey, 'base64'),
    deviceKexPublicKey: Buffer.from(kexPublicKey, 'base64'),
    deviceId,
  });
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
  opts: { replay?: ReturnType<typeof createReplayState>; nowMs?: number } = {},
) {
  return verifySession({
    session: s,
    records,
    landmarks,
    otherDevices: new Map([[other.key.kexPublicKey(), other.deviceId]]),
    replay: opts.replay ?? createReplayState(),
    nowMs: opts.nowMs ?? NOW,
  });
}

const resign = (lm: SimLandmark, rec: SignedRecord['record']): SignedRecord => ({
  record: rec,
  signature: Buffer.from(lm.key.signNow(recordBytes(rec))).toString('base64'),
});

describe('keys and encodings', () => {
  it('signs and verifies with raw base64 public keys; rejects malformed keys and signatures without throwing', () => {
    const k = generateKeyPair();
    const p = new SoftwareKeyProvider(k.privateKey);
    expect(p.publicKey()).toBe(k.publicKey);
    expect(decodeBase64(k.publicKey, 32)).toHaveLength(32);
    const msg = Buffer.from('hello');
    const sig = p.signNow(msg);
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

  it('binds response bytes to landmark, device and sequence (the session through K)', () => {
    const nonce = randomBytes(32);
    const base = { landmarkId: 'lm-a', deviceId: 'dev-1' };
    const a = responseBytes(responsePrefix(base), 1, nonce);
    expect(responseBytes(responsePrefix(base), 2, nonce).equals(a)).toBe(false);
    expect(responseBytes(responsePrefix({ ...base, landmarkId: 'lm-b' }), 1, nonce).equals(a)).toBe(false);
    expect(responseBytes(responsePrefix({ ...base, deviceId: 'dev-2' }), 1, nonce).equals(a)).toBe(false);
    // Length prefixes: moving a character between the two ids changes the bytes.
    expect(
      responsePrefix({ landmarkId: 'lm-a1', deviceId: 'dev' }).equals(
        responsePrefix({ landmarkId: 'lm-a', deviceId: '1dev' }),
      ),
    ).toBe(false);
  });

  it('the device and the server derive the same session key; nobody without the X25519 key does', () => {
    const s = session(device);
    const p = {
      sessionId: Buffer.from(s.sessionId, 'base64'),
      sessionNonce: Buffer.from(s.sessionNonce, 'base64'),
      serverKexPublicKey: Buffer.from(s.serverKexPublicKey, 'base64'),
      deviceKexPublicKey: Buffer.from(device.key.kexPublicKey(), 'base64'),
      deviceId: device.deviceId,
    };
    const msg = Buffer.from('challenge');
    const k = sessionKey(s);
    expect(Buffer.from(device.key.openSession(p).mac(msg)).equals(macWith(k, msg))).toBe(true);
    // Another device (another X25519 key), another session, another device id: other keys.
    expect(
      Buffer.from(
        other.key.openSession({ ...p, deviceKexPublicKey: Buffer.from(other.key.kexPublicKey(), 'base64') }).mac(msg),
      ).equals(macWith(k, msg)),
    ).toBe(false);
    expect(sessionKey(session(device)).equals(k)).toBe(false);
    expect(sessionKey(s, s.deviceKexPublicKey, 'dev-x').equals(k)).toBe(false);
  });

  it('X25519 keys: the identity key signs the agreement key; small-order and malformed keys are refused', () => {
    expect(verifyKexBinding(device.key.publicKey(), device.key.kexPublicKey(), device.key.kexKeySignature())).toBe(
      true,
    );
    expect(verifyKexBinding(device.key.publicKey(), other.key.kexPublicKey(), device.key.kexKeySignature())).toBe(
      false,
    );
    expect(verifyKexBinding(other.key.publicKey(), device.key.kexPublicKey(), device.key.kexKeySignature())).toBe(
      false,
    );
    expect(verifyKexBinding(device.key.publicKey(), 'nope', device.key.kexKeySignature())).toBe(false);
    expect(isKexPublicKey(generateKexKeyPair().publicKey)).toBe(true);
    const one = Buffer.alloc(32);
    one[0] = 1;
    for (const bad of [Buffer.alloc(32).toString('base64'), one.toString('base64'), 'AAAA', 42])
      expect(isKexPublicKey(bad)).toBe(false);
    const legacy = new SoftwareKeyProvider(generateKeyPair().privateKey);
    expect(() => legacy.kexPublicKey()).toThrow(/no X25519/);
  });

  it('the fast record parser agrees with the zod schema', async () => {
    const s = session(device);
    const rec = await simulateMeasurement(sg, device, s, (i) => (i === 3 ? null : 2));
    const variants: unknown[] = [
      rec,
      { ...rec, extra: 1 },
      { ...rec, signature: 'x' },
      { ...rec, record: { ...rec.record, v: 1 } },
      { ...rec, record: { ...rec.record, deadlineMs: 0 } },
      { ...rec, record: { ...rec.record, stray: -1 } },
      { ...rec, record: { ...rec.record, landmarkId: '-x' } },
      { ...rec, record: { ...rec.record, devicePublicKey: Buffer.alloc(32).toString('base64') } },
      { ...rec, record: { ...rec.record, device: { sessionSignature: null } } },
      {
        ...rec,
        record: { ...rec.record, device: { ...rec.record.device, attestation: { kind: 'x', evidence: 'y' } } },
      },
      {
        ...rec,
        record: { ...rec.record, samples: [{ ...rec.record.samples[0], receivedNs: '99999999999999999999' }] },
      },
      {
        ...rec,
        record: {
          ...rec.record,
          samples: [{ ...rec.record.samples[0], nonce: `${rec.record.samples[0]!.nonce.slice(0, -2)}B=` }],
        },
      },
      { ...rec, record: { ...rec.record, samples: [{ ...rec.record.samples[0], sentNs: '01' }] } },
      { ...rec, record: { ...rec.record, samples: [{ ...rec.record.samples[0], seq: 1.5 }] } },
      { ...rec, record: { ...rec.record, samples: [{ ...rec.record.samples[0], extra: true }] } },
      { ...rec, record: { ...rec.record, samples: [{ ...rec.record.samples[0], response: undefined }] } },
    ];
    for (const v of variants)
      expect([v, parseSignedRecord(v).ok]).toEqual([v, SignedRecordSchema.safeParse(v).success]);
    expect(parseSignedRecord(variants[0]).ok).toBe(true);
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
    // A small-order server key: the agent refuses the session (ERROR frame), and answers no challenge.
    const refused = agent.handle({ type: FRAME.SESSION, payload: Buffer.alloc(80) }) as Buffer[];
    expect(refused[0]?.[4]).toBe(FRAME.ERROR);
    expect(() => agent.handle({ type: FRAME.CHALLENGE, payload: Buffer.alloc(36) })).toThrow(/before SESSION/);
    const eph = Buffer.from(generateKexKeyPair().publicKey, 'base64');
    void agent.handle({ type: FRAME.SESSION, payload: Buffer.concat([Buffer.alloc(48), eph]) });
    expect(() => agent.handle({ type: FRAME.CHALLENGE, payload: Buffer.alloc(10) })).toThrow(/truncated/);
    expect(() => agent.handle({ type: FRAME.SESSION, payload: Buffer.alloc(50) })).toThrow(/truncated/);
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
    // One session signature (deterministic Ed25519) comes back through every landmark.
    expect(recs[0]?.record.device.sessionSignature).toBe(recs[1]?.record.device.sessionSignature);
    expect(recs[0]?.record.samples[0]?.response).toHaveLength(44);
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
    const prefix = responsePrefix({ landmarkId: 'lm-sg', deviceId: device.deviceId });
    // A response MACed by another registered device (its X25519 key answering for this one).
    const otherK = sessionKey(s, other.key.kexPublicKey());
    const edited = resign(sg, {
      ...rec.record,
      samples: rec.record.samples.map((x, i) =>
        i === 0
          ? { ...x, response: Buffer.alloc(32, 7).toString('base64') }
          : i === 1
            ? {
                ...x,
                response: macWith(otherK, responseBytes(prefix, x.seq, Buffer.from(x.nonce, 'base64'))).toString(
                  'base64',
                ),
              }
            : x,
      ),
    });
    const r = verify(s, [edited]);
    expect(r.counts).toEqual({ 'bad-signature': 1, 'wrong-device': 1, 'nonce-expired': 2, 'too-few-samples': 1 });
    expect(r.rejections.find((x) => x.reason === 'wrong-device')?.detail).toMatch(/gpu-sg-0002/);
    expect(r.measurements).toEqual([]);
    expect(rec.record.stray).toBe(1); // the late answer arrived while the landmark waited for the next one
  });

  it('a relay with the identity key but not the X25519 key cannot answer; a forged session signature is not timed', async () => {
    const id = generateKeyPair();
    const chip = { deviceId: 'gpu-chip', key: new SoftwareKeyProvider(id.privateKey, generateKexKeyPair().privateKey) };
    const relayKeys = new SoftwareKeyProvider(id.privateKey, generateKexKeyPair().privateKey);
    // The relay claims the chip's registered X25519 key (and signs that binding correctly) but
    // cannot derive K: every MAC fails.
    const relay = {
      deviceId: chip.deviceId,
      key: Object.assign(Object.create(relayKeys) as SoftwareKeyProvider, {
        kexPublicKey: () => chip.key.kexPublicKey(),
        openSession: (p: Parameters<SoftwareKeyProvider['openSession']>[0]) =>
          relayKeys.openSession({ ...p, deviceKexPublicKey: Buffer.from(relayKeys.kexPublicKey(), 'base64') }),
        sign: (m: Uint8Array) => relayKeys.sign(m),
        signNow: (m: Uint8Array) => relayKeys.signNow(m),
        publicKey: () => relayKeys.publicKey(),
      }),
    };
    const s = session(chip);
    const relayed = await simulateMeasurement(sg, relay, s, () => 2);
    expect(relayed.record.samples).toHaveLength(12);
    const r = verify(s, [relayed]);
    // The transcript MAC is checked first: the record is refused as a whole.
    expect(r.counts).toEqual({ 'bad-signature': 1 });
    expect(r.rejections[0]?.detail).toMatch(/transcript MAC/);
    // Without the transcript check, every response is refused on its own.
    const each = verifySession({
      session: s,
      records: [relayed],
      landmarks,
      replay: createReplayState(),
      nowMs: NOW,
      options: { requireTranscript: false },
    });
    expect(each.counts).toEqual({ 'bad-signature': 12, 'too-few-samples': 1 });
    // A device signing the session with another identity key: the landmark does not time it at all.
    const impostor = { deviceId: chip.deviceId, key: other.key };
    const refused = await simulateMeasurement(sg, impostor, session(chip), () => 2);
    expect(refused.record.samples).toEqual([]);
    expect(verify(s, [refused]).counts).toEqual({ 'nonce-unknown': 1 });
    const s2 = session(chip);
    const refused2 = await simulateMeasurement(tyo, impostor, s2, () => 2);
    expect(verify(s2, [refused2]).rejections[0]?.detail).toMatch(/session signature/);
  });

  it('rejects a missing or forged transcript MAC and an edited session signature', async () => {
    const s = session(device);
    const rec = await simulateMeasurement(sg, device, s, () => 2);
    const noMac = resign(sg, { ...rec.record, device: { ...rec.record.device, transcriptMac: null } });
    expect(verify(s, [noMac]).counts).toEqual({ 'bad-signature': 1 });
    const badMac = resign(sg, {
      ...rec.record,
      device: { ...rec.record.device, transcriptMac: Buffer.alloc(32, 1).toString('base64') },
    });
    expect(verify(s, [badMac]).counts).toEqual({ 'bad-signature': 1 });
    const sig = Buffer.from(rec.record.device.sessionSignature as string, 'base64');
    sig[0] = (sig[0] as number) ^ 1;
    const badSig = resign(sg, {
      ...rec.record,
      device: { ...rec.record.device, sessionSignature: sig.toString('base64') },
    });
    expect(verify(s, [badSig]).rejections[0]?.detail).toMatch(/session signature/);
    // An attestation travels with the session signature and is covered by the landmark signature.
    const withAtt = {
      ...rec,
      record: { ...rec.record, device: { ...rec.record.device, attestation: { kind: 'tpm2-quote', evidence: 'q' } } },
    };
    expect(verify(s, [withAtt]).counts).toEqual({ 'bad-signature': 1 });
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
      {
        ...s,
        deviceId: other.deviceId,
        devicePublicKey: other.key.publicKey(),
        deviceKexPublicKey: other.key.kexPublicKey(),
      },
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

  it('creates 0600 PKCS#8 files holding both keys, reloads the same keys, never overwrites', () => {
    const path = join(dir, 'device.key');
    const p = createKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').match(/BEGIN PRIVATE KEY/g)).toHaveLength(2);
    expect(loadKeyFile(path).publicKey()).toBe(p.publicKey());
    expect(loadKeyFile(path).kexPublicKey()).toBe(p.kexPublicKey());
    expect(verifyKexBinding(p.publicKey(), p.kexPublicKey(), loadKeyFile(path).kexKeySignature())).toBe(true);
    // A version-1 file (the Ed25519 key alone) still loads, without an agreement key.
    const v1 = join(dir, 'v1.key');
    writeFileSync(v1, generateKeyPair().pkcs8Pem, { mode: 0o600 });
    expect(loadKeyFile(v1).hasKex).toBe(false);
    const three = join(dir, 'three.key');
    writeFileSync(three, readFileSync(path, 'utf8') + generateKeyPair().pkcs8Pem, { mode: 0o600 });
    expect(() => loadKeyFile(three)).toThrow(/3 PEM blocks/);
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
