/**
 * The offline fleet maps (SVG, d3-geo, the same world file and spherical geometry as the location maps):
 * - {@link FleetWorldMap}: devices per licensed-site country as a choropleth (with a dot where a country is too
 *   small to see) and the alerts not dismissed per country as red markers;
 * - {@link DeviceCapsMap}: one device's check-ins as their bounding caps (true spherical circles, coloured by
 *   verdict) around its licensed site, on an orthographic view framing them all.
 */
import {
  type GeoPermissibleObjects,
  geoArea,
  geoCentroid,
  geoDistance,
  geoGraticule10,
  geoNaturalEarth1,
  geoOrthographic,
  geoPath,
} from 'd3-geo';
import type { Geometry, Polygon } from 'geojson';
import { type ReactNode, useMemo } from 'react';
import type { LicensedSite } from '../api';
import type { StoredCheckIn } from '../fleet-api';
import { capPolygon, EARTH_RADIUS_KM, kmToDegrees, lonLat, type Position } from '../location/geo';
import type { World } from '../location/world';
import { fmtKm, ScaleBar, useWorld } from './LocationMap';
import { Spinner } from './ui';

const DEG = 180 / Math.PI;

function MapGate({ children }: { children: (world: World) => ReactNode }) {
  const { world, error } = useWorld();
  if (error)
    return (
      <p className="notice" role="alert">
        {error}
      </p>
    );
  if (!world) return <Spinner label="Loading the world map…" />;
  return <>{children(world)}</>;
}

/** The point to pin a country's marker on: the centroid of its largest polygon (not of France with its DOMs). */
function anchorOf(g: Geometry): Position {
  if (g.type === 'MultiPolygon') {
    let best: Polygon | null = null;
    let bestArea = -1;
    for (const coordinates of g.coordinates) {
      const p: Polygon = { type: 'Polygon', coordinates };
      const a = geoArea(p);
      if (a > bestArea) {
        bestArea = a;
        best = p;
      }
    }
    if (best) return geoCentroid(best) as Position;
  }
  return geoCentroid(g as GeoPermissibleObjects) as Position;
}

// ------------------------------------------------------------------ the fleet

export interface CountryCount {
  readonly country: string;
  readonly devices: number;
}

export interface CountryAlerts {
  readonly country: string;
  readonly open: number;
}

const W = 960;
const H = 480;

/** Choropleth class 1–4 of a device count, on a log scale up to the fleet's largest country. */
function deviceClass(n: number, max: number): number {
  if (n <= 0) return 0;
  if (max <= 1) return 4;
  return Math.max(1, Math.min(4, Math.ceil((4 * Math.log1p(n)) / Math.log1p(max))));
}

export function FleetWorldMap({
  countries,
  alerts,
}: {
  countries: readonly CountryCount[];
  alerts: readonly CountryAlerts[];
}) {
  return <MapGate>{(world) => <FleetWorldSvg world={world} countries={countries} alerts={alerts} />}</MapGate>;
}

