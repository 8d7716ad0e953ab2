/**
 * Completeness and internal consistency of a proposal: every part EO 14320 Sec. 3(b) and the Call (FR 2026-06952)
 * ask for is present, every reference points at something that exists, and the BOM adds up. Pure: no screening,
 * classification or determination here (see checks.ts). Each finding names the path and the requirement.
 * @module
 */
import { makeFinding, type ProgramFinding, type ProgramFindingInput } from './findings.js';
import { PROGRAM_REQUIREMENTS, type ProgramRequirement, REQ } from './requirements.js';
import {
  AGENCY_INSTRUMENTS,
  FINANCIAL_INSTRUMENTS,
  HARDWARE_CATEGORIES,
  LAYER_IDS,
  LAYER_TITLES,
  type LayerId,
  type PartyRef,
  type Proposal,
  REQUIRED_ATTESTATIONS,
} from './types.js';
import { declaredTotalCents, formatCents, toCents } from './us-content.js';

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

/** Finds what is missing or inconsistent. Findings are in proposal order; see `checkProposal` for the full check. */
export function checkCompleteness(
  p: Proposal,
  requirements: readonly ProgramRequirement[] = PROGRAM_REQUIREMENTS,
): ProgramFinding[] {
  const out: ProgramFinding[] = [];
  const add = (f: ProgramFindingInput): void => {
    out.push(makeFinding(f, requirements));
  };
  const members = p.consortium.members;
  const memberIds = new Set(members.map((m) => m.id));

  // ---------------------------------------------------------------- consortium
  if (members.length === 0)
    add({
      id: 'NO_MEMBERS',
      category: 'completeness',
      path: 'consortium.members',
      message: 'the consortium has no members',
      requirementId: REQ.anchor,
    });
  const anchors = members.filter((m) => m.role === 'anchor');
  if (members.length > 0 && anchors.length === 0)
    add({
      id: 'NO_ANCHOR',
      category: 'completeness',
      path: 'consortium.members',
      message: 'no member is the anchor: exactly one anchor member is required',
      requirementId: REQ.anchor,
    });
  if (anchors.length > 1)
    add({
      id: 'MULTIPLE_ANCHORS',
      category: 'consistency',
      path: 'consortium.members',
      message: `${anchors.length} anchor members (${anchors.map((m) => m.id).join(', ')}): exactly one is allowed`,
      requirementId: REQ.anchor,
    });
  for (const dup of duplicates(members.map((m) => m.id)))
    add({
      id: 'DUPLICATE_MEMBER_ID',
      category: 'consistency',
      path: 'consortium.members',
      message: `member id ${dup} is used more than once`,
      requirementId: REQ.memberFacts,
    });
  members.forEach((m, i) => {
    const path = `consortium.members.${i}`;
    const ids = m.identifiers;
    if (blank(ids.uei) && blank(ids.lei) && blank(ids.duns) && blank(ids.cage) && !(ids.other?.length ?? 0))
      add({
        id: 'MEMBER_NO_IDENTIFIER',
        category: 'completeness',
        path: `${path}.identifiers`,
        message: `${m.legalName}: no legal identifier (UEI, LEI, DUNS, CAGE or other)`,
        requirementId: REQ.memberFacts,
      });
    if (!m.incorporationCountry)
      add({
        id: 'MEMBER_NO_INCORPORATION',
        category: 'completeness',
        path: `${path}.incorporationCountry`,
        message: `${m.legalName}: country of incorporation missing`,
        requirementId: REQ.memberFacts,
      });
    if (!m.headquartersCountry)
      add({
        id: 'MEMBER_NO_HEADQUARTERS',
        category: 'completeness',
        path: `${path}.headquartersCountry`,
        message: `${m.legalName}: headquarters country missing`,
        requirementId: REQ.memberFacts,
      });
    if (m.layers.length === 0)
      add({
        id: 'MEMBER_NO_LAYERS',
        category: 'completeness',
        path: `${path}.layers`,
        message: `${m.legalName}: serves no layer`,
        requirementId: REQ.memberFacts,
      });
    if (m.owners.length === 0 && !m.noReportableOwners)
      add({
        id: 'MEMBER_NO_OWNERS',
        category: 'completeness',
        path: `${path}.owners`,
        message: `${m.legalName}: no beneficial owners listed (list them, or state noReportableOwners)`,
        requirementId: REQ.memberOwners,
      });
    const ownerIds = new Set(m.owners.map((o) => o.id));
    for (const dup of duplicates(m.owners.map((o) => o.id)))
      add({
        id: 'DUPLICATE_OWNER_ID',
        category: 'consistency',
        path: `${path}.owners`,
        message: `${m.legalName}: owner id ${dup} is used more than once`,
        requirementId: REQ.memberOwners,
      });
    const held = new Map<string, number>();
    m.owners.forEach((o, j) => {
      const opath = `${path}.owners.${j}`;
      if (o.sharePct === undefined && !o.controlRights)
        add({
          id: 'OWNER_SHARE_MISSING',
          category: 'completeness',
          path: `${opath}.sharePct`,
          message: `${m.legalName}: owner ${o.name} has no share and no declared control rights`,
          requirementId: REQ.memberOwners,
        });
      if (o.via !== undefined && (!ownerIds.has(o.via) || o.via === o.id))
        add({
          id: 'OWNER_VIA_UNKNOWN',
          category: 'consistency',
          path: `${opath}.via`,
          message: `${m.legalName}: owner ${o.name} holds via "${o.via}", which is not another owner of this member`,
          requirementId: REQ.memberOwners,
        });
      const holder = o.via ?? m.id;
      held.set(holder, (held.get(holder) ?? 0) + (o.sharePct ?? 0));
    });
    for (const [holder, total] of held)
      if (total > 100 + 1e-9)
        add({
          id: 'OWNER_SHARES_EXCEED_100',
          category: 'consistency',
          path: `${path}.owners`,
          message: `${m.legalName}: shares held in ${holder === m.id ? m.legalName : holder} add up to ${round2(total)} % (> 100 %)`,
          requirementId: REQ.memberOwners,
        });
  });

  // ---------------------------------------------------------------- layers
  const layerIndex = new Map<LayerId, number>();
  p.layers.forEach((l, i) => {
    if (layerIndex.has(l.layer))
      add({
        id: 'LAYER_DUPLICATE',
        category: 'consistency',
        path: `layers.${i}`,
        message: `layer ${l.layer} appears more than once`,
        requirementId: REQ.layers,
      });
    else layerIndex.set(l.layer, i);
  });
  for (const id of LAYER_IDS)
    if (!layerIndex.has(id))
      add({
        id: 'LAYER_MISSING',
        category: 'completeness',
        path: 'layers',
        message: `layer missing: ${LAYER_TITLES[id]}`,
        requirementId: REQ.layers,
        details: { layer: id },
      });
  const memberById = new Map(members.map((m) => [m.id, m]));
  const componentIds: string[] = [];
  p.layers.forEach((l, i) => {
    const path = `layers.${i}`;
    if (l.components.length === 0)
      add({
        id: 'LAYER_NO_COMPONENTS',
        category: 'completeness',
        path: `${path}.components`,
        message: `layer ${l.layer} lists no components`,
        requirementId: REQ.layers,
      });
    if (!l.responsibleMemberId)
      add({
        id: 'LAYER_NO_RESPONSIBLE',
        category: 'completeness',
        path: `${path}.responsibleMemberId`,
        message: `layer ${l.layer} names no responsible member`,
        requirementId: REQ.responsible,
      });
    else responsible(l.responsibleMemberId, `${path}.responsibleMemberId`, l.layer, `layer ${l.layer}`);
    l.components.forEach((c, j) => {
      const cpath = `${path}.components.${j}`;
      componentIds.push(c.id);
      if (!c.responsibleMemberId)
        add({
          id: 'COMPONENT_NO_RESPONSIBLE',
          category: 'completeness',
          path: `${cpath}.responsibleMemberId`,
          message: `component ${c.name} names no responsible member`,
          requirementId: REQ.responsible,
        });
      else responsible(c.responsibleMemberId, `${cpath}.responsibleMemberId`, l.layer, `component ${c.name}`);
      if (l.layer === 'models' && !c.model)
        add({
          id: 'MODEL_NOT_DECLARED',
          category: 'completeness',
          path: `${cpath}.model`,
          message: `models-layer component ${c.name} declares no model and provenance (developer, country, open weights)`,
          requirementId: REQ.openWeight,
        });
    });
  });
  for (const dup of duplicates(componentIds))
    add({
      id: 'DUPLICATE_COMPONENT_ID',
      category: 'consistency',
      path: 'layers',
      message: `component id ${dup} is used more than once`,
      requirementId: REQ.responsible,
    });

  function responsible(memberId: string, path: string, layer: LayerId, what: string) {
    const m = memberById.get(memberId);
    if (!m)
      add({
        id: 'RESPONSIBLE_NOT_MEMBER',
        category: 'consistency',
        path,
        message: `${what}: responsible member "${memberId}" is not in the consortium`,
        requirementId: REQ.responsible,
      });
    else if (!m.layers.includes(layer))
      add({
        id: 'RESPONSIBLE_NOT_SERVING_LAYER',
        category: 'consistency',
        path,
        message: `${what}: ${m.legalName} is responsible but does not list layer ${layer} among the layers it serves`,
        requirementId: REQ.responsible,
        severity: 'advisory',
      });
  }

  const hwIndex = layerIndex.get('hardware');
  const hardware = hwIndex === undefined ? undefined : p.layers[hwIndex];
  if (hardware && hardware.components.length > 0) {
    const covered = new Set(hardware.components.map((c) => c.category).filter((c) => c !== undefined));
    const missing = HARDWARE_CATEGORIES.filter((c) => c !== 'other' && !covered.has(c));
    if (missing.length > 0)
      add({
        id: 'HARDWARE_SCOPE_PARTIAL',
        category: 'completeness',
        path: `layers.${hwIndex}.components`,
        message: `the hardware layer has no component for: ${missing.join(', ')}`,
        requirementId: REQ.hardwareCategories,
        details: { missing },
      });
  }

  // ---------------------------------------------------------------- hardware BOM
  const bom = p.hardwareBom;
  const hwComponents = new Set(hardware?.components.map((c) => c.id) ?? []);
  if (bom.lines.length === 0)
    add({
      id: 'BOM_EMPTY',
      category: 'completeness',
      path: 'hardwareBom.lines',
      message: 'the hardware bill of materials has no lines: the US-content share cannot be computed',
      requirementId: REQ.bomData,
    });
  for (const dup of duplicates(bom.lines.map((l) => l.id)))
    add({
      id: 'DUPLICATE_BOM_LINE_ID',
      category: 'consistency',
      path: 'hardwareBom.lines',
      message: `BOM line id ${dup} is used more than once`,
      requirementId: REQ.bomTotals,
    });
  const rates = new Set(bom.fxRates.map((r) => r.currency));
  const missingRates = new Set<string>();
  const inBom = new Set<string>();
  bom.lines.forEach((line, i) => {
    const path = `hardwareBom.lines.${i}`;
    if (!line.originCountry)
      add({
        id: 'BOM_LINE_NO_ORIGIN',
        category: 'completeness',
        path: `${path}.originCountry`,
        message: `BOM line ${line.id} (${line.description}): country of origin missing`,
        requirementId: REQ.bomData,
      });
    if (line.kind === 'good' && !line.item)
      add({
        id: 'BOM_LINE_NO_ITEM',
        category: 'completeness',
        path: `${path}.item`,
        message: `BOM line ${line.id} (${line.description}): no part id or item spec, so it cannot be classified`,
        requirementId: REQ.classification,
      });
    if (!line.componentId)
      add({
        id: 'BOM_LINE_NO_COMPONENT',
        category: 'completeness',
        path: `${path}.componentId`,
        message: `BOM line ${line.id}: does not name its hardware component`,
        requirementId: REQ.bomTotals,
      });
    else if (!hwComponents.has(line.componentId))
      add({
        id: 'BOM_LINE_UNKNOWN_COMPONENT',
        category: 'consistency',
        path: `${path}.componentId`,
        message: `BOM line ${line.id}: component "${line.componentId}" is not a hardware-layer component`,
        requirementId: REQ.bomTotals,
      });
    else inBom.add(line.componentId);
    const cur = line.unitValue.currency;
    if (cur !== 'USD' && !rates.has(cur) && !missingRates.has(cur)) {
      missingRates.add(cur);
      add({
        id: 'BOM_FX_MISSING',
        category: 'completeness',
        path: `${path}.unitValue.currency`,
        message: `no dated exchange rate for ${cur} in hardwareBom.fxRates`,
        requirementId: REQ.bomTotals,
      });
    }
  });
  if (hardware)
    hardware.components.forEach((c, j) => {
      if (!inBom.has(c.id))
        add({
          id: 'HARDWARE_COMPONENT_NOT_IN_BOM',
          category: 'completeness',
          path: `layers.${hwIndex}.components.${j}`,
          message: `hardware component ${c.name} has no BOM line: its origin and value are missing from the US-content share`,
          requirementId: REQ.bomData,
        });
    });
  if (!bom.declaredTotal)
    add({
      id: 'BOM_NO_DECLARED_TOTAL',
      category: 'completeness',
      path: 'hardwareBom.declaredTotal',
      message: 'the hardware-layer total value is not declared',
      requirementId: REQ.bomTotals,
    });
  else {
    const mismatch = bomTotalMismatch(p);
    if (mismatch)
      add({
        id: 'BOM_TOTAL_MISMATCH',
        category: 'consistency',
        path: 'hardwareBom.declaredTotal',
        message: mismatch.message,
        requirementId: REQ.bomTotals,
        details: mismatch.details,
      });
  }

  // ---------------------------------------------------------------- targets
  if (p.targets.length === 0)
    add({
      id: 'NO_TARGET',
      category: 'completeness',
      path: 'targets',
      message: 'no target country or regional bloc: at least one is required',
      requirementId: REQ.targets,
    });
  for (const dup of duplicates(p.targets.map((t) => `${t.kind}:${t.code}`)))
    add({
      id: 'DUPLICATE_TARGET',
      category: 'consistency',
      path: 'targets',
      message: `target ${dup} is listed more than once`,
      requirementId: REQ.targets,
      severity: 'advisory',
    });
  p.targets.forEach((t, i) => {
    const path = `targets.${i}`;
    if (blank(t.rationale))
      add({
        id: 'TARGET_NO_RATIONALE',
        category: 'completeness',
        path: `${path}.rationale`,
        message: `target ${t.code}: no rationale (how the package advances US national interests there)`,
        requirementId: REQ.targetRationale,
      });
    if (t.kind === 'country' && !/^[A-Z]{2}$/.test(t.code))
      add({
        id: 'TARGET_BAD_COUNTRY',
        category: 'consistency',
        path: `${path}.code`,
        message: `target country "${t.code}" is not an ISO 3166-1 alpha-2 code`,
        requirementId: REQ.targets,
      });
    if (t.kind === 'bloc' && !(t.countries?.length ?? 0))
      add({
        id: 'BLOC_NO_COUNTRIES',
        category: 'completeness',
        path: `${path}.countries`,
        message: `bloc ${t.code}: member countries not listed, so the license position cannot be determined`,
        requirementId: REQ.targets,
      });
  });

  // ---------------------------------------------------------------- business and operating model
  if (blank(p.businessModel.summary))
    add({
      id: 'NO_BUSINESS_MODEL',
      category: 'completeness',
      path: 'businessModel.summary',
      message: 'the business and operating model is not described',
      requirementId: REQ.operatingModel,
    });
  if (p.dataCenters.length === 0)
    add({
      id: 'NO_DATA_CENTER',
      category: 'completeness',
      path: 'dataCenters',
      message: 'no data center or infrastructure site: say who builds, owns and operates it',
      requirementId: REQ.operatingModel,
    });
  p.dataCenters.forEach((dc, i) => {
    for (const role of ['builder', 'owner', 'operator'] as const) {
      const ref: PartyRef | undefined = dc[role];
      const path = `dataCenters.${i}.${role}`;
      if (!ref)
        add({
          id: `DC_NO_${role.toUpperCase()}`,
          category: 'completeness',
          path,
          message: `data center ${dc.name}: ${role} not named`,
          requirementId: REQ.operatingModel,
        });
      else if ('memberId' in ref && !memberIds.has(ref.memberId))
        add({
          id: 'DC_PARTY_NOT_MEMBER',
          category: 'consistency',
          path,
          message: `data center ${dc.name}: ${role} "${ref.memberId}" is not a consortium member (name a third party with its country instead)`,
          requirementId: REQ.operatingModel,
        });
    }
  });

  // ---------------------------------------------------------------- federal support
  if (p.supportRequests.length === 0)
    add({
      id: 'NO_SUPPORT_REQUEST',
      category: 'completeness',
      path: 'supportRequests',
      message: 'no federal support requested',
      requirementId: REQ.support,
    });
  p.supportRequests.forEach((s, i) => {
    const path = `supportRequests.${i}`;
    if (FINANCIAL_INSTRUMENTS.has(s.instrument) && !s.amount)
      add({
        id: 'SUPPORT_NO_AMOUNT',
        category: 'completeness',
        path: `${path}.amount`,
        message: `${s.agency} ${s.instrument}: amount missing`,
        requirementId: REQ.support,
      });
    if (s.amount && s.amount.amount === 0 && FINANCIAL_INSTRUMENTS.has(s.instrument))
      add({
        id: 'SUPPORT_ZERO_AMOUNT',
        category: 'consistency',
        path: `${path}.amount`,
        message: `${s.agency} ${s.instrument}: amount is 0`,
        requirementId: REQ.support,
      });
    if (!AGENCY_INSTRUMENTS[s.agency].includes(s.instrument))
      add({
        id: 'SUPPORT_INSTRUMENT_MISMATCH',
        category: 'consistency',
        path: `${path}.instrument`,
        message: `${s.instrument} is not an instrument ${s.agency} usually offers (offers: ${AGENCY_INSTRUMENTS[s.agency].join(', ')})`,
        requirementId: REQ.supportInstrument,
      });
  });

  // ---------------------------------------------------------------- attestations
  const kinds = new Set(p.attestations.map((a) => a.kind));
  for (const kind of REQUIRED_ATTESTATIONS)
    if (!kinds.has(kind))
      add({
        id: 'ATTESTATION_MISSING',
        category: 'completeness',
        path: 'attestations',
        message: `compliance attestation missing: ${kind}`,
        requirementId: REQ.compliance,
        details: { kind },
      });
  p.attestations.forEach((a, i) => {
    if (a.memberId !== undefined && !memberIds.has(a.memberId))
      add({
        id: 'ATTESTATION_MEMBER_UNKNOWN',
        category: 'consistency',
        path: `attestations.${i}.memberId`,
        message: `attestation ${a.kind}: member "${a.memberId}" is not in the consortium`,
        requirementId: REQ.compliance,
      });
  });

  // ---------------------------------------------------------------- confidentiality
  for (const dup of duplicates(p.confidentiality.map((c) => c.section)))
    add({
      id: 'CONFIDENTIALITY_DUPLICATE',
      category: 'consistency',
      path: 'confidentiality',
      message: `section ${dup} is marked more than once`,
      requirementId: REQ.confidentiality,
    });
  return out;
}

