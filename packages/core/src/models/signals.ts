/**
 * Observed and declared signals of one model, gathered from the parsed files of its directory. Observed signals
 * (shapes, vocabulary, special tokens, templates) feed the fingerprint; declared ones (names, organisations, base
 * models, URLs, licence) are what the files claim about themselves and are kept apart so the two can be compared.
 * @module
 */
import { createHash } from 'node:crypto';
import type { ParsedArtefact } from './artefact.js';
import { MODEL_FAMILIES, type ModelFamily } from './families.js';
import type { GgufSummary } from './gguf.js';
import type { ModelFileKind } from './hf-files.js';

export interface DeclaredField {
  /** Where the claim was read: `gguf:general.name`, `config:_name_or_path`, `safetensors:__metadata__.x`. */
  field: string;
  value: string;
  file: string;
}

export interface ModelSignals {
  modelTypes: string[];
  architectures: string[];
  ggufArchitectures: string[];
  tensorPatterns: string[];
  /** Vocabulary sizes seen in configs and embedding shapes (architecture side). */
  configVocabSizes: number[];
  /** Vocabulary sizes of tokenizers (tokenizer.json, GGUF token list, tekken). */
  tokenizerVocabSizes: number[];
  vocabHashes: string[];
  specialTokens: string[];
  templateMarkers: string[];
  chatTemplates: { file: string; name: string; sha256: string; length: number }[];
  tokenizerClasses: string[];
  tokenizerPres: string[];
  tokenizerModels: string[];
  fileNames: string[];
  declared: DeclaredField[];
  licenses: string[];
  baseModels: string[];
  parameterCount?: number;
  contextLength?: number;
  quantization: string[];
  formats: string[];
  remoteCode: boolean;
  pickleFiles: string[];
}

export interface SignalInput {
  path: string;
  kind: ModelFileKind;
  parsed?: ParsedArtefact;
}

const DECLARED_GGUF =
  /^general\.(?:name|basename|finetune|organization|author|url|repo_url|source\.url|source\.repo_url|source\.huggingface\.repository|base_model\.\d+\.(?:name|organization|repo_url))$/;

/** Every template marker of every family, so one scan of each template finds them all. */
function allMarkers(families: readonly ModelFamily[]): string[] {
  const set = new Set<string>();
  for (const f of families)
    for (const sig of f.signals) if (sig.kind === 'templateMarker') for (const v of sig.values) set.add(String(v));
  return [...set];
}

const push = <T>(arr: T[], v: T | undefined) => {
  if (v !== undefined && v !== '' && !arr.includes(v)) arr.push(v);
};

