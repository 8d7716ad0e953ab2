/**
 * Screening domain types shared by the list parsers, the matcher, the store and every shell.
 * @module
 */

/** What kind of party a name belongs to. BIS and State rows in the CSL carry no type: `unknown`. */
export type PartyType = 'person' | 'organization' | 'vessel' | 'aircraft' | 'unknown';

export const PARTY_TYPES: readonly PartyType[] = ['person', 'organization', 'vessel', 'aircraft', 'unknown'];

/**
 * Short codes of the lists Stackport screens against. The CSL sources come from trade.gov's
 * Consolidated Screening List; `UN` is the UN Security Council consolidated list.
 */
export type SourceCode =
  | 'EL'
  | 'MEU'
  | 'UVL'
  | 'DPL'
  | 'ISN'
  | 'DTC'
  | 'SDN'
  | 'FSE'
  | 'SSI'
  | 'PLC'
  | 'CAP'
  | 'CMIC'
  | 'NS-MBS'
  | 'UN';

/** How a name relates to the listed party. Weak aliases (OFAC "weak AKA") score lower. */
export type NameKind = 'primary' | 'alias' | 'former' | 'weak';

export interface EntryName {
  readonly value: string;
  readonly kind: NameKind;
}

export interface EntryAddress {
  /** The address as the list prints it. */
  readonly text: string;
  /** ISO 3166-1 alpha-2, upper case, when the list gives one. */
  readonly country?: string;
}

export interface EntryIdentifier {
  readonly type: string;
  readonly number: string;
  readonly country?: string;
}

/** Listing facts a reviewer needs to judge a hit (Federal Register notice, license policy...). */
export interface EntryListing {
  readonly programs: readonly string[];
  readonly federalRegisterNotice?: string;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly licenseRequirement?: string;
  readonly licensePolicy?: string;
  readonly remarks?: string;
  readonly sourceListUrl?: string;
  readonly sourceInformationUrl?: string;
}

/** One listed party, as parsed from a list file. Pure data: no derived matching state. */
export interface ListEntry {
  /** Stable key within its source file (CSL `_id`, UN `DATAID`). */
  readonly key: string;
  readonly source: SourceCode;
  readonly type: PartyType;
  readonly names: readonly EntryName[];
  readonly addresses: readonly EntryAddress[];
  /** ISO-2 codes from addresses, nationalities and citizenships, de-duplicated. */
  readonly countries: readonly string[];
  readonly identifiers: readonly EntryIdentifier[];
  readonly datesOfBirth: readonly string[];
  readonly listing: EntryListing;
}

/** What the user asks to screen. Only `name` is required; the rest corroborates or penalises. */
export interface ScreeningQuery {
  readonly name: string;
  /** ISO-2 country of the party (address or nationality). */
  readonly country?: string;
  readonly type?: PartyType;
  readonly identifiers?: readonly EntryIdentifier[];
}

/** Score bands, documented in docs/screening.md. */
export type Band = 'alert' | 'review' | 'below';

/** One aligned pair of tokens between the query form and the list form of a name. */
export interface TokenAlignment {
  readonly query: string;
  readonly list: string;
  /** 0..1 similarity of the two tokens. */
  readonly similarity: number;
  /** How the pair was made: exact, fuzzy edit similarity, phonetic key, legal-form canon, merged tokens... */
  readonly how: string;
}

/** A score adjustment applied after name similarity, with its reason. */
export interface ScoreAdjustment {
  readonly reason: string;
  /** Points on the 0–100 scale; negative is a penalty. */
  readonly points: number;
}

/** Why a hit scored what it scored: everything a reviewer needs to agree or disagree. */
export interface HitExplanation {
  /** The list name (primary or alias) that matched best. */
  readonly matchedName: string;
  readonly matchedNameKind: NameKind;
  /** The normalised forms that were compared. */
  readonly queryForm: string;
  readonly listForm: string;
  readonly alignment: readonly TokenAlignment[];
  readonly unmatchedQueryTokens: readonly string[];
  readonly unmatchedListTokens: readonly string[];
  /** Name similarity before adjustments, 0–100. */
  readonly nameScore: number;
  readonly adjustments: readonly ScoreAdjustment[];
}

export interface Hit {
  readonly entryKey: string;
  readonly source: SourceCode;
  /** The entry's primary name. */
  readonly name: string;
  readonly matchedName: string;
  /** 0–100, integer-rounded to one decimal. */
  readonly score: number;
  readonly band: Band;
  readonly explanation: HitExplanation;
}
