/**
 * Tri-state evaluation of rule conditions (Kleene logic): 0 = false, 1 = true, 2 = unknown. An unknown fact never
 * becomes false; its path is collected so the determination can list it under `incomplete`.
 * @module
 */
import type { Cond, DestExpr, Layer, MetricKey, PartyRole, TxKind } from '../rules/types.js';
import type { Classification, ISODate } from '../types.js';
import type { CaseFile, CaseFileParty } from './case-file.js';
import type { Compiled } from './compiled.js';
import { matchesPattern } from './item-tags.js';

export type Tri = 0 | 1 | 2;

export interface NormParty {
  readonly index: number;
  readonly party: CaseFileParty;
  readonly country: string;
  readonly hq?: string;
  readonly parentHq?: string;
}

/** Facts shared by both layers. */
export interface Facts {
  readonly compiled: Compiled;
  readonly date: ISODate;
  readonly caseFile: CaseFile;
  readonly classification: Classification;
  readonly tags: readonly string[];
  readonly unknownEccn: boolean;
  /** Residual alternatives ("3A991 or EAR99"): a pattern is true if all match, false if none, else unknown. */
  readonly alternatives?: readonly (readonly string[])[];
  readonly dest: string;
  readonly shipFrom: string;
  readonly txKind: TxKind;
  readonly parties: readonly NormParty[];
}

export interface EvalCtx {
  readonly facts: Facts;
  readonly layer: Layer;
  /** Unknown fact paths met during evaluation (meaningful when the result is 2). */
  unknowns: string[];
  /** Membership flags met (e.g. CAMBODIA_D5_END_DATE). */
  readonly flags: Set<string>;
}

const and = (a: Tri, b: Tri): Tri => (a === 0 || b === 0 ? 0 : a === 2 || b === 2 ? 2 : 1);
const not = (a: Tri): Tri => (a === 2 ? 2 : a === 1 ? 0 : 1);

export function evalDest(e: DestExpr, iso2: string, ctx: EvalCtx): boolean {
  if ('worldwide' in e) return true;
  if ('iso2' in e) return e.iso2.includes(iso2);
  if ('group' in e) {
    const v = ctx.facts.compiled.groupsAt(iso2, ctx.facts.date, ctx.layer);
    for (const f of v.flags) ctx.flags.add(f);
    return v.groups.has(e.group);
  }
  if ('set' in e) {
    const s = ctx.facts.compiled.pack.destSets[e.set];
    if (!s) throw new Error(`unknown destination set ${e.set}`);
    return evalDest(s, iso2, ctx);
  }
  if ('not' in e) return !evalDest(e.not, iso2, ctx);
  if ('all' in e) {
    for (const x of e.all) if (!evalDest(x, iso2, ctx)) return false;
    return true;
  }
  for (const x of e.any) if (evalDest(x, iso2, ctx)) return true;
  return false;
}

const ALL_ROLES: readonly PartyRole[] = ['purchaser', 'intermediate-consignee', 'ultimate-consignee', 'end-user'];

function partiesFor(ctx: EvalCtx, roles: readonly PartyRole[] | undefined): NormParty[] {
  const r = roles ?? ALL_ROLES;
  return ctx.facts.parties.filter((p) => r.includes(p.party.role));
}

function missingParties(ctx: EvalCtx, roles: readonly PartyRole[] | undefined): Tri {
  ctx.unknowns.push(`parties[role=${(roles ?? ALL_ROLES).join('|')}]`);
  return 2;
}

function metricValue(f: Facts, key: MetricKey): number | undefined {
  const m = f.classification.metrics;
  switch (key) {
    case 'tpp':
      return m.tpp;
    case 'performanceDensity':
      return m.performanceDensity;
    case 'memoryBandwidthDensityGBsPerMm2':
      return m.memoryBandwidthDensityGBsPerMm2;
    case 'totalDramBandwidthGBs':
      return m.totalDramBandwidthGBs ?? f.classification.item.totalDramBandwidthGBs;
    case 'trainingOps':
      return m.trainingOps ?? f.classification.item.modelWeights?.trainingOps;
    case 'transistorCountBillions':
      return f.classification.item.transistorCountBillions;
    case 'aggregateTpp':
      return m.tpp === undefined ? undefined : m.tpp * f.caseFile.quantity;
  }
}

