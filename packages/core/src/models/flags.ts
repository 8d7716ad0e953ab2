/**
 * Provenance flags: where declared metadata contradicts the observed fingerprint, where it stays silent about a
 * recognisable origin, and file-level hazards (pickle weights, remote code, unreadable files). Self-declared metadata
 * is unreliable by design: Microsoft's own Phi-3 GGUF called itself `general.name = "LLaMA v2"` with
 * `general.architecture = "llama"`, and a renamed fine-tune can hide its base entirely.
 * @module
 */
import { familyById, MODEL_FAMILIES, type ModelFamily } from './families.js';
import type { Fingerprint } from './fingerprint.js';
import type { ModelSignals } from './signals.js';

export type FlagCode =
  | 'DECLARED_MISMATCH'
  | 'UNDECLARED_ORIGIN'
  | 'ARCHITECTURE_LABEL'
  | 'DERIVED_ARCHITECTURE'
  | 'DECLARED_ONLY'
  | 'NO_FINGERPRINT'
  | 'REMOTE_CODE'
  | 'PICKLE_WEIGHTS'
  | 'UNREADABLE_FILE';

export type FlagSeverity = 'high' | 'medium' | 'low' | 'info';

export interface ProvenanceFlag {
  code: FlagCode;
  severity: FlagSeverity;
  message: string;
  evidence: string[];
}

export interface FileProblem {
  path: string;
  code: string;
  message: string;
}

export function provenanceFlags(
  fp: Fingerprint,
  s: ModelSignals,
  problems: readonly FileProblem[] = [],
  families: readonly ModelFamily[] = MODEL_FAMILIES,
): ProvenanceFlag[] {
  const flags: ProvenanceFlag[] = [];
  const fam = (id: string) => families.find((f) => f.id === id) ?? familyById(id);
  const dev = fp.family;
  const observed = dev && fp.basis !== 'declared' && fp.confidence >= 0.6;
  if (dev && observed) {
    const declared = fp.declaredFamilies.filter((d) => d.id !== fp.architectureFamily?.id || d.id === dev.id);
    const claimsDev = fp.declaredFamilies.some((d) => d.id === dev.id);
    if (fp.declaredFamilies.length > 0 && !claimsDev) {
      const others = declared.length ? declared : fp.declaredFamilies;
      const names = others.map((d) => fam(d.id)?.name ?? d.id);
      const countries = new Set(others.map((d) => fam(d.id)?.country));
      const crossBorder = [...countries].some((c) => c !== dev.country);
      flags.push({
        code: 'DECLARED_MISMATCH',
        severity: crossBorder ? 'high' : 'medium',
        message:
          `declared metadata names ${names.join(', ')} but the observed fingerprint is ${dev.name} ` +
          `(${dev.organization}, ${dev.country}; confidence ${fp.confidence})` +
          (crossBorder ? '; the declared and observed origins are in different countries' : ''),
        evidence: [
          ...others.flatMap((d) => d.fields.map((f) => `declared ${fam(d.id)?.name ?? d.id} in ${f}`)),
          ...fp.reasons.slice(0, 2),
        ],
      });
    } else if (fp.declaredFamilies.length === 0) {
      flags.push({
        code: 'UNDECLARED_ORIGIN',
        severity: 'low',
        message: `no declared metadata names a known family; the observed fingerprint is ${dev.name} (${dev.organization}, ${dev.country})`,
        evidence: fp.reasons.slice(0, 2),
      });
    }
    const generic = s.ggufArchitectures.filter((a) => {
      const owners = families.filter((f) =>
        f.signals.some((g) => g.kind === 'ggufArchitecture' && g.values.map(String).includes(a)),
      );
      return owners.length > 0 && !owners.some((o) => o.id === dev.id);
    });
    if (generic.length)
      flags.push({
        code: 'ARCHITECTURE_LABEL',
        severity: 'low',
        message: `GGUF general.architecture ${generic.map((a) => JSON.stringify(a)).join(', ')} belongs to another family than the observed ${dev.name}; the label only says which loader reads the weights`,
        evidence: generic.map((a) => `gguf:general.architecture = ${a}`),
      });
  }
  if (dev && fp.architectureFamily)
    flags.push({
      code: 'DERIVED_ARCHITECTURE',
      severity: fp.architectureFamily.country !== dev.country ? 'medium' : 'info',
      message: `${dev.name} tokenizer and chat template on a ${fp.architectureFamily.name} architecture (${fp.architectureFamily.organization}, ${fp.architectureFamily.country}): a distillation, a fine-tune or a borrowed design`,
      evidence: fp.reasons.filter((r) => r.startsWith('architecture follows')),
    });
  if (dev && fp.basis === 'declared')
    flags.push({
      code: 'DECLARED_ONLY',
      severity: 'medium',
      message: `only self-declared metadata suggests ${dev.name}; nothing observed confirms it`,
      evidence: fp.reasons,
    });
  if (!dev)
    flags.push({
      code: 'NO_FINGERPRINT',
      severity: 'medium',
      message: 'no known model family matched; origin cannot be established from the files',
      evidence: [],
    });
  if (s.remoteCode)
    flags.push({
      code: 'REMOTE_CODE',
      severity: 'medium',
      message: 'config declares auto_map: loading needs trust_remote_code, which runs Python shipped with the model',
      evidence: ['config:auto_map'],
    });
  if (s.pickleFiles.length)
    flags.push({
      code: 'PICKLE_WEIGHTS',
      severity: 'medium',
      message: `${s.pickleFiles.length} pickle-format file(s): loading them can execute code; they were hashed, not opened`,
      evidence: s.pickleFiles.slice(0, 20),
    });
  for (const p of problems)
    flags.push({
      code: 'UNREADABLE_FILE',
      severity: 'medium',
      message: `${p.path}: ${p.message}`,
      evidence: [p.code],
    });
  return flags;
}
