/**
 * Splits a name as the lists print it into the names a party is really known by.
 *
 * List names embed structure: "X and any successor, sub-unit, or subsidiary thereof",
 * "X [aka Y, Z]", "X (f.k.a. Y)", "X (ACRONYM)", "X, a.k.a. Y", "X, and subordinate entity Y".
 * Screening a customer called "Y" must find X, so each of those becomes its own name. The original
 * string is always kept too: nothing the list says is thrown away.
 * @module
 */
import type { EntryName, NameKind } from '../screening/types.js';

const SUCCESSOR_CLAUSE =
  /[;,]?\s*and\s+(?:any\s+successor,?\s*sub-units?,?\s*or\s+subsidiar(?:y|ies)\s+thereof|its\s+sub-units\s+and\s+successors)\s*\.?\s*$/i;
const AKA_PREFIX = /^(?:a\.?k\.?a\.?|also known as)[,:]?\s+/i;
const FKA_PREFIX = /^(?:f\.?k\.?a\.?|formerly(?: known as)?)[,:]?\s+/i;
const LEGAL_FORM_HINT = /\b(?:inc|ltd|limited|llc|corp|corporation|company|co|gmbh|ooo|jsc|ag|sa|plc)\b\.?/i;
/** Parenthesised qualifiers that are places, not alternative names ("(HK)", "(Hong Kong)"). */
const PLACE_QUALIFIERS = new Set(['hk', 'hong kong', 'usa', 'us', 'uk', 'uae', 'prc', 'china', 'kiev', 'kyiv']);

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/^[\s,;]+|[\s,;]+$/g, '');
}

function isAcronym(s: string): boolean {
  return /^[A-Z][A-Z0-9&.-]{2,}$/.test(s) && !PLACE_QUALIFIERS.has(s.toLowerCase());
}

/** Returns the primary name plus derived aliases, de-duplicated case-insensitively. */
export function splitListedName(raw: string, kind: NameKind = 'primary'): EntryName[] {
  const out: EntryName[] = [];
  const seen = new Set<string>();
  const add = (value: string, k: NameKind) => {
    const v = clean(value);
    if (v.length < 2) return;
    const key = v.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ value: v, kind: k });
  };

  let name = clean(raw).replace(SUCCESSOR_CLAUSE, '');
  add(name, kind);

  // "X, and subordinate entity Y": Y is a listed party in its own right.
  const sub = /^(.*?),?\s+and subordinate entity\s+(.+)$/i.exec(name);
  if (sub?.[1] && sub[2]) {
    for (const n of splitListedName(sub[2], 'alias')) add(n.value, n.kind);
    name = sub[1];
    add(name, 'alias');
  }

  // "X [aka Y, Z]"
  const withoutAka = name.replace(/\[\s*aka\s+([^\]]+)\]/gi, (_m, list: string) => {
    for (const a of list.split(/,\s*/)) add(a, 'alias');
    return ' ';
  });
  if (withoutAka !== name) {
    name = clean(withoutAka);
    add(name, 'alias');
  }

  // "X, a.k.a. Y" outside parentheses.
  const outerAka = /^(.*?),\s*a\.?k\.?a\.?\s+(.+)$/i.exec(name);
  if (outerAka?.[1] && outerAka[2]) {
    for (const n of splitListedName(outerAka[2], 'alias')) add(n.value, n.kind);
    name = outerAka[1];
    add(name, 'alias');
  }

  // Parentheticals: aliases, former names, acronyms, or qualifiers to drop for a bare variant.
  let hadParenthetical = false;
  const bare = name.replace(/\(([^()]*)\)/g, (_m, inner: string) => {
    hadParenthetical = true;
    const content = clean(inner);
    if (FKA_PREFIX.test(content)) add(content.replace(FKA_PREFIX, ''), 'former');
    else if (AKA_PREFIX.test(content)) add(content.replace(AKA_PREFIX, ''), 'alias');
    else if (isAcronym(content)) add(content, 'alias');
    else if (content.split(' ').length >= 2 && LEGAL_FORM_HINT.test(content) && !/^\(?group\)?$/i.test(content))
      add(content, 'alias');
    return ' ';
  });
  if (hadParenthetical) add(bare, 'alias');
  return out;
}
