/**
 * The two network processes of location verification.
 *
 * Landmark (`stackport landmark serve`): an HTTP control API for the verifier (POST /v1/measure,
 * GET /v1/info) and a TCP port that agents dial. Each agent connection is authenticated once
 * (WELCOME nonce → HELLO signed with the device key) and then kept open, so a timed round trip
 * is one write and one read on an established, Nagle-free socket: no handshake inside any RTT.
 * Times come from process.hrtime.bigint() (monotonic); a response is stamped in the 'data' handler.
 *
 * Agent (`stackport agent run`): holds the device keys through a KeyProvider, dials every landmark,
 * reconnects when a connection drops, and answers each challenge synchronously with one HMAC under
 * the session key (fast path). The key agreement and the identity signature over the session run
 * before the first challenge, once per session for all landmarks; the transcript MAC after the last.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, connect as netConnect, type Socket } from 'node:net';
import {
  AgentResponder,
  type Frame,
  FrameReader,
  type GeoPoint,
  type KeyProvider,
  type LandmarkLink,
  MeasureRequestSchema,
  measureDevice,
  parseHello,
  type SessionSignatureCache,
  WireError,
  welcomeFrame,
} from '@stackport/core';

const MAX_QUEUED_FRAMES = 4096;

/** One agent connection as the landmark sees it. */
class SocketLink implements LandmarkLink {
  readonly #queue: { frame: Frame; atNs: bigint }[] = [];
  #waiter: { resolve: (v: { frame: Frame; atNs: bigint } | null) => void; timer: NodeJS.Timeout } | null = null;
  #closed = false;
  busy = false;

  constructor(readonly socket: Socket) {
    const reader = new FrameReader();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const atNs = process.hrtime.bigint(); // first thing: the arrival time of these bytes
      let frames: Frame[];
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        const w = this.#waiter;
        if (w) {
          this.#waiter = null;
          clearTimeout(w.timer);
          w.resolve({ frame, atNs });
        } else if (this.#queue.length < MAX_QUEUED_FRAMES) this.#queue.push({ frame, atNs });
        else socket.destroy();
      }
    });
    socket.on('close', () => {
      this.#closed = true;
      const w = this.#waiter;
      this.#waiter = null;
      if (w) {
        clearTimeout(w.timer);
        w.resolve(null);
      }
    });
    socket.on('error', () => undefined);
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(frame: Buffer): void {
    if (!this.#closed) this.socket.write(frame);
  }

  next(timeoutMs: number): Promise<{ frame: Frame; atNs: bigint } | null> {
    const q = this.#queue.shift();
    if (q) return Promise.resolve(q);
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.#waiter = null;
          resolve(null);
        },
        Math.max(0, Math.ceil(timeoutMs)),
      );
      this.#waiter = { resolve, timer };
    });
  }

  /** Drops frames left over from an earlier session (late answers). */
  drain(): number {
    return this.#queue.splice(0).length;
  }
}

export interface LandmarkOptions {
  readonly id: string;
  readonly key: KeyProvider;
  readonly position: GeoPoint;
  readonly uncertaintyKm: number;
  readonly host: string;
  readonly controlPort: number;
  readonly agentPort: number;
  readonly log?: (event: Record<string, unknown>) => void;
}

