/**
 * Word tables used by normalisation: stopwords and name particles, titles, organisation-class words and
 * common transliteration variants of given names. These are general linguistic tables, not benchmark
 * answers: add to them when a new language or list shows a gap.
 * @module
 */

/** Function words and name particles: kept, but weigh little ("al-Assad" vs "Assad"). */
// biome-ignore format: word table, one group per line reads better
export const STOPWORDS: ReadonlySet<string> = new Set([
  'the', 'of', 'and', 'for', 'in', 'on', 'at', 'to', 'an', 'by', 'with',
  'de', 'del', 'della', 'dei', 'di', 'da', 'do', 'dos', 'das', 'du', 'des', 'la', 'le', 'les', 'lo',
  'el', 'al', 'ul', 'ud', 'ad', 'ar', 'as', 'az', 'ash', 'an', 'von', 'van', 'der', 'den', 'het', 'ten', 'ter', 'zu',
  'y', 'e', 'et', 'und', 've', 'i', 'u', 'og', 'och', 'en', 'im', 'am',
  'bin', 'ibn', 'ben', 'bint', 'binti', 'bte', 'bn', 'ould', 'ait',
]);

/**
 * Particles that are spelling variants of each other ("bin"/"ibn"/"ben", "al"/"el"). Compared as equal
 * so a transliteration difference in a particle costs nothing.
 */
// biome-ignore format: word table, one group per line reads better
export const PARTICLE_CANON: ReadonlyMap<string, string> = new Map([
  ['ibn', 'bin'], ['ben', 'bin'], ['bn', 'bin'], ['bint', 'bint'], ['binti', 'bint'], ['bte', 'bint'],
  ['el', 'al'], ['ul', 'al'], ['ud', 'al'], ['ad', 'al'], ['ar', 'al'], ['as', 'al'], ['az', 'al'], ['ash', 'al'],
  ['del', 'de'], ['della', 'de'], ['di', 'de'], ['da', 'de'], ['do', 'de'], ['dos', 'de'], ['das', 'de'], ['du', 'de'], ['des', 'de'],
  ['der', 'van'], ['den', 'van'], ['von', 'van'],
  ['und', 'and'], ['et', 'and'], ['y', 'and'], ['e', 'and'], ['ve', 'and'], ['u', 'and'], ['i', 'and'],
]);

/** Honorifics, ranks and party labels: almost no weight, never used to find candidates. */
// biome-ignore format: word table, one group per line reads better
export const TITLES: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mister', 'dr', 'doctor', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady',
  'sheikh', 'shaikh', 'sheik', 'shaykh', 'haji', 'hajji', 'alhaji', 'mullah', 'mulla', 'maulvi', 'mawlawi', 'maulana',
  'mawlavi', 'mufti', 'imam', 'hafiz', 'president', 'prasident', 'presidente', 'vice', 'gen', 'general', 'col', 'colonel',
  'maj', 'capt', 'captain', 'lt', 'lieutenant', 'sgt', 'admiral', 'minister', 'king', 'prince', 'princess', 'emir',
  'hon', 'honourable', 'honorable', 'rev', 'reverend', 'herr', 'frau', 'mme', 'mlle', 'senor', 'sr', 'sra', 'jr',
  'messrs', 'attn',
]);

/** Titles that are also common given names: only treated as titles when another word follows. */
export const AMBIGUOUS_TITLES: ReadonlySet<string> = new Set(['lady', 'king', 'prince', 'emir', 'hafiz', 'imam']);

/** Vessel-name prefixes (M/V, MT...), dropped from vessel names only. */
export const VESSEL_PREFIXES: ReadonlySet<string> = new Set([
  'mv',
  'mt',
  'ss',
  'ms',
  'my',
  'fv',
  'mts',
  'mfv',
  'tb',
  'rv',
  'sy',
]);

/**
 * Organisation-class words → canonical form. They describe what kind of body a party is and are shared
 * by thousands of unrelated names, so they are canonicalised ("intl" = "international") and
 * down-weighted like logic-v2's ORG_CLASS symbols.
 */
