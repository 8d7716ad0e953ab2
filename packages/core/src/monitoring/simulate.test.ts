import { describe, expect, it } from 'vitest';
import { evaluateDetection } from './evaluate.js';
import { capOf } from './geometry.js';
import { runDetectors } from './run.js';
import { INJECTED_KINDS, simulateFleet } from './simulate.js';

const OPTS = { devices: 2000, days: 30, diversions: 20, seed: 7 } as const;

function runOnce(opts: Parameters<typeof simulateFleet>[0]) {
  const sim = simulateFleet(opts);
  const alerts = runDetectors({ devices: sim.devices, checkIns: sim.checkIns, now: sim.now });
  return { sim, alerts, ev: evaluateDetection(sim.truth, alerts, { devices: sim.devices, days: opts.days }) };
}

describe('fleet simulation (2,000 devices × 30 days × 20 diversions, seed 7)', () => {
  const a = runOnce(OPTS);

  it('detects every injected diversion within one check-in interval', () => {
    expect(a.ev.diversions.injected).toBe(20);
    expect(a.ev.diversions.recall).toBe(1);
    expect(a.ev.diversions.withinOneInterval).toBe(20);
    expect(a.ev.diversions.maxTtdIntervals).toBeLessThanOrEqual(1);
    for (const k of INJECTED_KINDS) expect(a.ev.byKind[k].recall, k).toBe(1);
    expect(a.ev.missed).toEqual([]);
  });

  it('raises false alarms on at most 0.1 % of device-days', () => {
    expect(a.ev.deviceDays).toBe(60_000);
    expect(a.ev.falseAlarmRate).toBeLessThanOrEqual(0.001);
  });

  it('is deterministic: same seed, same fleet, same alerts', () => {
    const b = runOnce(OPTS);
    expect(b.sim.checkIns).toEqual(a.sim.checkIns);
    expect(b.alerts).toEqual(a.alerts);
    const c = simulateFleet({ ...OPTS, seed: 8 });
    expect(c.truth).not.toEqual(a.sim.truth);
  });

  it('honest regions contain the site and verdicts follow the location semantics', () => {
    const diverted = new Set(a.sim.truth.map((e) => e.deviceId));
    const sites = new Map(a.sim.devices.map((d) => [d.deviceId, d.licensedSite]));
    let allow = 0;
    const bad: string[] = [];
    for (const c of a.sim.checkIns) {
      if (diverted.has(c.deviceId)) continue;
      if (c.verdict === 'ALLOW') allow++;
      const cap = capOf(c);
      const ok =
        c.region.licensedSiteInRegion === true &&
        c.verdict !== 'VIOLATION' &&
        cap !== undefined &&
        cap.radiusKm >= 225 &&
        cap.radiusKm <= 1900 * 1.6 &&
        sites.has(c.deviceId);
      if (!ok) bad.push(c.checkInId);
    }
    expect(bad).toEqual([]);
    expect(allow).toBeGreaterThan(0);
  });
});
