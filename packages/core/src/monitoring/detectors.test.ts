import { describe, expect, it } from 'vitest';
import type { GeoPoint, Verdict } from '../location/types.js';
import { destinationPoint } from './geometry.js';
import { mulberry32 } from './prng.js';
import { runDetectors } from './run.js';
import type { CheckIn, DetectorName, FleetDevice } from './types.js';

const FRANKFURT: GeoPoint = { lat: 50.11, lon: 8.68 };
const PARIS: GeoPoint = { lat: 48.86, lon: 2.35 };
const LONDON: GeoPoint = { lat: 51.51, lon: -0.13 };
const SHANGHAI: GeoPoint = { lat: 31.23, lon: 121.47 };
const MOSCOW: GeoPoint = { lat: 55.76, lon: 37.62 };

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const H = 3_600_000;
const iso = (hours: number) => new Date(T0 + hours * H).toISOString();

function device(id: string, site: GeoPoint = FRANKFURT, licensee = 'lic-a', hours = 24): FleetDevice {
  return {
    deviceId: id,
    licensee,
    licensedSite: { position: site, country: 'DE', radiusKm: 50, label: 'site' },
    expectedCheckInHours: hours,
    registeredAt: iso(0),
  };
}

interface CheckInSpec {
  center?: GeoPoint;
  r?: number;
  verdict?: Verdict;
  siteIn?: boolean | null;
  tamper?: boolean;
}
function ci(deviceId: string, id: string, hours: number, s: CheckInSpec = {}): CheckIn {
  return {
    deviceId,
    checkInId: id,
    at: iso(hours),
    verdict: s.verdict ?? 'INCONCLUSIVE',
    region: {
      boundingRadiusKm: s.r ?? 600,
      ...(s.center === undefined ? {} : { center: s.center }),
      countriesTouched: ['DE'],
      licensedSiteInRegion: s.siteIn === undefined ? true : s.siteIn,
    },
    ...(s.tamper ? { tamper: true } : {}),
  };
}

/** Daily honest check-ins around Frankfurt: caps of 600 km whose centre is 150 km off the site. */
function honest(deviceId: string, days: number, from = 0, site = FRANKFURT): CheckIn[] {
  return Array.from({ length: days }, (_, k) =>
    ci(deviceId, `${deviceId}-${from + k}`, 1 + (from + k) * 24, { center: destinationPoint(site, k * 37, 150) }),
  );
}

const detectorsOf = (alerts: { detector: DetectorName }[]) => [...new Set(alerts.map((a) => a.detector))].sort();

