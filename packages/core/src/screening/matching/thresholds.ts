/**
 * Score bands and the matcher version. Every screening records MATCHER_VERSION so an audit can replay it.
 * @module
 */
import type { Band } from '../types.js';

/** A hit at or above this score is an `alert`: the name is very likely the listed party's name. */
export const ALERT_THRESHOLD = 90;

/**
 * A hit at or above this (and below ALERT_THRESHOLD) is `review`. This is the "match" threshold used
 * for every F1 figure in docs/screening.md: recall matters more than precision in screening.
 */
export const REVIEW_THRESHOLD = 80;

/** Bump whenever normalisation, tables, weights or thresholds change: scores are not comparable across versions. */
export const MATCHER_VERSION = 'stackport-matcher/1.1.0';

export function bandOf(score: number): Band {
  if (score >= ALERT_THRESHOLD) return 'alert';
  if (score >= REVIEW_THRESHOLD) return 'review';
  return 'below';
}
