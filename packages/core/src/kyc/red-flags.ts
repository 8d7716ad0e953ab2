/**
 * KYC red-flag detectors: pure functions from an application (and, where needed, usage, resellers, other accounts
 * and dated country lists) to flags with evidence and a severity. None of them decides: `assessCustomer` turns the
 * flags into an outcome. Thresholds are options with documented defaults, not law: the 2024 proposed rule mentions
 * "proactive red-flag notifications" [S: R68] but gives no numbers in the reference note, so every number here is
 * our design choice [U] (reference §5(d) workflow 4 names the IP, churn and dormant-then-burst patterns).
 *
 * An IP reached through a VPN, a hosting provider or Tor tells nothing about where the customer is: it is
 * "unverifiable", never a "mismatch".
 * @module
 */
import { countryListAt } from './country-lists.js';
import { addDays, kycDay } from './days.js';
import { classifyOwner } from './foreign-person.js';
import { phoneCountries } from './phone.js';
import type {
  CountryCode,
  CustomerApplication,
  DatedCountryList,
  IsoDay,
  KycEvidence,
  KycSeverity,
  Reseller,
  UsageRecord,
} from './types.js';

export type RedFlagCode =
  | 'ip-country-mismatch'
  | 'ip-country-unverifiable'
  | 'phone-country-mismatch'
  | 'phone-malformed'
  | 'payment-country-mismatch'
  | 'payment-country-unverifiable'
  | 'payment-churn'
  | 'dormant-then-burst'
  | 'reseller-chain-depth'
  | 'reseller-unregistered'
  | 'reseller-attestation-missing'
  | 'reseller-country-of-concern'
  | 'reseller-customer-unlisted'
  | 'customer-country-of-concern'
  | 'beneficial-owner-country-of-concern'
  | 'shared-identifier';

export interface RedFlag {
  readonly code: RedFlagCode;
  readonly severity: KycSeverity;
  readonly summary: string;
  readonly evidence: KycEvidence;
  /** The KYC rule the flag serves (see rules.ts). */
  readonly ruleId: string;
}

const CIP = 'iaas-cip-program';
const RESELLERS = 'iaas-foreign-reseller-cip';
const SPECIAL = 'iaas-special-measures';

const up = (c: string): string => c.toUpperCase();

// ---------------------------------------------------------------- IP
const OPAQUE_EGRESS = new Set(['vpn', 'cloud', 'tor']);

/**
 * IP country vs declared country. Direct egress in another country is a mismatch (medium); VPN, cloud or Tor
 * egress, or an unresolved country, is unverifiable (low). Nothing is said without a declared country.
 */
export function detectIpCountry(app: CustomerApplication): RedFlag[] {
  const declared = app.declaredCountry && up(app.declaredCountry);
  if (!declared) return [];
  const mismatched: string[] = [];
  const mismatchCountries = new Set<string>();
  const unverifiable: string[] = [];
  for (const o of app.ipAddresses) {
    if (o.egress !== undefined && OPAQUE_EGRESS.has(o.egress)) unverifiable.push(`${o.ip} (${o.egress} egress)`);
    else if (o.country === undefined) unverifiable.push(`${o.ip} (country unresolved)`);
    else if (up(o.country) !== declared) {
      mismatched.push(`${o.ip} (${up(o.country)})`);
      mismatchCountries.add(up(o.country));
    }
  }
  const flags: RedFlag[] = [];
  if (mismatched.length > 0) {
    flags.push({
      code: 'ip-country-mismatch',
      severity: 'medium',
      summary: `IP addresses seen in ${[...mismatchCountries].sort().join(', ')}, declared country ${declared}`,
      evidence: { declaredCountry: declared, addresses: mismatched },
      ruleId: CIP,
    });
  }
  if (unverifiable.length > 0) {
    flags.push({
      code: 'ip-country-unverifiable',
      severity: 'low',
      summary: `${unverifiable.length} IP address(es) cannot confirm the declared country ${declared} (VPN, cloud or Tor egress, or unresolved)`,
      evidence: { declaredCountry: declared, addresses: unverifiable },
      ruleId: CIP,
    });
  }
  return flags;
}

