/**
 * The in-memory screening index over every entry of the active list versions, with the version and
 * content hash of each entry so a hit can be recorded with exactly what it matched.
 * @module
 */
import { buildIndex, type ListEntry, type ScreeningIndex } from '@stackport/core';
import type { StoredEntry } from '@stackport/store';

export interface LoadedIndex {
  readonly index: ScreeningIndex;
  readonly entries: ReadonlyMap<string, StoredEntry>;
  /** The list version ids the index was built from: recorded with every screening. */
  readonly versionIds: readonly string[];
}

export function loadIndex(stored: readonly StoredEntry[]): LoadedIndex {
  const entries = new Map(stored.map((s) => [s.entry.key, s]));
  const list: ListEntry[] = stored.map((s) => s.entry);
  return {
    index: buildIndex(list),
    entries,
    versionIds: [...new Set(stored.map((s) => s.versionId))].sort(),
  };
}
