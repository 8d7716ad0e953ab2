import { describe, expect, it } from 'vitest';
import { countryCode, isCountryCode } from './countries.js';

describe('countryCode', () => {
  it('resolves codes and the spellings lists use', () => {
    expect(countryCode('cn')).toBe('CN');
    expect(countryCode('Iran (Islamic Republic of)')).toBe('IR');
    expect(countryCode("Democratic People's Republic of Korea")).toBe('KP');
    expect(countryCode('Korea, Republic of')).toBe('KR');
    expect(countryCode('Viet Nam')).toBe('VN');
    expect(countryCode('Türkiye')).toBe('TR');
    expect(countryCode('Russian Federation')).toBe('RU');
    expect(countryCode('United Arab Emirates')).toBe('AE');
    expect(countryCode('Democratic Republic of the Congo')).toBe('CD');
  });

  it('refuses unknown and ambiguous input instead of guessing', () => {
    expect(countryCode('ZZ')).toBeUndefined();
    expect(countryCode('Atlantis')).toBeUndefined();
    expect(countryCode('Congo')).toBeUndefined();
    expect(isCountryCode('XK')).toBe(true);
    expect(isCountryCode('EU')).toBe(false);
  });
});
