/** A user action (a button, a form): busy while it runs, and the server's problem+json shown until the next try. */
import { useState } from 'react';
import { ApiError, toApiError } from './api';
import { type Download, saveDownload } from './calls';

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

/** A file from the server handed to the browser: busy while it comes, its problem when it failed, the last name saved. */
export function useDownload() {
  const { busy, error, run } = useAction();
  const [last, setLast] = useState<string | null>(null);
  const download = async (f: () => Promise<Download>) => {
    await run(async () => {
      const d = await f();
      saveDownload(d);
      setLast(d.fileName);
    });
  };
  return { busy, error, last, download };
}

/** The problem shown when text the user gave is not JSON: nothing was sent. */
export function notJson(title: string, err: unknown): ApiError {
  return new ApiError({ status: 0, code: 'NOT_JSON', title, detail: err instanceof Error ? err.message : String(err) });
}
