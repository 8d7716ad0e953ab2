/**
 * Test fixtures: writers for safetensors and GGUF bytes, and one model directory per fingerprinted family built from
 * the real configuration fields, special tokens and chat-template markers of that family (tiny or empty tensors).
 * Shared by the core tests and the file-system shell test. Not part of the build.
 * @module
 */
import { createHash } from 'node:crypto';
import { analyseModelFiles, type ModelScanReport, type ScannedModelFile } from './analyse.js';
import { parseModelArtefact } from './artefact.js';
import { classifyModelFile } from './hf-files.js';
import { bytesSource, ModelFormatError } from './source.js';

const enc = new TextEncoder();
const json = (o: unknown) => enc.encode(JSON.stringify(o, null, 1));

const DTYPE: Record<string, number> = { BF16: 2, F16: 2, F32: 4, U8: 1, I8: 1 };

export interface TensorSpec {
  name: string;
  dtype?: string;
  shape: number[];
}

/** A valid safetensors file with zero-filled data. */
export function safetensorsBytes(tensors: TensorSpec[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let off = 0;
  for (const t of tensors) {
    const dtype = t.dtype ?? 'BF16';
    const n = t.shape.reduce((a, d) => a * d, 1) * (DTYPE[dtype] ?? 1);
    header[t.name] = { dtype, shape: t.shape, data_offsets: [off, off + n] };
    off += n;
  }
  let text = JSON.stringify(header);
  while ((8 + enc.encode(text).length) % 8) text += ' ';
  const h = enc.encode(text);
  const out = new Uint8Array(8 + h.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  return out;
}

/** Raw safetensors: a length field and header text, no validation (for hostile inputs). */
export function rawSafetensors(declaredLength: bigint, header: string, trailing = 0): Uint8Array {
  const h = enc.encode(header);
  const out = new Uint8Array(8 + h.length + trailing);
  new DataView(out.buffer).setBigUint64(0, declaredLength, true);
  out.set(h, 8);
  return out;
}

export type GgufKv =
  | { key: string; type: 'string'; value: string }
  | { key: string; type: 'u32'; value: number }
  | { key: string; type: 'f32'; value: number }
  | { key: string; type: 'bool'; value: boolean }
  | { key: string; type: 'string[]'; value: string[] }
  | { key: string; type: 'i32[]'; value: number[] };

export interface GgufSpec {
  version?: number;
  kv: GgufKv[];
  tensors?: { name: string; dims: number[]; type?: number }[];
  /** Override the counts written in the header (hostile files). */
  tensorCount?: bigint;
  kvCount?: bigint;
}

class Writer {
  parts: Uint8Array[] = [];
  size = 0;
  push(b: Uint8Array) {
    this.parts.push(b);
    this.size += b.length;
  }
  u32(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.push(b);
  }
  i32(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, v, true);
    this.push(b);
  }
  f32(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.push(b);
  }
  u64(v: bigint | number) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    this.push(b);
  }
  str(s: string) {
    const b = enc.encode(s);
    this.u64(b.length);
    this.push(b);
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

export function ggufBytes(spec: GgufSpec): Uint8Array {
  const w = new Writer();
  w.u32(0x46554747);
  w.u32(spec.version ?? 3);
  const tensors = spec.tensors ?? [];
  w.u64(spec.tensorCount ?? BigInt(tensors.length));
  w.u64(spec.kvCount ?? BigInt(spec.kv.length));
  for (const kv of spec.kv) {
    w.str(kv.key);
    switch (kv.type) {
      case 'string':
        w.u32(8);
        w.str(kv.value);
        break;
      case 'u32':
        w.u32(4);
        w.u32(kv.value);
        break;
      case 'f32':
        w.u32(6);
        w.f32(kv.value);
        break;
      case 'bool':
        w.u32(7);
        w.push(new Uint8Array([kv.value ? 1 : 0]));
        break;
      case 'string[]':
        w.u32(9);
        w.u32(8);
        w.u64(kv.value.length);
        for (const s of kv.value) w.str(s);
        break;
      case 'i32[]':
        w.u32(9);
        w.u32(5);
        w.u64(kv.value.length);
        for (const v of kv.value) w.i32(v);
        break;
    }
  }
  let offset = 0n;
  for (const t of tensors) {
    w.str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(t.type ?? 0);
    w.u64(offset);
    offset += 32n;
  }
  while (w.size % 32) w.push(new Uint8Array(1));
  for (const _ of tensors) w.push(new Uint8Array(32));
  return w.bytes();
}

/** A vocabulary of `size` tokens: the given specials first, then filler. */
export function vocab(size: number, specials: string[]): string[] {
  const out = [...specials];
  for (let i = out.length; i < size; i++) out.push(`t${i}`);
  return out;
}

export type FixtureDir = Record<string, Uint8Array>;

export interface FamilyFixture {
  name: string;
  /** Expected developer family id (null: none). */
  family: string | null;
  architectureFamily?: string;
  flags?: string[];
  files: () => FixtureDir;
}

const cfg = (o: Record<string, unknown>) => json({ torch_dtype: 'bfloat16', transformers_version: '4.46.0', ...o });
const tokcfg = (o: {
  tokens?: string[];
  bos?: string;
  eos?: string;
  template?: string;
  cls?: string;
  autoMap?: boolean;
}) =>
  json({
    ...(o.bos ? { bos_token: { content: o.bos, special: true } } : {}),
    ...(o.eos ? { eos_token: o.eos } : {}),
    ...(o.cls ? { tokenizer_class: o.cls } : {}),
    ...(o.template ? { chat_template: o.template } : {}),
    ...(o.autoMap ? { auto_map: { AutoTokenizer: ['tokenization_x.Tok', null] } } : {}),
    added_tokens_decoder: Object.fromEntries(
      (o.tokens ?? []).map((t, i) => [String(100000 + i), { content: t, special: true }]),
    ),
  });
const layers = (names: string[]) =>
  safetensorsBytes(
    names.map((name) => ({ name, shape: [2, 2] })),
    { format: 'pt' },
  );

const DS_TOKENS = [
  '<｜begin▁of▁sentence｜>',
  '<｜end▁of▁sentence｜>',
  '<｜User｜>',
  '<｜Assistant｜>',
  '<think>',
  '</think>',
];
const DS_TEMPLATE =
  "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}{{ '<｜User｜>' + m['content'] }}{% else %}{{ '<｜Assistant｜>' + m['content'] + '<｜end▁of▁sentence｜>' }}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<｜Assistant｜><think>\\n' }}{% endif %}";
const QWEN_TOKENS = [
  '<|endoftext|>',
  '<|im_start|>',
  '<|im_end|>',
  '<|object_ref_start|>',
  '<|box_start|>',
  '<|vision_start|>',
];
const QWEN_TEMPLATE =
  "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}{%- endif %}";
const CHATML =
  "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}";

export const FAMILY_FIXTURES: FamilyFixture[] = [
  {
    name: 'DeepSeek-V3 (safetensors)',
    family: 'deepseek',
    flags: ['REMOTE_CODE'],
    files: () => ({
      'config.json': cfg({
        model_type: 'deepseek_v3',
        architectures: ['DeepseekV3ForCausalLM'],
        auto_map: { AutoConfig: 'configuration_deepseek.DeepseekV3Config' },
        vocab_size: 129280,
        hidden_size: 7168,
        num_hidden_layers: 61,
        n_routed_experts: 256,
        max_position_embeddings: 163840,
        _name_or_path: 'deepseek-ai/DeepSeek-V3',
      }),
      'tokenizer_config.json': tokcfg({
        tokens: DS_TOKENS,
        bos: '<｜begin▁of▁sentence｜>',
        eos: '<｜end▁of▁sentence｜>',
        cls: 'LlamaTokenizerFast',
        template: DS_TEMPLATE,
      }),
      'model-00001-of-00001.safetensors': layers([
        'model.embed_tokens.weight',
        'model.layers.0.self_attn.kv_a_proj_with_mqa.weight',
        'model.layers.0.mlp.experts.0.gate_proj.weight',
      ]),
    }),
  },
  {
    name: 'DeepSeek-R1-Distill-Qwen (DeepSeek tokens on Qwen2)',
    family: 'deepseek',
    architectureFamily: 'qwen',
    flags: ['DERIVED_ARCHITECTURE'],
    files: () => ({
      'config.json': cfg({
        model_type: 'qwen2',
        architectures: ['Qwen2ForCausalLM'],
        vocab_size: 152064,
        _name_or_path: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B',
      }),
      'tokenizer_config.json': tokcfg({
        tokens: DS_TOKENS,
        bos: DS_TOKENS[0],
        eos: DS_TOKENS[1],
        template: DS_TEMPLATE,
      }),
    }),
  },
  {
    name: 'DeepSeek-R1-Distill-Llama (DeepSeek tokens on Llama 3)',
    family: 'deepseek',
    architectureFamily: 'llama',
    flags: ['DERIVED_ARCHITECTURE'],
    files: () => ({
      'config.json': cfg({ model_type: 'llama', architectures: ['LlamaForCausalLM'], vocab_size: 128256 }),
      'tokenizer_config.json': tokcfg({
        tokens: DS_TOKENS,
        bos: DS_TOKENS[0],
        eos: DS_TOKENS[1],
        template: DS_TEMPLATE,
      }),
    }),
  },
  {
    name: 'Qwen2.5 (safetensors + tokenizer.json)',
    family: 'qwen',
    files: () => ({
      'config.json': cfg({ model_type: 'qwen2', architectures: ['Qwen2ForCausalLM'], vocab_size: 152064 }),
      'tokenizer.json': json({
        model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 } },
        added_tokens: QWEN_TOKENS.map((content, i) => ({ id: 151643 + i, content, special: true })),
      }),
      'tokenizer_config.json': tokcfg({
        tokens: QWEN_TOKENS,
        eos: '<|im_end|>',
        cls: 'Qwen2Tokenizer',
        template: QWEN_TEMPLATE,
      }),
      'model.safetensors': layers(['model.embed_tokens.weight', 'model.layers.0.self_attn.q_proj.weight']),
    }),
  },
  {
    name: 'Qwen3 (GGUF)',
    family: 'qwen',
    files: () => ({
      'Qwen3-8B-Q4_K_M.gguf': ggufBytes({
        kv: [
          { key: 'general.architecture', type: 'string', value: 'qwen3' },
          { key: 'general.name', type: 'string', value: 'Qwen3 8B' },
          { key: 'general.organization', type: 'string', value: 'Qwen' },
          { key: 'general.license', type: 'string', value: 'apache-2.0' },
          { key: 'qwen3.context_length', type: 'u32', value: 40960 },
          { key: 'tokenizer.ggml.model', type: 'string', value: 'gpt2' },
          { key: 'tokenizer.ggml.pre', type: 'string', value: 'qwen2' },
          { key: 'tokenizer.ggml.tokens', type: 'string[]', value: vocab(2000, QWEN_TOKENS) },
          { key: 'tokenizer.chat_template', type: 'string', value: CHATML },
        ],
        tensors: [
          { name: 'token_embd.weight', dims: [4, 4], type: 12 },
          { name: 'blk.0.attn_q.weight', dims: [4, 4], type: 12 },
        ],
      }),
    }),
  },
  {
    name: 'Kimi K2 (Moonshot tokenizer on DeepSeek-V3 design)',
    family: 'kimi',
    architectureFamily: 'deepseek',
    flags: ['REMOTE_CODE', 'DERIVED_ARCHITECTURE'],
    files: () => ({
      'config.json': cfg({
        model_type: 'kimi_k2',
        architectures: ['DeepseekV3ForCausalLM'],
        vocab_size: 163840,
        auto_map: { AutoModel: 'modeling_deepseek.DeepseekV3Model' },
      }),
      'tokenizer_config.json': tokcfg({
        tokens: ['[BOS]', '[EOS]', '<|im_end|>', '<|im_user|>', '<|im_assistant|>', '<|im_system|>', '<|im_middle|>'],
        bos: '[BOS]',
        eos: '[EOS]',
        cls: 'TikTokenTokenizer',
        autoMap: true,
        template:
          "{%- if not messages or messages[0]['role'] != 'system' -%}<|im_system|>system<|im_middle|>You are Kimi, an AI assistant created by Moonshot AI.<|im_end|>{%- endif -%}{% for m in messages %}<|im_user|>user<|im_middle|>{{ m['content'] }}<|im_end|>{% endfor %}",
      }),
      'tiktoken.model': enc.encode('IQ== 0\nIg== 1\n'),
      'model-00001-of-00002.safetensors': layers(['model.layers.0.self_attn.kv_a_proj_with_mqa.weight']),
    }),
  },
  {
    name: 'GLM-4 (safetensors)',
    family: 'glm',
    files: () => ({
      'config.json': cfg({ model_type: 'glm4', architectures: ['Glm4ForCausalLM'], vocab_size: 151552 }),
      'tokenizer_config.json': tokcfg({
        tokens: [
          '<|endoftext|>',
          '[MASK]',
          '[gMASK]',
          '[sMASK]',
          '<sop>',
          '<eop>',
          '<|system|>',
          '<|user|>',
          '<|assistant|>',
          '<|observation|>',
        ],
        eos: '<|endoftext|>',
        template:
          "[gMASK]<sop>{% for m in messages %}<|{{ m['role'] }}|>\\n{{ m['content'] }}{% endfor %}<|assistant|>",
      }),
    }),
  },
  {
    name: 'ChatGLM3 (GGUF)',
    family: 'glm',
    files: () => ({
      'chatglm3-6b.Q4_0.gguf': ggufBytes({
        kv: [
          { key: 'general.architecture', type: 'string', value: 'chatglm' },
          { key: 'general.name', type: 'string', value: 'ChatGLM3 6B' },
          { key: 'tokenizer.ggml.pre', type: 'string', value: 'chatglm-bpe' },
          { key: 'tokenizer.ggml.tokens', type: 'string[]', value: vocab(500, ['[gMASK]', 'sop', '<|user|>']) },
        ],
      }),
    }),
  },
  {
    name: 'Yi-1.5 (Llama architecture, 64000 vocabulary)',
    family: 'yi',
    files: () => ({
      'config.json': cfg({ model_type: 'llama', architectures: ['LlamaForCausalLM'], vocab_size: 64000 }),
      'tokenizer_config.json': tokcfg({
        tokens: ['<unk>', '<|startoftext|>', '<|endoftext|>', '<|im_start|>', '<|im_end|>'],
        bos: '<|startoftext|>',
        eos: '<|im_end|>',
        cls: 'LlamaTokenizer',
        template: CHATML,
      }),
    }),
  },
  {
    name: 'Baichuan2 (W_pack, reserved tokens)',
    family: 'baichuan',
    flags: ['REMOTE_CODE'],
    files: () => ({
      'config.json': cfg({
        model_type: 'baichuan',
        architectures: ['BaichuanForCausalLM'],
        vocab_size: 125696,
        auto_map: { AutoModelForCausalLM: 'modeling_baichuan.BaichuanForCausalLM' },
      }),
      'tokenizer_config.json': tokcfg({
        tokens: ['<reserved_106>', '<reserved_107>'],
        cls: 'BaichuanTokenizer',
        autoMap: true,
      }),
      'model.safetensors': layers(['model.layers.0.self_attn.W_pack.weight']),
    }),
  },
  {
    name: 'InternLM2.5',
    family: 'internlm',
    files: () => ({
      'config.json': cfg({ model_type: 'internlm2', architectures: ['InternLM2ForCausalLM'], vocab_size: 92544 }),
      'tokenizer_config.json': tokcfg({
        tokens: ['<|im_start|>', '<|im_end|>', '<|action_start|>', '<|action_end|>', '<|interpreter|>', '<|plugin|>'],
        cls: 'InternLM2Tokenizer',
        template: CHATML,
      }),
      'model.safetensors': layers(['model.layers.0.attention.wqkv.weight', 'model.layers.0.feed_forward.w1.weight']),
    }),
  },
  {
    name: 'MiniMax-M2',
    family: 'minimax',
    files: () => ({
      'config.json': cfg({ model_type: 'minimax_m2', architectures: ['MiniMaxM2ForCausalLM'], vocab_size: 200064 }),
      'tokenizer_config.json': tokcfg({
        tokens: [']~!b[', ']~b]', '[e~[', '<think>', '</think>'],
        template:
          "]~!b[]~b]system\\nYou are a helpful assistant.[e~[\\n{% for m in messages %}]~b]{{ m['role'] }}\\n{{ m['content'] }}[e~[\\n{% endfor %}",
      }),
    }),
  },
  {
    name: 'ERNIE 4.5',
    family: 'ernie',
    files: () => ({
      'config.json': cfg({ model_type: 'ernie4_5', architectures: ['Ernie4_5_ForCausalLM'], vocab_size: 103424 }),
    }),
  },
  {
    name: 'Llama 3.1 (safetensors)',
    family: 'llama',
    files: () => ({
      'config.json': cfg({ model_type: 'llama', architectures: ['LlamaForCausalLM'], vocab_size: 128256 }),
      'tokenizer_config.json': tokcfg({
        tokens: ['<|begin_of_text|>', '<|end_of_text|>', '<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>'],
        bos: '<|begin_of_text|>',
        eos: '<|eot_id|>',
        template:
          "{{- bos_token }}{{- '<|start_header_id|>system<|end_header_id|>\\n\\n' }}{{- 'Cutting Knowledge Date: December 2023\\n' }}",
      }),
    }),
  },
  {
    name: 'Llama 2 chat (GGUF)',
    family: 'llama',
    files: () => ({
      'llama-2-7b-chat.Q4_K_M.gguf': ggufBytes({
        kv: [
          { key: 'general.architecture', type: 'string', value: 'llama' },
          { key: 'general.name', type: 'string', value: 'LLaMA v2' },
          { key: 'llama.context_length', type: 'u32', value: 4096 },
          { key: 'tokenizer.ggml.model', type: 'string', value: 'llama' },
          { key: 'tokenizer.ggml.tokens', type: 'string[]', value: vocab(32000, ['<unk>', '<s>', '</s>']) },
          {
            key: 'tokenizer.chat_template',
            type: 'string',
            value: "{{ bos_token + '[INST] ' + '<<SYS>>\\n' + system + '\\n<</SYS>>\\n\\n' + content + ' [/INST]' }}",
          },
        ],
      }),
    }),
  },
  {
    name: 'Gemma 3 (nested text_config)',
    family: 'gemma',
    files: () => ({
      'config.json': cfg({
        model_type: 'gemma3',
        architectures: ['Gemma3ForConditionalGeneration'],
        text_config: { model_type: 'gemma3_text', vocab_size: 262208 },
      }),
      'tokenizer_config.json': tokcfg({
        tokens: ['<bos>', '<eos>', '<start_of_turn>', '<end_of_turn>'],
        cls: 'GemmaTokenizer',
        template:
          "{{ bos_token }}{% for m in messages %}<start_of_turn>{{ m['role'] }}\\n{{ m['content'] }}<end_of_turn>\\n{% endfor %}",
      }),
    }),
  },
  {
    name: 'Mistral 7B v0.3',
    family: 'mistral',
    files: () => ({
      'config.json': cfg({ model_type: 'mistral', architectures: ['MistralForCausalLM'], vocab_size: 32768 }),
      'tokenizer_config.json': tokcfg({
        tokens: [
          '<unk>',
          '<s>',
          '</s>',
          '[INST]',
          '[/INST]',
          '[TOOL_CALLS]',
          '[AVAILABLE_TOOLS]',
          '[/AVAILABLE_TOOLS]',
        ],
        template: "{{ bos_token }}{% for m in messages %}[INST] {{ m['content'] }}[/INST]{% endfor %}",
      }),
    }),
  },
  {
    name: 'Mistral Nemo (consolidated + tekken)',
    family: 'mistral',
    files: () => ({
      'params.json': json({ dim: 5120, n_layers: 40, vocab_size: 131072 }),
      'tekken.json': json({
        config: {
          pattern: '.+',
          num_vocab_tokens: 150000,
          default_vocab_size: 131072,
          default_num_special_tokens: 1000,
          version: 'v3',
        },
        vocab: [],
        special_tokens: [
          { rank: 0, token_str: '<unk>', is_control: true },
          { rank: 3, token_str: '[INST]', is_control: true },
          { rank: 5, token_str: '[AVAILABLE_TOOLS]', is_control: true },
        ],
      }),
      'consolidated.safetensors': safetensorsBytes([{ name: 'tok_embeddings.weight', shape: [2, 2] }]),
    }),
  },
  {
    name: 'Phi-3 GGUF that calls itself "LLaMA v2" (contradiction)',
    family: 'phi',
    flags: ['DECLARED_MISMATCH', 'ARCHITECTURE_LABEL'],
    files: () => ({
      'Phi-3-mini-4k-instruct-q4.gguf': ggufBytes({
        kv: [
          { key: 'general.architecture', type: 'string', value: 'llama' },
          { key: 'general.name', type: 'string', value: 'LLaMA v2' },
          { key: 'llama.context_length', type: 'u32', value: 4096 },
          { key: 'tokenizer.ggml.model', type: 'string', value: 'llama' },
          {
            key: 'tokenizer.ggml.tokens',
            type: 'string[]',
            value: vocab(32064, [
              '<unk>',
              '<s>',
              '</s>',
              '<|endoftext|>',
              '<|assistant|>',
              '<|end|>',
              '<|system|>',
              '<|user|>',
            ]),
          },
          {
            key: 'tokenizer.chat_template',
            type: 'string',
            value:
              "{% for m in messages %}{{ '<|' + m['role'] + '|>\\n' + m['content'] + '<|end|>\\n' }}{% endfor %}{{ '<|user|>' }}",
          },
        ],
        tensors: [{ name: 'token_embd.weight', dims: [8, 4], type: 2 }],
      }),
    }),
  },
  {
    name: 'Phi-4',
    family: 'phi',
    files: () => ({
      'config.json': cfg({ model_type: 'phi3', architectures: ['Phi3ForCausalLM'], vocab_size: 100352 }),
      'tokenizer_config.json': tokcfg({
        tokens: ['<|endoftext|>', '<|im_start|>', '<|im_sep|>', '<|im_end|>'],
        template:
          "{% for m in messages %}{{'<|im_start|>' + m['role'] + '<|im_sep|>' + m['content'] + '<|im_end|>'}}{% endfor %}",
      }),
    }),
  },
  {
    name: 'gpt-oss (MXFP4 experts)',
    family: 'gpt-oss',
    files: () => ({
      'config.json': cfg({ model_type: 'gpt_oss', architectures: ['GptOssForCausalLM'], vocab_size: 201088 }),
      'tokenizer_config.json': tokcfg({
        tokens: ['<|startoftext|>', '<|start|>', '<|message|>', '<|channel|>', '<|end|>', '<|return|>', '<|call|>'],
        template:
          "<|start|>system<|message|>You are ChatGPT, a large language model trained by OpenAI.<|end|>{% for m in messages %}<|start|>{{ m['role'] }}<|channel|>final<|message|>{{ m['content'] }}<|end|>{% endfor %}",
      }),
      'model.safetensors': safetensorsBytes([
        { name: 'model.layers.0.mlp.experts.gate_up_proj_blocks', dtype: 'U8', shape: [2, 4] },
      ]),
    }),
  },
  {
    name: 'Qwen weights relabelled as Llama 3.1 (cross-border contradiction)',
    family: 'qwen',
    flags: ['DECLARED_MISMATCH'],
    files: () => ({
      'config.json': cfg({
        model_type: 'qwen2',
        architectures: ['Qwen2ForCausalLM'],
        vocab_size: 151936,
        _name_or_path: 'meta-llama/Llama-3.1-8B-Instruct',
      }),
      'tokenizer_config.json': tokcfg({ tokens: QWEN_TOKENS, template: QWEN_TEMPLATE }),
    }),
  },
  {
    name: 'Renamed DeepSeek fine-tune (undeclared origin)',
    family: 'deepseek',
    flags: ['UNDECLARED_ORIGIN'],
    files: () => ({
      'config.json': cfg({
        model_type: 'deepseek_v2',
        architectures: ['DeepseekV2ForCausalLM'],
        vocab_size: 102400,
        _name_or_path: 'acme/helpful-assistant-16b',
      }),
      'tokenizer_config.json': tokcfg({ tokens: DS_TOKENS, template: DS_TEMPLATE }),
    }),
  },
  {
    name: 'Unknown architecture',
    family: null,
    flags: ['NO_FINGERPRINT'],
    files: () => ({
      'config.json': cfg({ model_type: 'acme_net', architectures: ['AcmeForCausalLM'], vocab_size: 50000 }),
    }),
  },
];

/** Scans an in-memory fixture directory the way the shell does (classify, hash, parse), without touching disk. */
export async function scanFixture(dir: FixtureDir, root = 'fixture'): Promise<ModelScanReport> {
  const files: ScannedModelFile[] = [];
  for (const [path, bytes] of Object.entries(dir).sort(([a], [b]) => a.localeCompare(b))) {
    const kind = classifyModelFile(path);
    const f: ScannedModelFile = {
      path,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      kind,
    };
    try {
      const parsed = await parseModelArtefact(path, kind, bytesSource(bytes));
      if (parsed) f.parsed = parsed;
    } catch (err) {
      f.error = { code: err instanceof ModelFormatError ? err.code : 'READ_FAILED', message: String(err) };
    }
    files.push(f);
  }
  return {
    root,
    scannedAt: '2026-11-23T10:00:00.000Z',
    files,
    skipped: [],
    analysis: analyseModelFiles(files, root),
  };
}