// biome-ignore format: word table, one group per line reads better
export const ORG_CLASS: ReadonlyMap<string, string> = new Map(
  (
    [
      ['intl', ['international', 'intl', 'internacional', 'internationale', 'internazionale', 'mezhdunarodnaya', 'inter']],
      ['tech', ['technology', 'technologies', 'tech', 'techn', 'technologie', 'tekhnologii', 'tecnologia', 'technik', 'technique', 'techniques', 'hi tech', 'hitech']],
      ['ind', ['industry', 'industries', 'industrial', 'industria', 'industrie', 'industriya', 'ind', 'inds']],
      ['trading', ['trading', 'trade', 'trd', 'tradings']],
      ['group', ['group', 'groupe', 'gruppe', 'grupo', 'gruppa', 'grp', 'grupa']],
      ['holding', ['holding', 'holdings', 'hldgs']],
      ['mfg', ['manufacturing', 'manufacture', 'manufacturer', 'manufacturers', 'mfg']],
      ['eng', ['engineering', 'engg']],
      ['ent', ['enterprise', 'enterprises', 'entreprise', 'entreprises', 'empresa']],
      ['svc', ['services', 'service', 'svcs', 'servicos', 'servicios']],
      ['sys', ['systems', 'system', 'sistemas', 'systemes']],
      ['electronics', ['electronics', 'electronic', 'elektronik', 'electronique']],
      ['sci', ['science', 'sciences', 'scientific', 'sci']],
      ['natl', ['national', 'natl', 'nacional', 'nationale', 'natsionalnaya']],
      ['org', ['organization', 'organisation', 'org', 'organizacion']],
      ['inst', ['institute', 'institut', 'instituto', 'institution', 'inst']],
      ['univ', ['university', 'universitet', 'universidad', 'universite', 'univ']],
      ['center', ['center', 'centre', 'centro', 'tsentr', 'ctr']],
      ['dept', ['department', 'dept', 'departement']],
      ['assoc', ['association', 'associates', 'assoc', 'asociacion']],
      ['bros', ['brothers', 'bros', 'freres']],
      ['import', ['import', 'imports', 'imp']],
      ['export', ['export', 'exports', 'exp']],
      ['investment', ['investment', 'investments', 'invest']],
      ['mgmt', ['management', 'mgmt']],
      ['solutions', ['solutions', 'solution']],
      ['global', ['global']],
      ['lab', ['laboratory', 'laboratories', 'lab', 'labs']],
      ['research', ['research']],
      ['dev', ['development', 'developments', 'dev']],
      ['shipping', ['shipping']],
      ['logistics', ['logistics']],
      ['general', ['general', 'gen']],
    ] as const
  ).flatMap(([canon, words]) => words.map((w) => [w, canon] as [string, string])),
);

/**
 * Transliteration variants of frequent given names and name words. Each group compares as equal
 * (similarity 0.95): the spread between "Mohammed" and "Muhammad" is convention, not a different name.
 */
