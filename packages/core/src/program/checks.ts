/**
 * The automatic checks of a proposal. The other modules are INJECTED through the context (screening, classification,
 * license determination), so the program core reimplements none of them and stays pure; `adapters.ts` builds the
 * context functions from the real core modules. Ownership chains use packages/core/src/ownership, dated country
 * lists the KYC core's `countryListAt`, model families the model-provenance registry.
 * @module
 */
import { countryListAt } from '../kyc/country-lists.js';
import type { DatedCountryEntry } from '../kyc/types.js';
import type { Classification } from '../licensing/types.js';
import { familyById } from '../models/families.js';
import { analyseOwnership, type OwnershipLink, type OwnershipOutcome } from '../ownership/aggregate.js';
import { checkCompleteness } from './completeness.js';
import {
  makeFinding,
  type ProgramFinding,
  type ProgramFindingInput,
  type ProgramFindingsSummary,
  settleFindings,
  sortFindings,
  summarizeFindings,
} from './findings.js';
import { proposalContentHash } from './hash.js';
import {
  PROGRAM_REQUIREMENTS,
  type ProgramCitation,
  type ProgramRequirement,
  REQ,
  type RequirementSeverity,
} from './requirements.js';
import type { BomLine, ConsortiumMember, ItemRef, LayerId, Proposal } from './types.js';
import { computeUsContent, type UsContentResult } from './us-content.js';

// ------------------------------------------------------------------ the injected context

/** A screening hit as the matcher reports it (a `Hit` from screening/matching fits). */
export interface ProgramScreeningHit {
  readonly entryKey: string;
  readonly source: string;
  readonly name: string;
  readonly matchedName: string;
  readonly score: number;
  readonly band: 'alert' | 'review' | 'below';
}

/** A party the determination is made for (the shape of a case-file party). */
export interface DeterminationParty {
  readonly role: 'purchaser' | 'intermediate-consignee' | 'ultimate-consignee' | 'end-user';
  readonly name: string;
  readonly country: string;
  readonly headquarters?: string;
  readonly ultimateParentHeadquarters?: string;
}

/** Facts of the BOM line the determination needs besides the classification. */
export interface DeterminationFacts {
  readonly lineId: string;
  readonly item: ItemRef;
  readonly quantity: number;
  readonly valueUsd?: number;
  readonly originCountry?: string;
  readonly usContentFraction?: number;
  /** The proposal carries the end-user-policies attestation. */
  readonly endUseAttested: boolean;
}

/** What the license matrix keeps of a determination. */
export interface LicenseSummary {
  readonly licenseRequired: 'yes' | 'no' | 'unknown';
  /** Most restrictive review policy: policy-of-denial, presumption-of-denial, case-by-case… or unknown. */
  readonly reviewPolicy?: string;
  readonly outcome?: string;
  readonly requirementIds?: readonly string[];
  readonly exceptions?: readonly string[];
  readonly incomplete?: readonly string[];
  readonly flags?: readonly string[];
  readonly citations?: readonly string[];
}

export type ScreenFn = (name: string, country?: string) => readonly ProgramScreeningHit[];
export type ClassifyFn = (item: ItemRef, date: string) => Classification;
export type DetermineFn = (
  classification: Classification,
  destination: string,
  date: string,
  parties: readonly DeterminationParty[],
  facts: DeterminationFacts,
) => LicenseSummary;

/** One dated country-of-concern membership. */
export interface CountryOfConcernEntry extends DatedCountryEntry {
  /** `all`: members located in, owned or controlled from it; `providers`: data, model, security, application providers incorporated or based there. */
  readonly scope: 'all' | 'providers';
  readonly severity: RequirementSeverity;
  readonly note?: string;
}

/** The configurable, dated country-of-concern list, with where it comes from. */
export interface CountryOfConcernPolicy {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly citation: ProgramCitation;
  readonly entries: readonly CountryOfConcernEntry[];
}

/** Provenance of a model from outside the proposal (a model scan, a registry): checked against the declaration. */
export interface ModelProvenance {
  readonly componentId: string;
  readonly familyId?: string;
  readonly developerCountry?: string;
  readonly openWeights?: boolean;
  readonly basis: 'scan' | 'registry' | 'declared';
  readonly confidence?: number;
  readonly evidence?: string;
}

