/**
 * The case editor's form model: what the inputs hold (strings, tri-states, rows), how it becomes a
 * case file for POST /api/v1/determine (docs/case-format.md) and back, and how problem paths from
 * the API (`body.parties.0.country`, `destination`) map onto the inputs. Labels shared by the
 * determination views live here too.
 * @module
 */
import type {
  Answer,
  ApiError,
  CaseFile,
  CaseParty,
  EndUseKey,
  ItemKind,
  ItemSpec,
  Outcome,
  PartyRole,
  PrecisionFigure,
  RuleLayer,
  TxKind,
} from './api';

export type Tri = 'yes' | 'no' | 'unknown';

export const ITEM_KINDS: readonly ItemKind[] = [
  'integrated-circuit',
  'computer',
  'hbm',
  'sme',
  'model-weights',
  'other',
];
export const TX_KINDS: readonly TxKind[] = ['export', 'reexport', 'in-country-transfer', 'export-from-abroad'];
export const PARTY_ROLES: readonly PartyRole[] = [
  'purchaser',
  'intermediate-consignee',
  'ultimate-consignee',
  'end-user',
];
export const EL_FOOTNOTES = [1, 3, 4, 5] as const;

export const TX_KIND_LABEL: Record<TxKind, string> = {
  export: 'Export (from the US)',
  reexport: 'Reexport',
  'in-country-transfer': 'In-country transfer',
  'export-from-abroad': 'Export from abroad',
};

export const ROLE_LABEL: Record<PartyRole, string> = {
  purchaser: 'Purchaser',
  'intermediate-consignee': 'Intermediate consignee',
  'ultimate-consignee': 'Ultimate consignee',
  'end-user': 'End user',
};

export const END_USES: readonly { key: EndUseKey; label: string; hint: string }[] = [
  {
    key: 'supercomputer',
    label: 'Supercomputer',
    hint: 'development, production or use of a supercomputer (§744.23(a)(2))',
  },
  { key: 'advancedNodeFab', label: 'Advanced-node fab', hint: 'production of advanced-node ICs (§744.23(a)(4))' },
  { key: 'smeDevelopment', label: 'SME development', hint: 'development or production of semiconductor equipment' },
  { key: 'military', label: 'Military end use', hint: 'military end use or end user (§744.21)' },
  {
    key: 'militaryIntelligence',
    label: 'Military-intelligence',
    hint: 'military-intelligence end use or end user (§744.22)',
  },
  {
    key: 'aiTrainingForD5Hq',
    label: 'AI training for a D:5-HQ entity',
    hint: 'IaaS training of AI models for a Macau/D:5-headquartered entity',
  },
];

export const FOOTNOTE_LABEL: Record<(typeof EL_FOOTNOTES)[number], string> = {
  1: 'FN1 Huawei FDP',
  3: 'FN3 Russia/Belarus MEU FDP',
  4: 'FN4 advanced-computing FDP',
  5: 'FN5 advanced-node fab FDP',
};

/** Bit length of the multiply inputs for common precision names (3A090 Technical Note). */
export const PRECISION_BITS: Record<string, number> = {
  FP4: 4,
  INT4: 4,
  FP6: 6,
  FP8: 8,
  INT8: 8,
  FP16: 16,
  BF16: 16,
  TF32: 32,
  FP32: 32,
  FP64: 64,
};

export const ANSWER_LABEL: Record<Answer, string> = { yes: 'YES', no: 'NO', unknown: 'UNKNOWN' };

export const POLICY_LABEL: Record<string, string> = {
  'policy-of-denial': 'Policy of denial',
  'presumption-of-denial': 'Presumption of denial',
  'case-by-case': 'Case-by-case',
  'presumption-of-approval': 'Presumption of approval',
  approval: 'Approval',
  'per-entry': 'Per Entity List entry',
  unknown: 'Unknown (turns on missing facts)',
};

export function policyLabel(p: string | null | undefined): string {
  if (!p) return '—';
  return POLICY_LABEL[p] ?? p;
}

export const OUTCOME_TEXT: Record<Outcome, string> = {
  resolved: 'a definite answer from the rule text; both layers agree',
  interpreted: 'a definite answer that depends on a flagged interpretation',
  review: 'sent to review: facts are missing or the law is open',
};

export const LAYER_LABEL: Record<RuleLayer, string> = {
  both: 'both layers',
  asWritten: 'as written only',
  enforced: 'enforced only',
};

