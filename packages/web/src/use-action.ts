/** A user action (a button, a form): busy while it runs, and the server's problem+json shown until the next try. */
import { useState } from 'react';
import { type ApiError, toApiError } from './api';

export interface Action {
  readonly busy: boolean;
  readonly error: ApiError | null;
  readonly setError: (error: ApiError | null) => void;
  /** Runs `f`; its result, or undefined when it failed (the problem is then in `error`, never thrown). */
  readonly run: <T>(f: () => Promise<T>) => Promise<T | undefined>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async <T>(f: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await f();
    } catch (e) {
      setError(toApiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