/** A reviewer's recorded decision on a screening hit (adjudication). */
export interface ScreeningDecision {
  readonly name: string;
  readonly entryKey: string;
  readonly decision: 'false-positive' | 'true-match';
  readonly by?: string;
  /** When it was decided, and the hit in the screening module's review queue it was recorded on. */
  readonly at?: string;
  readonly hitId?: string;
}

export interface ProgramCheckContext {
  /** The date of the check (YYYY-MM-DD): requirements, policy and rules in force on it. */
  readonly asOf: string;
  readonly screen: ScreenFn;
  readonly classify: ClassifyFn;
  readonly determine: DetermineFn;
  readonly countryOfConcernPolicy: CountryOfConcernPolicy;
  readonly modelProvenance?: readonly ModelProvenance[];
  readonly screeningDecisions?: readonly ScreeningDecision[];
  readonly requirements?: readonly ProgramRequirement[];
}

// ------------------------------------------------------------------ the result

export interface LicenseCell {
  readonly destination: string;
  /** `not-determined` when the line could not be classified, `error` when the determination refused the input. */
  readonly status: 'determined' | 'not-determined' | 'error';
  readonly summary?: LicenseSummary;
  readonly error?: string;
}

export interface LicenseMatrixRow {
  readonly lineId: string;
  readonly path: string;
  readonly description: string;
  readonly eccn: string | null;
  readonly classificationStatus: Classification['status'] | 'error';
  readonly cells: readonly LicenseCell[];
}

export interface LicenseMatrix {
  readonly destinations: readonly string[];
  readonly rows: readonly LicenseMatrixRow[];
}

export interface ScreenedParty {
  readonly path: string;
  readonly name: string;
  readonly country?: string;
  readonly hits: readonly ProgramScreeningHit[];
}

export interface MemberOwnership {
  readonly memberId: string;
  readonly outcome: OwnershipOutcome;
  readonly aggregateShare: number;
  readonly contributors: readonly { ownerId: string; share?: number; ownerStatus: string }[];
}

export interface ProgramCheckResult {
  readonly proposalId: string;
  /** Content hash of the proposal checked: submission refuses a check of other content. */
  readonly contentHash: string;
  readonly asOf: string;
  readonly policy: { readonly id: string; readonly version: string };
  readonly findings: readonly ProgramFinding[];
  readonly summary: ProgramFindingsSummary;
  readonly usContent: UsContentResult;
  readonly licenseMatrix: LicenseMatrix;
  readonly screening: readonly ScreenedParty[];
  readonly ownership: readonly MemberOwnership[];
}

const PROVIDER_LAYERS: readonly LayerId[] = ['data', 'models', 'security', 'applications'];
const DENIAL = new Set(['policy-of-denial', 'presumption-of-denial']);

/**
 * Runs every check: completeness, screening of every member, owner and named third party, country-of-concern
 * location, ownership and control, classification of every hardware good and the license matrix (good × target
 * country), model provenance, and the US-content share. Returns the findings (sorted, justifications applied),
 * the summary (blocking count, can submit?) and the artefacts a reviewer reads (matrix, arithmetic, hits).
 */
