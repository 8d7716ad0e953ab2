/**
 * Family fingerprinting: score each known family on the architecture aspect and the tokenizer aspect of the observed
 * signals (noisy-OR of the matched signal weights), and separately on what the metadata declares. The developer is
 * the best tokenizer-side family when one is clear (post-training leaves its tokens and template), otherwise the
 * best architecture-side family; declared metadata alone never decides more than a low-confidence guess.
 * @module
 */
import { ARCHITECTURE_KINDS, type FamilySignal, MODEL_FAMILIES, type ModelFamily } from './families.js';
import type { ModelSignals } from './signals.js';

export type ConfidenceLevel = 'high' | 'medium' | 'low' | 'none';

export interface FamilyRef {
  id: string;
  name: string;
  organization: string;
  country: string;
}

export interface FamilyCandidate extends FamilyRef {
  architecture: number;
  tokenizer: number;
  declared: number;
  reasons: string[];
}

export interface Fingerprint {
  family: FamilyRef | null;
  /** 0–1. */
  confidence: number;
  level: ConfidenceLevel;
  /** Which evidence decided the family. */
  basis: 'tokenizer' | 'architecture' | 'declared' | 'none';
  /** The architecture-side family when it differs from the developer (a distillation, or a borrowed design). */
  architectureFamily: FamilyRef | null;
  /** Families that declared metadata names, with the fields that name them. */
  declaredFamilies: { id: string; fields: string[] }[];
  reasons: string[];
  /** Families with any evidence, best first, at most 6. */
  candidates: FamilyCandidate[];
}

const noisyOr = (ws: readonly number[]) => 1 - ws.reduce((p, w) => p * (1 - w), 1);
const round = (x: number) => Math.round(x * 100) / 100;
export const familyRef = (f: ModelFamily): FamilyRef => ({
  id: f.id,
  name: f.name,
  organization: f.organization,
  country: f.country,
});
export function confidenceLevel(c: number): ConfidenceLevel {
  return c >= 0.85 ? 'high' : c >= 0.6 ? 'medium' : c > 0 ? 'low' : 'none';
}

interface Match {
  architecture: boolean;
  tokenizer: boolean;
  seen: string[];
}

function match(sig: FamilySignal, s: ModelSignals): Match {
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const has = (pool: ReadonlySet<string>) => {
    const hits = sig.values.map(String).filter((v) => pool.has(v.toLowerCase()));
    return sig.all ? (hits.length === sig.values.length ? hits : []) : hits;
  };
  const hitsIn = (pool: readonly string[]) => has(lower(pool));
  let seen: string[] = [];
  switch (sig.kind) {
    case 'modelType':
      seen = hitsIn(s.modelTypes);
      break;
    case 'architecture':
      seen = hitsIn(s.architectures);
      break;
    case 'ggufArchitecture':
      seen = hitsIn(s.ggufArchitectures);
      break;
    case 'tensorPattern':
      seen = sig.values.map(String).filter((v) => s.tensorPatterns.some((p) => p.includes(v)));
      break;
    case 'vocabSize': {
      const cfg = sig.values.filter((v) => s.configVocabSizes.includes(Number(v))).map(String);
      const tok = sig.values.filter((v) => s.tokenizerVocabSizes.includes(Number(v))).map(String);
      return { architecture: cfg.length > 0, tokenizer: tok.length > 0, seen: [...new Set([...cfg, ...tok])] };
    }
    case 'specialToken': {
      const pool = new Set(s.specialTokens);
      const hits = sig.values.map(String).filter((v) => pool.has(v));
      seen = sig.all && hits.length !== sig.values.length ? [] : hits;
      break;
    }
    case 'templateMarker': {
      const hits = sig.values.map(String).filter((v) => s.templateMarkers.includes(v));
      seen = sig.all && hits.length !== sig.values.length ? [] : hits;
      break;
    }
    case 'tokenizerPre':
      seen = hitsIn(s.tokenizerPres);
      break;
    case 'tokenizerClass':
      seen = hitsIn(s.tokenizerClasses);
      break;
    case 'fileName':
      seen = hitsIn(s.fileNames);
      break;
  }
  const arch = ARCHITECTURE_KINDS.has(sig.kind);
  return { architecture: arch && seen.length > 0, tokenizer: !arch && seen.length > 0, seen };
}

const KIND_LABEL: Record<FamilySignal['kind'], string> = {
  modelType: 'model_type',
  architecture: 'architecture class',
  ggufArchitecture: 'GGUF general.architecture',
  tensorPattern: 'tensor names',
  vocabSize: 'vocabulary size',
  specialToken: 'special tokens',
  templateMarker: 'chat template',
  tokenizerPre: 'GGUF tokenizer.ggml.pre',
  tokenizerClass: 'tokenizer class',
  fileName: 'file names',
};

