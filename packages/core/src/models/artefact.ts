/**
 * One entry point for the shell: given a file's kind and a {@link ByteSource}, read what provenance needs and
 * nothing more (a safetensors or GGUF header, or a whole small JSON/text file under its cap).
 * @module
 */
import { parseBoundedJson } from './bounded-json.js';
import { type GgufLimits, type GgufSummary, readGgufMetadata } from './gguf.js';
import {
  type ChatTemplateFileSummary,
  type GenerationConfigSummary,
  type ModelConfigSummary,
  type ModelFileKind,
  type SafetensorsIndexSummary,
  SMALL_FILE_CAPS,
  type SpecialTokensMapSummary,
  summariseChatTemplateFile,
  summariseConfig,
  summariseGenerationConfig,
  summariseSafetensorsIndex,
  summariseSpecialTokensMap,
  summariseTekken,
  summariseTokenizer,
  summariseTokenizerConfig,
  type TekkenSummary,
  type TokenizerConfigSummary,
  type TokenizerSummary,
} from './hf-files.js';
import { readSafetensorsHeader, type SafetensorsLimits, type SafetensorsSummary } from './safetensors.js';
import { type ByteSource, decodeUtf8, readAllBounded } from './source.js';

export type ParsedArtefact =
  | SafetensorsSummary
  | SafetensorsIndexSummary
  | GgufSummary
  | ModelConfigSummary
  | GenerationConfigSummary
  | TokenizerSummary
  | TokenizerConfigSummary
  | SpecialTokensMapSummary
  | ChatTemplateFileSummary
  | TekkenSummary;

export interface ArtefactLimits {
  safetensors?: Partial<SafetensorsLimits>;
  gguf?: Partial<GgufLimits>;
  /** Maximum JSON nesting depth for side files. */
  jsonDepth?: number;
}

/** Reads and summarises one file; undefined for kinds that are only hashed. Throws `ModelFormatError`. */
export async function parseModelArtefact(
  path: string,
  kind: ModelFileKind,
  src: ByteSource,
  limits: ArtefactLimits = {},
): Promise<ParsedArtefact | undefined> {
  if (kind === 'safetensors') return readSafetensorsHeader(src, limits.safetensors);
  if (kind === 'gguf') return readGgufMetadata(src, limits.gguf);
  const cap = SMALL_FILE_CAPS[kind];
  if (cap === undefined) return undefined;
  const text = decodeUtf8(await readAllBounded(src, cap, path), path);
  if (kind === 'chat-template' && !path.toLowerCase().endsWith('.json')) return summariseChatTemplateFile(path, text);
  const json = parseBoundedJson(text, { maxDepth: limits.jsonDepth ?? 64, maxLength: cap }, path);
  switch (kind) {
    case 'safetensors-index':
      return summariseSafetensorsIndex(json);
    case 'config':
      return summariseConfig(json);
    case 'generation-config':
      return summariseGenerationConfig(json);
    case 'tokenizer':
      return summariseTokenizer(json);
    case 'tokenizer-config':
      return summariseTokenizerConfig(json);
    case 'special-tokens-map':
      return summariseSpecialTokensMap(json);
    case 'chat-template':
      return summariseChatTemplateFile(path, text, json);
    case 'tekken':
      return summariseTekken(json);
    default:
      return undefined;
  }
}
