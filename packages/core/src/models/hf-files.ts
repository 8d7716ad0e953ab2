/**
 * Hugging Face side files: which file is what (by name), and compact summaries of `config.json`,
 * `generation_config.json`, `tokenizer.json`, `tokenizer_config.json`, `special_tokens_map.json`,
 * `model.safetensors.index.json`, chat templates and Mistral's `tekken.json`. All readers take parsed JSON (see
 * {@link parseModelArtefact} for the bounded read) and tolerate missing fields; they never throw on odd values,
 * they ignore them.
 * @module
 */
import { createHash } from 'node:crypto';
import { isRecord } from './bounded-json.js';
import { looksSpecial } from './gguf.js';

export type ModelFileKind =
  | 'safetensors'
  | 'safetensors-index'
  | 'gguf'
  | 'config'
  | 'generation-config'
  | 'tokenizer'
  | 'tokenizer-config'
  | 'special-tokens-map'
  | 'chat-template'
  | 'tekken'
  | 'sentencepiece'
  | 'tiktoken'
  | 'vocab'
  | 'merges'
  | 'pickle'
  | 'onnx'
  | 'readme'
  | 'license'
  | 'other';

/** What a file is, from its name alone (case-insensitive, directory ignored). */
export function classifyModelFile(path: string): ModelFileKind {
  const name = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  if (name.endsWith('.safetensors.index.json')) return 'safetensors-index';
  if (name.endsWith('.safetensors')) return 'safetensors';
  if (name.endsWith('.gguf')) return 'gguf';
  if (name === 'config.json') return 'config';
  if (name === 'generation_config.json') return 'generation-config';
  if (name === 'tokenizer.json') return 'tokenizer';
  if (name === 'tokenizer_config.json') return 'tokenizer-config';
  if (name === 'special_tokens_map.json') return 'special-tokens-map';
  if (name === 'chat_template.jinja' || name === 'chat_template.json') return 'chat-template';
  if (name === 'tekken.json') return 'tekken';
  if (name === 'tokenizer.model' || name.endsWith('.spm')) return 'sentencepiece';
  if (name.endsWith('.tiktoken') || name === 'tiktoken.model') return 'tiktoken';
  if (name === 'vocab.json' || name === 'vocab.txt') return 'vocab';
  if (name === 'merges.txt') return 'merges';
  if (/\.(?:bin|pt|pth|ckpt|pkl|pickle)$/.test(name)) return 'pickle';
  if (name.endsWith('.onnx')) return 'onnx';
  if (name === 'readme.md' || name === 'model_card.md') return 'readme';
  if (/^(?:license|licence|notice)(?:\.|$)/.test(name)) return 'license';
  return 'other';
}