// ------------------------------------------------------------------ the form

export interface PerfRow {
  readonly key: number;
  readonly precision: string;
  readonly bitLength: string;
  readonly tops: string;
  readonly sparse: boolean;
}

export interface SpecForm {
  readonly kind: ItemKind | '';
  readonly name: string;
  readonly perf: readonly PerfRow[];
  readonly dieArea: string;
  readonly datacenter: Tri;
  readonly dram: string;
  /** ECCN as determined by the exporter: `eccn` for other items, `sme.eccn` for SME. */
  readonly eccn: string;
  /** Spec fields the form does not edit (kept as they were loaded). */
  readonly rest: Readonly<Record<string, unknown>>;
}

export interface PartyForm {
  readonly key: number;
  readonly role: PartyRole;
  readonly name: string;
  readonly country: string;
  readonly headquarters: string;
  readonly ultimateParentHeadquarters: string;
  readonly entityListed: boolean;
  readonly elEntry: string;
  readonly elFootnotes: readonly number[];
  readonly elPolicy: string;
  readonly elRequirement: string;
  readonly meu: boolean;
  readonly supp8: boolean;
  /** Kept as loaded; the form does not edit it. */
  readonly ownedByListed?: CaseParty['ownedByListed'];
}

export interface CaseForm {
  readonly itemMode: 'part' | 'spec';
  readonly partId: string;
  readonly spec: SpecForm;
  readonly quantity: string;
  readonly valueUsd: string;
  readonly transactionKind: TxKind;
  readonly shipFrom: string;
  readonly destination: string;
  readonly shipDate: string;
  readonly parties: readonly PartyForm[];
  readonly endUse: Readonly<Record<EndUseKey, Tri>>;
  readonly usOriginItem: boolean;
  readonly usPct: string;
  readonly fdp: Tri;
  readonly h200: Tri;
  readonly notes: string;
}

let nextKey = 1;
export const newKey = () => nextKey++;

export function emptyParty(role: PartyRole = 'end-user'): PartyForm {
  return {
    key: newKey(),
    role,
    name: '',
    country: '',
    headquarters: '',
    ultimateParentHeadquarters: '',
    entityListed: false,
    elEntry: '',
    elFootnotes: [],
    elPolicy: '',
    elRequirement: '',
    meu: false,
    supp8: false,
  };
}

export function emptyPerfRow(precision = 'FP8'): PerfRow {
  return { key: newKey(), precision, bitLength: String(PRECISION_BITS[precision] ?? ''), tops: '', sparse: false };
}

export const EMPTY_SPEC: SpecForm = {
  kind: 'integrated-circuit',
  name: '',
  perf: [],
  dieArea: '',
  datacenter: 'unknown',
  dram: '',
  eccn: '',
  rest: {},
};

const ALL_UNKNOWN: Record<EndUseKey, Tri> = {
  supercomputer: 'unknown',
  advancedNodeFab: 'unknown',
  smeDevelopment: 'unknown',
  military: 'unknown',
  militaryIntelligence: 'unknown',
  aiTrainingForD5Hq: 'unknown',
};

export function emptyCase(today: string): CaseForm {
  return {
    itemMode: 'part',
    partId: '',
    spec: { ...EMPTY_SPEC, perf: [emptyPerfRow()] },
    quantity: '1',
    valueUsd: '',
    transactionKind: 'export',
    shipFrom: 'US',
    destination: '',
    shipDate: today,
    parties: [emptyParty('end-user')],
    endUse: ALL_UNKNOWN,
    usOriginItem: true,
    usPct: '',
    fdp: 'unknown',
    h200: 'unknown',
    notes: '',
  };
}

const triOf = (b: boolean | undefined): Tri => (b === true ? 'yes' : b === false ? 'no' : 'unknown');
const boolOf = (t: Tri): boolean | undefined => (t === 'yes' ? true : t === 'no' ? false : undefined);
const str = (n: number | undefined) => (n === undefined ? '' : String(n));

/** A number from an input: empty → undefined (omitted); anything else is sent for the server to judge. */
function num(s: string): number | undefined {
  const t = s.trim().replace(/,/g, '');
  if (t === '') return undefined;
  const n = Number(t);
  // JSON has no NaN: send the text, so the server names the field ("expected number").
  return Number.isFinite(n) ? n : (t as unknown as number);
}