describe('monitoring detectors', () => {
  it('stay silent on an honest device', () => {
    const alerts = runDetectors({ devices: [device('d1')], checkIns: honest('d1', 20), now: iso(20 * 24) });
    expect(alerts).toEqual([]);
  });

  it('silent: fires after N intervals without a check-in, not after one missed check-in', () => {
    const one = [...honest('d1', 5), ...honest('d1', 5, 6)]; // day 5 missed: a 2-interval gap
    expect(runDetectors({ devices: [device('d1')], checkIns: one, now: iso(11 * 24) })).toEqual([]);
    const stop = honest('d1', 5); // last check-in at 97 h
    const alerts = runDetectors({ devices: [device('d1')], checkIns: stop, now: iso(10 * 24) });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ detector: 'silent', severity: 'medium', at: iso(97 + 2.1 * 24) });
    expect(alerts[0]?.evidence.checkInIds).toEqual(['d1-4']);
    // A device that never checks in is silent from registration.
    const never = runDetectors({ devices: [device('d2')], checkIns: [], now: iso(3 * 24) });
    expect(never.map((a) => [a.detector, a.at])).toEqual([['silent', iso(2.1 * 24)]]);
  });

  it('out-of-region: a VIOLATION verdict is a critical alert', () => {
    const c = [...honest('d1', 3), ci('d1', 'v', 3 * 24 + 1, { verdict: 'VIOLATION', siteIn: null })];
    const alerts = runDetectors({ devices: [device('d1')], checkIns: c, now: iso(4 * 24) });
    expect(alerts.map((a) => [a.detector, a.severity, a.evidence.checkInIds])).toEqual([
      ['out-of-region', 'critical', ['v']],
    ]);
  });

  it('moved-away: fires only when the region provably excludes the site', () => {
    const far = ci('d1', 'far', 3 * 24 + 1, { center: SHANGHAI, r: 800 });
    const flagged = ci('d1', 'flag', 4 * 24 + 1, { siteIn: false });
    const alerts = runDetectors({ devices: [device('d1')], checkIns: [...honest('d1', 3), far], now: iso(4 * 24) });
    expect(detectorsOf(alerts)).toEqual(['moved-away']);
    expect(alerts[0]?.evidence.checkInIds).toEqual(['d1-2', 'far']);
    expect(alerts[0]?.evidence.facts[0]).toMatchObject({ movedSincePrevious: true });
    const byFlag = runDetectors({ devices: [device('d1')], checkIns: [flagged], now: iso(5 * 24) }, ['moved-away']);
    expect(detectorsOf(byFlag)).toEqual(['moved-away']);
    // A cap that still reaches the site disc (distance = radius + site radius − 1 km) proves nothing.
    const edge = ci('d1', 'edge', 3 * 24 + 1, { center: destinationPoint(FRANKFURT, 90, 600 + 50 - 1), r: 600 });
    expect(runDetectors({ devices: [device('d1')], checkIns: [...honest('d1', 3), edge], now: iso(4 * 24) })).toEqual(
      [],
    );
  });

  it('region-inflation: a relay-sized jump over the baseline fires, jitter does not', () => {
    const grown = ci('d1', 'g', 5 * 24 + 1, { center: FRANKFURT, r: 4500 });
    const alerts = runDetectors({ devices: [device('d1')], checkIns: [...honest('d1', 5), grown], now: iso(6 * 24) });
    expect(alerts.map((a) => [a.detector, a.evidence.facts[0]?.baselineRadiusKm])).toEqual([['region-inflation', 600]]);
    const small = ci('d1', 's', 5 * 24 + 1, { center: FRANKFURT, r: 1150 }); // < 2× and < +1,000 km
    expect(runDetectors({ devices: [device('d1')], checkIns: [...honest('d1', 5), small], now: iso(6 * 24) })).toEqual(
      [],
    );
  });

  it('region-inflation: a new device is compared with its site peers', () => {
    const peers = ['p1', 'p2'].flatMap((p) => honest(p, 5));
    const fresh = ci('n', 'n-0', 2, { center: FRANKFURT, r: 4000 });
    const alerts = runDetectors({
      devices: [device('p1'), device('p2'), device('n')],
      checkIns: [...peers, fresh],
      now: iso(2),
    });
    expect(alerts.map((a) => [a.deviceId, a.detector, a.evidence.facts[0]?.baselineFrom])).toEqual([
      ['n', 'region-inflation', 'site-peers'],
    ]);
  });

  it('region-inflation: a slow ramp of added delay is measured against the site peers', () => {
    const peers = ['p1', 'p2', 'p3'].flatMap((p) => honest(p, 20));
    const ramp = Array.from({ length: 20 }, (_, k) =>
      ci('r', `r-${k}`, 2 + k * 24, { center: FRANKFURT, r: 600 * 1.25 ** k }),
    );
    const devices = ['p1', 'p2', 'p3', 'r'].map((id) => device(id));
    const alerts = runDetectors({ devices, checkIns: [...peers, ...ramp], now: iso(20 * 24) }, ['region-inflation']);
    expect(alerts.map((a) => [a.deviceId, a.evidence.checkInIds[0]])).toEqual([['r', 'r-5']]); // 600 × 1.25⁵ ≈ 1,831 km
  });

  it('impossible-travel: regions farther apart than 1,000 km/h allows', () => {
    const hourly = device('d1', FRANKFURT, 'lic-a', 1);
    const a = ci('d1', 'a', 0, { center: FRANKFURT, r: 300 });
    const b = ci('d1', 'b', 2, { center: SHANGHAI, r: 300, siteIn: false });
    const alerts = runDetectors({ devices: [hourly], checkIns: [a, b], now: iso(2.5) }, ['impossible-travel']);
    expect(alerts.map((x) => [x.detector, x.evidence.checkInIds])).toEqual([['impossible-travel', ['a', 'b']]]);
    // Frankfurt → Moscow (~2,000 km) in a day is feasible.
    const c = ci('d1', 'c', 0, { center: FRANKFURT, r: 300 });
    const d = ci('d1', 'd', 24, { center: MOSCOW, r: 300 });
    expect(runDetectors({ devices: [device('d1')], checkIns: [c, d], now: iso(25) }, ['impossible-travel'])).toEqual(
      [],
    );
  });

  it('cloned-key: two disjoint regions in one window', () => {
    const a = ci('d1', 'a', 24, { center: FRANKFURT, r: 500 });
    const b = ci('d1', 'b', 24 + 0.25, { center: SHANGHAI, r: 500, siteIn: false });
    const alerts = runDetectors({ devices: [device('d1')], checkIns: [a, b], now: iso(26) }, ['cloned-key']);
    expect(alerts.map((x) => [x.detector, x.severity, x.evidence.checkInIds])).toEqual([
      ['cloned-key', 'critical', ['a', 'b']],
    ]);
    const c = ci('d1', 'c', 24 + 0.25, { center: destinationPoint(FRANKFURT, 0, 300), r: 500 });
    expect(runDetectors({ devices: [device('d1')], checkIns: [a, c], now: iso(26) }, ['cloned-key'])).toEqual([]);
  });

  it('fleet-anomaly: ≥ 3 devices of ≥ 2 licensees converging on one area away from their sites', () => {
    const devs = [device('a', FRANKFURT, 'lic-1'), device('b', PARIS, 'lic-2'), device('c', LONDON, 'lic-2')];
    const near = (id: string, h: number, k: number) =>
      ci(id, `${id}-m`, h, { center: destinationPoint(MOSCOW, k * 120, 100), r: 500, siteIn: false });
    const checkIns = [near('a', 10, 0), near('b', 20, 1), near('c', 30, 2)];
    const alerts = runDetectors({ devices: devs, checkIns, now: iso(31) }, ['fleet-anomaly']);
    // The group forms at c's check-in; a and b are flagged at their own next check-ins.
    expect(alerts.map((x) => [x.deviceId, x.at])).toEqual([['c', iso(30)]]);
    expect(alerts[0]?.evidence.checkInIds).toEqual(['a-m', 'b-m', 'c-m']);
    const next = [...checkIns, { ...near('a', 34, 0), checkInId: 'a-m2' }, { ...near('b', 44, 1), checkInId: 'b-m2' }];
    const all = runDetectors({ devices: devs, checkIns: next, now: iso(45) }, ['fleet-anomaly']);
    expect(all.map((x) => x.deviceId).sort()).toEqual(['a', 'b', 'c']);
    // One licensee only, or too far apart in time: nothing.
    const same = devs.map((d) => ({ ...d, licensee: 'lic-1' }));
    expect(runDetectors({ devices: same, checkIns, now: iso(31) }, ['fleet-anomaly'])).toEqual([]);
    const spread = [near('a', 10, 0), near('b', 80, 1), near('c', 150, 2)];
    expect(runDetectors({ devices: devs, checkIns: spread, now: iso(151) }, ['fleet-anomaly'])).toEqual([]);
  });

  it('tamper: the agent flag raises a high alert', () => {
    const c = [...honest('d1', 2), ci('d1', 't', 49, { center: FRANKFURT, tamper: true })];
    const alerts = runDetectors({ devices: [device('d1')], checkIns: c, now: iso(50) });
    expect(alerts.map((a) => [a.detector, a.severity])).toEqual([['tamper', 'high']]);
  });
});

