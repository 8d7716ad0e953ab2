/**
 * The offline maps of one verification (SVG, d3-geo): the world (Natural Earth projection) and a
 * zoomed orthographic view centred on the feasible region. Both draw the countries (those the
 * region touches highlighted, countries of concern in red), each landmark's cap as a spherical
 * circle, the feasible region and its outline, the licensed site with its radius, and the landmarks.
 */
import { type GeoProjection, geoDistance, geoGraticule10, geoNaturalEarth1, geoOrthographic, geoPath } from 'd3-geo';
import { useEffect, useMemo, useState } from 'react';
import type { Cap, GeoPoint, LicensedSite } from '../api';
import {
  capPolygon,
  EARTH_RADIUS_KM,
  lonLat,
  type MultiLineStringGeometry,
  type MultiPolygonGeometry,
  type Position,
  zoomFrame,
} from '../location/geo';
import { loadWorld, type World } from '../location/world';
import { Spinner } from './ui';

/** Distinct, print-safe colours for the landmarks and their caps. */
export const LANDMARK_COLOURS = [
  '#2563eb',
  '#d97706',
  '#059669',
  '#9333ea',
  '#db2777',
  '#0891b2',
  '#65a30d',
  '#dc2626',
  '#4f46e5',
  '#b45309',
];

export interface MapLandmark {
  readonly id: string;
  readonly label: string;
  readonly position: GeoPoint;
  readonly status: 'accepted' | 'rejected' | 'unreachable';
  readonly colour: string;
}

export interface MapData {
  readonly caps: readonly Cap[];
  readonly landmarks: readonly MapLandmark[];
  readonly region: MultiPolygonGeometry | null;
  readonly outline: MultiLineStringGeometry | null;
  readonly site: LicensedSite | undefined;
  readonly touched: ReadonlySet<string>;
  readonly concern: ReadonlySet<string>;
}

type CountryClass = 'land' | 'concern' | 'touched' | 'touched-concern';

function countryClass(codes: readonly string[], d: MapData): CountryClass {
  const touched = codes.some((c) => d.touched.has(c));
  const concern = codes.some((c) => d.concern.has(c));
  if (touched && concern) return 'touched-concern';
  if (touched) return 'touched';
  if (concern) return 'concern';
  return 'land';
}

/** The offline world map (loaded once per page load), or the reason it could not be loaded. */
export function useWorld(): { world: World | null; error: string | null } {
  const [world, setWorld] = useState<World | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadWorld()
      .then((w) => live && setWorld(w))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, []);
  return { world, error };
}

export function LocationMaps({ data }: { data: MapData }) {
  const { world, error } = useWorld();
  if (error)
    return (
      <p className="notice" role="alert">
        {error}
      </p>
    );
  if (!world) return <Spinner label="Loading the world map…" />;
  return (
    <div className="loc-maps">
      <figure className="loc-map loc-map-world">
        <MapSvg world={world} data={data} kind="world" />
        <figcaption>World (Natural Earth projection)</figcaption>
      </figure>
      <figure className="loc-map loc-map-zoom">
        <MapSvg world={world} data={data} kind="zoom" />
        <figcaption>Around the region (orthographic)</figcaption>
      </figure>
    </div>
  );
}

const SIZE = { world: { w: 760, h: 400 }, zoom: { w: 440, h: 400 } } as const;