export function specToForm(spec: ItemSpec): SpecForm {
  const { kind, name, performance, nonPlanarLogicDieAreaMm2, datacenter, totalDramBandwidthGBs, eccn, ...rest } = spec;
  const smeEccn = kind === 'sme' ? spec.sme?.eccn : undefined;
  return {
    kind,
    name: name ?? '',
    perf: (performance ?? []).map((p) => ({
      key: newKey(),
      precision: p.precision,
      bitLength: String(p.bitLength),
      tops: String(p.tops),
      sparse: Boolean(p.sparse),
    })),
    dieArea: str(nonPlanarLogicDieAreaMm2),
    datacenter: triOf(datacenter),
    dram: str(totalDramBandwidthGBs),
    eccn: smeEccn ?? eccn ?? '',
    rest,
  };
}

export function specFromForm(f: SpecForm): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...f.rest, kind: f.kind || undefined };
  if (f.name.trim()) spec.name = f.name.trim();
  const perf = f.perf
    .filter((p) => p.precision.trim() || p.tops.trim() || p.bitLength.trim())
    .map(
      (p) =>
        ({
          precision: p.precision.trim(),
          bitLength: num(p.bitLength),
          tops: num(p.tops),
          ...(p.sparse ? { sparse: true } : {}),
        }) as PrecisionFigure,
    );
  if (perf.length > 0) spec.performance = perf;
  else delete spec.performance;
  const die = num(f.dieArea);
  if (die !== undefined) spec.nonPlanarLogicDieAreaMm2 = die;
  const dc = boolOf(f.datacenter);
  if (dc !== undefined) spec.datacenter = dc;
  const dram = num(f.dram);
  if (dram !== undefined) spec.totalDramBandwidthGBs = dram;
  const eccn = f.eccn.trim();
  if (f.kind === 'sme') {
    const sme = { ...((f.rest.sme as Record<string, unknown> | undefined) ?? {}) };
    if (eccn) sme.eccn = eccn;
    else delete sme.eccn;
    spec.sme = sme;
  } else if (eccn) spec.eccn = eccn;
  return spec;
}

function partyToForm(p: CaseParty): PartyForm {
  return {
    key: newKey(),
    role: p.role,
    name: p.name,
    country: p.country,
    headquarters: p.headquarters ?? '',
    ultimateParentHeadquarters: p.ultimateParentHeadquarters ?? '',
    entityListed: Boolean(p.entityList),
    elEntry: p.entityList?.entry ?? '',
    elFootnotes: [...(p.entityList?.footnotes ?? [])],
    elPolicy: p.entityList?.licensePolicy ?? '',
    elRequirement: p.entityList?.licenseRequirement ?? '',
    meu: Boolean(p.meu),
    supp8: Boolean(p.supp8ApprovedUae),
    ...(p.ownedByListed ? { ownedByListed: p.ownedByListed } : {}),
  };
}

function partyFromForm(p: PartyForm): Record<string, unknown> {
  const out: Record<string, unknown> = { role: p.role, name: p.name.trim(), country: p.country.trim() };
  if (p.headquarters.trim()) out.headquarters = p.headquarters.trim();
  if (p.ultimateParentHeadquarters.trim()) out.ultimateParentHeadquarters = p.ultimateParentHeadquarters.trim();
  if (p.entityListed) {
    out.entityList = {
      entry: p.elEntry.trim() || p.name.trim(),
      footnotes: [...p.elFootnotes].sort((a, b) => a - b),
      ...(p.elRequirement.trim() ? { licenseRequirement: p.elRequirement.trim() } : {}),
      ...(p.elPolicy.trim() ? { licensePolicy: p.elPolicy.trim() } : {}),
    };
  }
  if (p.meu) out.meu = true;
  if (p.supp8) out.supp8ApprovedUae = true;
  if (p.ownedByListed) out.ownedByListed = p.ownedByListed;
  return out;
}

