/**
 * End to end: real landmark and agent processes (the built CLI) on loopback, with geography
 * emulated by a delay proxy using minimum RTTs from the WonderProxy data set (2020-07-19/20).
 *
 * Network emulation: `tc netem` in network namespaces was tried first; on this CI image the
 * sch_netem qdisc is missing ("Specified qdisc kind is unknown"), and per-pair delays need a
 * per-connection mechanism anyway, so the test always uses delay-proxy.mjs (a TCP proxy process
 * that delays each direction by half the RTT, rounded up). It never skips.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  AgentResponder,
  encodeFrame,
  FRAME,
  FrameReader,
  generateKeyPair,
  loadKeyFile,
  SoftwareKeyProvider,
} from '@stackport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/stackport.js', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const PROXY = fileURLToPath(new URL('./delay-proxy.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SHARED = process.env.STACKPORT_SHARED_DATA ?? join(REPO, '..', 'shared', 'data');
const execFileP = promisify(execFile);

/** Minimum RTT (ms) between two WonderProxy servers, both directions, and their coordinates. */
function wonderProxy() {
  const dir = join(SHARED, 'latency');
  const servers = new Map<string, { lat: number; lon: number }>();
  const ids = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'servers-2020-07-19.csv'), 'utf8').split('\n').slice(1)) {
    const c = line.split(',');
    if (c.length < 10 || !c[0]) continue;
    ids.set(c[1] as string, c[0]);
    servers.set(c[0], { lat: Number(c[8]), lon: Number(c[9]) });
  }
  const rtt = new Map<string, number>();
  for (const line of readFileSync(join(dir, 'pings-2020-07-19-2020-07-20-grouped.csv'), 'utf8').split('\n').slice(1)) {
    const [a, b, min] = line.split(',');
    if (!a || !b || a === b) continue;
    const key = [a, b].sort().join('-');
    const v = Number(min);
    if (Number.isFinite(v)) rtt.set(key, Math.min(rtt.get(key) ?? Number.POSITIVE_INFINITY, v));
  }
  const id = (name: string) => {
    const i = ids.get(name);
    if (!i) throw new Error(`no WonderProxy server ${name}`);
    return i;
  };
  return {
    pos: (name: string) => servers.get(id(name)) as { lat: number; lon: number },
    rtt: (x: string, y: string) => {
      const v = rtt.get([id(x), id(y)].sort().join('-'));
      if (v === undefined) throw new Error(`no RTT ${x}–${y}`);
      return v;
    },
  };
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string>): Promise<Result> {
  try {
    const r = await execFileP(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const children: ChildProcess[] = [];

/** Spawns a long-running process and collects its JSON stdout lines. */
function start(args: string[], env: Record<string, string>, script = BIN) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const events: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
    try {
      events.push(JSON.parse(l));
    } catch {
      // not JSON: ignore
    }
  });
  const waitFor = async (pred: (e: Record<string, unknown>) => boolean, what: string, timeoutMs = 15_000) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const e = events.find(pred);
      if (e) return e;
      if (child.exitCode !== null) throw new Error(`${what}: process exited ${child.exitCode}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${what}: timed out; stderr: ${stderr}`);
  };
  return { child, events, waitFor };
}

// Landmarks at WonderProxy servers; the chip is the Singapore server.
const LANDMARKS = [
  { id: 'lm-kul', city: 'Malaysia' },
  { id: 'lm-jkt', city: 'Jakarta' },
  { id: 'lm-bkk', city: 'Bangkok' },
  { id: 'lm-blr', city: 'Bangalore' },
  { id: 'lm-tyo', city: 'Tokyo' },
];