// ---------------------------------------------------------------- phone
/** Phone calling-code country vs declared country (low: expatriates keep their numbers). */
export function detectPhoneCountry(app: CustomerApplication): RedFlag[] {
  const declared = app.declaredCountry && up(app.declaredCountry);
  const flags: RedFlag[] = [];
  const malformed: string[] = [];
  const mismatched: string[] = [];
  for (const phone of app.phones) {
    const pc = phoneCountries(phone);
    if (pc.malformed) malformed.push(phone);
    else if (declared && pc.countries.length > 0 && !pc.countries.includes(declared)) {
      mismatched.push(
        `${phone} (+${pc.callingCode}: ${pc.countries.slice(0, 3).join('/')}${pc.countries.length > 3 ? '/…' : ''})`,
      );
    }
  }
  if (mismatched.length > 0 && declared) {
    flags.push({
      code: 'phone-country-mismatch',
      severity: 'low',
      summary: `Phone number(s) from another country than the declared ${declared}`,
      evidence: { declaredCountry: declared, phones: mismatched },
      ruleId: CIP,
    });
  }
  if (malformed.length > 0) {
    flags.push({
      code: 'phone-malformed',
      severity: 'low',
      summary: 'Phone number(s) not in E.164 form',
      evidence: { phones: malformed },
      ruleId: CIP,
    });
  }
  return flags;
}

// ---------------------------------------------------------------- payment country
/** Card BIN or bank country vs declared country (medium); crypto has no country (low, unverifiable). */
export function detectPaymentCountry(app: CustomerApplication): RedFlag[] {
  const declared = app.declaredCountry && up(app.declaredCountry);
  const mismatched: string[] = [];
  const crypto: string[] = [];
  for (const p of app.paymentMeans) {
    const country = p.kind === 'card' ? p.binCountry : p.kind === 'bank' ? p.bankCountry : undefined;
    if (p.kind === 'crypto') crypto.push(`${p.id}${p.network ? ` (${p.network})` : ''}`);
    else if (declared && country !== undefined && up(country) !== declared) {
      mismatched.push(`${p.kind} ${p.id} (${up(country)})`);
    }
  }
  const flags: RedFlag[] = [];
  if (mismatched.length > 0 && declared) {
    flags.push({
      code: 'payment-country-mismatch',
      severity: 'medium',
      summary: `Payment instrument(s) issued outside the declared country ${declared}`,
      evidence: { declaredCountry: declared, instruments: mismatched },
      ruleId: CIP,
    });
  }
  if (crypto.length > 0) {
    flags.push({
      code: 'payment-country-unverifiable',
      severity: 'low',
      summary: 'Crypto payment: no issuing country to corroborate the declared country',
      evidence: { instruments: crypto },
      ruleId: CIP,
    });
  }
  return flags;
}

// ---------------------------------------------------------------- payment churn
export interface PaymentChurnOptions {
  /** Flag when at least this many distinct instruments were added within the window. Default 4. */
  readonly minDistinct?: number;
  /** Window length in days (inclusive of both ends). Default 30. */
  readonly windowDays?: number;
}

