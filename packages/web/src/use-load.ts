/** Loading data for a page: the result or the problem, and a way to load it again after a change. */
import { useCallback, useEffect, useState } from 'react';
import { type ApiError, toApiError } from './api';

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: ApiError | null;
  /** Loads again, keeping the current data on screen meanwhile. */
  readonly reload: () => void;
  /** Replaces the data with what an action returned (a case after a change, say). */
  readonly set: (data: T) => void;
}

/** Runs `load` (memoised by the caller) whenever it changes, and on `reload()`. */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null }>({ data: null, error: null });
  const [n, setN] = useState(0);
  // A new loader (other filters, another id) clears the page; a reload keeps it.
  useEffect(() => {
    void load;
    setState({ data: null, error: null });
  }, [load]);
  useEffect(() => {
    let live = true;
    void n;
    load()
      .then((data) => live && setState({ data, error: null }))
      .catch((e: unknown) => live && setState((s) => ({ data: s.data, error: toApiError(e) })));
    return () => {
      live = false;
    };
  }, [load, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  const set = useCallback((data: T) => setState({ data, error: null }), []);
  return { ...state, reload, set };
}

/** The roles that may work alerts and cases (the server checks again). */
export function canAct(role: string): boolean {
  return role === 'analyst' || role === 'admin';
}
