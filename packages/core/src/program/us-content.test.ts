import { describe, expect, it } from 'vitest';
import { EXAMPLE_PROPOSAL } from './fixtures.js';
import type { BomLine, HardwareBom } from './types.js';
import { computeUsContent, formatCents } from './us-content.js';

const line = (id: string, qty: number, amount: number, extra: Partial<BomLine> = {}): BomLine => ({
  id,
  description: id,
  kind: 'good',
  quantity: qty,
  unitValue: { amount, currency: 'USD' },
  ...extra,
});
const bom = (lines: BomLine[], fxRates: HardwareBom['fxRates'] = []): HardwareBom => ({ lines, fxRates });

describe('computeUsContent', () => {
  it('is value-weighted, exact in cents, and shows its arithmetic', () => {
    const r = computeUsContent(EXAMPLE_PROPOSAL.hardwareBom);
    expect(r.totalUsdCents).toBe(5_328_000_000);
    expect(r.usUsdCents).toBe(4_900_000_000);
    expect(r.sharePct).toBe(91.97);
    expect(r.presumptionMet).toBe(true);
    expect(r.arithmetic.at(-2)).toBe('share = 49,000,000.00 ÷ 53,280,000.00 = 91.97 %');
    expect(r.lines.find((l) => l.lineId === 'L6')?.usdCents).toBe(108_000_000);
    expect(r.ambiguities.length).toBeGreaterThan(0);
    expect(r.method).toContain('Stackport’s reading');
  });

  it('meets the presumption at exactly 51 % and not one cent below', () => {
    const at = computeUsContent(
      bom([line('a', 1, 51, { originCountry: 'US' }), line('b', 1, 49, { originCountry: 'TW' })]),
    );
    expect(at.sharePct).toBe(51);
    expect(at.presumptionMet).toBe(true);
    const below = computeUsContent(
      bom([line('a', 1, 50.99, { originCountry: 'US' }), line('b', 1, 49.01, { originCountry: 'TW' })]),
    );
    expect(below.presumptionMet).toBe(false);
  });

  it('applies a declared fraction over the origin rule, both ways', () => {
    const r = computeUsContent(
      bom([
        line('us-made', 1, 100, { originCountry: 'US', usContentFraction: 0.4 }),
        line('foreign', 1, 100, { originCountry: 'MX', usContentFraction: 0.7 }),
      ]),
    );
    expect(r.usUsdCents).toBe(11_000);
    expect(r.lines.map((l) => l.basis)).toEqual(['declared-fraction', 'declared-fraction']);
  });

  it('bounds the share when origins are missing, and is unknown without a rate', () => {
    const r = computeUsContent(bom([line('a', 1, 40, { originCountry: 'US' }), line('b', 1, 60)]));
    expect(r.sharePct).toBe(40);
    expect(r.sharePctUpper).toBe(100);
    expect(r.presumptionMet).toBe('unknown');
    expect(r.problems[0]?.path).toBe('hardwareBom.lines.1.originCountry');
    const low = computeUsContent(
      bom([line('a', 1, 10, { originCountry: 'US' }), line('b', 1, 60, { originCountry: 'TW' }), line('c', 1, 30)]),
    );
    expect(low.presumptionMet).toBe(false);
    const fx = computeUsContent(
      bom([line('a', 1, 10, { originCountry: 'US', unitValue: { amount: 10, currency: 'JPY' } })]),
    );
    expect(fx.presumptionMet).toBe('unknown');
    expect(fx.lines[0]?.basis).toBe('no-fx-rate');
  });

  it('reproduces from the saved snapshot: same hash and cents whatever the key order', () => {
    const a = computeUsContent(EXAMPLE_PROPOSAL.hardwareBom);
    const reordered = JSON.parse(
      JSON.stringify(EXAMPLE_PROPOSAL.hardwareBom, (_k, v) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
      ),
    ) as HardwareBom;
    const b = computeUsContent(reordered);
    expect(b.inputsHash).toBe(a.inputsHash);
    expect(b.arithmetic).toEqual(a.arithmetic);
  });

  it('formats cents without a locale', () => {
    expect(formatCents(123456789)).toBe('1,234,567.89');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-100000)).toBe('-1,000.00');
  });
});
