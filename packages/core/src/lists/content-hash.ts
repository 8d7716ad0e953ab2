/**
 * A list entry's content hash: the same entry content gives the same hash whatever the file order
 * or version. Suppression of a false positive is tied to it, so an entry whose content changes
 * is screened again.
 */
import { createHash } from 'node:crypto';
import type { ListEntry } from '../screening/types.js';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function canonicalJson(value: unknown): string {
  return canonical(value);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function entryContentHash(entry: ListEntry): string {
  return sha256Hex(canonical(entry));
}