/** N distinct payment instruments added within D days (instruments without `addedOn` are not counted). */
export function detectPaymentChurn(app: CustomerApplication, options: PaymentChurnOptions = {}): RedFlag[] {
  const minDistinct = options.minDistinct ?? 4;
  const windowDays = options.windowDays ?? 30;
  const added = app.paymentMeans
    .filter((p): p is typeof p & { addedOn: IsoDay } => p.addedOn !== undefined)
    .map((p) => ({ id: p.id, day: kycDay(p.addedOn) }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let best: { start: IsoDay; end: IsoDay; ids: string[] } | undefined;
  for (let i = 0; i < added.length; i++) {
    const start = added[i]!.day;
    const last = addDays(start, windowDays - 1);
    const ids = new Set<string>();
    let end = start;
    for (let j = i; j < added.length && added[j]!.day <= last; j++) {
      ids.add(added[j]!.id);
      end = added[j]!.day;
    }
    if (!best || ids.size > best.ids.length) best = { start, end, ids: [...ids].sort() };
  }
  if (!best || best.ids.length < minDistinct) return [];
  return [
    {
      code: 'payment-churn',
      severity: 'medium',
      summary: `${best.ids.length} distinct payment instruments added between ${best.start} and ${best.end} (threshold ${minDistinct} in ${windowDays} days)`,
      evidence: {
        distinct: best.ids.length,
        from: best.start,
        to: best.end,
        instruments: best.ids,
        minDistinct,
        windowDays,
      },
      ruleId: CIP,
    },
  ];
}

// ---------------------------------------------------------------- dormant then burst
export interface DormantBurstOptions {
  /** Evaluation day: the burst window ends on it (inclusive). */
  readonly asOf: string;
  /** Days in the burst window. Default 7. */
  readonly burstDays?: number;
  /** Days in the baseline window just before the burst window. Default 60. */
  readonly baselineDays?: number;
  /** Flag when the burst daily mean is at least this multiple of the baseline daily mean. Default 10. */
  readonly ratio?: number;
  /** Ignore bursts below this daily mean of accelerator-hours. Default 100. */
  readonly minBurstAcceleratorHoursPerDay?: number;
}

/**
 * Dormant-then-burst: accelerator-hours per day (count × hours) over the burst window vs the baseline window before
 * it. A zero baseline (a truly dormant account) with a burst above the floor is high; otherwise medium.
 */
export function detectDormantThenBurst(
  accountId: string,
  usage: readonly UsageRecord[],
  options: DormantBurstOptions,
): RedFlag[] {
  const burstDays = options.burstDays ?? 7;
  const baselineDays = options.baselineDays ?? 60;
  const ratio = options.ratio ?? 10;
  const floor = options.minBurstAcceleratorHoursPerDay ?? 100;
  const asOf = kycDay(options.asOf);
  const burstStart = addDays(asOf, -(burstDays - 1));
  const baselineStart = addDays(burstStart, -baselineDays);
  let burstHours = 0;
  let baselineHours = 0;
  const activeBaselineDays = new Set<string>();
  for (const u of usage) {
    if (u.accountId !== accountId) continue;
    const day = kycDay(u.day);
    const h = u.count * u.hours;
    if (day >= burstStart && day <= asOf) burstHours += h;
    else if (day >= baselineStart && day < burstStart) {
      baselineHours += h;
      if (h > 0) activeBaselineDays.add(day);
    }
  }
  const burstMean = burstHours / burstDays;
  const baselineMean = baselineHours / baselineDays;
  if (burstMean < floor || burstMean < ratio * baselineMean) return [];
  const observedRatio = baselineMean === 0 ? 'infinite (no baseline use)' : (burstMean / baselineMean).toFixed(1);
  return [
    {
      code: 'dormant-then-burst',
      severity: baselineMean === 0 ? 'high' : 'medium',
      summary: `Usage burst: ${fmt(burstMean)} accelerator-hours/day over ${burstStart}…${asOf} vs ${fmt(baselineMean)}/day in the ${baselineDays} days before (ratio ${observedRatio}, threshold ${ratio})`,
      evidence: {
        accountId,
        burstFrom: burstStart,
        burstTo: asOf,
        baselineFrom: baselineStart,
        burstAcceleratorHoursPerDay: round2(burstMean),
        baselineAcceleratorHoursPerDay: round2(baselineMean),
        activeBaselineDays: activeBaselineDays.size,
        ratioThreshold: ratio,
      },
      ruleId: 'iaas-large-ai-training-report',
    },
  ];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const fmt = (x: number): string => String(round2(x));

// ---------------------------------------------------------------- resellers
/** The attestation current on `day` (attestedOn ≤ day < expiresOn), latest first. */
export function currentAttestation(reseller: Reseller, day: IsoDay): Reseller['attestations'][number] | undefined {
  return [...reseller.attestations]
    .filter((a) => a.attestedOn <= day && day < a.expiresOn)
    .sort((a, b) => (a.expiresOn > b.expiresOn ? -1 : a.expiresOn < b.expiresOn ? 1 : 0))[0];
}

/**
 * Reseller chain checks: depth above one, a reseller missing from the registry, one without a current CIP
 * attestation, one in a country of concern, and a customer its reseller did not report.
 */
export function detectResellerChain(
  app: CustomerApplication,
  resellers: readonly Reseller[],
  countriesOfConcern: DatedCountryList,
  date: string,
): RedFlag[] {
  const day = kycDay(date);
  const chain = app.resellerChain;
  if (chain.length === 0) return [];
  const byId = new Map(resellers.map((r) => [r.id, r]));
  const concern = countryListAt(countriesOfConcern, day);
  const flags: RedFlag[] = [];
  if (chain.length > 1) {
    flags.push({
      code: 'reseller-chain-depth',
      severity: 'medium',
      summary: `Account reached through a chain of ${chain.length} resellers`,
      evidence: { depth: chain.length, chain: [...chain] },
      ruleId: RESELLERS,
    });
  }
  for (const [position, id] of chain.entries()) {
    const reseller = byId.get(id);
    if (!reseller) {
      flags.push({
        code: 'reseller-unregistered',
        severity: 'high',
        summary: `Reseller ${id} (position ${position + 1} in the chain) is not in the reseller registry`,
        evidence: { resellerId: id, position: position + 1 },
        ruleId: RESELLERS,
      });
      continue;
    }
    const attestation = currentAttestation(reseller, day);
    if (!attestation) {
      const last = [...reseller.attestations].sort((a, b) => (a.expiresOn < b.expiresOn ? 1 : -1))[0];
      flags.push({
        code: 'reseller-attestation-missing',
        severity: 'high',
        summary: last
          ? `Reseller ${reseller.name} has no current CIP attestation (last one lapsed ${last.expiresOn})`
          : `Reseller ${reseller.name} never attested to a CIP`,
        evidence: {
          resellerId: id,
          position: position + 1,
          onDay: day,
          ...(last ? { lastAttestedOn: last.attestedOn, lastExpiresOn: last.expiresOn } : {}),
        },
        ruleId: RESELLERS,
      });
    }
    const entry = concern.get(up(reseller.country));
    if (entry) {
      flags.push({
        code: 'reseller-country-of-concern',
        severity: 'high',
        summary: `Reseller ${reseller.name} is in ${up(reseller.country)}, on ${countriesOfConcern.title}`,
        evidence: { resellerId: id, country: up(reseller.country), list: countriesOfConcern.id, source: entry.source },
        ruleId: SPECIAL,
      });
    }
  }
  const servingId = chain[chain.length - 1]!;
  const serving = byId.get(servingId);
  if (serving && !serving.customers.includes(app.accountId)) {
    flags.push({
      code: 'reseller-customer-unlisted',
      severity: 'low',
      summary: `Reseller ${serving.name} did not report account ${app.accountId} among its customers`,
      evidence: { resellerId: servingId, accountId: app.accountId },
      ruleId: RESELLERS,
    });
  }
  return flags;
}

// ---------------------------------------------------------------- countries of concern
/**
 * The applicant, or a beneficial owner, tied to a country of concern on `date`: citizenship, residence,
 * incorporation, principal place of business or declared country (applicant); nationality, residence or
 * incorporation (owners).
 */
export function detectCountryOfConcern(
  app: CustomerApplication,
  countriesOfConcern: DatedCountryList,
  date: string,
): RedFlag[] {
  const concern = countryListAt(countriesOfConcern, date);
  const hit = (c: CountryCode | undefined): c is CountryCode => c !== undefined && concern.has(up(c));
  const flags: RedFlag[] = [];
  const ties: string[] = [];
  if (hit(app.declaredCountry)) ties.push(`declared country ${up(app.declaredCountry)}`);
  if (app.type === 'individual') {
    for (const c of app.citizenships) if (hit(c)) ties.push(`citizenship ${up(c)}`);
    if (hit(app.residenceCountry)) ties.push(`residence ${up(app.residenceCountry)}`);
  } else {
    if (hit(app.countryOfIncorporation)) ties.push(`incorporation ${up(app.countryOfIncorporation)}`);
    if (hit(app.principalPlaceOfBusiness)) ties.push(`principal place of business ${up(app.principalPlaceOfBusiness)}`);
  }
  if (ties.length > 0) {
    flags.push({
      code: 'customer-country-of-concern',
      severity: 'high',
      summary: `Applicant tied to ${countriesOfConcern.title}: ${ties.join('; ')}`,
      evidence: { list: countriesOfConcern.id, ties },
      ruleId: SPECIAL,
    });
  }
  if (app.type === 'entity') {
    for (const owner of app.beneficialOwners) {
      const ownerTies: string[] = [];
      for (const c of owner.nationalities ?? []) if (hit(c)) ownerTies.push(`nationality ${up(c)}`);
      if (hit(owner.residenceCountry)) ownerTies.push(`residence ${up(owner.residenceCountry)}`);
      if (hit(owner.countryOfIncorporation)) ownerTies.push(`incorporation ${up(owner.countryOfIncorporation)}`);
      if (ownerTies.length === 0) continue;
      const cls = classifyOwner(owner);
      flags.push({
        code: 'beneficial-owner-country-of-concern',
        severity: 'high',
        summary: `Beneficial owner ${owner.name}${owner.sharePct === undefined ? '' : ` (${owner.sharePct} %)`} tied to ${countriesOfConcern.title}: ${ownerTies.join('; ')}`,
        evidence: {
          owner: owner.name,
          ...(owner.sharePct === undefined ? {} : { sharePct: owner.sharePct }),
          controls: owner.controls === true,
          ownerStatus: cls.status,
          list: countriesOfConcern.id,
          ties: ownerTies,
        },
        ruleId: 'iaas-cip-identifying-information',
      });
    }
  }
  return flags;
}

// ---------------------------------------------------------------- shared identifiers
/** The identifiers of one account, for cross-account comparison. */
export interface AccountIdentity {
  readonly accountId: string;
  readonly names: readonly string[];
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly paymentIds: readonly string[];
}

/** The identity record of an application. */
export function identityOf(app: CustomerApplication): AccountIdentity {
  return {
    accountId: app.accountId,
    names: app.names,
    emails: app.emails,
    phones: app.phones,
    paymentIds: app.paymentMeans.map((p) => p.id),
  };
}

/** Name key: NFKC, case-folded, punctuation dropped, whitespace collapsed. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const emailKey = (e: string): string => e.normalize('NFKC').trim().toLowerCase();
const phoneKey = (p: string): string => p.replace(/[^\d]/g, '');

/** The kinds of identifier the shared-identifier check compares across accounts. */
export type IdentifierKind = 'email' | 'phone' | 'payment';

/** One normalised identifier of an account: what the store indexes to find the accounts sharing it. */
export interface IdentifierKey {
  readonly kind: IdentifierKind;
  readonly value: string;
}

/**
 * The distinct normalised identifiers of an account, with the normalisation of `detectSharedIdentifiers`: emails
 * NFKC, trimmed and lower-cased; phones reduced to their digits (a number with no digit is dropped); payment ids as
 * given. Two accounts share an identifier for that check exactly when they share a key here, so an index of these
 * keys finds every account the check can flag.
 */
export function identifierKeys(identity: Pick<AccountIdentity, 'emails' | 'phones' | 'paymentIds'>): IdentifierKey[] {
  const out: IdentifierKey[] = [];
  const add = (kind: IdentifierKind, values: Iterable<string>) => {
    for (const value of new Set(values)) out.push({ kind, value });
  };
  add('email', identity.emails.map(emailKey));
  add(
    'phone',
    identity.phones.map(phoneKey).filter((p) => p.length > 0),
  );
  add('payment', identity.paymentIds);
  return out;
}

/**
 * The same email, phone or payment instrument used by an account under a different name (no name in common after
 * normalisation). One high flag per other account, listing what is shared.
 */
export function detectSharedIdentifiers(app: CustomerApplication, others: readonly AccountIdentity[]): RedFlag[] {
  const mine = identityOf(app);
  const myNames = new Set(mine.names.map(nameKey));
  const myEmails = new Set(mine.emails.map(emailKey));
  const myPhones = new Set(mine.phones.map(phoneKey).filter((p) => p.length > 0));
  const myPayments = new Set(mine.paymentIds);
  const flags: RedFlag[] = [];
  for (const other of [...others].sort((a, b) => (a.accountId < b.accountId ? -1 : 1))) {
    if (other.accountId === mine.accountId) continue;
    if (other.names.some((n) => myNames.has(nameKey(n)))) continue;
    const shared: string[] = [];
    for (const e of new Set(other.emails.map(emailKey))) if (myEmails.has(e)) shared.push(`email ${e}`);
    for (const p of new Set(other.phones.map(phoneKey))) if (myPhones.has(p)) shared.push(`phone +${p}`);
    for (const id of new Set(other.paymentIds)) if (myPayments.has(id)) shared.push(`payment ${id}`);
    if (shared.length === 0) continue;
    flags.push({
      code: 'shared-identifier',
      severity: 'high',
      summary: `Shares ${shared.join(', ')} with account ${other.accountId} held under another name`,
      evidence: { otherAccountId: other.accountId, otherNames: [...other.names], shared },
      ruleId: CIP,
    });
  }
  return flags;
}

// ---------------------------------------------------------------- all together
export interface RedFlagContext {
  readonly date: string;
  readonly countriesOfConcern: DatedCountryList;
  readonly resellers: readonly Reseller[];
  /** Usage of this and other accounts; only this account's records are read. */
  readonly usage?: readonly UsageRecord[];
  /** Other accounts' identifiers for the shared-identifier check. */
  readonly otherAccounts?: readonly AccountIdentity[];
  readonly paymentChurn?: PaymentChurnOptions;
  readonly dormantBurst?: Omit<DormantBurstOptions, 'asOf'>;
}

/** Every detector, in a fixed order. */
export function detectRedFlags(app: CustomerApplication, ctx: RedFlagContext): RedFlag[] {
  return [
    ...detectIpCountry(app),
    ...detectPhoneCountry(app),
    ...detectPaymentCountry(app),
    ...detectPaymentChurn(app, ctx.paymentChurn),
    ...(ctx.usage ? detectDormantThenBurst(app.accountId, ctx.usage, { ...ctx.dormantBurst, asOf: ctx.date }) : []),
    ...detectResellerChain(app, ctx.resellers, ctx.countriesOfConcern, ctx.date),
    ...detectCountryOfConcern(app, ctx.countriesOfConcern, ctx.date),
    ...detectSharedIdentifiers(app, ctx.otherAccounts ?? []),
  ];
}
