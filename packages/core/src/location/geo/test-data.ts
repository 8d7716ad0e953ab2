/**
 * WonderProxy "A day in the life of the internet" (2020-07-19/20) loader for tests and benchmarks — NOT part of
 * the library build (tsconfig excludes test-data.ts). Source: github.com/sm86/geo-latency-data @ ad13da0f, copied to
 * /work/shared/data/latency/ (see shared/data/README.md "latency/": no licence file upstream; WonderProxy public
 * data release; keep the attribution and check WonderProxy's terms before redistributing).
 *
 * Known defects handled here (README "Known issues"): Guatemala/Panama coordinates swapped (corrected in the clean
 * set, kept raw otherwise), Kiev row (coordinates Kyiv, location Kharkiv: excluded from the clean set: its truth is
 * ambiguous), mislocated Prague/Auckland/Belfast/La Ceiba/Rome (excluded from the clean set), ping ids 292–295 with
 * no server row (ignored), self-pairs (ignored). A pair's RTT is the min of `min` over both directions (reference §6).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { GeoPoint, LandmarkInfo, VerifiedMeasurement } from '../types.js';

export interface Server {
  readonly id: string;
  readonly name: string;
  /** ISO2 from the `country` column. */
  readonly country: string;
  readonly position: GeoPoint;
}

export interface LatencyData {
  readonly servers: readonly Server[];
  readonly byId: ReadonlyMap<string, Server>;
  /** "a|b" with a < b (string order) → min RTT ms over both directions. */
  readonly rtt: ReadonlyMap<string, number>;
  readonly source: string;
}

export const MISLOCATED = ['Prague', 'Auckland', 'Belfast', 'LaCeiba', 'Rome'] as const;
export const SWAPPED = ['Guatemala', 'Panama'] as const;
export const AMBIGUOUS = ['Kiev'] as const;

const COUNTRY_FIX: Record<string, string> = { Kosovo: 'XK', Moldova: 'MD' };

/** Directory holding pings-*.csv and servers-*.csv: $STACKPORT_SHARED_DATA/latency, else /work/shared/data/latency. */
export function latencyDir(): string {
  const env = process.env.STACKPORT_SHARED_DATA;
  if (env) return `${env.replace(/\/$/, '')}/latency`;
  return fileURLToPath(new URL('../../../../../../shared/data/latency', import.meta.url));
}

export const PINGS_FILE = 'pings-2020-07-19-2020-07-20-grouped.csv';
export const SERVERS_FILE = 'servers-2020-07-19.csv';

export function latencyDataAvailable(dir = latencyDir()): boolean {
  return existsSync(`${dir}/${PINGS_FILE}`) && existsSync(`${dir}/${SERVERS_FILE}`);
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export function parseLatency(serversCsv: string, pingsCsv: string, source: string): LatencyData {
  const require = createRequire(import.meta.url);
  const iso = require('i18n-iso-countries') as { getAlpha2Code: (n: string, l: string) => string | undefined };
  const servers: Server[] = [];
  for (const line of serversCsv.split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue;
    const f = line.split(',');
    const [id, name, , , , countryName] = f;
    const lat = Number(f[8]);
    const lon = Number(f[9]);
    if (!id || !name || !countryName || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const country = COUNTRY_FIX[countryName] ?? iso.getAlpha2Code(countryName, 'en');
    if (!country) throw new Error(`unknown country ${countryName}`);
    servers.push({ id, name, country, position: { lat, lon } });
  }
  const byId = new Map(servers.map((s) => [s.id, s]));
  const rtt = new Map<string, number>();
  for (const line of pingsCsv.split(/\r?\n/).slice(1)) {
    if (!line) continue;
    const [a, b, min] = line.split(',');
    if (!a || !b || a === b || !byId.has(a) || !byId.has(b)) continue;
    const v = Number(min);
    if (!Number.isFinite(v) || v <= 0) continue;
    const k = pairKey(a, b);
    const prev = rtt.get(k);
    if (prev === undefined || v < prev) rtt.set(k, v);
  }
  return { servers, byId, rtt, source };
}

let cachedRaw: LatencyData | null = null;
/** The raw data set (defects included), from {@link latencyDir}. */
export function loadRawLatency(dir = latencyDir()): LatencyData {
  if (cachedRaw && dir === latencyDir()) return cachedRaw;
  const d = parseLatency(
    readFileSync(`${dir}/${SERVERS_FILE}`, 'utf8'),
    readFileSync(`${dir}/${PINGS_FILE}`, 'utf8'),
    dir,
  );
  if (dir === latencyDir()) cachedRaw = d;
  return d;
}

/** Clean set: Guatemala/Panama coordinates swapped back, mislocated and ambiguous servers removed. */
export function cleanLatency(raw: LatencyData): LatencyData {
  const drop = new Set<string>([...MISLOCATED, ...AMBIGUOUS]);
  const g = raw.servers.find((s) => s.name === 'Guatemala');
  const p = raw.servers.find((s) => s.name === 'Panama');
  const servers = raw.servers
    .filter((s) => !drop.has(s.name))
    .map((s) => (s === g && p ? { ...s, position: p.position } : s === p && g ? { ...s, position: g.position } : s));
  const byId = new Map(servers.map((s) => [s.id, s]));
  const rtt = new Map([...raw.rtt].filter(([k]) => k.split('|').every((id) => byId.has(id))));
  return { servers, byId, rtt, source: `${raw.source} (cleaned)` };
}

/** WonderProxy coordinates are city-level (not surveyed): this uncertainty is added to every landmark. */
export const WONDERPROXY_POSITION_UNCERTAINTY_KM = 10;

export function landmarkOf(s: Server, uncertaintyKm = WONDERPROXY_POSITION_UNCERTAINTY_KM): LandmarkInfo {
  return { id: s.name, position: s.position, positionUncertaintyKm: uncertaintyKm, publicKey: '', label: s.id };
}

/** Measurements of `target` by `landmarks` (those with a ping to the target), with optional added delay per landmark. */
export function measurementsFor(
  data: LatencyData,
  target: Server,
  landmarks: readonly Server[],
  extraDelayMs: (l: Server) => number = () => 0,
): VerifiedMeasurement[] {
  const out: VerifiedMeasurement[] = [];
  for (const l of landmarks) {
    if (l.id === target.id) continue;
    const r = data.rtt.get(pairKey(l.id, target.id));
    if (r === undefined) continue;
    out.push({ landmark: landmarkOf(l), minRttMs: r + extraDelayMs(l), samples: 10 });
  }
  return out;
}

export const serverByName = (d: LatencyData, name: string): Server => {
  const s = d.servers.find((x) => x.name === name);
  if (!s) throw new Error(`no server ${name}`);
  return s;
};

/** The bundled Asia-Pacific subset (testdata/, 74 KB): always available, for verdict unit tests. */
export function loadAsiaPacificSubset(): LatencyData {
  const dir = fileURLToPath(new URL('./testdata', import.meta.url));
  return parseLatency(
    readFileSync(`${dir}/servers-asia-pacific.csv`, 'utf8'),
    readFileSync(`${dir}/pings-asia-pacific.csv`, 'utf8'),
    dir,
  );
}
