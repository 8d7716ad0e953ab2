/**
 * The scan report: the files of one model (hash, kind, parsed summary or the reason it could not be read) and the
 * analysis built from them (signals, fingerprint, flags). The shell fills `files`; {@link analyseModelFiles} is pure.
 * @module
 */
import type { ParsedArtefact } from './artefact.js';
import { MODEL_FAMILIES, type ModelFamily } from './families.js';
import { type Fingerprint, fingerprintModel } from './fingerprint.js';
import { type FileProblem, type ProvenanceFlag, provenanceFlags } from './flags.js';
import type { ModelFileKind } from './hf-files.js';
import { collectSignals, type ModelSignals } from './signals.js';

export interface ScannedModelFile {
  /** Path relative to the scanned root, with forward slashes. */
  path: string;
  size: number;
  /** Lower-case hex; null when hashing was switched off or the file could not be read. */
  sha256: string | null;
  kind: ModelFileKind;
  parsed?: ParsedArtefact;
  error?: { code: string; message: string };
}

export interface ModelSummary {
  /** Best available name: GGUF general.name, else config _name_or_path, else the directory name. */
  name: string;
  formats: string[];
  parameterCount?: number;
  contextLength?: number;
  quantization: string[];
  licenses: string[];
  baseModels: string[];
  totalBytes: number;
  fileCount: number;
}

export interface ModelAnalysis {
  summary: ModelSummary;
  signals: ModelSignals;
  fingerprint: Fingerprint;
  flags: ProvenanceFlag[];
}

export interface ModelScanReport {
  /** The path as given to the scanner. */
  root: string;
  scannedAt: string;
  files: ScannedModelFile[];
  skipped: { path: string; reason: string }[];
  analysis: ModelAnalysis;
}

export function analyseModelFiles(
  files: readonly ScannedModelFile[],
  fallbackName: string,
  families: readonly ModelFamily[] = MODEL_FAMILIES,
): ModelAnalysis {
  const signals = collectSignals(files, families);
  const fingerprint = fingerprintModel(signals, families);
  const problems: FileProblem[] = files
    .filter((f) => f.error)
    .map((f) => ({ path: f.path, code: f.error!.code, message: f.error!.message }));
  const flags = provenanceFlags(fingerprint, signals, problems, families);
  const declaredName =
    signals.declared.find((d) => d.field === 'gguf:general.name')?.value ??
    signals.declared.find((d) => d.field === 'config:_name_or_path')?.value;
  const summary: ModelSummary = {
    name: declaredName ?? fallbackName,
    formats: signals.formats,
    quantization: signals.quantization,
    licenses: signals.licenses,
    baseModels: signals.baseModels,
    totalBytes: files.reduce((a, f) => a + f.size, 0),
    fileCount: files.length,
  };
  if (signals.parameterCount !== undefined) summary.parameterCount = signals.parameterCount;
  if (signals.contextLength !== undefined) summary.contextLength = signals.contextLength;
  return { summary, signals, fingerprint, flags };
}
