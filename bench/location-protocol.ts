/**
 * Location-protocol benchmark (protocol 2: session MAC key by X25519 + HKDF, HMAC responses).
 * Prints ONE JSON object on stdout (progress on stderr).
 * - Verification: 50 landmarks × 10 challenges, a device in Singapore; median and p99 time on one
 *   core of verifySession (X25519 + HKDF for K, the device's session signature, every landmark
 *   record signature, every response and transcript MAC, nonces, clocks) plus locate (geometry).
 *   Also verifySession alone, the geometry alone, and the floor: the 50 landmark record
 *   signatures verified back to back.
 * - Landmark throughput: a real `stackport landmark serve` process on loopback; in-process agents
 *   that answer as fast as they can; challenges per second completed by the landmark, including its
 *   check of the device's session signature and its record signature.
 * Run: npx tsx bench/location-protocol.ts [--runs N]
 * @module
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { locate } from '../packages/core/src/location/geo/index.js';
import {
  agree,
  deriveSessionKey,
  generateKexKeyPair,
  macWith,
  SoftwareKeyProvider,
  verifySignature,
} from '../packages/core/src/location/protocol/keys.js';
import { AgentResponder } from '../packages/core/src/location/protocol/landmark-session.js';
import { recordBytes, type SignedRecord } from '../packages/core/src/location/protocol/messages.js';
import { createReplayState } from '../packages/core/src/location/protocol/replay.js';
import { simLandmark, simSession, simulateMeasurement } from '../packages/core/src/location/protocol/test-data.js';
import { verifySession } from '../packages/core/src/location/protocol/verify.js';
import { FrameReader } from '../packages/core/src/location/protocol/wire.js';
import type { LandmarkInfo, VerdictPolicy } from '../packages/core/src/location/types.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('--runs', 30);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] as number;
};
const median = (xs: number[]) => quantile(xs, 0.5);
/** Median cost of `f` in µs over `n` calls (after a warm-up). */
const perCallUs = (n: number, f: (i: number) => unknown) => {
  for (let i = 0; i < Math.min(n, 500); i++) f(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  return ((performance.now() - t0) / n) * 1000;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function verification() {
  const device = { deviceId: 'gpu-sg-bench', key: SoftwareKeyProvider.generate() };
  const at = { lat: 1.3667, lon: 103.75 };
  // 50 landmarks spread over the globe (golden-angle spiral), RTT = distance at 0.45 c + 0.5 ms.
  const lms = Array.from({ length: 50 }, (_, i) => {
    const lat = (Math.asin(1 - (2 * (i + 0.5)) / 50) * 180) / Math.PI;
    const lon = ((((i * 137.508) % 360) + 540) % 360) - 180;
    return simLandmark(`lm-${String(i).padStart(2, '0')}`, lat, lon);
  });
  const rad = Math.PI / 180;
  const gc = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
    6371 *
    Math.acos(
      Math.min(
        1,
        Math.sin(a.lat * rad) * Math.sin(b.lat * rad) +
          Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.cos((a.lon - b.lon) * rad),
      ),
    );
  const landmarks = new Map<string, LandmarkInfo>(lms.map((l) => [l.info.id, l.info]));
  const policy: VerdictPolicy = { countriesOfConcern: ['CN', 'HK', 'MO'], allowedCountries: ['SG', 'MY', 'ID'] };
  const sessions: { s: ReturnType<typeof simSession>; records: SignedRecord[] }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const s = simSession(device, { challenges: 10 });
    const records: SignedRecord[] = [];
    for (const l of lms) {
      const rtt = Math.min(240, (2 * gc(at, l.info.position)) / (0.45 * 299.792458) + 0.5);
      records.push(await simulateMeasurement(l, device, s, (seq) => rtt + seq * 0.01));
    }
    sessions.push({ s, records });
  }
  log(`[location-protocol] ${RUNS} sessions × 50 landmark records prepared`);
  const time = (withGeometry: boolean) => {
    const ms: number[] = [];
    let verdict = '';
    for (const { s, records } of sessions) {
      const t0 = performance.now();
      const v = verifySession({ session: s, records, landmarks, replay: createReplayState(), nowMs: 0 });
      if (withGeometry) verdict = locate(v.measurements, policy).verdict;
      ms.push(performance.now() - t0);
      if (v.measurements.length !== 50) throw new Error(`expected 50 measurements, got ${v.measurements.length}`);
    }
    return { median: median(ms), p99: quantile(ms, 0.99), verdict };
  };
  time(true); // warm-up (country raster, key caches)
  const full = time(true);
  const verifyOnly = time(false);
  const m = sessions[0] as (typeof sessions)[number];
  const measurements = verifySession({
    session: m.s,
    records: m.records,
    landmarks,
    replay: createReplayState(),
    nowMs: 0,
  }).measurements;
  const geo: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    locate(measurements, policy);
    geo.push(performance.now() - t0);
  }
  // The floor: the 50 landmark record signatures alone, verified back to back (bytes prebuilt).
  const signed = m.records.map((r) => ({
    key: landmarks.get(r.record.landmarkId)?.publicKey as string,
    bytes: recordBytes(r.record),
    sig: Buffer.from(r.signature, 'base64'),
  }));
  const floor: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (const x of signed) if (!verifySignature(x.key, x.bytes, x.sig)) throw new Error('floor: bad signature');
    floor.push(performance.now() - t0);
  }
  // Unit costs on this machine (OpenSSL through node:crypto).
  const k = SoftwareKeyProvider.generate();
  const msg = randomBytes(100);
  const sig = k.signNow(msg);
  const perVerifyUs = perCallUs(2000, () => verifySignature(k.publicKey(), msg, sig));
  const macKey = randomBytes(32);
  const perMacUs = perCallUs(20_000, () => macWith(macKey, msg));
  const eph = generateKexKeyPair();
  const perKexUs = perCallUs(1000, () =>
    deriveSessionKey(agree(eph.privateKey, k.kexPublicKey()), {
      sessionId: msg.subarray(0, 16),
      sessionNonce: msg.subarray(0, 32),
      serverKexPublicKey: msg.subarray(0, 32),
      deviceKexPublicKey: msg.subarray(32, 64),
      deviceId: 'd',
    }),
  );
  return {
    full,
    verifyOnly,
    geometryMs: median(geo),
    floorMs: median(floor),
    perVerifyUs,
    perMacUs,
    perKexUs,
  };
}

