/** The signed-in session: the token (kept in sessionStorage only), who it is, and an API client for it. */
import { createContext, useContext } from 'react';
import type { ApiClient, TokenInfo } from './api';

export const TOKEN_KEY = 'stackport.token';

export interface Session {
  readonly token: string;
  readonly me: TokenInfo;
  readonly api: ApiClient;
  readonly signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the session lasts as long as the page.
  }
}