function MapSvg({ world, data, kind }: { world: World; data: MapData; kind: 'world' | 'zoom' }) {
  const { w, h } = SIZE[kind];
  const view = useMemo(() => {
    let projection: GeoProjection;
    let visible: (p: Position) => boolean;
    let kmPerPx: number | null = null;
    if (kind === 'world') {
      projection = geoNaturalEarth1().fitExtent(
        [
          [4, 4],
          [w - 4, h - 4],
        ],
        { type: 'Sphere' },
      );
      visible = () => true;
    } else {
      const frame = zoomFrame({
        region: data.region,
        site: data.site?.position,
        landmarks: data.landmarks.map((l) => l.position),
      });
      const radius = (frame.radiusDeg * Math.PI) / 180;
      const scale = ((Math.min(w, h) / 2) * 0.96) / Math.sin(Math.min(Math.PI / 2, radius));
      projection = geoOrthographic()
        .rotate([-frame.center[0], -frame.center[1]])
        .clipAngle(90)
        .scale(scale)
        .translate([w / 2, h / 2])
        .clipExtent([
          [0, 0],
          [w, h],
        ]);
      visible = (p) => {
        if (geoDistance(frame.center, p) >= Math.PI / 2 - 1e-6) return false;
        const xy = projection(p);
        return !!xy && xy[0] >= 0 && xy[0] <= w && xy[1] >= 0 && xy[1] <= h;
      };
      kmPerPx = EARTH_RADIUS_KM / scale;
    }
    const path = geoPath(projection);
    const countries = world.countries.map((c) => ({
      d: path(c.geometry) ?? '',
      cls: countryClass(c.codes, data),
      codes: c.codes,
      name: c.name,
    }));
    return {
      projection,
      path,
      visible,
      kmPerPx,
      sphere: path({ type: 'Sphere' }) ?? '',
      graticule: path(geoGraticule10()) ?? '',
      countries,
      borders: path(world.borders) ?? '',
      caps: data.caps.map((cap) => ({ cap, d: path(capPolygon(cap.center, cap.radiusKm)) ?? '' })),
      region: data.region ? (path(data.region) ?? '') : '',
      outline: data.outline ? (path(data.outline) ?? '') : '',
      siteDisk: data.site ? (path(capPolygon(data.site.position, data.site.radiusKm)) ?? '') : '',
    };
  }, [world, data, kind, w, h]);

  const colourOf = new Map(data.landmarks.map((l) => [l.id, l.colour]));
  const site = data.site;
  const siteXY = site && view.visible(lonLat(site.position)) ? view.projection(lonLat(site.position)) : null;
  const labels = placeLabels(
    data.landmarks.flatMap((l) => {
      const p = lonLat(l.position);
      const xy = view.visible(p) ? view.projection(p) : null;
      return xy ? [{ l, x: xy[0], y: xy[1] }] : [];
    }),
    kind === 'world' ? 10.5 : 12,
    siteXY,
  );
  const title =
    kind === 'world'
      ? 'World map: landmarks, their caps, the feasible region and the licensed site'
      : 'Zoomed map centred on the feasible region';

  return (
    <svg
      viewBox={`0 0 ${w} ${h}`}
      className="loc-svg"
      role="img"
      aria-label={title}
      data-testid={kind === 'world' ? 'world-map' : 'zoom-map'}
    >
      <title>{title}</title>
      <defs>
        <clipPath id={`clip-${kind}`}>
          <path d={view.sphere} />
        </clipPath>
      </defs>
      <path d={view.sphere} className="map-sphere" />
      <path d={view.graticule} className="map-graticule" />
      <g>
        {view.countries.map((c, i) =>
          c.d ? (
            <path
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed list, never reordered
              key={i}
              d={c.d}
              className={`map-country map-${c.cls}`}
              data-country={c.cls === 'land' ? undefined : c.codes.join(' ')}
            >
              <title>
                {c.name}
                {c.codes.length ? ` (${c.codes.join(', ')})` : ''}
                {c.cls === 'touched-concern'
                  ? ': country of concern, touched by the region'
                  : c.cls === 'touched'
                    ? ': touched by the region'
                    : c.cls === 'concern'
                      ? ': country of concern'
                      : ''}
              </title>
            </path>
          ) : null,
        )}
      </g>
      <path d={view.borders} className="map-borders" />
      <g className="map-caps">
        {view.caps.map(({ cap, d }) => (
          <path
            key={cap.landmarkId}
            d={d}
            className="map-cap"
            data-testid="cap"
            data-landmark={cap.landmarkId}
            style={{
              stroke: colourOf.get(cap.landmarkId) ?? '#475569',
              fill: kind === 'world' ? (colourOf.get(cap.landmarkId) ?? '#475569') : 'none',
            }}
          >
            <title>{`${cap.landmarkId}: within ${fmtKm(cap.radiusKm)} (RTT ${fmtKm(cap.fromRttKm)} + margin ${fmtKm(cap.marginKm)})`}</title>
          </path>
        ))}
      </g>
      {view.siteDisk && <path d={view.siteDisk} className="map-site-disk" />}
      {view.region && (
        <g className="map-region-fill">
          <path d={view.region} data-testid="region-fill" />
        </g>
      )}
      {view.outline && <path d={view.outline} className="map-region-outline" data-testid="region-outline" />}
      <g className="map-landmarks">
        {labels.map(({ l, x, y, label }) => (
          <g key={l.id} data-testid="landmark-marker" data-landmark={l.id} className={`map-landmark lm-${l.status}`}>
            <title>{`${l.label} (${l.id}): ${l.status}`}</title>
            {l.status === 'accepted' ? (
              <circle cx={x} cy={y} r={kind === 'world' ? 3.2 : 4.5} style={{ fill: l.colour }} />
            ) : (
              <path
                d={`M${x - 3.5},${y - 3.5}L${x + 3.5},${y + 3.5}M${x - 3.5},${y + 3.5}L${x + 3.5},${y - 3.5}`}
                className="map-landmark-x"
              />
            )}
            {label && (
              <text x={label.x} y={label.y} textAnchor={label.anchor} className="map-label">
                {l.label}
              </text>
            )}
          </g>
        ))}
      </g>
      {siteXY && site && (
        <g className="map-site" data-testid="site-marker">
          <title>{`Licensed site${site.label ? ` ${site.label}` : ''} (${site.country}), radius ${fmtKm(site.radiusKm)}`}</title>
          <path
            d={`M${siteXY[0]},${siteXY[1] - 7}L${siteXY[0] + 6},${siteXY[1]}L${siteXY[0]},${siteXY[1] + 7}L${siteXY[0] - 6},${siteXY[1]}Z`}
          />
          {kind === 'zoom' && (
            <text x={siteXY[0] + 9} y={siteXY[1] + 16} className="map-label map-site-label">
              {site.label ?? 'Licensed site'}
            </text>
          )}
        </g>
      )}
      <path d={view.sphere} className="map-sphere-edge" />
      {view.kmPerPx !== null && <ScaleBar kmPerPx={view.kmPerPx} x={12} y={h - 14} maxPx={w / 4} />}
    </svg>
  );
}