async function throughput() {
  const bin = fileURLToPath(new URL('../packages/cli/bin/stackport.js', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'sp-bench-'));
  const child = spawn(
    process.execPath,
    [
      bin,
      'landmark',
      'serve',
      '--json',
      '--landmark-id',
      'lm-bench',
      '--landmark-key',
      join(dir, 'lm.key'),
      '--create-key',
      '--lat',
      '1.3',
      '--lon',
      '103.8',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const ready = await new Promise<{ url: string; agentAddress: string }>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (l) => {
        const e = JSON.parse(l);
        if (e.event === 'ready') resolve(e);
      });
      child.once('exit', (c) => reject(new Error(`landmark exited ${c}`)));
    });
    const [host, port] = ready.agentAddress.split(':');
    const AGENTS = 4;
    const devices = Array.from({ length: AGENTS }, (_, i) => ({
      deviceId: `bench-${i}`,
      key: SoftwareKeyProvider.generate(),
    }));
    const sockets = devices.map((d) => {
      const s = connect({ host: host as string, port: Number(port), noDelay: true });
      const reader = new FrameReader();
      const responder = new AgentResponder(d.key, d.deviceId);
      s.on('data', (chunk: Buffer) => {
        for (const f of reader.push(chunk)) {
          const out = responder.handle(f);
          if (Array.isArray(out)) for (const b of out) s.write(b);
          else
            void out.then((bs) => {
              for (const b of bs) s.write(b);
            });
        }
      });
      return s;
    });
    await new Promise((r) => setTimeout(r, 300));
    const CHALLENGES = 1000;
    const ROUNDS = 3;
    const measure = (d: (typeof devices)[number]) =>
      fetch(new URL('/v1/measure', ready.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          sessionId: randomBytes(16).toString('base64'),
          sessionNonce: randomBytes(32).toString('base64'),
          deviceId: d.deviceId,
          devicePublicKey: d.key.publicKey(),
          deviceKexPublicKey: d.key.kexPublicKey(),
          serverKexPublicKey: generateKexKeyPair().publicKey,
          challenges: CHALLENGES,
        }),
      }).then(async (r) => {
        const rec = (await r.json()) as {
          record: { samples: { receivedNs: string | null; sentNs: string }[] };
        };
        return rec.record.samples;
      });
    await measure(devices[0] as (typeof devices)[number]); // warm-up
    const t0 = performance.now();
    let answered = 0;
    const rtts: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const all = await Promise.all(devices.map(measure));
      for (const samples of all)
        for (const s of samples)
          if (s.receivedNs !== null) {
            answered++;
            rtts.push(Number(BigInt(s.receivedNs) - BigInt(s.sentNs)) / 1e6);
          }
    }
    const seconds = (performance.now() - t0) / 1000;
    for (const s of sockets) s.destroy();
    return {
      perSecond: answered / seconds,
      agents: AGENTS,
      answered,
      loopbackRttMs: median(rtts),
      minRttMs: Math.min(...rtts),
    };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const v = await verification();