function FleetWorldSvg({
  world,
  countries,
  alerts,
}: {
  world: World;
  countries: readonly CountryCount[];
  alerts: readonly CountryAlerts[];
}) {
  const view = useMemo(() => {
    const projection = geoNaturalEarth1().fitExtent(
      [
        [4, 4],
        [W - 4, H - 4],
      ],
      { type: 'Sphere' },
    );
    const path = geoPath(projection);
    const devices = new Map(countries.map((c) => [c.country, c.devices]));
    const open = new Map(alerts.filter((a) => a.open > 0).map((a) => [a.country, a.open]));
    const max = Math.max(0, ...countries.map((c) => c.devices));
    const placed = new Set<string>();
    const shapes = world.countries.map((c) => {
      const code = c.codes.find((x) => devices.has(x) || open.has(x));
      const n = c.codes.reduce((s, x) => s + (devices.get(x) ?? 0), 0);
      const d = path(c.geometry) ?? '';
      let anchor: [number, number] | null = null;
      if (code && !placed.has(code)) {
        placed.add(code);
        anchor = projection(anchorOf(c.geometry));
      }
      return {
        d,
        name: c.name,
        codes: c.codes,
        code,
        devices: n,
        open: c.codes.reduce((s, x) => s + (open.get(x) ?? 0), 0),
        cls: deviceClass(n, max),
        // A country smaller than a few pixels gets a dot as well as its colour.
        tiny: path.area(c.geometry) < 30,
        anchor,
      };
    });
    return {
      sphere: path({ type: 'Sphere' }) ?? '',
      graticule: path(geoGraticule10()) ?? '',
      borders: path(world.borders) ?? '',
      shapes,
      max,
      // Countries in the data that the map has no shape for (still listed in the table).
      missing: [...new Set([...devices.keys(), ...open.keys()])].filter((c) => !placed.has(c)),
    };
  }, [world, countries, alerts]);

  const title = 'World map: devices per licensed-site country and open alerts per country';
  return (
    <figure className="loc-map fleet-map">
      <svg viewBox={`0 0 ${W} ${H}`} className="loc-svg" role="img" aria-label={title} data-testid="fleet-map">
        <title>{title}</title>
        <path d={view.sphere} className="map-sphere" />
        <path d={view.graticule} className="map-graticule" />
        <g>
          {view.shapes.map((c, i) =>
            c.d ? (
              <path
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed list, never reordered
                key={i}
                d={c.d}
                className={`map-country ${c.cls ? `fleet-d${c.cls}` : 'map-land'}`}
                data-testid={c.devices ? 'fleet-country' : undefined}
                data-country={c.code ? c.codes.join(' ') : undefined}
                data-devices={c.devices || undefined}
              >
                <title>
                  {`${c.name}${c.codes.length ? ` (${c.codes.join(', ')})` : ''}: ${c.devices} device${c.devices === 1 ? '' : 's'}${c.open ? `, ${c.open} alert${c.open === 1 ? '' : 's'} not dismissed` : ''}`}
                </title>
              </path>
            ) : null,
          )}
        </g>
        <path d={view.borders} className="map-borders" />
        <g>
          {view.shapes.map((c) =>
            c.anchor && c.devices && c.tiny ? (
              <circle
                key={`dot-${c.code}`}
                cx={c.anchor[0]}
                cy={c.anchor[1]}
                r={3.2}
                className={`fleet-dot fleet-d${c.cls}`}
              />
            ) : null,
          )}
        </g>
        <g>
          {view.shapes.map((c) => {
            if (!c.anchor || !c.open || !c.code) return null;
            const r = 6 + 2.2 * Math.sqrt(c.open);
            const [x, y] = c.anchor;
            return (
              <g key={`al-${c.code}`} className="fleet-alert" data-testid="alert-marker" data-country={c.code}>
                <title>{`${c.name}: ${c.open} alert${c.open === 1 ? '' : 's'} not dismissed on devices licensed here`}</title>
                <circle cx={x + r * 0.6} cy={y - r * 0.6} r={r} />
                <text x={x + r * 0.6} y={y - r * 0.6 + 3.5} textAnchor="middle">
                  {c.open}
                </text>
              </g>
            );
          })}
        </g>
        <path d={view.sphere} className="map-sphere-edge" />
      </svg>
      <ul className="map-legend" aria-label="Legend">
        {[1, 2, 3, 4].map((k) => (
          <li key={k}>
            <span className={`key fleet-key fleet-d${k}`} />
            {k === 1 ? 'fewer devices' : k === 4 ? `most devices (up to ${view.max})` : ''}
          </li>
        ))}
        <li>
          <span className="key key-alert" /> alerts not dismissed (number), on the devices’ licensed-site country
        </li>
        {view.missing.length > 0 && <li>not on the map: {view.missing.join(', ')}</li>}
      </ul>
    </figure>
  );
}

// ------------------------------------------------------------------ one device

/** The check-ins a device map draws at most (newest first). */
export const MAX_CAPS = 40;

export function DeviceCapsMap({
  site,
  checkIns,
  highlight,
}: {
  site: LicensedSite;
  checkIns: readonly StoredCheckIn[];
  highlight?: string | null;
}) {
  return (
    <MapGate>
      {(world) => <DeviceCapsSvg world={world} site={site} checkIns={checkIns} highlight={highlight ?? null} />}
    </MapGate>
  );
}

const DW = 720;
const DH = 460;

