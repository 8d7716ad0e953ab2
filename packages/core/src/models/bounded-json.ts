/**
 * JSON with bounds checked before parsing: size and nesting depth are measured by a linear scan that allocates
 * nothing, so a header of a million `[` is refused with its position instead of overflowing the parser's stack.
 * @module
 */
import { ModelFormatError } from './source.js';

export interface JsonBounds {
  /** Deepest allowed nesting of objects and arrays (the top-level value is depth 1). */
  maxDepth: number;
  /** Longest allowed text, in UTF-16 code units. */
  maxLength: number;
}

export const DEFAULT_JSON_BOUNDS: JsonBounds = { maxDepth: 64, maxLength: 128 * 1024 * 1024 };

/** The maximum nesting depth of `text`, or a {@link ModelFormatError} as soon as it passes `maxDepth`. */
export function measureJsonDepth(text: string, maxDepth: number, what = 'JSON'): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > maxDepth)
        throw new ModelFormatError('TOO_DEEP', `${what}: nesting deeper than ${maxDepth} levels at character ${i}`);
      if (depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** `JSON.parse` after the size and depth checks; syntax errors become `BAD_JSON` with the parser's message. */
export function parseBoundedJson(text: string, bounds: Partial<JsonBounds> = {}, what = 'JSON'): unknown {
  const b = { ...DEFAULT_JSON_BOUNDS, ...bounds };
  if (text.length > b.maxLength)
    throw new ModelFormatError('TOO_LARGE', `${what}: ${text.length} characters is above the ${b.maxLength} limit`);
  measureJsonDepth(text, b.maxDepth, what);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ModelFormatError('BAD_JSON', `${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