export function checkProposal(p: Proposal, ctx: ProgramCheckContext): ProgramCheckResult {
  const requirements = ctx.requirements ?? PROGRAM_REQUIREMENTS;
  const out: ProgramFinding[] = [...checkCompleteness(p, requirements)];
  const add = (f: ProgramFindingInput): void => {
    out.push(makeFinding(f, requirements));
  };
  const concern = concernAt(ctx.countryOfConcernPolicy, ctx.asOf);
  const policyTag = `${ctx.countryOfConcernPolicy.id} ${ctx.countryOfConcernPolicy.version}`;

  const screening = runScreening(p, ctx, add);
  const ownership = runCountryOfConcern(p, concern, policyTag, add);
  const licenseMatrix = runLicensing(p, ctx, add);
  runModelProvenance(p, ctx, concern, policyTag, add);

  const usContent = computeUsContent(p.hardwareBom);
  if (p.hardwareBom.lines.length > 0) {
    if (usContent.presumptionMet === false)
      add({
        id: 'US_CONTENT_BELOW_THRESHOLD',
        category: 'us-content',
        path: 'hardwareBom',
        message: `US-origin content of the hardware layer is ${usContent.sharePct?.toFixed(2)} %, below the 51 % presumption (the presumption is one factor of the national interest determination, not a bar)`,
        requirementId: REQ.usContent,
        details: { sharePct: usContent.sharePct, inputsHash: usContent.inputsHash },
      });
    else if (usContent.presumptionMet === 'unknown')
      add({
        id: 'US_CONTENT_UNDETERMINED',
        category: 'us-content',
        path: 'hardwareBom',
        message: `the 51 % presumption cannot be settled: ${usContent.problems.length} line problem(s) (missing origins or exchange rates); share between ${usContent.sharePct?.toFixed(2) ?? '—'} % and ${usContent.sharePctUpper?.toFixed(2) ?? usContent.sharePct?.toFixed(2) ?? '—'} %`,
        requirementId: REQ.usContent,
      });
    add({
      id: 'US_CONTENT_METHOD',
      category: 'us-content',
      path: 'hardwareBom',
      message: `US content computed by Stackport's reading of the presumption (${usContent.methodVersion}); the valuation is not defined in the Call as summarised: see the ambiguities listed with the result`,
      requirementId: REQ.usContent,
      details: { sharePct: usContent.sharePct, presumptionMet: usContent.presumptionMet },
    });
  }

  const findings = sortFindings(settleFindings(out, p, ctx.asOf, requirements));
  return {
    proposalId: p.id,
    contentHash: proposalContentHash(p),
    asOf: ctx.asOf,
    policy: { id: ctx.countryOfConcernPolicy.id, version: ctx.countryOfConcernPolicy.version },
    findings,
    summary: summarizeFindings(findings, p),
    usContent,
    licenseMatrix,
    screening,
    ownership,
  };
}

// ------------------------------------------------------------------ screening

function runScreening(p: Proposal, ctx: ProgramCheckContext, add: (f: ProgramFindingInput) => void): ScreenedParty[] {
  const parties: { path: string; name: string; country?: string }[] = [];
  p.consortium.members.forEach((m, i) => {
    const country = m.headquartersCountry ?? m.incorporationCountry;
    parties.push({ path: `consortium.members.${i}`, name: m.legalName, ...(country ? { country } : {}) });
    m.owners.forEach((o, j) => {
      parties.push({ path: `consortium.members.${i}.owners.${j}`, name: o.name, country: o.country });
    });
  });
  p.dataCenters.forEach((dc, i) => {
    for (const role of ['builder', 'owner', 'operator'] as const) {
      const ref = dc[role];
      if (ref && 'name' in ref)
        parties.push({ path: `dataCenters.${i}.${role}`, name: ref.name, country: ref.country });
    }
  });
  const decisions = ctx.screeningDecisions ?? [];
  const screened: ScreenedParty[] = [];
  for (const party of parties) {
    let hits: readonly ProgramScreeningHit[];
    try {
      hits = ctx.screen(party.name, party.country).filter((h) => h.band !== 'below');
    } catch (e) {
      add({
        id: 'SCREENING_ERROR',
        category: 'screening',
        path: party.path,
        message: `${party.name}: screening failed: ${errorText(e)}`,
        requirementId: REQ.screening,
      });
      continue;
    }
    screened.push({ ...party, hits });
    if (hits.length === 0) continue;
    const decisionOn = (h: ProgramScreeningHit) =>
      decisions.find((d) => d.entryKey === h.entryKey && d.name === party.name);
    const decided = (h: ProgramScreeningHit) => decisionOn(h)?.decision;
    // A decided hit cites the decision it rests on: who, when, and the hit it was recorded on.
    const decidedDetail = (h: ProgramScreeningHit) => {
      const d = decisionOn(h);
      return {
        ...hitDetail(h),
        decision: { by: d?.by ?? null, at: d?.at ?? null, hitId: d?.hitId ?? null },
      };
    };
    const open = hits.filter((h) => decided(h) === undefined);
    const matches = hits.filter((h) => decided(h) === 'true-match');
    const cleared = hits.filter((h) => decided(h) === 'false-positive');
    const describe = (hs: readonly ProgramScreeningHit[]) =>
      hs
        .map((h) => {
          const by = decisionOn(h)?.by;
          return `${h.source} "${h.matchedName}" (${h.score}, ${h.band}${by ? `; decided by ${by}` : ''})`;
        })
        .join('; ');
    if (matches.length > 0)
      add({
        id: 'SCREENING_TRUE_MATCH',
        category: 'screening',
        path: party.path,
        message: `${party.name} is a confirmed match of a restricted party: ${describe(matches)}`,
        requirementId: REQ.screening,
        details: { hits: matches.map(decidedDetail) },
      });
    if (open.length > 0)
      add({
        id: 'SCREENING_HIT',
        category: 'screening',
        path: party.path,
        message: `${party.name}: unresolved screening hit(s): ${describe(open)}`,
        requirementId: REQ.screening,
        details: { hits: open.map(hitDetail) },
      });
    if (cleared.length > 0)
      add({
        id: 'SCREENING_HIT_CLEARED',
        category: 'screening',
        path: party.path,
        message: `${party.name}: hit(s) decided false positive: ${describe(cleared)}`,
        requirementId: REQ.screening,
        severity: 'advisory',
        details: { hits: cleared.map(decidedDetail) },
      });
  }
  return screened;
}

