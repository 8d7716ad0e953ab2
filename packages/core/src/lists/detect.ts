/** Recognises a list file by its content and parses it with the right reader. */
import { parseCsl } from './csl.js';
import type { ListParseResult } from './parse-result.js';
import { parseUnXml } from './un-xml.js';

export type ListFormat = ListParseResult['format'];

export function detectListFormat(text: string): ListFormat | undefined {
  const head = text
    .slice(0, 2000)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<') && head.includes('CONSOLIDATED_LIST')) return 'un-xml';
  if (head.startsWith('_id,source,')) return 'csl-csv';
  return undefined;
}

/** Parses a list file; `undefined` when the content is neither a CSL CSV nor a UN XML file. */
export function parseListFile(text: string): ListParseResult | undefined {
  const format = detectListFormat(text);
  if (format === 'un-xml') return parseUnXml(text);
  if (format === 'csl-csv') return parseCsl(text);
  return undefined;
}
