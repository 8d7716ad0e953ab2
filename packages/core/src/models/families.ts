/**
 * Known model families as data: who made them, where, and the signals that identify them. A signal matches when
 * any of its values (or, with `all`, every value) is observed; its weight is the evidence it carries on its own
 * (0–1). Signals are grouped by aspect:
 * - architecture: what the weights are shaped as (`model_type`, architecture class, GGUF `general.architecture`,
 *   tensor names, embedding rows). This names the design the weights follow, which a derived model keeps.
 * - tokenizer: vocabulary, special tokens, tokenizer class and pre-tokenizer, chat-template markers. These come from
 *   whoever post-trained the model, so they identify the releasing developer even on a borrowed architecture
 *   (DeepSeek-R1-Distill-Qwen: DeepSeek tokens on a Qwen2 body; Kimi K2: Moonshot tokenizer on DeepSeek-V3 design).
 * Weights were set by hand from the public configs and tokenizers of each family; shared values (vocabulary 32000,
 * `<|im_start|>`, `llama` as an architecture label) carry little weight. `declared` patterns find a family named in
 * self-declared metadata (names, organisations, base models, source URLs), which is evidence of a claim, not of fact.
 * @module
 */

export type SignalKind =
  | 'modelType'
  | 'architecture'
  | 'ggufArchitecture'
  | 'tensorPattern'
  | 'vocabSize'
  | 'specialToken'
  | 'templateMarker'
  | 'tokenizerPre'
  | 'tokenizerClass'
  | 'fileName';

export interface FamilySignal {
  kind: SignalKind;
  values: readonly (string | number)[];
  weight: number;
  /** Every value must be observed (default: any one). */
  all?: boolean;
}

export interface ModelFamily {
  id: string;
  name: string;
  organization: string;
  /** ISO 3166-1 alpha-2 of the organisation's headquarters. */
  country: string;
  signals: readonly FamilySignal[];
  /** Case-insensitive regular expressions over declared names, organisations, base models and URLs. */
  declared: readonly string[];
}