function hitDetail(h: ProgramScreeningHit) {
  return { entryKey: h.entryKey, source: h.source, name: h.name, matchedName: h.matchedName, score: h.score };
}

// ------------------------------------------------------------------ countries of concern

interface Concern {
  readonly all: ReadonlyMap<string, CountryOfConcernEntry>;
  readonly providers: ReadonlyMap<string, CountryOfConcernEntry>;
}

/** The entries in force on `asOf`, split by scope (dated selection by the KYC core's `countryListAt`). */
export function concernAt(policy: CountryOfConcernPolicy, asOf: string): Concern {
  const pick = (scope: CountryOfConcernEntry['scope']) =>
    countryListAt(
      { id: policy.id, title: policy.title, entries: policy.entries.filter((e) => e.scope === scope) },
      asOf,
    ) as ReadonlyMap<string, CountryOfConcernEntry>;
  return { all: pick('all'), providers: pick('providers') };
}

function runCountryOfConcern(
  p: Proposal,
  concern: Concern,
  policyTag: string,
  add: (f: ProgramFindingInput) => void,
): MemberOwnership[] {
  const ownership: MemberOwnership[] = [];
  p.consortium.members.forEach((m, i) => {
    const path = `consortium.members.${i}`;
    const located: string[] = [];
    let severity: RequirementSeverity = 'advisory';
    for (const [field, code] of [
      ['headquarters', m.headquartersCountry],
      ['incorporation', m.incorporationCountry],
      ['primary base', m.primaryBaseCountry],
    ] as const) {
      const e = code ? concern.all.get(code) : undefined;
      if (e && code) {
        located.push(`${field} ${code}`);
        if (e.severity === 'blocking') severity = 'blocking';
      }
    }
    if (located.length > 0)
      add({
        id: 'MEMBER_IN_COUNTRY_OF_CONCERN',
        category: 'country-of-concern',
        path,
        message: `${m.legalName} is located in a country of concern (${located.join(', ')}) under ${policyTag}`,
        requirementId: REQ.countryOfConcern,
        severity,
      });
    if (servesProviderLayer(p, m)) {
      const based: string[] = [];
      let psev: RequirementSeverity = 'advisory';
      for (const [field, code] of [
        ['incorporated', m.incorporationCountry],
        ['primarily based', m.primaryBaseCountry ?? m.headquartersCountry],
      ] as const) {
        const e = code ? concern.providers.get(code) : undefined;
        if (e && code) {
          based.push(`${field} in ${code}`);
          if (e.severity === 'blocking') psev = 'blocking';
        }
      }
      if (based.length > 0)
        add({
          id: 'PROVIDER_IN_COUNTRY_OF_CONCERN',
          category: 'country-of-concern',
          path,
          message: `${m.legalName} provides data, model, security or application services and is ${based.join(' and ')} (${policyTag})`,
          requirementId: REQ.providerBase,
          severity: psev,
        });
    }
    ownership.push(memberOwnership(m, path, concern, policyTag, add));
  });
  p.targets.forEach((t, i) => {
    for (const c of targetCountries(t))
      if (concern.all.has(c))
        add({
          id: 'TARGET_COUNTRY_OF_CONCERN',
          category: 'country-of-concern',
          path: `targets.${i}`,
          message: `target market ${c} is a country of concern under ${policyTag}`,
          requirementId: REQ.countryOfConcern,
          severity: 'advisory',
        });
  });
  p.dataCenters.forEach((dc, i) => {
    if (concern.all.has(dc.country))
      add({
        id: 'DATA_CENTER_IN_COUNTRY_OF_CONCERN',
        category: 'country-of-concern',
        path: `dataCenters.${i}.country`,
        message: `data center ${dc.name} is in a country of concern (${dc.country}) under ${policyTag}`,
        requirementId: REQ.countryOfConcern,
      });
    for (const role of ['builder', 'owner', 'operator'] as const) {
      const ref = dc[role];
      if (ref && 'name' in ref && concern.all.has(ref.country))
        add({
          id: 'DATA_CENTER_PARTY_IN_COUNTRY_OF_CONCERN',
          category: 'country-of-concern',
          path: `dataCenters.${i}.${role}`,
          message: `data center ${dc.name}: ${role} ${ref.name} is located in a country of concern (${ref.country})`,
          requirementId: REQ.countryOfConcern,
        });
    }
  });
  return ownership;
}