export function scoreFamilies(s: ModelSignals, families: readonly ModelFamily[] = MODEL_FAMILIES): FamilyCandidate[] {
  const out: FamilyCandidate[] = [];
  for (const f of families) {
    const arch: number[] = [];
    const tok: number[] = [];
    const reasons: string[] = [];
    for (const sig of f.signals) {
      const m = match(sig, s);
      if (m.architecture) arch.push(sig.weight);
      if (m.tokenizer) tok.push(sig.weight);
      if (m.seen.length) reasons.push(`${KIND_LABEL[sig.kind]} ${m.seen.map((x) => JSON.stringify(x)).join(', ')}`);
    }
    const fields = declaredFields(f, s);
    if (fields.length) reasons.push(`declared in ${fields.join(', ')}`);
    out.push({
      ...familyRef(f),
      architecture: round(noisyOr(arch)),
      tokenizer: round(noisyOr(tok)),
      declared: round(noisyOr(fields.map(() => 0.5))),
      reasons,
    });
  }
  return out;
}

function declaredFields(f: ModelFamily, s: ModelSignals): string[] {
  const res = f.declared.map((p) => new RegExp(p, 'i'));
  return [...new Set(s.declared.filter((d) => res.some((r) => r.test(d.value))).map((d) => d.field))];
}

const best = (cs: FamilyCandidate[], key: 'architecture' | 'tokenizer' | 'declared') =>
  [...cs].sort((a, b) => b[key] - a[key] || a.id.localeCompare(b.id));

export function fingerprintModel(s: ModelSignals, families: readonly ModelFamily[] = MODEL_FAMILIES): Fingerprint {
  const cs = scoreFamilies(s, families);
  const byTok = best(cs, 'tokenizer');
  const byArch = best(cs, 'architecture');
  const declaredFamilies = cs
    .filter((c) => c.declared > 0)
    .map((c) => ({ id: c.id, fields: declaredFields(families.find((f) => f.id === c.id)!, s) }));
  const candidates = cs
    .filter((c) => c.architecture + c.tokenizer + c.declared > 0)
    .sort(
      (a, b) =>
        noisyOr([b.architecture, b.tokenizer]) - noisyOr([a.architecture, a.tokenizer]) || b.declared - a.declared,
    )
    .slice(0, 6);
  const ref = (c: FamilyCandidate): FamilyRef => ({
    id: c.id,
    name: c.name,
    organization: c.organization,
    country: c.country,
  });

  let dev: FamilyCandidate | undefined;
  let basis: Fingerprint['basis'] = 'none';
  let runnerUp: FamilyCandidate | undefined;
  const t0 = byTok[0];
  const a0 = byArch[0];
  if (t0 && t0.tokenizer >= 0.5) {
    dev = t0;
    basis = 'tokenizer';
    runnerUp = byTok[1];
  } else if (a0 && a0.architecture >= 0.5) {
    dev = a0;
    basis = 'architecture';
    runnerUp = byArch[1];
  } else {
    const combined = [...cs].sort(
      (a, b) => noisyOr([b.architecture, b.tokenizer]) - noisyOr([a.architecture, a.tokenizer]),
    );
    const c0 = combined[0];
    if (c0 && noisyOr([c0.architecture, c0.tokenizer]) >= 0.4) {
      dev = c0;
      basis = c0.tokenizer >= c0.architecture ? 'tokenizer' : 'architecture';
      runnerUp = combined[1];
    } else {
      const d0 = best(cs, 'declared')[0];
      if (d0 && d0.declared > 0) {
        dev = d0;
        basis = 'declared';
      }
    }
  }

  const reasons: string[] = [];
  let confidence = 0;
  let architectureFamily: FamilyRef | null = null;
  if (dev && basis !== 'declared') {
    confidence = noisyOr([dev.tokenizer, dev.architecture]);
    reasons.push(`${dev.name}: ${dev.reasons.join('; ')}`);
    const key = basis === 'tokenizer' ? 'tokenizer' : 'architecture';
    if (runnerUp && runnerUp[key] > 0 && dev[key] - runnerUp[key] < 0.15) {
      confidence *= 0.75;
      reasons.push(`ambiguous: ${runnerUp.name} scores ${runnerUp[key]} on the ${key} side against ${dev[key]}`);
    }
    if (declaredFamilies.some((d) => d.id === dev.id)) {
      confidence = noisyOr([confidence, 0.3]);
      reasons.push('declared metadata agrees');
    }
    // The strongest other family on the architecture side: a distillation base or a borrowed design.
    const lineage = byArch.find((c) => c.id !== dev.id && c.architecture >= 0.7);
    if (lineage) {
      architectureFamily = ref(lineage);
      reasons.push(
        `architecture follows ${lineage.name} (${lineage.reasons.filter((r) => !r.startsWith('declared')).join('; ')})`,
      );
    }
  } else if (dev) {
    confidence = Math.min(0.35, dev.declared);
    reasons.push(`only declared metadata names ${dev.name} (${dev.reasons.join('; ')}); no structural evidence`);
  } else reasons.push('no known family matched');
  confidence = round(Math.min(0.99, confidence));
  return {
    family: dev ? ref(dev) : null,
    confidence,
    level: confidenceLevel(confidence),
    basis,
    architectureFamily,
    declaredFamilies,
    reasons,
    candidates,
  };
}
