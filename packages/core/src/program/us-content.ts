/**
 * US-content share of the hardware layer, from the proposal's hardware bill of materials.
 *
 * The national interest determination's US-content component is "presumed met when the aggregate value of the
 * hardware layer is ≥51% US-origin content" (FR Doc 2026-06952 as summarised in [S: R8, R9]). The summaries do not
 * say how US-origin content is valued. **Our reading** (flagged `US_CONTENT_METHOD` on every result):
 *
 * 1. A line's value is quantity × unit value, in integer cents of its currency. Other currencies are converted to
 *    USD with the dated rate the proposal records (`hardwareBom.fxRates`), rounded half up to the cent, per line.
 * 2. A line's US-origin value is its USD value × its declared `usContentFraction` when one is given (rounded to
 *    the cent). Without a fraction, a line whose origin country is `US` counts 100 %, any other origin 0 %.
 * 3. The share is Σ US-origin value ÷ Σ value over all lines, goods and services alike. The presumption is met
 *    when 100 × US ≥ 51 × total, compared in integer cents, so the answer is exact.
 * 4. A line with no origin counts 0 % for the lower bound and 100 % for the upper bound; a line whose currency has
 *    no rate cannot be valued, and then the presumption is `unknown`.
 *
 * Alternatives a reviewer may apply instead: origin by substantial transformation vs by value added, US content of
 * foreign-made lines counted at cost, services (cloud) left out of the hardware value, a different FX date. The
 * function is pure over the saved BOM, and the result carries the hash of its inputs, so any saved snapshot
 * reproduces to the cent.
 * @module
 */
import { canonicalJson, sha256Hex } from '../lists/content-hash.js';
import type { BomLine, HardwareBom } from './types.js';

export const US_CONTENT_THRESHOLD_PCT = 51;
export const US_CONTENT_METHOD_VERSION = 'stackport-us-content/1';

export const US_CONTENT_METHOD =
  'Value-weighted over the hardware BOM: line value = quantity × unit value (integer cents, converted to USD per line at the recorded dated rate, half up); US-origin value = value × declared US-content fraction, or 100 % when the origin is US and no fraction is declared, else 0 %; share = Σ US ÷ Σ value; presumption met when 100 × US ≥ 51 × total. This is Stackport’s reading: the Call (as summarised) does not define the valuation.';

export const US_CONTENT_AMBIGUITIES: readonly string[] = [
  'The Call (as summarised in R8, R9) does not define "US-origin content": origin by country of manufacture, by substantial transformation or by value added all give different shares.',
  'A line with origin US counts 100 % unless a fraction is declared, although it may contain foreign parts; a foreign-made line counts only its declared US fraction.',
  'Services (cloud, integration) are counted in the hardware-layer value, because EO 14320 Sec. 3(b)(i)(A) puts cloud services in that layer; a reviewer may leave them out.',
  'Currency conversion uses the rates recorded in the proposal; their date and source decide the result for non-USD lines.',
  'It is a presumption: a share below 51 % does not bar designation, and a share above it can be rebutted [U].',
];

export type UsContentBasis = 'declared-fraction' | 'origin-us' | 'origin-foreign' | 'origin-unknown' | 'no-fx-rate';

export interface UsContentLine {
  readonly lineId: string;
  readonly path: string;
  readonly quantity: number;
  readonly unitCents: number;
  readonly currency: string;
  /** quantity × unit value, in cents of the line's currency. */
  readonly valueCents: number;
  /** The value in US cents; undefined when the currency has no rate. */
  readonly usdCents?: number;
  readonly fx?: { readonly usdPerUnit: number; readonly date: string; readonly source: string };
  /** The fraction applied: the declared one, 1 for US origin, 0 otherwise; undefined when unknown. */
  readonly usFraction?: number;
  readonly basis: UsContentBasis;
  /** US-origin value, US cents (0 when unknown). */
  readonly usCents: number;
  readonly arithmetic: string;
}

export interface UsContentResult {
  readonly method: string;
  readonly methodVersion: string;
  readonly thresholdPct: number;
  readonly lines: readonly UsContentLine[];
  /** Σ value of the lines that could be valued, US cents. */
  readonly totalUsdCents: number;
  /** Σ US-origin value (lower bound: unknown origins count 0), US cents. */
  readonly usUsdCents: number;
  /** Σ value of lines with an unknown origin, US cents. */
  readonly unknownOriginUsdCents: number;
  /** Share in percent, rounded to 2 decimals (lower bound); undefined when the total is 0. */
  readonly sharePct?: number;
  /** Upper bound when origins are missing (unknown origins count 100 %). */
  readonly sharePctUpper?: number;
  /** `true`/`false` when settled by the data; `unknown` when missing origins, rates or lines could change it. */
  readonly presumptionMet: boolean | 'unknown';
  /** The arithmetic, one line per step, for the reviewer. */
  readonly arithmetic: readonly string[];
  readonly problems: readonly { readonly path: string; readonly message: string }[];
  readonly ambiguities: readonly string[];
  /** sha256 of the canonical JSON of the BOM lines and rates used. */
  readonly inputsHash: string;
}