function servesProviderLayer(p: Proposal, m: ConsortiumMember): boolean {
  if (m.layers.some((l) => PROVIDER_LAYERS.includes(l))) return true;
  return p.layers.some(
    (l) =>
      PROVIDER_LAYERS.includes(l.layer) &&
      (l.responsibleMemberId === m.id || l.components.some((c) => c.responsibleMemberId === m.id)),
  );
}

/**
 * Ownership and control from countries of concern, for one member. Owners whose country (or incorporation) is of
 * concern count as "listed" in the ownership module's 50 % aggregation, through chains (`via`) of any depth. Our
 * reading of "owned or controlled by" (the summaries do not define it): ≥ 50 % in aggregate, or any declared
 * control rights; a smaller known share is advisory; an unknown share is unresolved (blocking until justified).
 */
function memberOwnership(
  m: ConsortiumMember,
  path: string,
  concern: Concern,
  policyTag: string,
  add: (f: ProgramFindingInput) => void,
): MemberOwnership {
  const node = (ownerId: string) => `owner:${ownerId}`;
  const memberNode = `member:${m.id}`;
  const links: OwnershipLink[] = m.owners.map((o) => ({
    ownerId: node(o.id),
    ownedId: o.via === undefined ? memberNode : node(o.via),
    ...(o.sharePct === undefined ? {} : { share: o.sharePct }),
  }));
  const fromConcern = (o: ConsortiumMember['owners'][number]) =>
    concern.all.has(o.country) || (o.incorporationCountry !== undefined && concern.all.has(o.incorporationCountry));
  const listed = new Set(m.owners.filter(fromConcern).map((o) => node(o.id)));
  const analysis = analyseOwnership(links, listed).get(memberNode);
  const outcome: OwnershipOutcome = analysis?.outcome ?? 'no-listed-owner';
  const aggregateShare = analysis?.aggregateShare ?? 0;
  const contributors = (analysis?.contributors ?? []).map((c) => ({ ...c, ownerId: c.ownerId.replace(/^owner:/, '') }));
  const names = contributors
    .map((c) => {
      const o = m.owners.find((x) => x.id === c.ownerId);
      return `${o?.name ?? c.ownerId} (${o?.country ?? '?'}, ${c.share === undefined ? 'share unknown' : `${c.share} %`}${c.ownerStatus === 'owned-50-percent' ? ', itself owned from a country of concern' : ''})`;
    })
    .join('; ');
  if (outcome === 'owned-50-percent')
    add({
      id: 'MEMBER_OWNED_FROM_COUNTRY_OF_CONCERN',
      category: 'country-of-concern',
      path: `${path}.owners`,
      message: `${m.legalName} is owned ${aggregateShare} % in aggregate by persons or entities from a country of concern (${policyTag}): ${names}`,
      requirementId: REQ.countryOfConcern,
      details: { aggregateShare },
    });
  else if (outcome === 'listed-owner-share-unknown')
    add({
      id: 'MEMBER_OWNERSHIP_UNRESOLVED',
      category: 'country-of-concern',
      path: `${path}.owners`,
      message: `${m.legalName} has owners from a country of concern whose share is not known, so ownership of 50 % or more cannot be ruled out: ${names}`,
      requirementId: REQ.countryOfConcern,
    });
  else if (outcome === 'below-50-percent')
    add({
      id: 'MEMBER_MINORITY_OWNER_FROM_COUNTRY_OF_CONCERN',
      category: 'country-of-concern',
      path: `${path}.owners`,
      message: `${m.legalName} has minority owners from a country of concern (${aggregateShare} % in aggregate): ${names}`,
      requirementId: REQ.countryOfConcern,
      severity: 'advisory',
    });
  const controllers = m.owners.filter((o) => o.controlRights && (fromConcern(o) || listed.has(node(o.id))));
  if (controllers.length > 0)
    add({
      id: 'MEMBER_CONTROLLED_FROM_COUNTRY_OF_CONCERN',
      category: 'country-of-concern',
      path: `${path}.owners`,
      message: `${m.legalName} has control rights held from a country of concern: ${controllers.map((o) => `${o.name} (${o.country})`).join(', ')}`,
      requirementId: REQ.countryOfConcern,
    });
  return { memberId: m.id, outcome, aggregateShare, contributors };
}