export function ScaleBar({ kmPerPx, x, y, maxPx }: { kmPerPx: number; x: number; y: number; maxPx: number }) {
  const maxKm = kmPerPx * maxPx;
  const nice = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000].filter((k) => k <= maxKm).at(-1) ?? 20;
  const px = nice / kmPerPx;
  return (
    <g className="map-scale">
      <rect x={x - 6} y={y - 16} width={px + 12} height={24} rx={3} className="map-scale-bg" />
      <path d={`M${x},${y - 4}V${y}H${x + px}V${y - 4}`} />
      <text x={x + px / 2} y={y - 6} textAnchor="middle">
        {`${nice.toLocaleString('en-US')} km`}
      </text>
    </g>
  );
}

interface Placed {
  l: MapLandmark;
  x: number;
  y: number;
  label: { x: number; y: number; anchor: 'start' | 'end' } | null;
}

/** Labels right of the marker, else left; a label that would overlap one already placed is left out. */
function placeLabels(
  points: readonly { l: MapLandmark; x: number; y: number }[],
  fontPx: number,
  site: [number, number] | null,
): Placed[] {
  const boxes: [number, number, number, number][] = site ? [[site[0] - 7, site[1] - 7, site[0] + 7, site[1] + 7]] : [];
  const hit = (b: [number, number, number, number]) =>
    boxes.some((o) => b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]);
  for (const p of points) boxes.push([p.x - 4, p.y - 4, p.x + 4, p.y + 4]);
  return [...points]
    .sort((a, b) => a.l.id.localeCompare(b.l.id))
    .map((p) => {
      const wText = p.l.label.length * fontPx * 0.56;
      const right: [number, number, number, number] = [
        p.x + 6,
        p.y - fontPx * 0.8,
        p.x + 6 + wText,
        p.y + fontPx * 0.3,
      ];
      const left: [number, number, number, number] = [p.x - 6 - wText, right[1], p.x - 6, right[3]];
      for (const [box, anchor] of [
        [right, 'start'],
        [left, 'end'],
      ] as const) {
        if (!hit(box)) {
          boxes.push(box);
          return { ...p, label: { x: anchor === 'start' ? p.x + 6 : p.x - 6, y: p.y + fontPx * 0.3, anchor } };
        }
      }
      return { ...p, label: null };
    });
}

export function fmtKm(km: number): string {
  return `${Math.round(km).toLocaleString('en-US')} km`;
}
