/**
 * A rule pack compiled for evaluation: country index, dated memberships per country, and the rules active on a date
 * in each layer. Results are memoised per pack object and date (pure: same inputs, same outputs).
 * @module
 */
import type {
  CountryGroupMembership,
  CountryInfo,
  Enforcement,
  EnforcementPeriod,
  Layer,
  LicenseExceptionRule,
  Regulation,
  RequirementRule,
  ReviewPolicyRule,
  RulePack,
} from '../rules/types.js';
import type { ISODate } from '../types.js';
import { inRange } from './dates.js';

type LayeredRule = RequirementRule | ReviewPolicyRule | LicenseExceptionRule;

/** A rule active in a layer on a date: state 1 = in force; 2 = enforcement status unknown (enforced layer only). */
export interface ActiveRule<T> {
  readonly rule: T;
  readonly state: 1 | 2;
  readonly flag?: string;
}

/** A rule in the as-written layer that the enforced layer drops on the date (not enforced, stayed, compliance pending). */
export interface DroppedRule {
  readonly rule: RequirementRule;
  readonly status: Enforcement;
  readonly flag?: string;
}

export interface DatedRules {
  readonly requirements: Readonly<Record<Layer, readonly ActiveRule<RequirementRule>[]>>;
  readonly dropped: readonly DroppedRule[];
  readonly policies: Readonly<Record<Layer, ReadonlyMap<string, readonly ActiveRule<ReviewPolicyRule>[]>>>;
  readonly exceptions: Readonly<Record<Layer, readonly ActiveRule<LicenseExceptionRule>[]>>;
}

export interface GroupView {
  readonly groups: ReadonlySet<string>;
  readonly flags: readonly string[];
}

export interface Compiled {
  readonly pack: RulePack;
  readonly countries: ReadonlyMap<string, CountryInfo>;
  readonly regulations: ReadonlyMap<string, Regulation>;
  canonical(iso2: string): string;
  groupsAt(iso2: string, date: ISODate, layer: Layer): GroupView;
  rulesAt(date: ISODate): DatedRules;
}

const CACHE = new WeakMap<RulePack, Compiled>();
const MAX_DATES = 1024;

export function enforcementAt(
  periods: readonly EnforcementPeriod[] | undefined,
  date: ISODate,
): { status: Enforcement; flag?: string } {
  let out: { status: Enforcement; flag?: string } = { status: 'enforced' };
  if (!periods) return out;
  for (const p of periods) if (p.from <= date) out = p.flag ? { status: p.status, flag: p.flag } : { status: p.status };
  return out;
}

export function compile(pack: RulePack): Compiled {
  const hit = CACHE.get(pack);
  if (hit) return hit;
  const countries = new Map<string, CountryInfo>();
  for (const c of pack.countryGroups.countries) countries.set(c.iso2, c);
  const regulations = new Map<string, Regulation>();
  for (const r of pack.regulations) regulations.set(r.id, r);
  const membershipByCountry = new Map<string, CountryGroupMembership[]>();
  for (const m of pack.countryGroups.memberships) {
    const list = membershipByCountry.get(m.iso2) ?? [];
    list.push(m);
    membershipByCountry.set(m.iso2, list);
  }
  const canonical = (iso2: string) => countries.get(iso2)?.aliasOf ?? iso2;
  const groupCache = new Map<string, GroupView>();
  const dateCache = new Map<string, DatedRules>();

  const statusOf = (rule: LayeredRule, date: ISODate) =>
    enforcementAt(rule.enforcement ?? regulations.get(rule.regulation)?.enforcement, date);

  function layered<T extends LayeredRule>(rules: readonly T[], date: ISODate, layer: Layer): ActiveRule<T>[] {
    const out: ActiveRule<T>[] = [];
    for (const rule of rules) {
      if (!inRange(date, rule.validFrom, rule.validTo)) continue;
      if (rule.layer !== 'both' && rule.layer !== layer) continue;
      if (layer === 'asWritten') {
        out.push({ rule, state: 1 });
        continue;
      }
      const s = statusOf(rule, date);
      if (s.status === 'enforced') out.push({ rule, state: 1 });
      else if (s.status === 'unknown') out.push(s.flag ? { rule, state: 2, flag: s.flag } : { rule, state: 2 });
    }
    return out;
  }

  function policiesByFamily(rules: ActiveRule<ReviewPolicyRule>[]) {
    const m = new Map<string, ActiveRule<ReviewPolicyRule>[]>();
    for (const r of rules) {
      const list = m.get(r.rule.family) ?? [];
      list.push(r);
      m.set(r.rule.family, list);
    }
    for (const list of m.values()) list.sort((a, b) => a.rule.order - b.rule.order);
    return m;
  }

  const compiled: Compiled = {
    pack,
    countries,
    regulations,
    canonical,
    groupsAt(iso2, date, layer) {
      const key = `${iso2}|${date}|${layer}`;
      const cached = groupCache.get(key);
      if (cached) return cached;
      const groups = new Set<string>();
      const flags: string[] = [];
      for (const m of membershipByCountry.get(canonical(iso2)) ?? []) {
        if (m.flag && m.flagFrom && inRange(date, m.flagFrom, m.flagTo) && !flags.includes(m.flag)) flags.push(m.flag);
        if (m.layer !== 'both' && m.layer !== layer) continue;
        if (inRange(date, m.validFrom, m.validTo)) groups.add(m.group);
      }
      const view = { groups, flags };
      if (groupCache.size > MAX_DATES * 8) groupCache.clear();
      groupCache.set(key, view);
      return view;
    },
    rulesAt(date) {
      const cached = dateCache.get(date);
      if (cached) return cached;
      const dropped: DroppedRule[] = [];
      for (const rule of pack.requirements) {
        if (!inRange(date, rule.validFrom, rule.validTo) || rule.layer !== 'both') continue;
        const s = statusOf(rule, date);
        if (s.status !== 'enforced' && s.status !== 'unknown')
          dropped.push(s.flag ? { rule, status: s.status, flag: s.flag } : { rule, status: s.status });
      }
      // as-written-only rules whose regulation is not enforced: also "dropped" for flagging purposes
      for (const rule of pack.requirements) {
        if (!inRange(date, rule.validFrom, rule.validTo) || rule.layer !== 'asWritten') continue;
        const s = statusOf(rule, date);
        if (s.status !== 'enforced')
          dropped.push(s.flag ? { rule, status: s.status, flag: s.flag } : { rule, status: s.status });
      }
      const view: DatedRules = {
        requirements: {
          asWritten: layered(pack.requirements, date, 'asWritten'),
          enforced: layered(pack.requirements, date, 'enforced'),
        },
        dropped,
        policies: {
          asWritten: policiesByFamily(layered(pack.reviewPolicies, date, 'asWritten')),
          enforced: policiesByFamily(layered(pack.reviewPolicies, date, 'enforced')),
        },
        exceptions: {
          asWritten: layered(pack.exceptions, date, 'asWritten'),
          enforced: layered(pack.exceptions, date, 'enforced'),
        },
      };
      if (dateCache.size > MAX_DATES) dateCache.clear();
      dateCache.set(date, view);
      return view;
    },
  };
  CACHE.set(pack, compiled);
  return compiled;
}
