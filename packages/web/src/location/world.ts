/**
 * The offline world: Natural Earth admin-0 1:50M from world-atlas (the same file the geometry
 * rasterises, so SG, HK and MO exist), shipped by Vite as a static asset of the console and fetched
 * from the Stackport server once per page load. No tile server, no CDN.
 * @module
 */
import type { Geometry, MultiLineString } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import worldUrl from 'world-atlas/countries-50m.json?url';
import { codesOfFeature } from './country-codes';

export interface Country {
  /** ISO 3166-1 alpha-2 codes the feature stands for (usually one). */
  readonly codes: readonly string[];
  readonly name: string;
  readonly geometry: Geometry;
}

export interface World {
  readonly countries: readonly Country[];
  /** Borders between countries, drawn once (not once per country). */
  readonly borders: MultiLineString;
}

let loading: Promise<World> | null = null;

/** Loads (once) and decodes the TopoJSON. */
export function loadWorld(): Promise<World> {
  loading ??= fetch(worldUrl)
    .then((res) => {
      if (!res.ok) throw new Error(`the world map could not be loaded (HTTP ${res.status})`);
      return res.json() as Promise<Topology<{ countries: GeometryCollection<{ name: string }> }>>;
    })
    .then((topo) => {
      const fc = feature(topo, topo.objects.countries);
      const countries = fc.features.map((f) => ({
        codes: codesOfFeature(f.id, f.properties?.name),
        name: f.properties?.name ?? '',
        geometry: f.geometry,
      }));
      const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
      return { countries, borders };
    })
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}