describe('location verification end to end (real processes, emulated geography)', () => {
  let dir: string;
  let env: Record<string, string>;
  const lm = new Map<string, { url: string; agentAddress: string; publicKey: string }>();
  const wp = () => wonderProxy();
  let data: ReturnType<typeof wonderProxy>;

  beforeAll(async () => {
    if (!existsSync(DIST)) throw new Error('the CLI is not built: run "npm run build"');
    dir = mkdtempSync(join(tmpdir(), 'stackport-loc-'));
    env = { STACKPORT_DATA_DIR: join(dir, 'data'), STACKPORT_ACTOR: 'e2e' };
    data = wp();

    // Landmark processes, each with its own key file and surveyed coordinates.
    const procs = LANDMARKS.map((l) => {
      const p = data.pos(l.city);
      return {
        l,
        p: start(
          [
            'landmark',
            'serve',
            '--json',
            '--landmark-id',
            l.id,
            '--landmark-key',
            join(dir, `${l.id}.key`),
            '--create-key',
            '--lat',
            String(p.lat),
            '--lon',
            String(p.lon),
          ],
          env,
        ),
      };
    });
    for (const { l, p } of procs) {
      const ready = await p.waitFor((e) => e.event === 'ready', `landmark ${l.id}`);
      lm.set(l.id, {
        url: ready.url as string,
        agentAddress: ready.agentAddress as string,
        publicKey: ready.publicKey as string,
      });
    }
    // Delay proxies: SG chip → landmark at RTT(SG, L); the Shanghai chip relayed via SG: RTT(SH, SG) + RTT(SG, L).
    const routes = [
      ...LANDMARKS.map((l) => ({ target: lm.get(l.id)?.agentAddress, oneWayMs: data.rtt('Singapore', l.city) / 2 })),
      ...LANDMARKS.map((l) => ({
        target: lm.get(l.id)?.agentAddress,
        oneWayMs: (data.rtt('Shanghai', 'Singapore') + data.rtt('Singapore', l.city)) / 2,
      })),
    ];
    const proxy = start([JSON.stringify(routes)], {}, PROXY);
    const ports = (await proxy.waitFor((e) => Array.isArray(e.ports), 'delay proxy')).ports as number[];
    const via = (from: number) => LANDMARKS.map((_, i) => `127.0.0.1:${ports[from + i]}`).join(',');

    const sg = start(
      [
        'agent',
        'run',
        '--json',
        '--device-id',
        'gpu-sg-01',
        '--device-key',
        join(dir, 'sg.key'),
        '--create-key',
        '--connect',
        via(0),
      ],
      env,
    );
    const sh = start(
      [
        'agent',
        'run',
        '--json',
        '--device-id',
        'gpu-sh-01',
        '--device-key',
        join(dir, 'sh.key'),
        '--create-key',
        '--connect',
        via(LANDMARKS.length),
      ],
      env,
    );
    const sgReady = await sg.waitFor((e) => e.event === 'ready', 'agent sg');
    const shReady = await sh.waitFor((e) => e.event === 'ready', 'agent sh');

    const registerLandmark = (l: (typeof LANDMARKS)[number]) => {
      const info = lm.get(l.id);
      const p = data.pos(l.city);
      return cli(
        [
          'landmarks',
          'register',
          '--json',
          '--landmark-id',
          l.id,
          '--lat',
          String(p.lat),
          '--lon',
          String(p.lon),
          '--public-key',
          info?.publicKey ?? '',
          '--url',
          info?.url ?? '',
          '--label',
          l.city,
        ],
        env,
      );
    };
    const site = data.pos('Singapore');
    const registerDevice = (id: string, ready: Record<string, unknown>) =>
      cli(
        [
          'devices',
          'register',
          '--json',
          '--device-id',
          id,
          '--public-key',
          ready.publicKey as string,
          '--kex-public-key',
          ready.kexPublicKey as string,
          '--kex-key-signature',
          ready.kexKeySignature as string,
          '--serial',
          `SN-${id}`,
          '--model',
          'H100 SXM5',
          '--eccn',
          '3A090.a',
          '--licensee',
          'Example Cloud Pte Ltd',
          '--site-lat',
          String(site.lat),
          '--site-lon',
          String(site.lon),
          '--site-country',
          'SG',
        ],
        env,
      );
    // The first command creates the store; the rest run side by side.
    const first = await registerLandmark(LANDMARKS[0]!);
    expect(first.code, first.stderr).toBe(0);
    const rest = await Promise.all([
      ...LANDMARKS.slice(1).map(registerLandmark),
      registerDevice('gpu-sg-01', sgReady),
      registerDevice('gpu-sh-01', shReady),
    ]);
    for (const r of rest) expect(r.code, r.stderr).toBe(0);
    // Both agents connected to all five landmarks (through their proxies).
    for (const a of [sg, sh]) {
      const until = Date.now() + 10_000;
      while (a.events.filter((e) => e.event === 'connected').length < LANDMARKS.length && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      expect(a.events.filter((e) => e.event === 'connected')).toHaveLength(LANDMARKS.length);
    }
  }, 50_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a chip in Singapore → ALLOW, "not in CN"; RTTs measured by landmarks are ≥ the emulated ones', async () => {
    const r = await cli(['verify', 'gpu-sg-01', '--json', '--countries-of-concern', 'CN,HK,MO'], env);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.verdict).toBe('ALLOW');
    expect(v.findings).toContain('not in CN: no point of the feasible region is in CN');
    expect(v.rejections).toEqual([]);
    for (const l of v.landmarks) {
      expect(l.status).toBe('accepted');
      const city = LANDMARKS.find((x) => x.id === l.landmarkId)?.city as string;
      const emulated = data.rtt('Singapore', city);
      expect(l.minRttMs).toBeGreaterThanOrEqual(emulated);
      expect(l.minRttMs).toBeLessThan(emulated + 15);
    }
    expect(v.location.licensedSiteInRegion).toBe(true);
    const list = await cli(['verifications', 'list', '--json', '--device', 'gpu-sg-01'], env);
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ id: v.id, verdict: 'ALLOW' });
  }, 20_000);

  it('a chip in Shanghai relayed through Singapore → never ALLOW; late answers counted', async () => {
    const r = await cli(
      ['verify', 'gpu-sh-01', '--json', '--countries-of-concern', 'CN,HK,MO', '--challenges', '10'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.verdict).not.toBe('ALLOW');
    expect(v.findings).toContain('possibly in CN: the feasible region reaches CN');
    // Tokyo: 75.8 + 198.5 ms is past the 250 ms deadline on every challenge.
    expect(v.rejectionCounts['nonce-expired']).toBeGreaterThanOrEqual(10);
    expect(v.landmarks.find((l: { landmarkId: string }) => l.landmarkId === 'lm-tyo').status).toBe('rejected');
  }, 20_000);

  it('an adversarial agent: forged, swapped (another device’s key) and late responses are rejected with counted reasons', async () => {
    const evil = SoftwareKeyProvider.generate();
    const shKey = loadKeyFile(join(dir, 'sh.key')); // a key that belongs to another registered device
    const reg = await cli(
      [
        'devices',
        'register',
        '--json',
        '--device-id',
        'gpu-evil',
        '--public-key',
        evil.publicKey(),
        '--kex-public-key',
        evil.kexPublicKey(),
        '--kex-key-signature',
        evil.kexKeySignature(),
        '--serial',
        'SN-evil',
        '--model',
        'H100',
        '--eccn',
        '3A090.a',
        '--licensee',
        'X',
        '--site-lat',
        '1.3',
        '--site-lon',
        '103.8',
        '--site-country',
        'SG',
      ],
      env,
    );
    expect(reg.code, reg.stderr).toBe(0);
    const sockets: Socket[] = [];
    const behaviour: Record<string, (seq: number) => 'forge' | 'swap' | 'late' | 'ok'> = {
      'lm-kul': (s) => (s < 4 ? 'forge' : 'ok'),
      'lm-jkt': (s) => (s < 3 ? 'swap' : 'ok'),
      'lm-bkk': (s) => (s < 2 ? 'late' : 'ok'),
    };
    for (const [id, how] of Object.entries(behaviour)) {
      const [host, port] = (lm.get(id)?.agentAddress ?? '').split(':');
      const socket = connect({ host: host as string, port: Number(port), noDelay: true });
      sockets.push(socket);
      const responder = new AgentResponder(evil, 'gpu-evil');
      const swapper = new AgentResponder(shKey, 'gpu-evil');
      const reader = new FrameReader();
      socket.on('data', (chunk: Buffer) => {
        for (const f of reader.push(chunk)) {
          if (f.type === FRAME.WELCOME || f.type === FRAME.SESSION) swapper.handle(f);
          const out = responder.handle(f);
          if (!Array.isArray(out)) {
            void out.then((bs) => {
              for (const b of bs) socket.write(b);
            });
            continue;
          }
          const seq = f.type === FRAME.CHALLENGE ? f.payload.readUInt32BE(0) : -1;
          const mode = seq >= 0 ? how(seq) : 'ok';
          if (mode === 'forge') {
            const bad = Buffer.from(out[0] as Buffer);
            bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff;
            socket.write(bad);
          } else if (mode === 'swap') for (const b of swapper.handle(f) as Buffer[]) socket.write(b);
          else if (mode === 'late') setTimeout(() => socket.write(out[0] as Buffer), 400);
          else for (const b of out) socket.write(b);
        }
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    const r = await cli(
      ['verify', 'gpu-evil', '--json', '--landmarks', 'lm-kul,lm-jkt,lm-bkk', '--challenges', '12'],
      env,
    );
    for (const s of sockets) s.destroy();
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.rejectionCounts).toMatchObject({ 'bad-signature': 4, 'wrong-device': 3, 'nonce-expired': 2 });
    expect(v.tamperingSuspected).toBe(true);
    expect(v.rejections.find((x: { reason: string }) => x.reason === 'wrong-device').detail).toMatch(/gpu-sh-01/);
    // The good answers still count (≥ 10 per landmark), the bad ones never do.
    expect(v.landmarks.map((l: { samples: number }) => l.samples)).toEqual([8, 9, 10]); // kul, jkt, bkk
  }, 20_000);

  it('malformed and truncated frames, and a wrong key in HELLO, are refused; the landmark keeps serving', async () => {
    const [host, port] = (lm.get('lm-blr')?.agentAddress ?? '').split(':');
    const closed = (payload: Buffer) =>
      new Promise<boolean>((resolve) => {
        const s = connect({ host: host as string, port: Number(port) });
        s.resume(); // consume the WELCOME so the close is seen
        s.on('connect', () => s.write(payload));
        s.on('close', () => resolve(true));
        s.on('error', () => undefined);
        setTimeout(() => {
          s.destroy();
          resolve(false);
        }, 3000);
      });
    const huge = Buffer.alloc(8);
    huge.writeUInt32BE(0x7fffffff, 0);
    expect(await closed(huge)).toBe(true);
    expect(await closed(encodeFrame(FRAME.HELLO, Buffer.alloc(40)))).toBe(true); // truncated HELLO
    expect(await closed(encodeFrame(FRAME.HELLO, Buffer.alloc(32 + 64 + 5)))).toBe(true); // signature by no key
    const info = await fetch(new URL('/v1/info', lm.get('lm-blr')?.url));
    expect(((await info.json()) as { agents: string[] }).agents).toContain('gpu-sg-01');
    const bad = await fetch(new URL('/v1/measure', lm.get('lm-kul')?.url), { method: 'POST', body: '{"sessionId":' });
    expect(bad.status).toBe(400);
  }, 20_000);

  it('unknown device or landmark: exit 2 with SP_NOT_FOUND; bad key files: exit 2', async () => {
    const noDev = await cli(['verify', 'gpu-nope', '--json'], env);
    expect(noDev.code).toBe(2);
    expect(JSON.parse(noDev.stderr).error.code).toBe('SP_NOT_FOUND');
    const noLm = await cli(['verify', 'gpu-sg-01', '--json', '--landmarks', 'lm-nope'], env);
    expect(noLm.code).toBe(2);
    expect(JSON.parse(noLm.stderr).error.detail).toMatch(/lm-nope/);
    const loose = join(dir, 'loose.key');
    writeFileSync(loose, readFileSync(join(dir, 'sg.key')), { mode: 0o644 });
    const refused = await cli(
      ['agent', 'run', '--json', '--device-id', 'x', '--device-key', loose, '--connect', '127.0.0.1:9'],
      env,
    );
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stderr).error.detail).toMatch(/group or others/);
    // A protocol-1 key file (the Ed25519 key alone) cannot run an agent: it has no X25519 key.
    const v1 = join(dir, 'v1.key');
    writeFileSync(v1, generateKeyPair().pkcs8Pem, { mode: 0o600 });
    const old = await cli(
      ['agent', 'run', '--json', '--device-id', 'x', '--device-key', v1, '--connect', '127.0.0.1:9'],
      env,
    );
    expect(old.code).toBe(2);
    expect(JSON.parse(old.stderr).error.detail).toMatch(/X25519/);
  }, 20_000);

  it('locate: the offline solve refuses NaN, negative and > 250 ms RTTs and never turns them into a verdict', async () => {
    const landmark = (l: (typeof LANDMARKS)[number]) => ({
      id: l.id,
      position: data.pos(l.city),
      positionUncertaintyKm: 1,
      publicKey: lm.get(l.id)?.publicKey,
    });
    const good = {
      policy: { countriesOfConcern: ['CN', 'HK', 'MO'] },
      measurements: LANDMARKS.map((l) => ({
        landmark: landmark(l),
        minRttMs: data.rtt('Singapore', l.city),
        samples: 16,
      })),
    };
    const file = join(dir, 'm.json');
    writeFileSync(file, JSON.stringify(good));
    const ok = await cli(['locate', '--json', file], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ verdict: 'ALLOW', signed: false });
    const bad = {
      ...good,
      measurements: [
        { landmark: landmark(LANDMARKS[0]!), minRttMs: 'NaN', samples: 16 },
        { landmark: landmark(LANDMARKS[1]!), minRttMs: -3, samples: 16 },
        { landmark: landmark(LANDMARKS[2]!), minRttMs: 400, samples: 16 },
        { landmark: landmark(LANDMARKS[3]!), minRttMs: 40, samples: 4 },
      ],
    };
    writeFileSync(file, JSON.stringify(bad));
    const refused = await cli(['locate', '--json', file], env);
    expect(refused.code).toBe(2);
    const err = JSON.parse(refused.stderr).error;
    expect(err.code).toBe('SP_BAD_REQUEST');
    expect(err.errors.map((e: { message: string }) => e.message.split(':')[0])).toEqual([
      'rtt-invalid',
      'rtt-invalid',
      'rtt-invalid',
      'too-few-samples',
    ]);
    writeFileSync(file, '{"measurements": [');
    expect((await cli(['locate', '--json', file], env)).code).toBe(2);
  }, 20_000);
});