export interface RunningLandmark {
  readonly url: string;
  readonly agentAddress: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startLandmark(o: LandmarkOptions): Promise<RunningLandmark> {
  const log = o.log ?? (() => undefined);
  /** Authenticated agent connections by device public key (the latest connection wins). */
  const agents = new Map<string, { link: SocketLink; deviceId: string }>();

  const tcp = createTcpServer((socket) => {
    const link = new SocketLink(socket);
    const helloNonce = randomBytes(32);
    link.send(welcomeFrame(o.id, helloNonce));
    void link.next(5000).then((got) => {
      try {
        if (got?.frame.type !== 2) throw new WireError('expected HELLO');
        const hello = parseHello((got as { frame: Frame }).frame.payload, o.id, helloNonce);
        agents.set(hello.publicKey, { link, deviceId: hello.deviceId });
        socket.on('close', () => {
          if (agents.get(hello.publicKey)?.link === link) agents.delete(hello.publicKey);
        });
        log({ event: 'agent-connected', deviceId: hello.deviceId, publicKey: hello.publicKey });
      } catch (e) {
        log({ event: 'agent-refused', reason: (e as Error).message });
        socket.destroy();
      }
    });
  });

  const http = createHttpServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/v1/info') {
        return send(res, 200, {
          id: o.id,
          position: o.position,
          positionUncertaintyKm: o.uncertaintyKm,
          publicKey: o.key.publicKey(),
          agents: [...agents.values()].map((a) => a.deviceId).sort(),
        });
      }
      if (req.method === 'GET' && path === '/healthz') return send(res, 200, { status: 'ok' });
      if (req.method !== 'POST' || path !== '/v1/measure') return send(res, 404, { error: 'no such route' });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req, 64 * 1024));
      } catch (e) {
        return send(res, 400, { error: `bad request body: ${(e as Error).message}` });
      }
      const parsed = MeasureRequestSchema.safeParse(body);
      if (!parsed.success)
        return send(res, 400, {
          error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
      const m = parsed.data;
      const agent = agents.get(m.devicePublicKey);
      if (!agent || agent.link.closed || agent.deviceId !== m.deviceId)
        return send(res, 409, { error: `device ${m.deviceId} is not connected to landmark ${o.id} with that key` });
      if (agent.link.busy) return send(res, 409, { error: `a measurement of ${m.deviceId} is already running` });
      agent.link.busy = true;
      try {
        agent.link.drain();
        const record = await measureDevice(agent.link, m, {
          landmarkId: o.id,
          key: o.key,
          nowNs: () => process.hrtime.bigint(),
          wallClock: () => new Date().toISOString(),
        });
        log({
          event: 'measured',
          deviceId: m.deviceId,
          samples: record.record.samples.length,
          answered: record.record.samples.filter((s) => s.receivedNs !== null).length,
        });
        return send(res, 200, record);
      } catch (e) {
        return send(res, 502, { error: `measurement failed: ${(e as Error).message}` });
      } finally {
        agent.link.busy = false;
      }
    })().catch((e) => {
      if (!res.headersSent) send(res, 500, { error: (e as Error).message });
    });
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(o.agentPort, o.host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(o.controlPort, o.host, () => resolve());
  });
  const addr = (s: { address(): unknown }) => (s.address() as { port: number }).port;
  const hostPart = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${hostPart}:${addr(http)}`,
    agentAddress: `${hostPart}:${addr(tcp)}`,
    async close() {
      for (const a of agents.values()) a.link.socket.destroy();
      http.closeAllConnections();
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => tcp.close(r))]);
    },
  };
}

export interface AgentOptions {
  readonly deviceId: string;
  readonly key: KeyProvider;
  /** host:port of each landmark's agent port. */
  readonly landmarks: readonly string[];
  readonly reconnectMs?: number;
  readonly log?: (event: Record<string, unknown>) => void;
}

export function parseHostPort(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || !(port > 0 && port < 65536)) throw new Error(`"${text}" is not host:port`);
  return { host: (m[1] ?? m[2]) as string, port };
}

export function startAgent(o: AgentOptions): { close(): void } {
  const log = o.log ?? (() => undefined);
  let stopped = false;
  const sockets = new Set<Socket>();
  // One session signature per session, shared by the connections to every landmark.
  const sessionSignatures: SessionSignatureCache = new Map();
  const dial = (address: string) => {
    if (stopped) return;
    const { host, port } = parseHostPort(address);
    const socket = netConnect({ host, port, noDelay: true });
    sockets.add(socket);
    const reader = new FrameReader();
    const responder = new AgentResponder(o.key, o.deviceId, { sessionSignatures });
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const f of frames) {
        try {
          const out = responder.handle(f);
          if (Array.isArray(out)) {
            for (const b of out) socket.write(b);
            if (f.type === 1) log({ event: 'connected', landmarkId: responder.landmarkId, address });
          } else
            out.then(
              (bs) => {
                for (const b of bs) socket.write(b);
              },
              () => socket.destroy(),
            );
        } catch (e) {
          log({ event: 'protocol-error', address, reason: (e as Error).message });
          socket.destroy();
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      if (!stopped) setTimeout(() => dial(address), o.reconnectMs ?? 500);
    });
  };
  for (const a of o.landmarks) dial(a);
  return {
    close() {
      stopped = true;
      for (const s of sockets) s.destroy();
    },
  };
}
