import { describe, expect, it } from 'vitest';
import type { VerifiedMeasurement } from '../types.js';
import {
  C_KM_PER_MS,
  capsAtSpeed,
  capsFor,
  countriesAt,
  countriesTouched,
  countryRaster,
  coverContains,
  EARTH_MODEL_MARGIN,
  EARTH_RADIUS_KM,
  greatCircleKm,
  locate,
  regionCover,
} from './index.js';
import { destination, mulberry32 } from './soundness-harness.js';

const lm = (id: string, lat: number, lon: number, u = 0) => ({
  id,
  position: { lat, lon },
  positionUncertaintyKm: u,
  publicKey: '',
});
const meas = (id: string, lat: number, lon: number, rtt: number, u = 0): VerifiedMeasurement => ({
  landmark: lm(id, lat, lon, u),
  minRttMs: rtt,
  samples: 10,
});

describe('constants and distance', () => {
  it('exports the reference constants', () => {
    expect(C_KM_PER_MS).toBe(299.792458);
    expect(EARTH_RADIUS_KM).toBe(6371.0088);
  });
  it('great-circle distances match known values (sphere R = 6371.0088 km)', () => {
    // Quarter meridian on the sphere.
    expect(greatCircleKm({ lat: 0, lon: 0 }, { lat: 90, lon: 0 })).toBeCloseTo((Math.PI / 2) * EARTH_RADIUS_KM, 6);
    expect(greatCircleKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
    // Singapore–Shanghai ≈ 3,800 km; symmetric; zero on identity; across the antimeridian.
    const sg = { lat: 1.3521, lon: 103.8198 };
    const sh = { lat: 31.2304, lon: 121.4737 };
    expect(greatCircleKm(sg, sh)).toBeGreaterThan(3780);
    expect(greatCircleKm(sg, sh)).toBeLessThan(3820);
    expect(greatCircleKm(sh, sg)).toBeCloseTo(greatCircleKm(sg, sh), 9);
    expect(greatCircleKm(sg, sg)).toBe(0);
    expect(greatCircleKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(
      EARTH_RADIUS_KM * (Math.PI / 180),
      6,
    );
  });
});

describe('capsFor', () => {
  it('radius = RTT/2 × v + position uncertainty + 0.6 % Earth-model margin; no processing-time subtraction', () => {
    const [c] = capsFor([meas('a', 1, 103, 10, 2)]);
    expect(c!.fromRttKm).toBeCloseTo(5 * C_KM_PER_MS, 9);
    expect(c!.marginKm).toBeCloseTo(2 + EARTH_MODEL_MARGIN * 5 * C_KM_PER_MS, 9);
    expect(c!.radiusKm).toBeCloseTo(c!.fromRttKm + c!.marginKm, 9);
    expect(EARTH_MODEL_MARGIN).toBeGreaterThanOrEqual(0.005);
  });
  it('fiber-unsound uses 0.69 c', () => {
    const [c] = capsFor([meas('a', 1, 103, 10)], 'fiber-unsound');
    expect(c!.fromRttKm).toBeCloseTo(5 * 0.69 * C_KM_PER_MS, 9);
  });
  it('drops RTT > 250 ms as uninformative and keeps 250 ms', () => {
    const caps = capsFor([meas('a', 0, 0, 250), meas('b', 0, 0, 250.01), meas('c', 0, 0, 0)]);
    expect(caps.map((c) => c.landmarkId)).toEqual(['a', 'c']);
    expect(caps[1]!.radiusKm).toBe(0);
  });
  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('throws on RTT %s', (rtt) => {
    expect(() => capsFor([meas('a', 0, 0, rtt)])).toThrow(RangeError);
    expect(() => locate([meas('a', 0, 0, rtt)], { countriesOfConcern: [] })).toThrow(RangeError);
  });
  it('throws on invalid landmark positions and speed factors', () => {
    expect(() => capsFor([meas('a', 91, 0, 1)])).toThrow(RangeError);
    expect(() => capsFor([meas('a', 0, Number.NaN, 1)])).toThrow(RangeError);
    expect(() => capsAtSpeed([meas('a', 0, 0, 1)], 0)).toThrow(RangeError);
  });
});

describe('cover is conservative (never smaller than the true cap intersection)', () => {
  it('contains every sampled point of the exact intersection, for random cap sets', () => {
    const rnd = mulberry32(7);
    let checked = 0;
    for (let trial = 0; trial < 150; trial++) {
      const lat = (rnd() - 0.5) * 170;
      const lon = (rnd() - 0.5) * 360;
      const truth = { lat, lon };
      const ms = Array.from({ length: 2 + Math.floor(rnd() * 4) }, (_, k) => {
        const p = destination(lat, lon, rnd() * 2000, rnd() * 360);
        const d = greatCircleKm(p, truth);
        return meas(`l${k}`, p.lat, p.lon, ((2 * d) / C_KM_PER_MS) * (1 + rnd()));
      });
      const caps = capsFor(ms);
      const cover = regionCover(caps);
      expect(coverContains(cover, truth)).toBe(true);
      // Sample around the truth; keep points inside every cap (exact), they must be covered.
      for (let s = 0; s < 60; s++) {
        const q = destination(lat, lon, rnd() * 3000, rnd() * 360);
        if (caps.every((c) => greatCircleKm(q, c.center) <= c.radiusKm)) {
          expect(coverContains(cover, q)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
  it('covers the poles and the antimeridian', () => {
    const caps = capsFor([meas('east', 65, 179.9, 1), meas('west', 65, -179.9, 1)]);
    const cover = regionCover(caps);
    expect(coverContains(cover, { lat: 65.1, lon: 180 })).toBe(true);
    expect(coverContains(cover, { lat: 64.9, lon: -179.95 })).toBe(true);
    expect(coverContains(cover, { lat: 65, lon: 0 })).toBe(false);
    const polar = regionCover(capsFor([meas('np', 90, 0, 1)]));
    expect(coverContains(polar, { lat: 89.5, lon: -120 })).toBe(true);
  });
  it('no measurements: the region is the whole Earth and INCONCLUSIVE', () => {
    const v = locate([], { countriesOfConcern: ['CN'] });
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.region.empty).toBe(false);
    expect(v.region.areaKm2).toBeCloseTo(4 * Math.PI * EARTH_RADIUS_KM ** 2, -3);
    expect(v.countriesTouched.length).toBeGreaterThan(200);
  });
});

describe('Natural Earth country raster', () => {
  it('maps ISO numeric ids to alpha-2, with the Natural Earth quirks handled', () => {
    const r = countryRaster();
    const byName = new Map(r.mapping.map((m) => [m.name, m.codes]));
    expect(byName.get('Kosovo')).toEqual(['XK']);
    expect(byName.get('N. Cyprus')).toEqual(['CY']);
    expect(byName.get('Somaliland')).toEqual(['SO']);
    expect(byName.get('Siachen Glacier')).toEqual(['IN', 'PK']);
    expect(byName.get('France')).toEqual(['FR']);
    expect(byName.get('Norway')).toEqual(['NO']);
    expect(byName.get('Hong Kong')).toEqual(['HK']);
    expect(byName.get('Macao')).toEqual(['MO']);
    expect(byName.get('Singapore')).toEqual(['SG']);
    expect(r.mapping.every((m) => m.codes.every((c) => /^[A-Z]{2}$/.test(c)))).toBe(true);
  });
  it.each([
    ['Shanghai', 31.2, 121.5, ['CN']],
    ['Paris', 48.86, 2.35, ['FR']],
    ['Maseru (Lesotho hole in South Africa)', -29.6, 28.2, ['LS']],
    ['Anadyr (Russia east of 180)', 64.73, 177.5, ['RU']],
    ['Chukotka west of 180', 66, -175, ['RU']],
    ['Fiji', -17.8, 178, ['FJ']],
    ['Antarctic plateau', -80, 0, ['AQ']],
    ['mid-Atlantic', 30, -40, []],
  ])('%s', (_name, lat, lon, expected) => {
    expect(countriesAt({ lat, lon })).toEqual(expected);
  });
  it('Singapore and Hong Kong cells carry their neighbours within the margin', () => {
    expect(countriesAt({ lat: 1.3521, lon: 103.8198 })).toEqual(expect.arrayContaining(['SG', 'MY']));
    expect(countriesAt({ lat: 22.3, lon: 114.17 })).toEqual(expect.arrayContaining(['HK', 'CN']));
  });
  it('countriesTouched lists Natural Earth countries (HK separate from CN)', () => {
    const caps = capsFor([meas('hk', 22.3, 114.17, 0.2)]);
    const t = countriesTouched(caps);
    expect(t).toContain('HK');
    expect(t).toContain('CN');
  });
});

describe('verdict semantics (synthetic)', () => {
  const sg = { lat: 1.3521, lon: 103.8198 };
  const near = [meas('sg1', 1.3, 103.85, 0.1), meas('sg2', 1.4, 103.7, 0.1)];
  it('ALLOW when the region lies in the site disc; the site is in the region', () => {
    const v = locate(near, {
      licensedSite: { position: sg, country: 'SG', radiusKm: 100 },
      countriesOfConcern: ['CN'],
    });
    expect(v.verdict).toBe('ALLOW');
    expect(v.licensedSiteInRegion).toBe(true);
    expect(v.sound).toBe(true);
    expect(v.robustness.f).toBe(1);
  });
  it('VIOLATION when the licensed site cannot be in the region', () => {
    const v = locate(near, {
      licensedSite: { position: { lat: 48.86, lon: 2.35 }, country: 'FR', radiusKm: 100 },
      countriesOfConcern: [],
    });
    expect(v.verdict).toBe('VIOLATION');
    expect(v.licensedSiteInRegion).toBe(false);
    expect(v.robustness.survives).toBe(true);
  });
  it('VIOLATION when the region is wholly inside countries of concern; HK counts as CN', () => {
    const wuhan = [meas('w1', 30.6, 114.3, 0.2), meas('w2', 30.5, 114.2, 0.2)];
    expect(locate(wuhan, { countriesOfConcern: ['CN'] }).verdict).toBe('VIOLATION');
    expect(locate(wuhan, { countriesOfConcern: ['RU'] }).verdict).toBe('INCONCLUSIVE');
    const hk = [meas('h1', 22.3, 114.17, 0.05)];
    // The 0.25° cell + 10 km margin around Hong Kong also meets Macao, which is not China for this policy.
    const v = locate(hk, { countriesOfConcern: ['CN', 'MO'] });
    expect(v.countriesTouched).toEqual(expect.arrayContaining(['CN', 'HK', 'MO']));
    expect(v.verdict).toBe('VIOLATION');
    expect(locate(hk, { countriesOfConcern: ['CN'] }).verdict).toBe('INCONCLUSIVE');
  });
  it('an empty intersection is INCONCLUSIVE with a reason, never ALLOW, and names the landmark to blame', () => {
    const bad = [...near, meas('liar', 48.86, 2.35, 1), meas('sg3', 1.35, 103.9, 0.1)];
    const v = locate(bad, { licensedSite: { position: sg, country: 'SG', radiusKm: 20_000 }, countriesOfConcern: [] });
    expect(v.region.empty).toBe(true);
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.reasons.join(' ')).toMatch(/inconsistent/);
    expect(v.robustness.weakestLandmarks).toContain('liar');
  });
  it('fiber-unsound sets sound: false and says so', () => {
    const v = locate(near, { countriesOfConcern: [], speedProfile: 'fiber-unsound' });
    expect(v.sound).toBe(false);
    expect(v.speedProfile).toBe('fiber-unsound');
    expect(v.reasons[0]).toMatch(/UNSOUND/);
  });
  it('robustness: an ALLOW that rests on one landmark does not survive f = 1; f = 0 skips the check', () => {
    const one = [meas('only', 1.3, 103.85, 0.1), meas('far', 35.68, 139.76, 80)];
    const pol = { licensedSite: { position: sg, country: 'SG', radiusKm: 100 }, countriesOfConcern: [] };
    const v = locate(one, pol);
    expect(v.verdict).toBe('ALLOW');
    expect(v.robustness.survives).toBe(false);
    expect(v.robustness.weakestLandmarks[0]).toBe('only');
    expect(locate(one, { ...pol, robustnessF: 0 }).robustness.survives).toBe(true);
    expect(locate(near, pol).robustness.survives).toBe(true);
  });
  it('rejects malformed country codes and radii', () => {
    expect(() => locate(near, { countriesOfConcern: ['China'] })).toThrow(RangeError);
    expect(() =>
      locate(near, { licensedSite: { position: sg, country: 'SG', radiusKm: -1 }, countriesOfConcern: [] }),
    ).toThrow(RangeError);
  });
  it('region reports an outline, a bounding radius and an area', () => {
    const v = locate(near, { countriesOfConcern: [] });
    const g = v.region.geometry as { type: string; coordinates: number[][][][] };
    expect(g.type).toBe('MultiPolygon');
    expect(g.coordinates.length).toBeGreaterThan(0);
    expect(v.region.boundingRadiusKm).toBeGreaterThan(15);
    expect(v.region.boundingRadiusKm).toBeLessThan(120);
    expect(v.region.areaKm2).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(v)).region.geometry.type).toBe('MultiPolygon');
  });
});