/** Patterns a residual classification has already ruled out (the entries classify() evaluated). */
const RULED_OUT_BY_CLASSIFY = new Set(['AC', 'AC.a', 'AC.b', 'AC.c', 'AC.?', '4E091']);

function expand(patterns: readonly string[], ctx: EvalCtx): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    const list = p.startsWith('@') ? ctx.facts.compiled.pack.itemGroups[p.slice(1)] : [p];
    if (!list) throw new Error(`unknown item group ${p}`);
    out.push(...list);
  }
  return out;
}

function itemMatch(patterns: readonly string[], ctx: EvalCtx): Tri {
  const f = ctx.facts;
  const list = expand(patterns, ctx);
  for (const q of list) if (matchesPattern(f.tags, q)) return 1;
  if (!f.unknownEccn) return 0;
  const specific = list.filter((q) => q !== 'ANY' && !RULED_OUT_BY_CLASSIFY.has(q));
  if (specific.length === 0) return 0;
  if (f.alternatives && f.alternatives.length > 0) {
    let hits = 0;
    for (const alt of f.alternatives) if (specific.some((q) => matchesPattern(alt, q))) hits++;
    if (hits === 0) return 0;
    if (hits === f.alternatives.length) return 1;
    ctx.unknowns.push(`classification.eccn (one of ${f.alternatives.map((a) => a[0]).join(', ')})`);
    return 2;
  }
  if (
    f.classification.status === 'not-listed' &&
    specific.every((q) => q.startsWith('3B') || q.startsWith('3D99') || q.startsWith('3E99'))
  ) {
    // residual SME answer: the classifier evaluated the SME paragraphs in force
    return 0;
  }
  ctx.unknowns.push(
    f.classification.status === 'needs-input'
      ? 'classification.eccn (classification needs input)'
      : 'classification.eccn (residual: another ECCN or EAR99)',
  );
  return 2;
}

