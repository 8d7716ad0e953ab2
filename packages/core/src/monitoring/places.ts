/**
 * Places for the simulator: 20 real data-centre cities (licensed sites) and 5 diversion destinations in countries
 * of concern. `innerKm` is a rough, conservative radius of a disc around the city that lies inside its country or
 * open sea (open sea is neutral in the verdict): it stands in for the country raster when the simulator assigns
 * verdicts (ALLOW only if the bounding cap lies inside that disc). Coordinates are city centres, rounded.
 * @module
 */
import type { GeoPoint } from '../location/types.js';

export interface Place {
  readonly name: string;
  readonly position: GeoPoint;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly innerKm: number;
}

const p = (name: string, lat: number, lon: number, country: string, innerKm: number): Place => ({
  name,
  position: { lat, lon },
  country,
  innerKm,
});

export const DATA_CENTRE_CITIES: readonly Place[] = [
  p('Singapore', 1.35, 103.82, 'SG', 15),
  p('Frankfurt', 50.11, 8.68, 'DE', 150),
  p('Ashburn', 39.04, -77.49, 'US', 500),
  p('Tokyo', 35.68, 139.69, 'JP', 800),
  p('Mumbai', 19.08, 72.88, 'IN', 700),
  p('Dublin', 53.35, -6.26, 'IE', 70),
  p('São Paulo', -23.55, -46.63, 'BR', 700),
  p('Sydney', -33.87, 151.21, 'AU', 1800),
  p('Johannesburg', -26.2, 28.05, 'ZA', 200),
  p('Dubai', 25.2, 55.27, 'AE', 50),
  p('Seoul', 37.57, 126.98, 'KR', 30),
  p('Jakarta', -6.21, 106.85, 'ID', 500),
  p('Kuala Lumpur', 3.14, 101.69, 'MY', 120),
  p('Amsterdam', 52.37, 4.9, 'NL', 100),
  p('Dallas', 32.78, -96.8, 'US', 550),
  p('Toronto', 43.65, -79.38, 'CA', 40),
  p('Paris', 48.86, 2.35, 'FR', 180),
  p('London', 51.51, -0.13, 'GB', 140),
  p('Stockholm', 59.33, 18.07, 'SE', 140),
  p('Warsaw', 52.23, 21.01, 'PL', 170),
];

export const DIVERSION_DESTINATIONS: readonly Place[] = [
  p('Shanghai', 31.23, 121.47, 'CN', 300),
  p('Shenzhen', 22.54, 114.06, 'CN', 300),
  p('Beijing', 39.9, 116.4, 'CN', 600),
  p('Moscow', 55.76, 37.62, 'RU', 400),
  p('Tehran', 35.69, 51.39, 'IR', 400),
];

export const ALL_PLACES: readonly Place[] = [...DATA_CENTRE_CITIES, ...DIVERSION_DESTINATIONS];
