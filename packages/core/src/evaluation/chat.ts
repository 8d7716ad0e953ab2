/**
 * The OpenAI-compatible chat-completions wire format (vLLM, llama.cpp server, Ollama, hosted APIs): building a request
 * body for an item and reading a response body defensively. No I/O: the shell sends and receives.
 * @module
 */
import type { EvalItem } from './items.js';
import type { ChatMessage } from './judge.js';

export interface ChatRequestBody {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly temperature: number;
  readonly max_tokens?: number;
  readonly seed?: number;
}

export interface ChatRequestOptions {
  readonly model: string;
  /** Default 0. */
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
}

/** The request body for one item: its system message (if any) and its prompt as the user message. */
export function buildChatRequest(item: EvalItem, o: ChatRequestOptions): ChatRequestBody {
  return chatBody(
    [
      ...(item.system ? [{ role: 'system' as const, content: item.system }] : []),
      { role: 'user', content: item.prompt },
    ],
    o,
  );
}

export function chatBody(messages: readonly ChatMessage[], o: ChatRequestOptions): ChatRequestBody {
  return {
    model: o.model,
    messages,
    temperature: o.temperature ?? 0,
    ...(o.maxTokens !== undefined ? { max_tokens: o.maxTokens } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  };
}

export type ChatParseResult =
  | {
      ok: true;
      text: string;
      /** Reasoning text some servers return separately (`reasoning_content`, `reasoning`). */
      reasoning?: string;
      finishReason?: string;
      /** The model the server says answered (may differ from the one requested). */
      model?: string;
      usage?: { promptTokens?: number; completionTokens?: number };
    }
  | { ok: false; code: 'malformed' | 'api-error'; message: string };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Content may be a string or (some servers) an array of `{type: 'text', text}` parts. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (content === null) return '';
  if (Array.isArray(content))
    return content.map((p) => (p && typeof p === 'object' ? (str((p as { text?: unknown }).text) ?? '') : '')).join('');
  return undefined;
}

/** Reads a chat-completions response body. Anything that is not one would be is `malformed`, never a throw. */
export function parseChatCompletion(body: string): ChatParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, code: 'malformed', message: `response is not JSON (${body.length} bytes)` };
  }
  if (!raw || typeof raw !== 'object')
    return { ok: false, code: 'malformed', message: 'response is not a JSON object' };
  const r = raw as Record<string, unknown>;
  if (r.error !== undefined) {
    const e = r.error as { message?: unknown } | string;
    return { ok: false, code: 'api-error', message: (typeof e === 'string' ? e : str(e?.message)) ?? 'error' };
  }
  const choices = r.choices;
  if (!Array.isArray(choices) || choices.length === 0)
    return { ok: false, code: 'malformed', message: 'response has no choices' };
  const first = choices[0] as { message?: Record<string, unknown>; finish_reason?: unknown; text?: unknown } | null;
  const message = first?.message;
  const text = message ? contentText(message.content) : str(first?.text);
  if (text === undefined) return { ok: false, code: 'malformed', message: 'choice has no message content' };
  const reasoning = message ? (str(message.reasoning_content) ?? str(message.reasoning)) : undefined;
  const usage = r.usage as { prompt_tokens?: unknown; completion_tokens?: unknown } | undefined;
  const promptTokens = num(usage?.prompt_tokens);
  const completionTokens = num(usage?.completion_tokens);
  return {
    ok: true,
    text,
    ...(reasoning ? { reasoning } : {}),
    ...(str(first?.finish_reason) ? { finishReason: str(first?.finish_reason) } : {}),
    ...(str(r.model) ? { model: str(r.model) } : {}),
    ...(promptTokens !== undefined || completionTokens !== undefined
      ? {
          usage: {
            ...(promptTokens !== undefined ? { promptTokens } : {}),
            ...(completionTokens !== undefined ? { completionTokens } : {}),
          },
        }
      : {}),
  };
}
