/**
 * The console's map colours countries by ISO 3166-1 alpha-2; its mapping of the world-atlas 50m
 * features must be the geometry's (core's countryRaster mapping: i18n-iso-countries + NAME_OVERRIDES).
 */
import { createRequire } from 'node:module';
import { NAME_OVERRIDES } from '@stackport/core';
import { describe, expect, it } from 'vitest';
import { codesOfFeature, NAME_TO_ALPHA2 } from '../src/location/country-codes.js';

const require = createRequire(import.meta.url);
const iso = require('i18n-iso-countries') as { numericToAlpha2: (n: string) => string | undefined };
const world = require('world-atlas/countries-50m.json') as {
  objects: { countries: { geometries: { id?: string; properties: { name: string } }[] } };
};

describe('map country codes', () => {
  it('map every world-atlas 50m feature as the geometry does', () => {
    const features = world.objects.countries.geometries;
    expect(features.length).toBeGreaterThan(200);
    for (const f of features) {
      const a2 = f.id && /^\d{3}$/.test(f.id) ? iso.numericToAlpha2(f.id) : undefined;
      const expected = a2 ? [a2] : NAME_OVERRIDES[f.properties.name];
      expect(expected, f.properties.name).toBeDefined();
      expect(codesOfFeature(f.id, f.properties.name), f.properties.name).toEqual(expected);
    }
    expect(NAME_TO_ALPHA2).toEqual(NAME_OVERRIDES);
    // The ones export control turns on exist as their own features.
    const codes = features.flatMap((f) => codesOfFeature(f.id, f.properties.name));
    for (const c of ['SG', 'HK', 'MO', 'CN', 'TW', 'MY']) expect(codes, c).toContain(c);
  });
});
