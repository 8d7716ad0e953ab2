/** What a list parser returns: the entries it could read and a problem per row it could not. */
import type { ListEntry } from '../screening/types.js';

export interface RowProblem {
  /** 1-based line (CSV) or record ordinal (XML) where the problem is. */
  readonly row: number;
  readonly message: string;
  /** `error`: the row was not loaded. `warning`: it loaded, but something in it was dropped. */
  readonly severity: 'error' | 'warning';
}

export interface ListParseResult {
  readonly format: 'csl-csv' | 'un-xml';
  readonly entries: ListEntry[];
  readonly problems: RowProblem[];
  /** Date the publisher stamped on the file, when it has one (UN `dateGenerated`). */
  readonly generatedAt?: string;
}

/** Longest name a list or a query may carry; longer input is rejected as malformed, not truncated. */
export const MAX_NAME_LENGTH = 1000;

/** U+FFFD marks bytes that were not valid UTF-8 when the file was decoded. */
export function hasInvalidUtf8(s: string): boolean {
  return s.includes('\uFFFD');
}
