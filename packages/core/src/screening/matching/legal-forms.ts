/**
 * Legal-form table. Each spelling (abbreviated, dotted, spelt out, transliterated) maps to ONE canonical
 * tag; tags belong to a family so "OAO" ~ "JSC" scores higher than "JSC" ~ "LLC". Legal forms are
 * down-weighted in scoring, never deleted: deleting them made "11420 CORP." match "BELLETECH CORP"
 * at 100 in Watchman (moov-io/watchman#483).
 * @module
 */

export type LegalFamily = 'limited' | 'stock' | 'corporation' | 'partnership' | 'sole';

export interface LegalForm {
  readonly tag: string;
  readonly family: LegalFamily;
  /**
   * The form exists in one jurisdiction only (GmbH, Sdn Bhd, S.A. de C.V.). Two different specific
   * forms mean two registrations: "Korvessa Industrial GmbH" is not "Korvessa Industrial Sdn. Bhd.".
   */
  readonly specific: boolean;
}

/** Jurisdiction-specific tags (see LegalForm.specific); the rest (Ltd, LLC, JSC, Inc, S.A....) are used widely. */
const SPECIFIC: ReadonlySet<string> = new Set([
  'gmbh',
  'sarl',
  'srl',
  'spzoo',
  'bv',
  'sdnbhd',
  'sro',
  'kft',
  'doo',
  'fze',
  'sl',
  'ag',
  'sadecv',
  'nv',
  'ab',
  'asa',
  'kk',
  'tbk',
  'bhd',
  'pteltd',
  'ptyltd',
  'pvtltd',
  'ltda',
  'ou',
  'uab',
  'sia',
  'sas',
  'snc',
  'spj',
  'spk',
  'ska',
  'zrt',
  'sti',
  'prat',
  'kg',
  'bm',
  'spy',
  'shps',
]);

/**
 * [tag, family, spellings]. Spellings are written as normalised words (lower case ASCII, punctuation
 * already turned into spaces); matching compares the concatenation, so "s.a. de c.v.", "sa de cv" and
 * "sadecv" are one spelling. `short` spellings (2 letters or ambiguous with given names) are only
 * recognised outside person names.
 */
// biome-ignore format: word table, one group per line reads better
const TABLE: ReadonlyArray<readonly [string, LegalFamily, readonly string[], (readonly string[])?]> = [
  [
    'llc',
    'limited',
    [
      'llc',
      'l l c',
      'limited liability company',
      'ooo',
      'obshchestvo s ogranichennoy otvetstvennostyu',
      'obshchestvo s ogranichennoi otvetstvennostiu',
      'obshestvo s ogranichennoy otvetstvennostyu',
      'tovarystvo z obmezhenoyu vidpovidalnistyu',
      'mchj',
      'fzllc',
      'fz llc',
    ],
    ['tov', 'too'],
  ],
  ['ltd', 'limited', ['ltd', 'limited', 'limitee'], ['ltee']],
  ['ltda', 'limited', ['ltda', 'limitada'], ['lda']],
  ['ou', 'limited', ['osauhing'], ['ou']],
  ['uab', 'limited', ['uab', 'uzdaroji akcine bendrove']],
  ['sia', 'limited', ['sabiedriba ar ierobezotu atbildibu'], ['sia']],
  ['sas', 'partnership', ['societa in accomandita semplice'], ['sas']],
  ['snc', 'partnership', ['societa in nome collettivo', 'societe en nom collectif'], ['snc']],
  ['spj', 'partnership', ['sp j', 'spolka jawna']],
  ['spk', 'partnership', ['sp k', 'spolka komandytowa']],
  ['ska', 'partnership', ['spolka komandytowo akcyjna'], ['ska']],
  ['kft', 'limited', ['kft', 'korlatolt felelossegu tarsasag']],
  ['zrt', 'stock', ['zrt', 'nyrt', 'zartkoruen mukodo reszvenytarsasag', 'nyilvanosan mukodo reszvenytarsasag']],
  ['sti', 'limited', ['ltd sti', 'limited sirketi', 'sti']],
  ['prat', 'stock', ['prat', 'pat', 'privatne aktsionerne tovarystvo', 'publichne aktsionerne tovarystvo']],
  ['bm', 'limited', ['beeravon mugbal'], ['bm']],
  ['spy', 'limited', ['sahmanaphak patasxanatvutyamb enkerutyun'], ['spy', 'spe']],
  ['shps', 'limited', ['shezghudul pasukhismgeblobis sazogadoeba'], ['shps']],
  ['coltd', 'limited', ['co ltd', 'company limited', 'co limited', 'company ltd']],
  ['pvtltd', 'limited', ['pvt ltd', 'private limited', 'pvt limited', 'private ltd'], ['pvt']],
  ['pteltd', 'limited', ['pte ltd', 'pte limited'], ['pte']],
  ['ptyltd', 'limited', ['pty ltd', 'pty limited'], ['pty']],
  ['gmbh', 'limited', ['gmbh', 'gesellschaft mit beschrankter haftung', 'ges m b h', 'gesmbh']],
  ['sarl', 'limited', ['sarl', 'societe a responsabilite limitee', 'sarlu', 'eurl', 'suarl']],
  ['srl', 'limited', ['srl', 'societatea cu raspundere limitata', 'societa a responsabilita limitata', 's r l']],
  ['spzoo', 'limited', ['sp zoo', 'sp z oo', 'spzoo', 'spolka z ograniczona odpowiedzialnoscia']],
  ['bv', 'limited', ['besloten vennootschap', 'bvba'], ['bv']],
  ['sdnbhd', 'limited', ['sdn bhd', 'sendirian berhad']],
  ['sro', 'limited', ['spol s r o'], ['sro']],
  ['doo', 'limited', ['eood'], ['doo', 'ood']],
  ['fze', 'limited', ['fze', 'fzco', 'fzc', 'free zone establishment', 'free zone company']],
  ['sl', 'limited', ['sociedad limitada'], ['sl']],
  ['jsc', 'stock', ['jsc', 'joint stock company', 'aktsionernoe obshchestvo', 'aktsionernoye obshchestvo', 'jtsc'], ['ao', 'as']],
  ['ojsc', 'stock', ['ojsc', 'oao', 'open joint stock company', 'otkrytoe aktsionernoe obshchestvo']],
  ['cjsc', 'stock', ['cjsc', 'zao', 'closed joint stock company', 'zakrytoe aktsionernoe obshchestvo']],
  ['pjsc', 'stock', ['pjsc', 'pao', 'public joint stock company', 'publichnoe aktsionernoe obshchestvo']],
  ['plc', 'stock', ['plc', 'public limited company', 'p l c']],
  ['ag', 'stock', ['aktiengesellschaft'], ['ag']],
  ['sa', 'stock', ['societe anonyme', 'sociedad anonima', 'sociedade anonima', 'societa per azioni', 'saog', 'saoc'], ['sa', 'spa', 'sae', 'sal']],
  ['sadecv', 'stock', ['sa de cv', 'sapi de cv', 'sab de cv', 's de rl de cv', 's de rl']],
  ['nv', 'stock', ['naamloze vennootschap'], ['nv']],
  ['ab', 'stock', ['aktiebolag'], ['ab']],
  ['asa', 'stock', ['asa', 'aksjeselskap', 'aktieselskab'], []],
  ['kk', 'stock', ['kabushiki kaisha', 'kabushikigaisha'], ['kk']],
  ['tbk', 'stock', ['tbk', 'pt tbk', 'perseroan terbatas'], ['pt']],
  ['bhd', 'stock', ['bhd', 'berhad']],
  ['co', 'corporation', ['company', 'companies', 'compania', 'compagnie', 'companhia', 'kompaniya'], ['co', 'cie']],
  ['corp', 'corporation', ['corp', 'corporation', 'corporacion', 'korporatsiya', 'korporatsiia']],
  ['inc', 'corporation', ['inc', 'incorporated']],
  ['lp', 'partnership', ['limited partnership'], ['lp']],
  ['llp', 'partnership', ['llp', 'limited liability partnership', 'lllp']],
  ['kg', 'partnership', ['kommanditgesellschaft', 'gmbh co kg', 'gmbh and co kg'], ['kg']],
  ['na', 'corporation', ['national association'], []],
  ['ip', 'sole', ['individualnyy predprinimatel'], []],
];

