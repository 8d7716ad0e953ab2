/**
 * Entity List footnote designations read from a CSL row's license requirement. BIS marks an entry's
 * footnote with a trailing number after the requirement, e.g.
 * "For all items subject to the EAR. (See §§ 734.9(e) and 744.11 of the EAR)4" → footnote 4 (the
 * Huawei/supercomputer FDP families, 15 CFR 734.9(e), Supp. 4 to Part 744), or "§§ 734.9(g),3 746.8(a)(3)"
 * → footnote 3 (Russia/Belarus military end users).
 * @module
 */
import type { ListEntry } from '../screening/types.js';

export interface EntityListDesignation {
  /** Footnote numbers found (1, 3, 4, 5). Empty when the entry carries none. */
  readonly footnotes: readonly number[];
  readonly licenseRequirement?: string;
  readonly licensePolicy?: string;
  /** True when the text mentions an FDP rule (§734.9) but no footnote number could be read: check the FR notice. */
  readonly unparsed: boolean;
}

const KNOWN_FOOTNOTES = new Set([1, 3, 4, 5]);

export function entityListDesignation(entry: ListEntry): EntityListDesignation | undefined {
  if (entry.source !== 'EL') return undefined;
  const requirement = entry.listing.licenseRequirement ?? '';
  // The marker follows the requirement ("…of the EAR)4") or the FDP cite itself ("§§ 734.9(g),3 746.8…").
  const marks = [/\)\s*\.?\s*(\d)\s*$/.exec(requirement)?.[1], /734\.9\([a-z]\),?(\d)\b/.exec(requirement)?.[1]];
  const footnotes = [...new Set(marks.map(Number).filter((n) => KNOWN_FOOTNOTES.has(n)))];
  const mentionsFdp = /734\.9/.test(requirement);
  return {
    footnotes,
    ...(entry.listing.licenseRequirement ? { licenseRequirement: entry.listing.licenseRequirement } : {}),
    ...(entry.listing.licensePolicy ? { licensePolicy: entry.listing.licensePolicy } : {}),
    unparsed: mentionsFdp && footnotes.length === 0,
  };
}
