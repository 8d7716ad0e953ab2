/**
 * determine(): the pure license determination. Stages follow Part 732: subject to the EAR → license requirements
 * (CCL, Part 744, Part 746) → review policy → license exceptions → red flags, each evaluated in both layers.
 * No I/O, no clock: the ship date in the case file is the "as of" date.
 * @module
 */
import type { Layer, RequirementRule, RulePack } from '../rules/types.js';
import { type Citation, type Classification, type Flag, LicensingInputError, type ReasoningStep } from '../types.js';
import { type CaseFile, validateCaseFile } from './case-file.js';
import { compile } from './compiled.js';
import type { EvalCtx, Facts, NormParty } from './conditions.js';
import { evaluateExceptions, type LayerExceptionResult } from './exceptions.js';
import { itemTags } from './item-tags.js';
import { enforcementFlags, type LayerRun, mergeRequirements } from './layers.js';
import { evaluateRequirements } from './license-requirements.js';
import { redFlags } from './red-flags.js';
import { type PolicyOutcome, reviewPolicy } from './review-policy.js';
import { type SubjectResult, subjectToEar } from './subject-to-ear.js';
import type {
  Answer,
  Determination,
  ExceptionCandidate,
  ExceptionRuledOut,
  LayerVerdict,
  Outcome,
  RuleVersionUsed,
} from './types.js';

interface LayerState extends LayerRun {
  readonly subjectResult: SubjectResult;
  readonly policy: PolicyOutcome;
  readonly exceptions: LayerExceptionResult;
  readonly memberFlags: Set<string>;
}

function fmtCite(c: Citation | undefined): string {
  if (!c) return '';
  return c.cfr ?? c.fr ?? c.note ?? c.url ?? '';
}