const s = (kind: SignalKind, weight: number, values: (string | number)[], all?: boolean): FamilySignal =>
  all ? { kind, weight, values, all } : { kind, weight, values };

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    id: 'deepseek',
    name: 'DeepSeek',
    organization: 'DeepSeek (Hangzhou DeepSeek Artificial Intelligence)',
    country: 'CN',
    signals: [
      s('modelType', 0.9, ['deepseek', 'deepseek_v2', 'deepseek_v3', 'deepseek_v32', 'deepseek_vl_v2']),
      s('architecture', 0.85, [
        'DeepseekForCausalLM',
        'DeepseekV2ForCausalLM',
        'DeepseekV3ForCausalLM',
        'DeepseekV32ForCausalLM',
      ]),
      s('ggufArchitecture', 0.8, ['deepseek', 'deepseek2']),
      s('tensorPattern', 0.5, ['kv_a_proj_with_mqa', 'attn_kv_a_mqa']),
      s('vocabSize', 0.6, [102400, 129280]),
      s('specialToken', 0.9, ['<｜begin▁of▁sentence｜>', '<｜end▁of▁sentence｜>']),
      s('specialToken', 0.6, ['<｜User｜>', '<｜Assistant｜>', '<｜tool▁calls▁begin｜>']),
      s('templateMarker', 0.8, ['<｜Assistant｜>', '<｜User｜>', '<｜tool▁calls▁begin｜>']),
      s('tokenizerPre', 0.85, ['deepseek-llm', 'deepseek-coder', 'deepseek-v3', 'deepseek-r1-qwen']),
    ],
    declared: ['deep\\s*-?seek'],
  },
  {
    id: 'qwen',
    name: 'Qwen',
    organization: 'Alibaba Cloud (Qwen team)',
    country: 'CN',
    signals: [
      s('modelType', 0.9, [
        'qwen',
        'qwen2',
        'qwen2_moe',
        'qwen3',
        'qwen3_moe',
        'qwen3_next',
        'qwen2_vl',
        'qwen2_5_vl',
        'qwen2_5_omni',
        'qwen3_vl',
      ]),
      s('architecture', 0.85, [
        'QWenLMHeadModel',
        'Qwen2ForCausalLM',
        'Qwen2MoeForCausalLM',
        'Qwen3ForCausalLM',
        'Qwen3MoeForCausalLM',
        'Qwen2VLForConditionalGeneration',
        'Qwen2_5_VLForConditionalGeneration',
      ]),
      s('ggufArchitecture', 0.85, ['qwen', 'qwen2', 'qwen2moe', 'qwen3', 'qwen3moe', 'qwen2vl']),
      s('vocabSize', 0.6, [151936, 152064, 151646, 151665, 151669]),
      s('specialToken', 0.3, ['<|im_start|>', '<|endoftext|>'], true),
      s('specialToken', 0.7, ['<|vision_start|>', '<|object_ref_start|>', '<|box_start|>', '<|quad_start|>']),
      s('templateMarker', 0.9, ['You are Qwen', 'Alibaba Cloud']),
      s('templateMarker', 0.25, ['<|im_start|>']),
      s('tokenizerPre', 0.85, ['qwen2']),
      s('tokenizerClass', 0.7, ['Qwen2Tokenizer', 'Qwen2TokenizerFast', 'QWenTokenizer']),
      s('fileName', 0.8, ['qwen.tiktoken']),
    ],
    declared: ['qwen', 'tongyi', 'alibaba'],
  },
  {
    id: 'kimi',
    name: 'Kimi',
    organization: 'Moonshot AI',
    country: 'CN',
    signals: [
      s('modelType', 0.9, ['kimi_k2', 'kimi_vl', 'kimi_linear', 'moonshot']),
      s('architecture', 0.85, ['KimiVLForConditionalGeneration', 'KimiLinearForCausalLM']),
      s('vocabSize', 0.7, [163840]),
      s('specialToken', 0.85, ['<|im_user|>', '<|im_assistant|>', '<|im_middle|>']),
      s('specialToken', 0.2, ['[BOS]', '[EOS]'], true),
      s('templateMarker', 0.8, ['<|im_middle|>', '<|im_user|>']),
      s('templateMarker', 0.9, ['You are Kimi', 'Moonshot AI']),
      s('tokenizerPre', 0.85, ['kimi-k2']),
      s('tokenizerClass', 0.4, ['TikTokenTokenizer']),
      s('fileName', 0.4, ['tiktoken.model']),
    ],
    declared: ['kimi', 'moonshot', 'moonlight'],
  },
  {
    id: 'glm',
    name: 'GLM / ChatGLM',
    organization: 'Zhipu AI (Z.ai)',
    country: 'CN',
    signals: [
      s('modelType', 0.9, ['chatglm', 'glm', 'glm4', 'glm4_moe', 'glm4v', 'glm4v_moe']),
      s('architecture', 0.85, [
        'ChatGLMModel',
        'ChatGLMForConditionalGeneration',
        'GlmForCausalLM',
        'Glm4ForCausalLM',
        'Glm4MoeForCausalLM',
      ]),
      s('ggufArchitecture', 0.85, ['chatglm', 'glm4', 'glm4moe']),
      s('tensorPattern', 0.6, ['self_attention.query_key_value']),
      s('vocabSize', 0.5, [65024, 151552, 151329]),
      s('specialToken', 0.9, ['[gMASK]']),
      s('specialToken', 0.6, ['<|observation|>']),
      s('templateMarker', 0.9, ['[gMASK]']),
      s('tokenizerPre', 0.85, ['chatglm-bpe', 'glm4']),
      s('tokenizerClass', 0.8, ['ChatGLMTokenizer', 'ChatGLM4Tokenizer']),
    ],
    declared: ['chatglm', '\\bglm[-_ ]?\\d', 'zhipu', 'z\\.ai', 'zai-org', 'thudm'],
  },
  {
    id: 'yi',
    name: 'Yi',
    organization: '01.AI',
    country: 'CN',
    signals: [
      s('vocabSize', 0.55, [64000]),
      s('specialToken', 0.7, ['<|startoftext|>']),
      s('templateMarker', 0.5, ['<|startoftext|>']),
    ],
    declared: ['\\byi[-_ ](?:\\d|large|lightning|coder|chat|vl|\\d+b)', '01[-.]?ai'],
  },
  {
    id: 'baichuan',
    name: 'Baichuan',
    organization: 'Baichuan Intelligent Technology',
    country: 'CN',
    signals: [
      s('modelType', 0.9, ['baichuan', 'baichuan_m1']),
      s('architecture', 0.85, ['BaichuanForCausalLM', 'BaiChuanForCausalLM', 'BaichuanM1ForCausalLM']),
      s('ggufArchitecture', 0.85, ['baichuan']),
      s('tensorPattern', 0.7, ['self_attn.W_pack']),
      s('vocabSize', 0.7, [125696]),
      s('specialToken', 0.6, ['<reserved_106>', '<reserved_107>'], true),
      s('templateMarker', 0.6, ['<reserved_106>']),
      s('tokenizerClass', 0.8, ['BaichuanTokenizer', 'BaiChuanTokenizer']),
    ],
    declared: ['baichuan'],
  },
  {
    id: 'internlm',
    name: 'InternLM',
    organization: 'Shanghai AI Laboratory',
    country: 'CN',
    signals: [
      s('modelType', 0.9, ['internlm', 'internlm2', 'internlm3']),
      s('architecture', 0.85, ['InternLMForCausalLM', 'InternLM2ForCausalLM', 'InternLM3ForCausalLM']),
      s('ggufArchitecture', 0.85, ['internlm2']),
      s('tensorPattern', 0.6, ['attention.wqkv']),
      s('vocabSize', 0.6, [92544, 128512]),
      s('specialToken', 0.8, ['<|action_start|>', '<|plugin|>', '<|interpreter|>']),
      s('tokenizerClass', 0.8, ['InternLM2Tokenizer', 'InternLM3Tokenizer', 'InternLMTokenizer']),
    ],
    declared: ['internlm', 'intern-?s1', 'shanghai ai lab'],
  },
  {
    id: 'minimax',
    name: 'MiniMax',
    organization: 'MiniMax',
    country: 'CN',
    signals: [
      s('modelType', 0.9, ['minimax', 'minimax_text_01', 'minimax_m1', 'minimax_m2']),
      s('architecture', 0.85, [
        'MiniMaxForCausalLM',
        'MiniMaxText01ForCausalLM',
        'MiniMaxM1ForCausalLM',
        'MiniMaxM2ForCausalLM',
      ]),
      s('ggufArchitecture', 0.85, ['minimax-m2', 'minimax']),
      s('vocabSize', 0.4, [200064]),
      s('specialToken', 0.9, [']~b]', '[e~[', ']~!b[']),
      s('templateMarker', 0.9, [']~b]', '[e~[']),
    ],
    declared: ['minimax'],
  },
  {
    id: 'ernie',
    name: 'ERNIE',
    organization: 'Baidu',
    country: 'CN',
    signals: [
      s('modelType', 0.9, ['ernie4_5', 'ernie4_5_moe', 'ernie4_5_vl_moe']),
      s('architecture', 0.85, ['Ernie4_5ForCausalLM', 'Ernie4_5_ForCausalLM', 'Ernie4_5_MoeForCausalLM']),
      s('ggufArchitecture', 0.85, ['ernie4_5', 'ernie4_5-moe']),
      s('vocabSize', 0.6, [103424]),
    ],
    declared: ['ernie', 'baidu'],
  },
  {
    id: 'llama',
    name: 'Llama',
    organization: 'Meta Platforms',
    country: 'US',
    signals: [
      s('modelType', 0.35, ['llama']),
      s('modelType', 0.9, ['llama4', 'llama4_text', 'mllama']),
      s('architecture', 0.3, ['LlamaForCausalLM']),
      s('architecture', 0.85, [
        'Llama4ForConditionalGeneration',
        'Llama4ForCausalLM',
        'MllamaForConditionalGeneration',
      ]),
      s('ggufArchitecture', 0.3, ['llama']),
      s('ggufArchitecture', 0.85, ['llama4']),
      s('vocabSize', 0.6, [128256, 202048]),
      s('vocabSize', 0.2, [32000]),
      s('specialToken', 0.85, ['<|begin_of_text|>', '<|start_header_id|>', '<|eot_id|>', '<|header_start|>']),
      s('templateMarker', 0.8, ['<|start_header_id|>', '<|header_start|>', 'Cutting Knowledge Date']),
      s('templateMarker', 0.7, ['<<SYS>>']),
      s('tokenizerPre', 0.85, ['llama-bpe', 'llama4']),
    ],
    declared: ['llama', '\\bmeta\\b'],
  },
  {
    id: 'gemma',
    name: 'Gemma',
    organization: 'Google',
    country: 'US',
    signals: [
      s('modelType', 0.9, ['gemma', 'gemma2', 'gemma3', 'gemma3_text', 'gemma3n', 'recurrent_gemma']),
      s('architecture', 0.85, [
        'GemmaForCausalLM',
        'Gemma2ForCausalLM',
        'Gemma3ForCausalLM',
        'Gemma3ForConditionalGeneration',
        'Gemma3nForConditionalGeneration',
      ]),
      s('ggufArchitecture', 0.85, ['gemma', 'gemma2', 'gemma3', 'gemma3n']),
      s('tensorPattern', 0.5, ['pre_feedforward_layernorm']),
      s('vocabSize', 0.4, [256000]),
      s('vocabSize', 0.6, [262144, 262208]),
      s('specialToken', 0.85, ['<start_of_turn>', '<end_of_turn>']),
      s('templateMarker', 0.85, ['<start_of_turn>']),
      s('tokenizerClass', 0.8, ['GemmaTokenizer', 'GemmaTokenizerFast']),
    ],
    declared: ['gemma', 'google'],
  },
  {
    id: 'mistral',
    name: 'Mistral',
    organization: 'Mistral AI',
    country: 'FR',
    signals: [
      s('modelType', 0.9, ['mistral', 'mixtral', 'mistral3', 'ministral', 'pixtral']),
      s('architecture', 0.85, [
        'MistralForCausalLM',
        'MixtralForCausalLM',
        'Mistral3ForConditionalGeneration',
        'PixtralForConditionalGeneration',
      ]),
      s('ggufArchitecture', 0.85, ['mistral3']),
      s('vocabSize', 0.6, [32768]),
      s('vocabSize', 0.4, [131072]),
      s('vocabSize', 0.2, [32000]),
      s('specialToken', 0.85, ['[AVAILABLE_TOOLS]', '[TOOL_CALLS]', '[SYSTEM_PROMPT]']),
      s('specialToken', 0.4, ['[INST]', '[/INST]'], true),
      s('templateMarker', 0.8, ['[AVAILABLE_TOOLS]', '[SYSTEM_PROMPT]']),
      s('templateMarker', 0.3, ['[INST]']),
      s('tokenizerPre', 0.85, ['tekken']),
      s('fileName', 0.8, ['tekken.json', 'tokenizer.model.v3', 'tokenizer.model.v7']),
      s('fileName', 0.4, ['consolidated.safetensors', 'params.json']),
    ],
    declared: ['mistral', 'mixtral', 'ministral', 'codestral', 'magistral', 'devstral', 'pixtral'],
  },
  {
    id: 'phi',
    name: 'Phi',
    organization: 'Microsoft',
    country: 'US',
    signals: [
      s('modelType', 0.9, ['phi', 'phi3', 'phimoe', 'phi4mm', 'phi3small']),
      s('architecture', 0.85, ['PhiForCausalLM', 'Phi3ForCausalLM', 'PhiMoEForCausalLM', 'Phi3SmallForCausalLM']),
      s('ggufArchitecture', 0.85, ['phi2', 'phi3', 'phimoe']),
      s('tensorPattern', 0.4, ['mlp.gate_up_proj']),
      s('vocabSize', 0.75, [32064]),
      s('vocabSize', 0.6, [100352]),
      s('vocabSize', 0.3, [200064]),
      s('specialToken', 0.6, ['<|user|>', '<|end|>'], true),
      s('specialToken', 0.85, ['<|im_sep|>']),
      s('templateMarker', 0.6, ['<|user|>', '<|end|>'], true),
      s('templateMarker', 0.85, ['<|im_sep|>']),
    ],
    declared: ['\\bphi[-_ ]?\\d', 'microsoft'],
  },
  {
    id: 'gpt-oss',
    name: 'gpt-oss',
    organization: 'OpenAI',
    country: 'US',
    signals: [
      s('modelType', 0.95, ['gpt_oss']),
      s('architecture', 0.9, ['GptOssForCausalLM']),
      s('ggufArchitecture', 0.9, ['gpt-oss']),
      s('tensorPattern', 0.7, ['gate_up_proj_blocks']),
      s('vocabSize', 0.7, [201088]),
      s('specialToken', 0.85, ['<|channel|>', '<|message|>'], true),
      s('templateMarker', 0.85, ['<|channel|>']),
      s('templateMarker', 0.8, ['You are ChatGPT']),
      s('tokenizerPre', 0.5, ['gpt-4o']),
    ],
    declared: ['gpt[-_ ]?oss', 'openai'],
  },
];

export const ARCHITECTURE_KINDS: ReadonlySet<SignalKind> = new Set([
  'modelType',
  'architecture',
  'ggufArchitecture',
  'tensorPattern',
]);

export function familyById(id: string): ModelFamily | undefined {
  return MODEL_FAMILIES.find((f) => f.id === id);
}
