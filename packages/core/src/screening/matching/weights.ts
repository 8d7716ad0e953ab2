/**
 * Every tunable number of the name scorer in one place, so docs/screening.md can cite them and a
 * benchmark can try alternatives without touching code. Changing any value means bumping MATCHER_VERSION.
 * @module
 */

export interface Weights {
  /** Pairs below this token similarity are not pairs: both tokens count as unmatched. */
  readonly minPairSim: number;
  /** Weight of an unmatched query token relative to half a matched pair (logic-v2 `nm_extra_query_name`). */
  readonly extraQuery: number;
  /** Weight of an unmatched list token (logic-v2 `nm_extra_result_name`). */
  readonly extraList: number;
  /** Weight of unmatched tokens present on BOTH sides (disagreeing parts), per side. */
  readonly conflict: number;
  /**
   * Credit of a fuzzy pair: 1 − k·(1 − sim)². One typo in a long token costs little; a token that is
   * only 60 % similar is weak evidence, not 60 % of a match.
   */
  readonly typoCurve: number;
  /** The same for vessel names: sister ships differ by one letter ("Altair Star"/"Altair Stars"). */
  readonly strictTypoCurve: number;
  /** Similarity floor for tokens with the same phonetic key (and edit similarity ≥ phoneticMinEdit). */
  readonly phoneticFloor: number;
  readonly phoneticMinEdit: number;
  /** Similarity of two members of one transliteration-variant group (Mohammed/Muhammad). */
  readonly variantSim: number;
  /** An initial against a word starting with that letter. */
  readonly initialSim: number;
  /** An acronym against the initials of 2+ words ("PLA" ~ "People's Liberation Army"). */
  readonly acronymSim: number;
  /** Weight factor of patronymics (-ovich, -ovna...): often omitted by whoever types the name. */
  readonly patronymicWeight: number;
  /** Points off when both names carry numbers and they differ. */
  readonly numberConflictPoints: number;
  /** Points off when the names carry different jurisdiction-specific legal forms (GmbH vs Sdn Bhd). */
  readonly legalConflictPoints: number;
  /** Points off when a vessel name is compared with a company name (it has a legal form): owner ≠ vessel. */
  readonly vesselCompanyPoints: number;
  /** Points off when a cleaned-up reading of the query (annotation removed) produced the score. */
  readonly readingPoints: number;
}

export const WEIGHTS: Weights = {
  minPairSim: 0.65,
  extraQuery: 0.2,
  extraList: 0.1,
  conflict: 1.5,
  typoCurve: 3,
  strictTypoCurve: 9,
  phoneticFloor: 0.8,
  phoneticMinEdit: 0.6,
  variantSim: 0.95,
  initialSim: 0.8,
  acronymSim: 0.85,
  patronymicWeight: 0.6,
  numberConflictPoints: -25,
  legalConflictPoints: -20,
  vesselCompanyPoints: -15,
  readingPoints: -3,
};