// biome-ignore format: word table, one group per line reads better
const NAME_GROUPS: readonly (readonly string[])[] = [
  ['muhammad', 'mohammad', 'mohammed', 'mohamed', 'mohamad', 'muhammed', 'mohamud', 'muhamad', 'mohd', 'mehmet', 'mehmed', 'muhammet', 'mohammod', 'mukhammad', 'mukhamed', 'magomed'],
  ['ahmad', 'ahmed', 'ahmet', 'akhmad', 'akhmed'],
  ['osama', 'usama', 'usamah', 'ossama'],
  ['hussein', 'husayn', 'hussain', 'husain', 'hossein', 'husein', 'hosein', 'huseyin', 'hussien', 'khusein'],
  ['hassan', 'hasan', 'hasaan', 'khasan'],
  ['abdul', 'abd', 'abdel', 'abdal', 'abdol', 'abdoul', 'abdu', 'abdoulaye'],
  ['abdullah', 'abdallah', 'abdulla', 'abdollah', 'abdoullah'],
  ['yusuf', 'yousef', 'youssef', 'yousuf', 'yusef', 'yousif', 'yussuf', 'youcef'],
  ['ibrahim', 'ebrahim', 'ibraheem', 'brahim'],
  ['omar', 'umar', 'omer'],
  ['osman', 'uthman', 'othman', 'usman', 'usmon'],
  ['mahmoud', 'mahmood', 'mahmud', 'makhmud'],
  ['mustafa', 'mostafa', 'moustafa', 'mustapha', 'moustapha'],
  ['khaled', 'khalid', 'khaleed'],
  ['qaddafi', 'gaddafi', 'kadhafi', 'gadhafi', 'qadhafi', 'kaddafi', 'qadhdhafi'],
  ['muammar', 'moammar', 'moamar', 'muamar'],
  ['laden', 'ladin'],
  ['said', 'saeed', 'sayed', 'sayyid', 'sayid', 'saiyid', 'seyed', 'seyyed'],
  ['abu', 'abou', 'abo'],
  ['aleksandr', 'alexander', 'aleksander', 'alexandr', 'oleksandr', 'aleksandar', 'alexandre', 'alexandros', 'aliaksandr', 'alyaksandr'],
  ['sergey', 'sergei', 'serguei', 'sergej', 'sergiy', 'serhiy', 'serhii', 'sergejs', 'siarhei'],
  ['dmitry', 'dmitri', 'dmitriy', 'dmytro', 'dmitrii'],
  ['yuri', 'yury', 'yuriy', 'iouri', 'jurij', 'yurii', 'juri'],
  ['nikolai', 'nikolay', 'mykola', 'nicolai', 'nikolaj', 'mikalai'],
  ['vladimir', 'volodymyr', 'wladimir', 'uladzimir'],
  ['alexey', 'aleksey', 'alexei', 'aleksei', 'oleksiy', 'oleksii', 'aliaksei'],
  ['andrei', 'andrey', 'andriy', 'andrii', 'andrej'],
  ['evgeny', 'evgeniy', 'yevgeny', 'yevgeniy', 'evgenii', 'yevhen', 'yevgen'],
  ['mikhail', 'mykhailo', 'michail', 'mikhael'],
  ['igor', 'ihor'],
  ['arkady', 'arkadii', 'arkadiy'],
  ['pyotr', 'petr', 'petro'],
  ['yevgeni', 'evgeni'],
  ['viktor', 'victor'],
  ['anatoly', 'anatoliy', 'anatolii', 'anatoli'],
  ['valery', 'valeriy', 'valerii', 'valeri'],
  ['gennady', 'gennadiy', 'gennadii', 'gennadi'],
  ['grigory', 'grigoriy', 'grigorii', 'hryhoriy'],
  ['maksim', 'maxim', 'maksym'],
  ['zelensky', 'zelenskyy', 'zelenskiy', 'zelenskii', 'selenskyj', 'zelenskyi'],
];

export const NAME_VARIANT: ReadonlyMap<string, string> = new Map(
  NAME_GROUPS.flatMap((g) => g.map((w) => [w, g[0] as string] as [string, string])),
);

/** Number words → value, for "Brigade Forty-Four" ~ "Brigade 44" and "First" ~ "1st". */
// biome-ignore format: word table, one group per line reads better
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8],
  ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15],
  ['sixteen', 16], ['seventeen', 17], ['eighteen', 18], ['nineteen', 19], ['twenty', 20], ['thirty', 30], ['forty', 40],
  ['fifty', 50], ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90], ['hundred', 100],
  ['first', 1], ['second', 2], ['third', 3], ['fourth', 4], ['fifth', 5], ['sixth', 6], ['seventh', 7], ['eighth', 8],
  ['ninth', 9], ['tenth', 10], ['eleventh', 11], ['twelfth', 12],
]);