// ------------------------------------------------------------------ classification and license matrix

/** Countries of a target: the country itself, or the bloc's listed members. */
export function targetCountries(t: Proposal['targets'][number]): string[] {
  if (t.kind === 'country') return /^[A-Z]{2}$/.test(t.code) ? [t.code] : [];
  return [...new Set(t.countries ?? [])];
}

/** The parties a determination for `destination` is made for: the operators of the package's sites there. */
export function determinationParties(p: Proposal, destination: string): DeterminationParty[] {
  const parties: DeterminationParty[] = [];
  const members = new Map(p.consortium.members.map((m) => [m.id, m]));
  for (const dc of p.dataCenters) {
    if (dc.country !== destination || !dc.operator) continue;
    const ref = dc.operator;
    if ('memberId' in ref) {
      const m = members.get(ref.memberId);
      if (!m) continue;
      const hq = m.headquartersCountry;
      const parent = ultimateParentCountry(m);
      parties.push({
        role: 'end-user',
        name: m.legalName,
        country: destination,
        ...(hq ? { headquarters: hq } : {}),
        ...(parent ? { ultimateParentHeadquarters: parent } : {}),
      });
    } else parties.push({ role: 'end-user', name: ref.name, country: destination });
  }
  const seen = new Set<string>();
  return parties.filter((x) => {
    if (seen.has(x.name)) return false;
    seen.add(x.name);
    return true;
  });
}

/** The country of a majority organisational owner, else the member's own headquarters (when it has no such owner). */
function ultimateParentCountry(m: ConsortiumMember): string | undefined {
  const direct = m.owners.filter((o) => o.via === undefined && o.type === 'organization' && (o.sharePct ?? 0) > 50);
  const top = direct[0];
  if (top) return top.country;
  const unknown = m.owners.some((o) => o.type === 'organization' && o.sharePct === undefined);
  return unknown ? undefined : m.headquartersCountry;
}