export function evalCond(c: Cond, ctx: EvalCtx): Tri {
  const f = ctx.facts;
  if ('all' in c) {
    let r: Tri = 1;
    for (const x of c.all) {
      r = and(r, evalCond(x, ctx));
      if (r === 0) return 0;
    }
    return r;
  }
  if ('any' in c) {
    let r: Tri = 0;
    for (const x of c.any) {
      const v = evalCond(x, ctx);
      if (v === 1) return 1;
      if (v === 2) r = 2;
    }
    return r;
  }
  if ('not' in c) return not(evalCond(c.not, ctx));
  if ('item' in c) return itemMatch(c.item, ctx);
  if ('dest' in c) return evalDest(c.dest, f.dest, ctx) ? 1 : 0;
  if ('shipFrom' in c) return evalDest(c.shipFrom, f.shipFrom, ctx) ? 1 : 0;
  if ('txKind' in c) return c.txKind.includes(f.txKind) ? 1 : 0;
  if ('always' in c) return 1;
  if ('chart' in c) {
    if (c.chart === 'EI') return f.dest === 'CA' || f.dest === 'US' ? 0 : 1;
    const info = f.compiled.countries.get(f.dest);
    return info?.chart.includes(c.chart) ? 1 : 0;
  }
  if ('needsFact' in c) {
    ctx.unknowns.push(c.needsFact);
    return 2;
  }
  if ('partyLocated' in c) {
    const ps = partiesFor(ctx, c.roles);
    if (ps.length === 0) return missingParties(ctx, c.roles);
    for (const p of ps) if (!evalDest(c.partyLocated, p.country, ctx)) return 0;
    return 1;
  }
  if ('partyHq' in c) {
    const ps = partiesFor(ctx, c.roles);
    if (ps.length === 0) return missingParties(ctx, c.roles);
    let r: Tri = 0;
    for (const p of ps) {
      if ((p.hq && evalDest(c.partyHq, p.hq, ctx)) || (p.parentHq && evalDest(c.partyHq, p.parentHq, ctx))) return 1;
      if (!p.hq) {
        ctx.unknowns.push(`parties.${p.index}.headquarters`);
        r = 2;
      }
      if (!p.parentHq) {
        ctx.unknowns.push(`parties.${p.index}.ultimateParentHeadquarters`);
        r = 2;
      }
    }
    return r;
  }
  if ('partyHqOnly' in c) {
    const ps = partiesFor(ctx, c.roles);
    if (ps.length === 0) return missingParties(ctx, c.roles);
    let r: Tri = 1;
    for (const p of ps) {
      for (const [v, path] of [
        [p.hq, 'headquarters'],
        [p.parentHq, 'ultimateParentHeadquarters'],
      ] as const) {
        if (v === undefined) {
          ctx.unknowns.push(`parties.${p.index}.${path}`);
          r = 2;
        } else if (!evalDest(c.partyHqOnly, v, ctx)) return 0;
      }
    }
    return r;
  }
  if ('entityList' in c) {
    for (const p of partiesFor(ctx, c.roles)) {
      const el = p.party.entityList;
      if (!el) continue;
      if (c.entityList === true || el.footnotes.includes(c.entityList)) return 1;
    }
    return 0;
  }
  if ('meuListed' in c) return f.parties.some((p) => p.party.meu === true) ? 1 : 0;
  if ('affiliateOfListed' in c) {
    let r: Tri = 0;
    for (const p of f.parties) {
      const o = p.party.ownedByListed;
      if (!o) continue;
      if (o.share === 'unknown') {
        ctx.unknowns.push(`parties.${p.index}.ownedByListed.share`);
        r = 2;
      } else if (o.share >= 0.5) return 1;
    }
    return r;
  }
  if ('allSupp8Approved' in c) {
    const ps = partiesFor(ctx, ['ultimate-consignee', 'end-user']);
    if (ps.length === 0) return missingParties(ctx, ['ultimate-consignee', 'end-user']);
    let r: Tri = 1;
    for (const p of ps) {
      const v = p.party.supp8ApprovedUae;
      if (v === false) return 0;
      if (v === undefined) {
        ctx.unknowns.push(`parties.${p.index}.supp8ApprovedUae`);
        r = 2;
      }
    }
    return r;
  }
  if ('endUse' in c) {
    const v = f.caseFile.endUse[c.endUse];
    if (v === undefined) {
      ctx.unknowns.push(`endUse.${c.endUse}`);
      return 2;
    }
    return v ? 1 : 0;
  }
  if ('datacenter' in c) {
    const v = f.classification.item.datacenter;
    if (v === undefined) {
      ctx.unknowns.push('item.datacenter');
      return 2;
    }
    return v === c.datacenter ? 1 : 0;
  }
  if ('metric' in c) {
    const v = metricValue(f, c.metric);
    if (v === undefined) {
      ctx.unknowns.push(`classification.metrics.${c.metric}`);
      return 2;
    }
    if (c.lt !== undefined && !(v < c.lt)) return 0;
    if (c.gte !== undefined && !(v >= c.gte)) return 0;
    if (c.gt !== undefined && !(v > c.gt)) return 0;
    return 1;
  }
  if ('certification' in c) {
    const v = f.caseFile.certifications?.[c.certification];
    if (v === undefined) {
      ctx.unknowns.push(`certifications.${c.certification}`);
      return 2;
    }
    return v ? 1 : 0;
  }
  if ('smeSubsystem' in c) {
    const v = f.classification.item.sme?.subsystem;
    if (v === undefined) {
      ctx.unknowns.push('item.sme.subsystem');
      return 2;
    }
    return v ? 1 : 0;
  }
  if ('containsUsIc' in c) {
    const v = f.classification.item.sme?.containsUsIc;
    if (v === undefined) {
      ctx.unknowns.push('item.sme.containsUsIc');
      return 2;
    }
    return v ? 1 : 0;
  }
  if ('usOrigin' in c) return f.caseFile.usContent.usOriginItem === c.usOrigin ? 1 : 0;
  return 0;
}

/** Evaluate and return the unknown paths met (only when the result is unknown). */
export function evaluate(c: Cond, ctx: EvalCtx): { value: Tri; unknowns: string[] } {
  ctx.unknowns = [];
  const value = evalCond(c, ctx);
  return { value, unknowns: value === 2 ? [...new Set(ctx.unknowns)] : [] };
}