export function caseToForm(cf: CaseFile): CaseForm {
  const endUse = { ...ALL_UNKNOWN };
  for (const k of Object.keys(endUse) as EndUseKey[]) endUse[k] = triOf(cf.endUse[k]);
  const item = cf.item;
  return {
    itemMode: 'partId' in item ? 'part' : 'spec',
    partId: 'partId' in item ? item.partId : '',
    spec: 'spec' in item ? specToForm(item.spec) : { ...EMPTY_SPEC, perf: [emptyPerfRow()] },
    quantity: String(cf.quantity),
    valueUsd: String(cf.valueUsd),
    transactionKind: cf.transactionKind,
    shipFrom: cf.shipFrom,
    destination: cf.destination,
    shipDate: cf.shipDate,
    parties: cf.parties.map(partyToForm),
    endUse,
    usOriginItem: cf.usContent.usOriginItem,
    usPct: str(cf.usContent.usControlledContentPct),
    fdp: triOf(cf.usContent.foreignProducedFromUsTechnology),
    h200: triOf(cf.certifications?.h200PathCertifications),
    notes: cf.notes ?? '',
  };
}

/** The case file the form describes, as sent to the API (the server validates it). */
export function formToCase(f: CaseForm): Record<string, unknown> {
  const endUse: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(f.endUse)) {
    const b = boolOf(v);
    if (b !== undefined) endUse[k] = b;
  }
  const usContent: Record<string, unknown> = { usOriginItem: f.usOriginItem };
  if (!f.usOriginItem) {
    const pct = num(f.usPct);
    if (pct !== undefined) usContent.usControlledContentPct = pct;
    const fdp = boolOf(f.fdp);
    if (fdp !== undefined) usContent.foreignProducedFromUsTechnology = fdp;
  }
  const h200 = boolOf(f.h200);
  return {
    item: f.itemMode === 'part' ? { partId: f.partId } : { spec: specFromForm(f.spec) },
    quantity: num(f.quantity),
    valueUsd: num(f.valueUsd),
    transactionKind: f.transactionKind,
    shipFrom: f.shipFrom.trim(),
    destination: f.destination.trim(),
    parties: f.parties.map(partyFromForm),
    endUse,
    usContent,
    ...(h200 !== undefined ? { certifications: { h200PathCertifications: h200 } } : {}),
    shipDate: f.shipDate,
    ...(f.notes.trim() ? { notes: f.notes.trim() } : {}),
  };
}

/** Enough is filled in for a determination to be worth asking for. */
export function readyToDetermine(f: CaseForm): boolean {
  const item = f.itemMode === 'part' ? f.partId !== '' : f.spec.kind !== '';
  return item && f.destination.trim().length >= 2 && f.shipDate !== '';
}

// ------------------------------------------------------------------ problem paths

/** `body.parties.0.country` → `parties.0.country`; `(root)` → ''. */
export function normPath(path: string | undefined): string {
  if (!path || path === '(root)' || path === 'body') return '';
  return path.replace(/^(body|querystring|params)\./, '');
}

/** Messages for one field path, from an API error (exact path, or any path below it). */
export function errorsAt(error: ApiError | null, path: string): string[] {
  if (!error) return [];
  return (
    error.errors
      .filter((e) => {
        const p = normPath(e.path);
        return p === path || p.startsWith(`${path}.`);
      })
      // "UNKNOWN_COUNTRY: destination: unknown country" → the field is named by its label already.
      .map((e) => e.message.split(`${normPath(e.path)}: `).join(''))
  );
}

/** A missing-fact path (`parties.2.headquarters`) in words, naming the party when it can. */
export function factLabel(path: string, cf: CaseFile | Record<string, unknown> | undefined): string {
  const m = /^parties\.(\d+)\.(\w+)/.exec(path);
  const parties = (cf as { parties?: readonly { name?: string; role?: string }[] } | undefined)?.parties;
  if (m) {
    const i = Number(m[1]);
    const p = parties?.[i];
    const field = FACT_WORDS[m[2] ?? ''] ?? m[2];
    return `Party ${i + 1}${p?.name ? ` (${p.name})` : ''}: ${field}`;
  }
  const e = /^endUse\.(\w+)$/.exec(path);
  if (e) return `End use: ${END_USES.find((u) => u.key === e[1])?.label ?? e[1]}`;
  return FACT_WORDS[path] ?? path;
}

const FACT_WORDS: Record<string, string> = {
  headquarters: 'headquarters',
  ultimateParentHeadquarters: 'ultimate parent headquarters',
  supp8ApprovedUae: 'Supp. 8 approved UAE entity',
  ownedByListed: 'ownership by listed parties',
  'usContent.usControlledContentPct': 'US controlled content (%)',
  'usContent.foreignProducedFromUsTechnology': 'foreign-produced from US technology',
  'certifications.h200PathCertifications': 'H200-path certifications',
};