function DeviceCapsSvg({
  world,
  site,
  checkIns,
  highlight,
}: {
  world: World;
  site: LicensedSite;
  checkIns: readonly StoredCheckIn[];
  highlight: string | null;
}) {
  const drawn = useMemo(
    () =>
      checkIns
        .slice(0, MAX_CAPS)
        .flatMap((c) => (c.region.center ? [{ c, center: c.region.center, r: c.region.boundingRadiusKm }] : [])),
    [checkIns],
  );
  const view = useMemo(() => {
    // Frame: the centroid of the site and the caps' centres, wide enough to hold every cap and the site disc.
    const points = [lonLat(site.position), ...drawn.map((d) => lonLat(d.center))];
    const center = (
      points.length > 1 ? geoCentroid({ type: 'MultiPoint', coordinates: points }) : points[0]
    ) as Position;
    let far = geoDistance(center, lonLat(site.position)) * DEG + kmToDegrees(site.radiusKm);
    for (const d of drawn) far = Math.max(far, geoDistance(center, lonLat(d.center)) * DEG + kmToDegrees(d.r));
    const radiusDeg = Math.min(90, Math.max(4, far * 1.08));
    const radius = (radiusDeg * Math.PI) / 180;
    const scale = ((Math.min(DW, DH) / 2) * 0.96) / Math.sin(Math.min(Math.PI / 2, radius));
    const projection = geoOrthographic()
      .rotate([-center[0], -center[1]])
      .clipAngle(90)
      .scale(scale)
      .translate([DW / 2, DH / 2])
      .clipExtent([
        [0, 0],
        [DW, DH],
      ]);
    const path = geoPath(projection);
    const touched = new Set(drawn.flatMap((d) => d.c.region.countriesTouched));
    return {
      projection,
      kmPerPx: EARTH_RADIUS_KM / scale,
      sphere: path({ type: 'Sphere' }) ?? '',
      graticule: path(geoGraticule10()) ?? '',
      borders: path(world.borders) ?? '',
      countries: world.countries.map((c) => ({
        d: path(c.geometry) ?? '',
        name: c.name,
        codes: c.codes,
        touched: c.codes.some((x) => touched.has(x)),
      })),
      // Oldest first, so the newest caps are drawn on top.
      caps: [...drawn].reverse().map((d) => ({ ...d, path: path(capPolygon(d.center, d.r)) ?? '' })),
      siteDisk: path(capPolygon(site.position, site.radiusKm)) ?? '',
      siteXY: projection(lonLat(site.position)),
    };
  }, [world, site, drawn]);

  const title = `Map of the device's check-ins: ${drawn.length} bounding caps and the licensed site`;
  const xy = view.siteXY;
  return (
    <figure className="loc-map">
      <svg viewBox={`0 0 ${DW} ${DH}`} className="loc-svg" role="img" aria-label={title} data-testid="device-map">
        <title>{title}</title>
        <path d={view.sphere} className="map-sphere" />
        <path d={view.graticule} className="map-graticule" />
        <g>
          {view.countries.map((c, i) =>
            c.d ? (
              <path
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed list, never reordered
                key={i}
                d={c.d}
                className={`map-country ${c.touched ? 'map-touched' : 'map-land'}`}
                data-country={c.touched ? c.codes.join(' ') : undefined}
              >
                <title>{`${c.name}${c.touched ? ': touched by a drawn region' : ''}`}</title>
              </path>
            ) : null,
          )}
        </g>
        <path d={view.borders} className="map-borders" />
        <g>
          {view.caps.map(({ c, r, path }) => (
            <path
              key={c.checkInId}
              d={path}
              className={`fleet-cap fleet-cap-${c.verdict}${highlight === c.checkInId ? ' fleet-cap-hl' : ''}`}
              data-testid="checkin-cap"
              data-check-in={c.checkInId}
              data-verdict={c.verdict}
            >
              <title>{`${c.at.slice(0, 16).replace('T', ' ')} UTC · ${c.verdict} · within ${fmtKm(r)} of the centre`}</title>
            </path>
          ))}
        </g>
        {view.siteDisk && <path d={view.siteDisk} className="map-site-disk" />}
        {xy && (
          <g className="map-site" data-testid="site-marker">
            <title>{`Licensed site${site.label ? ` ${site.label}` : ''} (${site.country}), radius ${fmtKm(site.radiusKm)}`}</title>
            <path d={`M${xy[0]},${xy[1] - 7}L${xy[0] + 6},${xy[1]}L${xy[0]},${xy[1] + 7}L${xy[0] - 6},${xy[1]}Z`} />
            <text x={xy[0] + 9} y={xy[1] + 16} className="map-label map-site-label">
              {site.label ?? 'Licensed site'}
            </text>
          </g>
        )}
        <path d={view.sphere} className="map-sphere-edge" />
        <ScaleBar kmPerPx={view.kmPerPx} x={12} y={DH - 14} maxPx={DW / 4} />
      </svg>
      <ul className="map-legend" aria-label="Legend">
        <li>
          <span className="key key-site" /> licensed site and its radius
        </li>
        <li>
          <span className="key fleet-key-cap fleet-cap-ALLOW" /> ALLOW
        </li>
        <li>
          <span className="key fleet-key-cap fleet-cap-INCONCLUSIVE" /> INCONCLUSIVE
        </li>
        <li>
          <span className="key fleet-key-cap fleet-cap-VIOLATION" /> VIOLATION
        </li>
        <li>
          <span className="key key-touched" /> countries a drawn region touches
        </li>
        <li className="muted">
          each circle bounds one check-in’s region (the device was somewhere inside it); newest {MAX_CAPS} drawn
        </li>
      </ul>
    </figure>
  );
}
