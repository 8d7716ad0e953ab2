/**
 * Public API of the restricted-party name matcher. Pure and deterministic: same index + query + version
 * → same hits. See docs/screening.md.
 * @module
 */
export { buildIndex, type IndexedName, type ScreeningIndex } from './candidate-index.js';
export { compareNames } from './compare.js';
export { type NameForm, type NameToken, type NormalizedName, normalizeName, type TokenKind } from './normalize.js';
export { type ScreenOptions, screen } from './screen.js';
export { ALERT_THRESHOLD, bandOf, MATCHER_VERSION, REVIEW_THRESHOLD } from './thresholds.js';