/** Kinds whose whole file is read (all small JSON or text), with their size caps in bytes. */
export const SMALL_FILE_CAPS: Partial<Record<ModelFileKind, number>> = {
  'safetensors-index': 64 * 1024 * 1024,
  config: 4 * 1024 * 1024,
  'generation-config': 1024 * 1024,
  tokenizer: 96 * 1024 * 1024,
  'tokenizer-config': 32 * 1024 * 1024,
  'special-tokens-map': 1024 * 1024,
  'chat-template': 4 * 1024 * 1024,
  tekken: 64 * 1024 * 1024,
};

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (Number.isSafeInteger(v) ? (v as number) : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
/** A special token written either as a string or as `{content: …}`. */
const tokenText = (v: unknown): string | undefined => str(v) ?? (isRecord(v) ? str(v.content) : undefined);

export interface ChatTemplate {
  name: string;
  sha256: string;
  length: number;
  /** The template text, cut to 64 KiB. */
  text: string;
}
const template = (name: string, text: string): ChatTemplate => ({
  name,
  sha256: sha256(text),
  length: text.length,
  text: text.slice(0, 65_536),
});

export interface ModelConfigSummary {
  format: 'config';
  modelType?: string;
  architectures: string[];
  vocabSize?: number;
  hiddenSize?: number;
  layers?: number;
  attentionHeads?: number;
  kvHeads?: number;
  contextLength?: number;
  torchDtype?: string;
  experts?: number;
  quantization?: string;
  transformersVersion?: string;
  nameOrPath?: string;
  /** `auto_map` present: loading needs `trust_remote_code`, i.e. runs the repository's Python. */
  remoteCode: boolean;
  /** Model types and vocabulary sizes of nested configs (`text_config`, `llm_config`, …). */
  nested: { key: string; modelType?: string; vocabSize?: number; architectures: string[] }[];
}

export function summariseConfig(json: unknown): ModelConfigSummary {
  const o = isRecord(json) ? json : {};
  const nested: ModelConfigSummary['nested'] = [];
  for (const key of ['text_config', 'llm_config', 'language_config', 'thinker_config', 'vision_config']) {
    const n = o[key];
    if (!isRecord(n)) continue;
    nested.push({
      key,
      ...(str(n.model_type) ? { modelType: str(n.model_type) } : {}),
      ...(int(n.vocab_size) !== undefined ? { vocabSize: int(n.vocab_size) } : {}),
      architectures: strs(n.architectures),
    });
  }
  const q = isRecord(o.quantization_config) ? o.quantization_config : undefined;
  const out: ModelConfigSummary = {
    format: 'config',
    architectures: strs(o.architectures),
    remoteCode: isRecord(o.auto_map),
    nested,
  };
  const set = <K extends keyof ModelConfigSummary>(k: K, v: ModelConfigSummary[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('modelType', str(o.model_type));
  set('vocabSize', int(o.vocab_size) ?? int(o.padded_vocab_size));
  set('hiddenSize', int(o.hidden_size) ?? int(o.n_embd) ?? int(o.d_model));
  set('layers', int(o.num_hidden_layers) ?? int(o.num_layers) ?? int(o.n_layer));
  set('attentionHeads', int(o.num_attention_heads) ?? int(o.n_head));
  set('kvHeads', int(o.num_key_value_heads) ?? int(o.multi_query_group_num));
  set('contextLength', int(o.max_position_embeddings) ?? int(o.seq_length) ?? int(o.max_sequence_length));
  set('torchDtype', str(o.torch_dtype) ?? str(o.dtype));
  set('experts', int(o.n_routed_experts) ?? int(o.num_local_experts) ?? int(o.num_experts));
  set('quantization', q ? (str(q.quant_method) ?? 'unknown') : undefined);
  set('transformersVersion', str(o.transformers_version));
  set('nameOrPath', str(o._name_or_path));
  return out;
}

export interface GenerationConfigSummary {
  format: 'generation-config';
  bosTokenId?: number;
  eosTokenIds: number[];
  padTokenId?: number;
}

export function summariseGenerationConfig(json: unknown): GenerationConfigSummary {
  const o = isRecord(json) ? json : {};
  const eos = Array.isArray(o.eos_token_id) ? o.eos_token_id.map(int) : [int(o.eos_token_id)];
  const out: GenerationConfigSummary = {
    format: 'generation-config',
    eosTokenIds: eos.filter((x): x is number => x !== undefined),
  };
  const bos = int(o.bos_token_id);
  const pad = int(o.pad_token_id);
  if (bos !== undefined) out.bosTokenId = bos;
  if (pad !== undefined) out.padTokenId = pad;
  return out;
}

export interface TokenizerSummary {
  format: 'tokenizer';
  /** BPE, Unigram, WordPiece, WordLevel. */
  modelType?: string;
  /** Distinct token ids: the model vocabulary plus added tokens. */
  vocabSize: number;
  /** sha256 over "id\ttoken\n" lines in id order (vocabulary and added tokens). */
  vocabSha256: string;
  /** Added tokens marked special, or that look special, at most 4096. */
  specialTokens: string[];
}

export function summariseTokenizer(json: unknown): TokenizerSummary {
  const o = isRecord(json) ? json : {};
  const model = isRecord(o.model) ? o.model : {};
  const byId = new Map<number, string>();
  if (isRecord(model.vocab)) {
    for (const [tok, id] of Object.entries(model.vocab)) if (Number.isSafeInteger(id)) byId.set(id as number, tok);
  } else if (Array.isArray(model.vocab)) {
    model.vocab.forEach((e, i) => {
      if (Array.isArray(e) && typeof e[0] === 'string') byId.set(i, e[0]);
    });
  }
  const special: string[] = [];
  if (Array.isArray(o.added_tokens))
    for (const t of o.added_tokens) {
      if (!isRecord(t)) continue;
      const content = str(t.content);
      const id = int(t.id);
      if (content === undefined) continue;
      if (id !== undefined) byId.set(id, content);
      if ((t.special === true || looksSpecial(content)) && special.length < 4096) special.push(content);
    }
  const ids = [...byId.keys()].sort((a, b) => a - b);
  const h = createHash('sha256');
  for (const id of ids) h.update(`${id}\t${byId.get(id)}\n`);
  const out: TokenizerSummary = {
    format: 'tokenizer',
    vocabSize: byId.size,
    vocabSha256: h.digest('hex'),
    specialTokens: special,
  };
  const type = str(model.type);
  if (type) out.modelType = type;
  return out;
}

export interface TokenizerConfigSummary {
  format: 'tokenizer-config';
  tokenizerClass?: string;
  bosToken?: string;
  eosToken?: string;
  padToken?: string;
  unkToken?: string;
  specialTokens: string[];
  chatTemplates: ChatTemplate[];
  remoteCode: boolean;
}

export function summariseTokenizerConfig(json: unknown): TokenizerConfigSummary {
  const o = isRecord(json) ? json : {};
  const special = new Set<string>();
  if (isRecord(o.added_tokens_decoder))
    for (const t of Object.values(o.added_tokens_decoder)) {
      const content = tokenText(t);
      if (content && (isRecord(t) && t.special === true ? true : looksSpecial(content)) && special.size < 4096)
        special.add(content);
    }
  for (const t of strs(o.additional_special_tokens)) special.add(t);
  const templates: ChatTemplate[] = [];
  if (typeof o.chat_template === 'string') templates.push(template('default', o.chat_template));
  else if (Array.isArray(o.chat_template))
    for (const t of o.chat_template)
      if (isRecord(t) && typeof t.template === 'string') templates.push(template(str(t.name) ?? 'default', t.template));
  const out: TokenizerConfigSummary = {
    format: 'tokenizer-config',
    specialTokens: [...special],
    chatTemplates: templates,
    remoteCode: isRecord(o.auto_map),
  };
  const set = (k: 'tokenizerClass' | 'bosToken' | 'eosToken' | 'padToken' | 'unkToken', v: string | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('tokenizerClass', str(o.tokenizer_class));
  set('bosToken', tokenText(o.bos_token));
  set('eosToken', tokenText(o.eos_token));
  set('padToken', tokenText(o.pad_token));
  set('unkToken', tokenText(o.unk_token));
  for (const t of [out.bosToken, out.eosToken, out.padToken, out.unkToken]) if (t) special.add(t);
  out.specialTokens = [...special];
  return out;
}

export interface SpecialTokensMapSummary {
  format: 'special-tokens-map';
  specialTokens: string[];
}

export function summariseSpecialTokensMap(json: unknown): SpecialTokensMapSummary {
  const o = isRecord(json) ? json : {};
  const tokens = new Set<string>();
  for (const v of Object.values(o)) {
    const t = tokenText(v);
    if (t) tokens.add(t);
    if (Array.isArray(v))
      for (const x of v) {
        const u = tokenText(x);
        if (u) tokens.add(u);
      }
  }
  return { format: 'special-tokens-map', specialTokens: [...tokens].slice(0, 4096) };
}

export interface SafetensorsIndexSummary {
  format: 'safetensors-index';
  totalSize?: number;
  shards: string[];
  tensorCount: number;
}

export function summariseSafetensorsIndex(json: unknown): SafetensorsIndexSummary {
  const o = isRecord(json) ? json : {};
  const map = isRecord(o.weight_map) ? o.weight_map : {};
  const shards = new Set<string>();
  for (const v of Object.values(map)) if (typeof v === 'string') shards.add(v);
  const total = isRecord(o.metadata) ? int(o.metadata.total_size) : undefined;
  return {
    format: 'safetensors-index',
    ...(total !== undefined ? { totalSize: total } : {}),
    shards: [...shards].sort(),
    tensorCount: Object.keys(map).length,
  };
}

export interface ChatTemplateFileSummary {
  format: 'chat-template';
  chatTemplates: ChatTemplate[];
}

/** `chat_template.jinja` (text) or `chat_template.json` (`{"chat_template": …}`). */
export function summariseChatTemplateFile(path: string, text: string, json?: unknown): ChatTemplateFileSummary {
  if (path.toLowerCase().endsWith('.json')) {
    const o = isRecord(json) ? json : {};
    return {
      format: 'chat-template',
      chatTemplates: typeof o.chat_template === 'string' ? [template('default', o.chat_template)] : [],
    };
  }
  return { format: 'chat-template', chatTemplates: [template('default', text)] };
}

export interface TekkenSummary {
  format: 'tekken';
  vocabSize?: number;
  version?: string;
  specialTokens: string[];
}

export function summariseTekken(json: unknown): TekkenSummary {
  const o = isRecord(json) ? json : {};
  const cfg = isRecord(o.config) ? o.config : {};
  const special: string[] = [];
  if (Array.isArray(o.special_tokens))
    for (const t of o.special_tokens) {
      const s = isRecord(t) ? str(t.token_str) : undefined;
      if (s && special.length < 4096) special.push(s);
    }
  const out: TekkenSummary = { format: 'tekken', specialTokens: special };
  const v = int(cfg.default_vocab_size);
  if (v !== undefined) out.vocabSize = v;
  const ver = str(cfg.version);
  if (ver) out.version = ver;
  return out;
}