/** Integer cents of a money amount with at most two decimals. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** "1,234,567.89": fixed format, no locale. */
export function formatCents(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const whole = Math.floor(abs / 100).toString();
  const frac = (abs % 100).toString().padStart(2, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${frac}`;
}

/** Share in percent, rounded half up to 2 decimals, computed from integers. */
function pct(num: number, den: number): number {
  return Math.round((num * 10000) / den) / 100;
}

function lineUs(line: BomLine): { fraction?: number; basis: UsContentBasis } {
  if (line.usContentFraction !== undefined) return { fraction: line.usContentFraction, basis: 'declared-fraction' };
  if (line.originCountry === 'US') return { fraction: 1, basis: 'origin-us' };
  if (line.originCountry) return { fraction: 0, basis: 'origin-foreign' };
  return { basis: 'origin-unknown' };
}

/** The US-content share of the hardware layer, with every step of the arithmetic. Pure. */
export function computeUsContent(bom: HardwareBom): UsContentResult {
  const rates = new Map(bom.fxRates.map((r) => [r.currency, r]));
  const lines: UsContentLine[] = [];
  const problems: { path: string; message: string }[] = [];
  let total = 0;
  let us = 0;
  let unknown = 0;
  let unvalued = 0;
  bom.lines.forEach((line, i) => {
    const path = `hardwareBom.lines.${i}`;
    const unitCents = toCents(line.unitValue.amount);
    const currency = line.unitValue.currency;
    const valueCents = unitCents * line.quantity;
    const { fraction, basis } = lineUs(line);
    const head = `${line.id}: ${line.quantity} × ${formatCents(unitCents)} ${currency} = ${formatCents(valueCents)} ${currency}`;
    let usdCents: number | undefined;
    let fx: UsContentLine['fx'];
    let conv = '';
    if (currency === 'USD') usdCents = valueCents;
    else {
      const rate = rates.get(currency);
      if (rate) {
        usdCents = Math.round(valueCents * rate.usdPerUnit);
        fx = { usdPerUnit: rate.usdPerUnit, date: rate.date, source: rate.source };
        conv = ` × ${rate.usdPerUnit} USD/${currency} (${rate.date}, ${rate.source}) = ${formatCents(usdCents)} USD`;
      }
    }
    if (usdCents === undefined) {
      unvalued++;
      problems.push({ path: `${path}.unitValue.currency`, message: `no exchange rate for ${currency}` });
      lines.push({
        lineId: line.id,
        path,
        quantity: line.quantity,
        unitCents,
        currency,
        valueCents,
        basis: 'no-fx-rate',
        usCents: 0,
        arithmetic: `${head}; not valued: no USD rate for ${currency}`,
      });
      return;
    }
    total += usdCents;
    let usCents = 0;
    let tail: string;
    if (fraction === undefined) {
      unknown += usdCents;
      problems.push({ path: `${path}.originCountry`, message: 'origin not given' });
      tail = 'origin unknown → 0 (lower bound), full value (upper bound)';
    } else {
      usCents = Math.round(usdCents * fraction);
      us += usCents;
      tail =
        basis === 'declared-fraction'
          ? `declared US content ${fraction} → ${formatCents(usCents)} USD`
          : basis === 'origin-us'
            ? `origin US → 100 % = ${formatCents(usCents)} USD`
            : `origin ${line.originCountry} → 0 %`;
    }
    lines.push({
      lineId: line.id,
      path,
      quantity: line.quantity,
      unitCents,
      currency,
      valueCents,
      usdCents,
      ...(fx ? { fx } : {}),
      ...(fraction === undefined ? {} : { usFraction: fraction }),
      basis,
      usCents,
      arithmetic: `${head}${conv}; ${tail}`,
    });
  });
  const sharePct = total > 0 ? pct(us, total) : undefined;
  const sharePctUpper = total > 0 && unknown > 0 ? pct(us + unknown, total) : undefined;
  const lowerMet = total > 0 && us * 100 >= US_CONTENT_THRESHOLD_PCT * total;
  const upperMet = total > 0 && (us + unknown) * 100 >= US_CONTENT_THRESHOLD_PCT * total;
  const presumptionMet: boolean | 'unknown' =
    total === 0 || unvalued > 0 ? 'unknown' : lowerMet ? true : upperMet ? 'unknown' : false;
  const arithmetic = [
    ...lines.map((l) => l.arithmetic),
    `total = ${formatCents(total)} USD; US-origin = ${formatCents(us)} USD${unknown > 0 ? `; origin unknown = ${formatCents(unknown)} USD` : ''}`,
    total > 0
      ? `share = ${formatCents(us)} ÷ ${formatCents(total)} = ${sharePct?.toFixed(2)} %${sharePctUpper === undefined ? '' : ` (up to ${sharePctUpper.toFixed(2)} % if every unknown origin were US)`}`
      : 'share: no valued lines',
    `presumption (≥ ${US_CONTENT_THRESHOLD_PCT} %): ${presumptionMet === true ? 'met' : presumptionMet === false ? 'not met' : 'unknown'}${unvalued > 0 ? ` (${unvalued} line(s) without an exchange rate)` : ''}`,
  ];
  return {
    method: US_CONTENT_METHOD,
    methodVersion: US_CONTENT_METHOD_VERSION,
    thresholdPct: US_CONTENT_THRESHOLD_PCT,
    lines,
    totalUsdCents: total,
    usUsdCents: us,
    unknownOriginUsdCents: unknown,
    ...(sharePct === undefined ? {} : { sharePct }),
    ...(sharePctUpper === undefined ? {} : { sharePctUpper }),
    presumptionMet,
    arithmetic,
    problems,
    ambiguities: US_CONTENT_AMBIGUITIES,
    inputsHash: sha256Hex(canonicalJson({ method: US_CONTENT_METHOD_VERSION, lines: bom.lines, fxRates: bom.fxRates })),
  };
}

/** The BOM total in US cents, or undefined when a currency has no rate (for the declared-total check). */
export function declaredTotalCents(bom: HardwareBom): number | undefined {
  const t = bom.declaredTotal;
  if (!t) return undefined;
  const cents = toCents(t.amount);
  if (t.currency === 'USD') return cents;
  const rate = bom.fxRates.find((r) => r.currency === t.currency);
  return rate ? Math.round(cents * rate.usdPerUnit) : undefined;
}