function runLicensing(p: Proposal, ctx: ProgramCheckContext, add: (f: ProgramFindingInput) => void): LicenseMatrix {
  const destinations = [...new Set(p.targets.flatMap(targetCountries))];
  const endUseAttested = p.attestations.some((a) => a.kind === 'end-user-policies');
  const partiesFor = new Map(destinations.map((d) => [d, determinationParties(p, d)]));
  const rows: LicenseMatrixRow[] = [];
  p.hardwareBom.lines.forEach((line, i) => {
    const path = `hardwareBom.lines.${i}`;
    if (line.kind !== 'good' || !line.item) return;
    let cls: Classification;
    try {
      cls = ctx.classify(line.item, ctx.asOf);
    } catch (e) {
      add({
        id: 'CLASSIFICATION_ERROR',
        category: 'classification',
        path: `${path}.item`,
        message: `BOM line ${line.id} (${line.description}) cannot be classified: ${errorText(e)}`,
        requirementId: REQ.classification,
      });
      rows.push(row(line, path, null, 'error', destinations.map(notDetermined)));
      return;
    }
    if (cls.status === 'needs-input') {
      add({
        id: 'CLASSIFICATION_NEEDS_INPUT',
        category: 'classification',
        path: `${path}.item`,
        message: `BOM line ${line.id} (${line.description}): classification needs input: ${cls.needsInput.join('; ')}`,
        requirementId: REQ.classification,
        details: { needsInput: cls.needsInput },
      });
      rows.push(row(line, path, null, cls.status, destinations.map(notDetermined)));
      return;
    }
    const cells: LicenseCell[] = destinations.map((dest) => {
      const parties = partiesFor.get(dest) ?? [];
      const facts: DeterminationFacts = {
        lineId: line.id,
        item: line.item as ItemRef,
        quantity: line.quantity,
        ...(line.unitValue.currency === 'USD' ? { valueUsd: line.unitValue.amount * line.quantity } : {}),
        ...(line.originCountry ? { originCountry: line.originCountry } : {}),
        ...(line.usContentFraction === undefined ? {} : { usContentFraction: line.usContentFraction }),
        endUseAttested,
      };
      const cellPath = `${path}@${dest}`;
      let summary: LicenseSummary;
      try {
        summary = ctx.determine(cls, dest, ctx.asOf, parties, facts);
      } catch (e) {
        add({
          id: 'DETERMINATION_ERROR',
          category: 'licensing',
          path: cellPath,
          message: `${line.description} to ${dest}: the license determination refused the input: ${errorText(e)}`,
          requirementId: REQ.licensing,
        });
        return { destination: dest, status: 'error', error: errorText(e) };
      }
      const label = `${line.description} (${cls.eccn ?? 'no ECCN'}) to ${dest}`;
      if (summary.licenseRequired === 'yes' && summary.reviewPolicy && DENIAL.has(summary.reviewPolicy))
        add({
          id: 'LICENSE_DENIAL',
          category: 'licensing',
          path: cellPath,
          message: `${label}: license required under a ${summary.reviewPolicy.replaceAll('-', ' ')}`,
          requirementId: REQ.licensing,
          details: { ...summary },
        });
      else if (summary.licenseRequired === 'yes')
        add({
          id: 'LICENSE_REQUIRED',
          category: 'licensing',
          path: cellPath,
          message: `${label}: license required (${summary.reviewPolicy ?? 'review policy not stated'}); plan for it`,
          requirementId: REQ.licensing,
          severity: 'advisory',
          details: { ...summary },
        });
      else if (summary.licenseRequired === 'unknown')
        add({
          id: 'LICENSE_UNKNOWN',
          category: 'licensing',
          path: cellPath,
          message: `${label}: license position unknown${summary.incomplete?.length ? `; missing: ${summary.incomplete.join(', ')}` : ''}`,
          requirementId: REQ.licensing,
          severity: 'advisory',
          details: { ...summary },
        });
      return { destination: dest, status: 'determined', summary };
    });
    rows.push(row(line, path, cls.eccn, cls.status, cells));
  });
  return { destinations, rows };
}

function row(
  line: BomLine,
  path: string,
  eccn: string | null,
  status: LicenseMatrixRow['classificationStatus'],
  cells: LicenseCell[],
): LicenseMatrixRow {
  return { lineId: line.id, path, description: line.description, eccn, classificationStatus: status, cells };
}

function notDetermined(destination: string): LicenseCell {
  return { destination, status: 'not-determined' };
}

// ------------------------------------------------------------------ model provenance

interface Origin {
  readonly country: string;
  readonly source: string;
  readonly openWeights?: boolean;
}