export interface LegalLookup {
  /** Compact spelling (no spaces) → form. */
  readonly byCompact: ReadonlyMap<string, LegalForm>;
  /** Compact spelling → words of that spelling, so multi-token spellings can be matched word by word. */
  readonly maxWords: number;
  readonly shortOnly: ReadonlySet<string>;
}

function buildLookup(): LegalLookup {
  const byCompact = new Map<string, LegalForm>();
  const shortOnly = new Set<string>();
  let maxWords = 1;
  for (const [tag, family, spellings, short = []] of TABLE) {
    const form: LegalForm = { tag, family, specific: SPECIFIC.has(tag) };
    for (const s of spellings) {
      byCompact.set(s.replaceAll(' ', ''), form);
      maxWords = Math.max(maxWords, s.split(' ').length);
    }
    for (const s of short) {
      byCompact.set(s, form);
      shortOnly.add(s);
    }
  }
  return { byCompact, maxWords, shortOnly };
}

export const LEGAL: LegalLookup = buildLookup();

/**
 * Find the longest legal-form spelling starting at `start`. A multi-token candidate only counts when each
 * token is short (≤ 3 letters: dotted abbreviations) or a whole word, so "s a" (S.A.) matches but a name
 * made of ordinary words does not collapse into a legal form by accident.
 */
export function matchLegalForm(
  words: readonly string[],
  start: number,
  allowShort: boolean,
): { form: LegalForm; length: number } | undefined {
  let best: { form: LegalForm; length: number } | undefined;
  let compact = '';
  for (let len = 1; len <= LEGAL.maxWords + 3 && start + len <= words.length; len++) {
    const w = words[start + len - 1] as string;
    if (/^\d/.test(w)) break;
    compact += w;
    const form = LEGAL.byCompact.get(compact);
    if (form && (allowShort || !LEGAL.shortOnly.has(compact))) best = { form, length: len };
  }
  return best;
}

/** Similarity of two legal forms: same tag 1, same family 0.85, otherwise 0.6 (still both "a company"). */
export function legalSimilarity(a: LegalForm, b: LegalForm): number {
  if (a.tag === b.tag) return 1;
  if (a.family === b.family) return 0.85;
  return 0.6;
}

/** Two different jurisdiction-specific forms: different registrations of a similarly named business. */
export function legalConflict(a: LegalForm, b: LegalForm): boolean {
  return a.tag !== b.tag && a.specific && b.specific;
}
