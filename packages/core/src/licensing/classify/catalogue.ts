/** Lookup over the bundled catalogue. @module */

import { CATALOGUE } from './catalogue.data.js';
import type { CataloguePart } from './catalogue-types.js';

function squash(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Finds a part by id (case-insensitive) or by name, ignoring case, punctuation and spacing
 * ("NVIDIA H100 SXM", "nvidia-h100-sxm", "h100 sxm" when unique). Undefined when nothing or several match.
 */
export function findPart(idOrName: string): CataloguePart | undefined {
  if (typeof idOrName !== 'string') return undefined;
  const q = idOrName.trim().toLowerCase();
  if (!q) return undefined;
  const byId = CATALOGUE.find((p) => p.id === q);
  if (byId) return byId;
  const s = squash(q);
  const exact = CATALOGUE.filter((p) => squash(p.name) === s || squash(p.id) === s);
  if (exact.length === 1) return exact[0];
  const withMaker = CATALOGUE.filter((p) => squash(`${p.manufacturer} ${p.name}`) === s);
  if (withMaker.length === 1) return withMaker[0];
  const partial = CATALOGUE.filter((p) => ` ${squash(`${p.manufacturer} ${p.name}`)} `.includes(` ${s} `));
  return partial.length === 1 ? partial[0] : undefined;
}