function runModelProvenance(
  p: Proposal,
  ctx: ProgramCheckContext,
  concern: Concern,
  policyTag: string,
  add: (f: ProgramFindingInput) => void,
) {
  const coc = (c: string) => concern.all.get(c) ?? concern.providers.get(c);
  p.layers.forEach((layer, li) => {
    if (layer.layer !== 'models') return;
    layer.components.forEach((c, ci) => {
      const path = `layers.${li}.components.${ci}.model`;
      const model = c.model;
      const external = (ctx.modelProvenance ?? []).filter((x) => x.componentId === c.id);
      if (!model && external.length === 0) return; // MODEL_NOT_DECLARED (completeness)
      const origins: Origin[] = [];
      const family = (fid: string | undefined, source: string, openWeights: boolean | undefined) => {
        if (fid === undefined) return;
        const f = familyById(fid);
        if (!f)
          add({
            id: 'MODEL_FAMILY_UNKNOWN',
            category: 'model-provenance',
            path,
            message: `${source}: model family "${fid}" is not in the provenance registry`,
            requirementId: REQ.openWeight,
            severity: 'advisory',
          });
        else
          origins.push({
            country: f.country,
            source: `${source}: family ${f.name} (${f.organization})`,
            ...(openWeights === undefined ? {} : { openWeights }),
          });
      };
      const ow = (v: boolean | undefined) => (v === undefined ? {} : { openWeights: v });
      if (model) {
        if (model.developerCountry)
          origins.push({
            country: model.developerCountry,
            source: `declared developer ${model.developer ?? ''}`.trim(),
            ...ow(model.openWeights),
          });
        family(model.familyId, `declared ${model.name}`, model.openWeights);
        for (const b of model.baseModels ?? []) {
          if (b.developerCountry)
            origins.push({
              country: b.developerCountry,
              source: `base model ${b.name}`,
              ...ow(b.openWeights ?? model.openWeights),
            });
          family(b.familyId, `base model ${b.name}`, b.openWeights ?? model.openWeights);
        }
      }
      for (const x of external) {
        if (x.developerCountry)
          origins.push({ country: x.developerCountry, source: `${x.basis} provenance`, ...ow(x.openWeights) });
        family(x.familyId, `${x.basis} provenance${x.evidence ? ` (${x.evidence})` : ''}`, x.openWeights);
        const declared = model?.developerCountry;
        const observed = x.developerCountry ?? (x.familyId ? familyById(x.familyId)?.country : undefined);
        if (declared && observed && declared !== observed)
          add({
            id: 'MODEL_PROVENANCE_MISMATCH',
            category: 'model-provenance',
            path,
            message: `${c.name}: declared origin ${declared}, ${x.basis} provenance says ${observed}`,
            requirementId: REQ.openWeight,
            severity: 'advisory',
          });
      }
      if (origins.length === 0) {
        add({
          id: 'MODEL_ORIGIN_UNKNOWN',
          category: 'model-provenance',
          path,
          message: `${c.name}: no developer country, model family or provenance given, so an open-weight model from a country of concern cannot be ruled out`,
          requirementId: REQ.openWeight,
        });
        return;
      }
      const concerning = origins.filter((o) => coc(o.country) !== undefined);
      if (concerning.length === 0) return;
      const declaredOpen =
        concerning.some((o) => o.openWeights === true) || (model?.openWeights === true && concerning.length > 0);
      const unknownWeights = concerning.every((o) => o.openWeights === undefined) && model?.openWeights === undefined;
      const where = concerning.map((o) => `${o.source} → ${o.country}`).join('; ');
      const severity: RequirementSeverity = concerning.some((o) => coc(o.country)?.severity === 'blocking')
        ? 'blocking'
        : 'advisory';
      if (declaredOpen)
        add({
          id: 'OPEN_WEIGHT_MODEL_FROM_COUNTRY_OF_CONCERN',
          category: 'model-provenance',
          path,
          message: `${c.name} is (or derives from) an open-weight model from a country of concern under ${policyTag}: ${where}`,
          requirementId: REQ.openWeight,
          severity,
        });
      else if (unknownWeights)
        add({
          id: 'MODEL_FROM_COUNTRY_OF_CONCERN_WEIGHTS_UNDECLARED',
          category: 'model-provenance',
          path,
          message: `${c.name} comes from a country of concern (${where}) and whether its weights are open is not declared`,
          requirementId: REQ.openWeight,
          severity,
        });
      else
        add({
          id: 'CLOSED_MODEL_FROM_COUNTRY_OF_CONCERN',
          category: 'model-provenance',
          path,
          message: `${c.name} comes from a country of concern (${where}); its weights are declared closed, which the open-weight rule does not cover`,
          requirementId: REQ.openWeight,
          severity: 'advisory',
        });
    });
  });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