log(
  `[location-protocol] verification: ${v.full.median.toFixed(2)} ms median (p99 ${v.full.p99.toFixed(2)}), verifySession alone ${v.verifyOnly.median.toFixed(2)} ms, geometry ${v.geometryMs.toFixed(2)} ms, floor ${v.floorMs.toFixed(2)} ms`,
);
const t = await throughput();
log(`[location-protocol] landmark: ${Math.round(t.perSecond)} challenges/s`);
const macs = 50 * 10 + 50;
const predictedMs = (51 * v.perVerifyUs + macs * v.perMacUs + v.perKexUs) / 1000;
process.stdout.write(
  `${JSON.stringify(
    {
      name: 'location-protocol',
      description:
        'Verifier cost for one verification with 50 landmarks × 10 challenges (protocol 2: every landmark record signature, the device session signature, every response and transcript MAC, nonces, clocks, plus geometry; one core) and the challenge rate of one real landmark process on loopback.',
      results: [
        {
          metric: 'verification median, 50 landmarks, signatures + MACs + geometry (ms)',
          value: round(v.full.median),
          target: '≤ 5',
          anchor: `51 Ed25519 verifications × ${round(v.perVerifyUs, 1)} µs + ${macs} HMAC-SHA256 × ${round(v.perMacUs, 2)} µs + 1 X25519/HKDF ${round(v.perKexUs, 1)} µs = ${round(predictedMs)} ms of crypto; protocol 1 took ~78 ms`,
          pass: v.full.median <= 5,
        },
        {
          metric: 'verification p99, 50 landmarks, signatures + MACs + geometry (ms)',
          value: round(v.full.p99),
          target: 'report',
          pass: true,
        },
        {
          metric: 'verifySession alone median, 50 landmarks (ms)',
          value: round(v.verifyOnly.median),
          target: 'report',
          anchor: 'everything above except the geometry',
          pass: true,
        },
        {
          metric: 'floor: the 50 landmark record signatures alone (ms)',
          value: round(v.floorMs),
          target: 'report',
          anchor:
            'every record is signed by its own landmark and every signature is verified: no protocol change on the device side removes this',
          pass: true,
        },
        {
          metric: 'geometry (locate) median, 50 landmarks (ms)',
          value: round(v.geometryMs),
          target: 'report',
          pass: true,
        },
        {
          metric: 'Ed25519 verify, one signature (µs)',
          value: round(v.perVerifyUs, 1),
          target: 'report',
          anchor: 'OpenSSL via node:crypto',
          pass: true,
        },
        {
          metric: 'HMAC-SHA256, one response MAC (µs)',
          value: round(v.perMacUs, 2),
          target: 'report',
          anchor: 'node:crypto createHmac; mostly per-call overhead',
          pass: true,
        },
        {
          metric: 'landmark process, challenges per second',
          value: Math.round(t.perSecond),
          target: '≥ 5000',
          anchor: `${t.agents} agents × 1,000 challenges × 3 rounds; the landmark checks each device's session signature (once per measurement) and signs each record`,
          pass: t.perSecond >= 5000,
        },
        {
          metric: 'loopback challenge RTT, median (ms)',
          value: round(t.loopbackRttMs, 3),
          target: 'report',
          anchor: `min ${round(t.minRttMs, 3)} ms; includes the agent's HMAC`,
          pass: true,
        },
      ],
      notes: [
        `verdict of the benchmark session: ${v.full.verdict}`,
        `The 5 ms target is not met on this CPU and cannot be by a change on the device side: the 50 landmark record signatures alone take ${round(v.floorMs)} ms (${round(v.perVerifyUs, 1)} µs per Ed25519 verification; openssl speed ed25519 agrees), and the geometry ${round(v.geometryMs)} ms. What is left above those two is the device's single session signature, ${macs} MACs, one key agreement and parsing.`,
        'Protocol 2 answers each timed challenge with HMAC-SHA256 under a session key from X25519 (device key registered and signed by its Ed25519 identity key) and the server’s per-session ephemeral key, HKDF-SHA256; the device signs the session binding once. Every landmark signature, the session signature and every MAC are verified; nothing is sampled or trusted from the landmark.',
      ],
    },
    null,
    2,
  )}\n`,
);