export function determine(caseFile: CaseFile, classification: Classification, rules: RulePack): Determination {
  validateCaseFile(caseFile, rules);
  const compiled = compile(rules);
  const date = caseFile.shipDate;
  if ('partId' in caseFile.item && classification.item.partId && classification.item.partId !== caseFile.item.partId) {
    throw new LicensingInputError(
      'CONTRADICTORY_FACTS',
      'item.partId',
      `case file item ${caseFile.item.partId} does not match the classification of ${classification.item.partId}`,
    );
  }
  const notes: string[] = [];
  const reasoning: ReasoningStep[] = [];
  const dest = compiled.canonical(caseFile.destination);
  const shipFrom = compiled.canonical(caseFile.shipFrom);
  for (const [code, path] of [
    [caseFile.destination, 'destination'],
    [caseFile.shipFrom, 'shipFrom'],
  ] as const) {
    const info = compiled.countries.get(code);
    if (info?.aliasOf) notes.push(`${path} ${code} treated as ${info.aliasOf}: ${info.aliasNote ?? ''}`);
  }
  const parties: NormParty[] = caseFile.parties.map((party, index) => {
    const hq = party.headquarters ? compiled.canonical(party.headquarters) : undefined;
    const parentHq = party.ultimateParentHeadquarters
      ? compiled.canonical(party.ultimateParentHeadquarters)
      : undefined;
    return {
      index,
      party,
      country: compiled.canonical(party.country),
      ...(hq ? { hq } : {}),
      ...(parentHq ? { parentHq } : {}),
    };
  });
  const tags = itemTags(classification);
  const facts: Facts = {
    compiled,
    date,
    caseFile,
    classification,
    tags: tags.tags,
    unknownEccn: tags.unknownEccn,
    ...(tags.alternatives?.length
      ? { alternatives: tags.alternatives.map((a) => (a === 'EAR99' ? [a, 'ANY'] : [a, 'ANY', 'CCL'])) }
      : {}),
    dest,
    shipFrom,
    txKind: caseFile.transactionKind,
    parties,
  };
  const dated = compiled.rulesAt(date);

  const runLayer = (layer: Layer): LayerState => {
    const memberFlags = new Set<string>();
    const ctx: EvalCtx = { facts, layer, unknowns: [], flags: memberFlags };
    const subjectResult = subjectToEar(ctx);
    const reqs =
      subjectResult.answer === 'no'
        ? { applied: [], answer: 'no' as Answer }
        : evaluateRequirements(dated.requirements[layer], ctx);
    let answer: Answer = reqs.answer;
    if (subjectResult.answer === 'unknown' && answer === 'yes') answer = 'unknown';
    const policy =
      answer === 'no' ? { flags: [], ruleIds: [] } : reviewPolicy(reqs.applied, dated.policies[layer], ctx);
    const exceptions =
      answer === 'no'
        ? { candidates: [], ruledOut: [] }
        : evaluateExceptions(dated.exceptions[layer], reqs.applied, ctx);
    return {
      subject: subjectResult.answer,
      answer,
      applied: reqs.applied,
      subjectResult,
      policy,
      exceptions,
      memberFlags,
    };
  };
  const aw = runLayer('asWritten');
  const en = runLayer('enforced');

  // ---------------------------------------------------------------- flags
  const flagCodes = new Set<string>();
  for (const l of [aw, en]) {
    for (const f of l.memberFlags) flagCodes.add(f);
    for (const a of l.applied) for (const f of a.rule.flags ?? []) flagCodes.add(f);
    for (const f of l.policy.flags) flagCodes.add(f);
  }
  const hasListedOwners = parties.some((p) => p.party.ownedByListed !== undefined);
  for (const f of enforcementFlags(aw, en, dated.dropped, compiled, date, hasListedOwners)) flagCodes.add(f);
  const dcA = tags.acLevel === 'a' && classification.item.datacenter === true;
  if (dcA) flagCodes.delete('FR26_789_VS_744_23D3');
  if (en.policy.finding?.ruleId !== 'RP-AC-2026-pod' && aw.policy.finding?.ruleId !== 'RP-AC-2026-pod') {
    flagCodes.delete('FR26_789_VS_744_23D3');
  }
  if (en.policy.finding?.policy !== 'presumption-of-approval') flagCodes.delete('MAJORITY_OWNERSHIP_NOT_CHECKED');
  const appliedIds = new Set([...aw.applied, ...en.applied].map((a) => a.rule.id));
  if ([...appliedIds].some((id) => id.startsWith('HQ-'))) flagCodes.add('HQ_DEFINITION');
  if (/ascend|910[bcd]\b/i.test(classification.item.name ?? '') && tags.acLevel) flagCodes.add('GP10_RISK');
  if (dest === 'IR' || dest === 'CU') flagCodes.add('OFAC_JURISDICTION');
  if (caseFile.endUse.aiTrainingForD5Hq === true) flagCodes.add('IAAS_AI_TRAINING_D5');
  if (
    parties.some((p) => (p.party.role === 'ultimate-consignee' || p.party.role === 'end-user') && p.country !== dest)
  ) {
    flagCodes.add('PARTY_LOCATION_MISMATCH');
  }
  if (parties.some((p) => p.party.supp8ApprovedUae && /g42|core42/i.test(p.party.name)))
    flagCodes.add('G42_SUPP8_EXPIRY');
  if (
    appliedIds.has('SME-742.4a4') &&
    (caseFile.transactionKind === 'reexport' || caseFile.transactionKind === 'export-from-abroad')
  ) {
    flagCodes.add('SUPP4_742_NOT_RETRIEVED');
  }
  if (tags.acLevel && dest === 'MO' && date < '2023-11-17') flagCodes.add('AC_MACAU_2022');
  if (tags.acLevel && tags.acLevel !== 'c' && dest === 'AE' && date >= '2026-07-10') flagCodes.add('UAE_IIIA_WORDING');
  for (const a of en.applied) {
    const reg = compiled.regulations.get(a.rule.regulation);
    if (reg?.complianceFrom && !reg.enforcement && date < reg.complianceFrom && date >= reg.validFrom) {
      flagCodes.add('COMPLIANCE_DATE_WINDOW');
    }
  }
  const flags: Flag[] = [];
  for (const code of flagCodes) {
    const def = rules.flagCatalogue[code];
    flags.push({ code, message: def?.message ?? code, citations: def?.citations ?? [] });
  }
  for (const f of classification.flags) if (!flagCodes.has(f.code)) flags.push(f);

  // ---------------------------------------------------------------- exceptions (merged over layers)
  const candidates: ExceptionCandidate[] = [];
  const ruledOut: ExceptionRuledOut[] = [];
  const candIn = new Map<string, Set<Layer>>();
  const outIn = new Map<string, { why: string; layers: Set<Layer>; citations: readonly Citation[] }>();
  const pendingByCode = new Map<string, Set<string>>();
  const ruleByCode = new Map<string, LayerExceptionResult['candidates'][number]['rule']>();
  for (const [layer, l] of [
    ['asWritten', aw],
    ['enforced', en],
  ] as const) {
    for (const c of l.exceptions.candidates) {
      (candIn.get(c.rule.code) ?? candIn.set(c.rule.code, new Set()).get(c.rule.code)!).add(layer);
      ruleByCode.set(c.rule.code, c.rule);
      const p = pendingByCode.get(c.rule.code) ?? new Set();
      for (const u of c.pending) p.add(u);
      pendingByCode.set(c.rule.code, p);
    }
    for (const r of l.exceptions.ruledOut) {
      const o = outIn.get(r.rule.code) ?? { why: r.why, layers: new Set<Layer>(), citations: r.rule.citations };
      o.layers.add(layer);
      outIn.set(r.rule.code, o);
    }
  }
  const layerTag = (s: Set<Layer>) => (s.size === 2 ? 'both' : s.has('enforced') ? 'enforced' : 'asWritten');
  for (const [code, layers] of candIn) {
    const rule = ruleByCode.get(code)!;
    const pending = [...(pendingByCode.get(code) ?? [])].map((u) => `confirm fact: ${u}`);
    candidates.push({
      code,
      name: rule.name,
      citations: rule.citations,
      conditionsToConfirm: [...rule.conditionsToConfirm, ...pending],
      layer: layerTag(layers),
    });
  }
  for (const [code, o] of outIn) {
    if (candIn.has(code)) continue;
    ruledOut.push({ code, why: o.why, citations: o.citations, layer: layerTag(o.layers) });
  }

  // ---------------------------------------------------------------- red flags
  const red = redFlags({
    ctx: { facts, layer: 'enforced', unknowns: [], flags: new Set() },
    ...(tags.acLevel ? { acLevel: tags.acLevel } : {}),
    enforcedApplied: en.applied,
    ...(en.policy.finding ? { enforcedPolicy: en.policy.finding.policy } : {}),
    layer: 'enforced',
  });

  // ---------------------------------------------------------------- incomplete facts
  const incomplete = new Set<string>();
  for (const n of classification.needsInput) incomplete.add(`classification: ${n}`);
  for (const l of [aw, en]) {
    if (l.answer === 'unknown') {
      for (const u of l.subjectResult.unknowns) incomplete.add(u);
      for (const a of l.applied) if (a.value === 2) for (const u of a.unknowns) incomplete.add(u);
    }
    if (l.answer !== 'no') for (const u of l.policy.finding?.pendingFacts ?? []) incomplete.add(u);
  }

  // ---------------------------------------------------------------- layers, outcome
  const verdict = (l: LayerState): LayerVerdict => ({
    licenseRequired: l.answer,
    subjectToEar: l.subject,
    requirementIds: l.applied.filter((a) => a.value === 1).map((a) => a.rule.id),
    ...(l.policy.finding ? { reviewPolicy: l.policy.finding } : {}),
    exceptionCodes: l.exceptions.candidates.map((c) => c.rule.code),
  });
  const layersDiffer = aw.answer !== en.answer || aw.subject !== en.subject;
  const interpretive = flags.some((f) => rules.flagCatalogue[f.code]?.interpretive);
  const outcome: Outcome =
    en.answer === 'unknown' ? 'review' : layersDiffer || interpretive ? 'interpreted' : 'resolved';

  // ---------------------------------------------------------------- subject to EAR summary
  const subj = en.subjectResult;
  const subjectToEarOut = {
    answer: en.subject,
    basis: subj.basis,
    citations: subj.citations,
    ...(aw.subject !== en.subject ? { byLayer: { asWritten: aw.subject, enforced: en.subject } } : {}),
  };

  // ---------------------------------------------------------------- reasoning
  reasoning.push({
    text: `Transaction: ${caseFile.transactionKind} from ${caseFile.shipFrom} to ${caseFile.destination}${
      dest !== caseFile.destination ? ` (treated as ${dest})` : ''
    } on ${date}, ${caseFile.quantity} unit(s), USD ${caseFile.valueUsd}.`,
  });
  const m = classification.metrics;
  reasoning.push({
    text: `Classification (${classification.status}): ${classification.eccn ?? 'not determined'}${
      classification.paragraphs.length ? ` [${classification.paragraphs.join(', ')}]` : ''
    }${m.tpp !== undefined ? `, TPP ${m.tpp}` : ''}${m.performanceDensity !== undefined ? `, PD ${m.performanceDensity.toFixed(2)}` : ''}${
      classification.item.datacenter !== undefined ? `, datacenter: ${classification.item.datacenter}` : ''
    }; text applied: ${classification.textVersion}.${tags.acLevel ? ` Advanced-computing level: ${tags.acLevel}.` : ''}`,
    citations:
      classification.eccn && classification.eccn !== 'EAR99'
        ? [{ cfr: `15 CFR 774 Supp. 1, ECCN ${classification.eccn.slice(0, 5)}` }]
        : [],
  });
  reasoning.push({
    text: `Subject to the EAR: ${en.subject}${aw.subject !== en.subject ? ` (as written: ${aw.subject})` : ''} — ${
      subj.basis.join('; ') || 'see pending facts'
    }.`,
    citations: subj.citations,
  });
  const enIds = new Set(en.applied.map((a) => a.rule.id));
  for (const a of en.applied) {
    reasoning.push({
      text: `${a.value === 1 ? 'Applies' : 'May apply (pending facts)'} [${a.rule.id}]: ${a.rule.text}.${
        a.unknowns.length ? ` Pending: ${a.unknowns.join(', ')}.` : ''
      }`,
      citations: a.rule.citations,
    });
  }
  for (const a of aw.applied) {
    if (enIds.has(a.rule.id)) continue;
    reasoning.push({
      text: `As written only [${a.rule.id}]: ${a.rule.text} — not in the enforced layer on ${date}.`,
      citations: a.rule.citations,
    });
  }
  if (en.applied.length === 0 && aw.applied.length === 0 && en.subject !== 'no') {
    reasoning.push({
      text: 'No license requirement in the bundled rules matches this item, destination, parties and end use (NLR).',
    });
  }
  if (en.subject === 'no')
    reasoning.push({ text: 'Not subject to the EAR in the enforced layer: no BIS license can be required.' });
  reasoning.push({
    text: `License required — enforced: ${en.answer}; as written: ${aw.answer}.${
      layersDiffer ? ' The layers differ: see flags.' : ''
    }`,
  });
  for (const [label, l] of [
    ['Review policy (enforced)', en],
    ['Review policy (as written)', aw],
  ] as const) {
    const p = l.policy.finding;
    if (!p) continue;
    if (label.endsWith('(as written)') && en.policy.finding && p.policy === en.policy.finding.policy) continue;
    reasoning.push({
      text: `${label}: ${p.policy}${p.candidates ? ` (one of ${p.candidates.join(', ')})` : ''} — ${p.text}.`,
      citations: p.citations,
    });
  }
  for (const c of candidates) {
    reasoning.push({
      text: `License exception candidate ${c.code} (${c.layer}): confirm ${c.conditionsToConfirm.length} condition(s).`,
      citations: c.citations,
    });
  }
  for (const r of ruledOut)
    reasoning.push({ text: `License exception ${r.code} ruled out: ${r.why}.`, citations: r.citations });
  if (incomplete.size)
    reasoning.push({ text: `Missing facts keep part of the answer open: ${[...incomplete].join('; ')}.` });

  // ---------------------------------------------------------------- rule versions
  const versions = new Map<string, RuleVersionUsed>();
  const addRule = (r: { id: string; validFrom: string; validTo?: string; regulation?: string }) => {
    if (versions.has(r.id)) return;
    versions.set(r.id, {
      id: r.id,
      validFrom: r.validFrom,
      ...(r.validTo ? { validTo: r.validTo } : {}),
      ...(r.regulation ? { regulation: r.regulation } : {}),
    });
  };
  for (const l of [aw, en]) {
    for (const a of l.applied) addRule(a.rule as RequirementRule);
    for (const c of l.exceptions.candidates) addRule(c.rule);
    for (const c of l.exceptions.ruledOut) addRule(c.rule);
  }
  const policyIds = new Set([...aw.policy.ruleIds, ...en.policy.ruleIds]);
  for (const p of rules.reviewPolicies) if (policyIds.has(p.id)) addRule(p);
  for (const id of new Set([...aw.subjectResult.ruleIds, ...en.subjectResult.ruleIds])) {
    versions.set(id, { id, validFrom: rules.validFrom });
  }

  return {
    asOf: date,
    rulePack: { id: rules.id, version: rules.version },
    ...(caseFile.id ? { caseId: caseFile.id } : {}),
    classification: {
      status: classification.status,
      eccn: classification.eccn,
      paragraphs: classification.paragraphs,
      textVersion: classification.textVersion,
      ...(m.tpp !== undefined ? { tpp: m.tpp } : {}),
      ...(m.performanceDensity !== undefined ? { performanceDensity: m.performanceDensity } : {}),
      ...(classification.item.datacenter !== undefined ? { datacenter: classification.item.datacenter } : {}),
      ...(tags.acLevel ? { acLevel: tags.acLevel } : {}),
    },
    transaction: {
      kind: caseFile.transactionKind,
      shipFrom,
      destination: dest,
      ...(dest !== caseFile.destination ? { destinationAsGiven: caseFile.destination } : {}),
    },
    subjectToEar: subjectToEarOut,
    licenseRequired: en.answer,
    layers: { asWritten: verdict(aw), enforced: verdict(en) },
    layersDiffer,
    outcome,
    requirements: mergeRequirements(aw.applied, en.applied, dated.dropped),
    ...(en.policy.finding ? { reviewPolicy: en.policy.finding } : {}),
    exceptions: { candidates, ruledOut },
    redFlags: red,
    flags,
    reasoning: reasoning.map((s) => (s.citations && s.citations.length === 0 ? { text: s.text } : s)),
    incomplete: [...incomplete],
    ruleVersions: [...versions.values()],
    notes: [
      ...notes,
      ...(en.applied.some((a) => a.rule.id === 'EMB-746.7-IR')
        ? ['OFAC authorization may be required in addition to (or instead of) BIS.']
        : []),
    ],
  };
}

/** One-line rendering of a citation. */
export { fmtCite as formatCitation };