describe('deduplication and idempotency', () => {
  const violations = (days: number[]) =>
    days.map((d) => ci('d1', `v${d}`, d * 24 + 1, { verdict: 'VIOLATION', siteIn: null }));

  it('merges findings of one detector on one device within the window, with deterministic ids', () => {
    const input = { devices: [device('d1')], checkIns: violations([0, 1, 2, 3, 4, 20]), now: iso(21 * 24) };
    const alerts = runDetectors(input, ['out-of-region']);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({ detector: 'out-of-region', at: iso(1), lastAt: iso(4 * 24 + 1) });
    expect(alerts[0]?.evidence).toMatchObject({ checkInIds: ['v0', 'v1', 'v2', 'v3', 'v4'], findings: 5 });
    expect(alerts[1]?.evidence.checkInIds).toEqual(['v20']);
    expect(alerts[0]?.id).toMatch(/^al_[0-9a-f]{16}$/);
    expect(runDetectors(input, ['out-of-region']).map((a) => a.id)).toEqual(alerts.map((a) => a.id));
  });

  it('ignores duplicate check-in ids and is independent of delivery order', () => {
    const base = [...honest('d1', 6), ...violations([6, 7])];
    const ref = runDetectors({ devices: [device('d1')], checkIns: base, now: iso(8 * 24) });
    const dup = [...base, ...base.map((c) => ({ ...c, verdict: 'VIOLATION' as const, tamper: true }))];
    const rng = mulberry32(3);
    const shuffled = [...dup].sort(() => rng.next() - 0.5);
    expect(runDetectors({ devices: [device('d1')], checkIns: dup, now: iso(8 * 24) })).toEqual(ref);
    const shuffledBase = [...base].sort(() => rng.next() - 0.5);
    expect(runDetectors({ devices: [device('d1')], checkIns: shuffledBase, now: iso(8 * 24) })).toEqual(ref);
    // With duplicates shuffled, whichever copy comes first wins: still no more alerts than the copies can prove.
    expect(runDetectors({ devices: [device('d1')], checkIns: shuffled, now: iso(8 * 24) }).length).toBeGreaterThan(0);
  });

  it('soundness: growing honest regions (added delay) never triggers a geometric detector', () => {
    const rng = mulberry32(11);
    const geometric: DetectorName[] = ['moved-away', 'impossible-travel', 'cloned-key', 'fleet-anomaly'];
    const devs: FleetDevice[] = [];
    const checkIns: CheckIn[] = [];
    for (let i = 0; i < 60; i++) {
      const site = destinationPoint(FRANKFURT, rng.uniform(0, 360), rng.uniform(0, 5000));
      devs.push(device(`h${i}`, site, `lic-${i % 4}`, 6));
      for (let k = 0; k < 40; k++) {
        const r = rng.uniform(100, 1500) * (rng.next() < 0.3 ? rng.uniform(1, 8) : 1); // delay only grows
        const center = destinationPoint(site, rng.uniform(0, 360), rng.uniform(0, r)); // any cap containing the site
        checkIns.push(ci(`h${i}`, `h${i}-${k}`, k * 6 + rng.uniform(0, 5.9), { center, r }));
      }
    }
    expect(runDetectors({ devices: devs, checkIns, now: iso(240) }, geometric)).toEqual([]);
  });
});