export function collectSignals(files: readonly SignalInput[], families = MODEL_FAMILIES): ModelSignals {
  const s: ModelSignals = {
    modelTypes: [],
    architectures: [],
    ggufArchitectures: [],
    tensorPatterns: [],
    configVocabSizes: [],
    tokenizerVocabSizes: [],
    vocabHashes: [],
    specialTokens: [],
    templateMarkers: [],
    chatTemplates: [],
    tokenizerClasses: [],
    tokenizerPres: [],
    tokenizerModels: [],
    fileNames: [],
    declared: [],
    licenses: [],
    baseModels: [],
    quantization: [],
    formats: [],
    remoteCode: false,
    pickleFiles: [],
  };
  const markers = allMarkers(families);
  const special = new Set<string>();
  const patterns = new Set<string>();
  const templates: string[] = [];
  let safetensorsParams = 0;
  let ggufParams = 0;
  const addTemplate = (file: string, name: string, text: string, sha256: string, length: number) => {
    templates.push(text);
    s.chatTemplates.push({ file, name, sha256, length });
  };
  for (const f of files) {
    push(s.fileNames, (f.path.split(/[\\/]/).pop() ?? f.path).toLowerCase());
    if (f.kind === 'pickle') s.pickleFiles.push(f.path);
    const p = f.parsed;
    if (!p) continue;
    switch (p.format) {
      case 'safetensors':
        push(s.formats, 'safetensors');
        safetensorsParams += p.parameterCount;
        for (const t of p.tensorPatterns) patterns.add(t);
        push(s.configVocabSizes, p.embeddingRows);
        for (const [k, v] of Object.entries(p.metadata))
          if (k !== 'format')
            s.declared.push({ field: `safetensors:__metadata__.${k}`, value: v.slice(0, 500), file: f.path });
        for (const dt of Object.keys(p.dtypes)) push(s.quantization, dt);
        break;
      case 'gguf':
        push(s.formats, 'gguf');
        collectGguf(p, f.path, s, special, patterns, addTemplate);
        ggufParams += p.parameterCount;
        break;
      case 'config':
        push(s.modelTypes, p.modelType);
        for (const a of p.architectures) push(s.architectures, a);
        push(s.configVocabSizes, p.vocabSize);
        for (const n of p.nested) {
          push(s.modelTypes, n.modelType);
          push(s.configVocabSizes, n.vocabSize);
          for (const a of n.architectures) push(s.architectures, a);
        }
        if (p.nameOrPath) s.declared.push({ field: 'config:_name_or_path', value: p.nameOrPath, file: f.path });
        if (p.remoteCode) s.remoteCode = true;
        if (p.contextLength !== undefined) s.contextLength ??= p.contextLength;
        push(s.quantization, p.quantization);
        break;
      case 'tokenizer':
        push(s.tokenizerVocabSizes, p.vocabSize);
        push(s.vocabHashes, p.vocabSha256);
        for (const t of p.specialTokens) special.add(t);
        push(s.tokenizerModels, p.modelType);
        break;
      case 'tokenizer-config':
        push(s.tokenizerClasses, p.tokenizerClass);
        for (const t of p.specialTokens) special.add(t);
        if (p.remoteCode) s.remoteCode = true;
        for (const t of p.chatTemplates) addTemplate(f.path, t.name, t.text, t.sha256, t.length);
        break;
      case 'special-tokens-map':
        for (const t of p.specialTokens) special.add(t);
        break;
      case 'chat-template':
        for (const t of p.chatTemplates) addTemplate(f.path, t.name, t.text, t.sha256, t.length);
        break;
      case 'tekken':
        push(s.tokenizerVocabSizes, p.vocabSize);
        for (const t of p.specialTokens) special.add(t);
        push(s.tokenizerPres, 'tekken');
        break;
      default:
        break;
    }
  }
  s.specialTokens = [...special].slice(0, 8192);
  s.tensorPatterns = [...patterns].sort().slice(0, 2000);
  for (const m of markers) if (templates.some((t) => t.includes(m))) s.templateMarkers.push(m);
  const params = Math.max(safetensorsParams, ggufParams);
  if (params > 0) s.parameterCount = params;
  return s;
}

function collectGguf(
  g: GgufSummary,
  file: string,
  s: ModelSignals,
  special: Set<string>,
  patterns: Set<string>,
  addTemplate: (file: string, name: string, text: string, sha256: string, length: number) => void,
): void {
  const m = g.metadata;
  const str = (k: string) => {
    const v = m[k];
    return typeof v === 'string' ? v : undefined;
  };
  const arch = str('general.architecture');
  push(s.ggufArchitectures, arch);
  if (arch) {
    const vocab = m[`${arch}.vocab_size`];
    if (typeof vocab === 'number') push(s.configVocabSizes, vocab);
    const ctx = m[`${arch}.context_length`];
    if (typeof ctx === 'number') s.contextLength ??= ctx;
  }
  push(s.tokenizerPres, str('tokenizer.ggml.pre'));
  push(s.tokenizerModels, str('tokenizer.ggml.model'));
  const tokens = m['tokenizer.ggml.tokens'];
  if (tokens && typeof tokens === 'object' && tokens.kind === 'string-array') {
    push(s.tokenizerVocabSizes, tokens.length);
    push(s.vocabHashes, tokens.sha256);
  }
  for (const t of g.specialTokens) special.add(t);
  for (const t of g.tensorPatterns) patterns.add(t);
  for (const [type, n] of Object.entries(g.tensorTypes)) if (n > 0 && type !== 'F32') push(s.quantization, type);
  push(s.licenses, str('general.license'));
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== 'string' || !DECLARED_GGUF.test(k)) continue;
    s.declared.push({ field: `gguf:${k}`, value: v.slice(0, 500), file });
    if (/^general\.base_model\.\d+\.name$/.test(k)) push(s.baseModels, v);
  }
  if (g.chatTemplate !== undefined)
    addTemplate(
      file,
      'gguf',
      g.chatTemplate,
      createHash('sha256').update(g.chatTemplate).digest('hex'),
      g.chatTemplate.length,
    );
}