/**
 * Compares the BOM with the declared total. In one currency the comparison is exact, in cents. When conversion is
 * needed, both sides are taken to USD cents and a difference of up to one cent per converted line (rounding) is
 * accepted. Returns undefined when they agree or when a missing rate makes the comparison impossible (reported as
 * BOM_FX_MISSING).
 */
export function bomTotalMismatch(
  p: Pick<Proposal, 'hardwareBom'>,
): { message: string; details: Record<string, unknown> } | undefined {
  const bom = p.hardwareBom;
  const declared = bom.declaredTotal;
  if (!declared) return undefined;
  if (bom.lines.every((l) => l.unitValue.currency === declared.currency)) {
    const sum = bom.lines.reduce((s, l) => s + toCents(l.unitValue.amount) * l.quantity, 0);
    const want = toCents(declared.amount);
    return sum === want
      ? undefined
      : {
          message: `the BOM lines add up to ${formatCents(sum)} ${declared.currency}, the declared total is ${formatCents(want)} ${declared.currency}`,
          details: { bomCents: sum, declaredCents: want, currency: declared.currency },
        };
  }
  const rate = new Map(bom.fxRates.map((r) => [r.currency, r.usdPerUnit]));
  let sum = 0;
  let converted = 0;
  for (const l of bom.lines) {
    const cents = toCents(l.unitValue.amount) * l.quantity;
    if (l.unitValue.currency === 'USD') sum += cents;
    else {
      const r = rate.get(l.unitValue.currency);
      if (r === undefined) return undefined;
      sum += Math.round(cents * r);
      converted++;
    }
  }
  const want = declaredTotalCents(bom);
  if (want === undefined) return undefined;
  const tolerance = converted + (declared.currency === 'USD' ? 0 : 1);
  return Math.abs(sum - want) <= tolerance
    ? undefined
    : {
        message: `the BOM lines add up to ${formatCents(sum)} USD after conversion, the declared total is ${formatCents(want)} USD (${formatCents(toCents(declared.amount))} ${declared.currency})`,
        details: { bomUsdCents: sum, declaredUsdCents: want, toleranceCents: tolerance },
      };
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
