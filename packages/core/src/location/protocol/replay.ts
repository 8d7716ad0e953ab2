/**
 * Single-use nonces: a replay cache as pure functions over state the caller owns (no clock: `nowMs`
 * comes in). An entry lives `ttlMs`; sessions are valid for less than that, so evicting an expired
 * (or, when full, the oldest) entry never lets a replay through — the session check refuses it first.
 * @module
 */

export interface ReplayState {
  /** key → expiry (ms). Insertion order is expiry order when ttl is constant. */
  readonly seen: Map<string, number>;
  readonly capacity: number;
  readonly ttlMs: number;
}

export function createReplayState(opts: { capacity?: number; ttlMs?: number } = {}): ReplayState {
  return { seen: new Map(), capacity: opts.capacity ?? 1_000_000, ttlMs: opts.ttlMs ?? 15 * 60_000 };
}

/** Drops expired entries (bounded by the cache size). Returns how many were dropped. */
export function pruneReplay(state: ReplayState, nowMs: number): number {
  let dropped = 0;
  for (const [k, exp] of state.seen) {
    if (exp > nowMs) break;
    state.seen.delete(k);
    dropped++;
  }
  return dropped;
}

/** Whether `key` has been used and not yet expired. Does not record it. */
export function wasUsed(state: ReplayState, key: string, nowMs: number): boolean {
  const exp = state.seen.get(key);
  return exp !== undefined && exp > nowMs;
}

/** Uses `key` once: 'fresh' the first time (and records it), 'replayed' after. */
export function useOnce(state: ReplayState, key: string, nowMs: number): 'fresh' | 'replayed' {
  if (wasUsed(state, key, nowMs)) return 'replayed';
  if (state.seen.size >= state.capacity) {
    pruneReplay(state, nowMs);
    // Still full: evict the oldest entries (sessions older than the ttl are refused anyway).
    for (const k of state.seen.keys()) {
      if (state.seen.size < state.capacity) break;
      state.seen.delete(k);
    }
  }
  state.seen.set(key, nowMs + state.ttlMs);
  return 'fresh';
}
