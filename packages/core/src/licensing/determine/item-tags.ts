/**
 * Item tags: what the rules match against. From a Classification: the ECCN and its parent paragraphs, `ANY`, `CCL`
 * or `EAR99`, and the advanced-computing level `AC` + `AC.a` / `AC.b` / `AC.c` / `AC.?` (see rules/data/sets.ts).
 * @module
 */
import type { Classification } from '../types.js';

export interface ItemTags {
  /** Tags in match order (the ECCN first). */
  readonly tags: readonly string[];
  /** Advanced-computing level, when the item is an advanced-computing item. */
  readonly acLevel?: 'a' | 'b' | 'c' | '?';
  /** Set when the ECCN is unknown (classification needs input, or a residual "X or EAR99" answer). */
  readonly unknownEccn: boolean;
  /** Residual alternatives named by the classification ("3A991 or EAR99"); empty = "another ECCN or EAR99". */
  readonly alternatives?: readonly string[];
}

const AC_BASE = new Set(['3A090', '4A090']);
/** ECCNs whose software/technology paragraphs are AC items when "for" 3A090/4A090/.z items. */
const AC_RELATED = new Set(['3D001', '3E001', '4D001', '4D090', '4E001', '5D002', '5E002', '5D992', '5E992']);
const Z_BASES = new Set(['3A001', '4A003', '4A004', '4A005', '5A002', '5A004', '5A992', '5D002', '5D992']);
const Z_PAIR = new Set(['4A004', '4A005', '5A992', '5D992']);
const ECCN_RE = /^(?:[0-9][A-E][0-9]{3}(?:\.[0-9a-z]+)*|EAR99)$/;

function levelFromZ(text: string): 'a' | 'b' | undefined {
  const multi = /\.z\.(?:\d+|x)\.([ab])\b/.exec(text);
  if (multi) return multi[1] as 'a' | 'b';
  const pair = /([0-9][A-E][0-9]{3})\.z\.([12])\b/.exec(text);
  if (pair && Z_PAIR.has(pair[1] as string)) return pair[2] === '1' ? 'a' : 'b';
  return undefined;
}

function levelFromText(text: string): 'a' | 'b' | 'c' | undefined {
  const m = /(?:3A090|4A090)\.([abc])/.exec(text);
  return m ? (m[1] as 'a' | 'b' | 'c') : undefined;
}

function levelFromMetrics(c: Classification): 'a' | 'b' | undefined {
  const tpp = c.metrics.tpp;
  const pd = c.metrics.performanceDensity;
  if (tpp === undefined) return undefined;
  if (tpp >= 4800) return 'a';
  if (pd === undefined) return undefined;
  if (tpp >= 1600 && pd >= 5.92) return 'a';
  if ((tpp >= 2400 && pd >= 1.6 && pd < 5.92) || (tpp >= 1600 && pd >= 3.2 && pd < 5.92)) return 'b';
  return undefined;
}

export function itemTags(c: Classification): ItemTags {
  const eccn = c.eccn;
  if (!eccn) return { tags: ['ANY'], unknownEccn: true };
  if (!ECCN_RE.test(eccn)) {
    // residual answer, e.g. "3A991 or EAR99 (determine by the remaining CCL entries)"
    const alternatives = [...eccn.matchAll(/\b(?:[0-9][A-E][0-9]{3}(?:\.[0-9a-z]+)*|EAR99)\b/g)].map((m) => m[0]);
    return { tags: ['ANY'], unknownEccn: true, alternatives };
  }
  const tags: string[] = [eccn, 'ANY'];
  if (eccn === 'EAR99') {
    tags.push('EAR99');
    return { tags, unknownEccn: false };
  }
  tags.push('CCL');
  const base = eccn.slice(0, 5);
  const text = `${c.paragraphs.join(' ')} ${c.textVersion}`;
  let acLevel: ItemTags['acLevel'];
  if (AC_BASE.has(base)) {
    const m = /^[34]A090\.([abc])/.exec(eccn);
    acLevel = m ? (m[1] as 'a' | 'b' | 'c') : (levelFromText(c.paragraphs.join(' ')) ?? '?');
  } else if (Z_BASES.has(base) && /\.z/.test(eccn)) {
    acLevel = levelFromText(text) ?? levelFromZ(`${eccn} ${c.paragraphs.join(' ')}`) ?? levelFromMetrics(c) ?? '?';
  } else if (AC_RELATED.has(base)) {
    const lvl = levelFromText(c.paragraphs.join(' '));
    if (lvl) acLevel = lvl;
    else if (base === '4D090') acLevel = '?';
    else if (/\.z/.test(c.paragraphs.join(' '))) acLevel = '?';
  }
  if (acLevel) tags.push('AC', `AC.${acLevel}`);
  return acLevel ? { tags, acLevel, unknownEccn: false } : { tags, unknownEccn: false };
}

/** Pattern `p` matches tag `t` when equal or `t` is a sub-paragraph of `p` ("3A090.a" matches "3A090.a.1"). */
export function matchesPattern(tags: readonly string[], pattern: string): boolean {
  for (const t of tags) {
    if (t === pattern) return true;
    if (t.length > pattern.length && t.charCodeAt(pattern.length) === 46 && t.startsWith(pattern)) return true;
  }
  return false;
}
