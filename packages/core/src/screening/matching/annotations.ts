import type { PartyType } from '../types.js';
import { matchLegalForm } from './legal-forms.js';

/**
 * Annotations typed around a name in free-text fields: "(ex-Cape Diamond)", "(Kakamega Branch)",
 * ", Bangkok", "c/o Aduanas Pedraza", "12250 Brevard Ln, Pasadena TX". Screening the whole string lets
 * the annotation drown the name, so the query is also screened as each cleaned-up reading; the best
 * reading wins, at a small discount (the caller shows which reading matched).
 * @module
 */

export interface NameReading {
  readonly text: string;
  /** Why this reading exists; undefined for the name as given. */
  readonly reason?: string;
}

const FORMER = /^\s*(?:ex|formerly|former|fka|f\/k\/a|aka|a\/k\/a|also known as|previously)\b[\s.:-]*/i;
const PARENS = /\s*[([{]([^)\]}]*)[)\]}]\s*/g;
const CARE_OF = /\s+(?:c\/o|care of|attn\.?|attention)\s+.*$/i;
const DASH_TAIL = /\s+[-–—]\s+.*$/;

/** The readings of a raw name: as given, without parentheses, former names, head before a trailing annotation. */
export function readingsOf(raw: string, type: PartyType = 'unknown'): NameReading[] {
  const out: NameReading[] = [{ text: raw }];
  const seen = new Set([raw.trim()]);
  const add = (text: string, reason: string) => {
    const t = text.replace(/\s+/g, ' ').replace(/^[\s,;]+|[\s,;]+$/g, '');
    if (t.length < 2 || seen.has(t) || !/\p{L}/u.test(t)) return;
    seen.add(t);
    out.push({ text: t, reason });
  };
  let base = raw;
  if (/[([{]/.test(raw)) {
    base = raw.replace(PARENS, ' ');
    add(base, 'parenthetical annotation removed');
    for (const m of raw.matchAll(PARENS)) {
      const inner = m[1] ?? '';
      if (FORMER.test(inner)) add(inner.replace(FORMER, ''), 'former name in the annotation');
    }
  }
  const cut = base.replace(CARE_OF, '').replace(DASH_TAIL, '');
  if (cut !== base) add(cut, 'trailing annotation removed');
  // "Name, City" / "Name, street address" — but not "Apple, Inc." (legal form) and not "SURNAME, Given".
  const comma = cut.indexOf(',');
  if (comma > 0 && type !== 'person') {
    const head = cut.slice(0, comma);
    const tail = cut.slice(comma + 1);
    const tailWords = fold(tail);
    const headWords = fold(head);
    const tailIsLegal = tailWords.length > 0 && matchLegalForm(tailWords, 0, true) !== undefined;
    const clearlyNotPerson =
      type !== 'unknown' ||
      /\d/.test(cut) ||
      headWords.some((_, i) => matchLegalForm(headWords, i, false) !== undefined);
    if (headWords.length >= 2 && !tailIsLegal && clearlyNotPerson) add(head, 'text after the first comma removed');
  }
  return out;
}

function fold(s: string): string[] {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}
