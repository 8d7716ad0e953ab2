/** Sign in with an API token (sp_…). The token is checked with GET /api/v1/me and kept in sessionStorage. */
import { type FormEvent, useId, useState } from 'react';
import { type ApiError, createApi, type TokenInfo, toApiError } from '../api';
import { Logo } from '../components/Logo';
import { FieldErrors, ProblemAlert } from '../components/ui';

export function SignIn({
  onSignedIn,
  notice,
}: {
  onSignedIn: (token: string, me: TokenInfo) => void;
  notice?: string | undefined;
}) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const t = token.trim();
    setError(null);
    setLocalError(null);
    if (!t) {
      setLocalError('Paste an API token.');
      return;
    }
    if (!t.startsWith('sp_')) {
      setLocalError('Stackport tokens start with sp_.');
      return;
    }
    setBusy(true);
    try {
      const me = await createApi({ token: t }).me();
      onSignedIn(t, me);
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  }

  const describedBy = localError ? `${id}-err` : `${id}-hint`;
  return (
    <div className="signin-page">
      <main className="signin-card" aria-labelledby={`${id}-title`}>
        <div className="signin-brand">
          <Logo size={30} />
          <div>
            <div className="signin-product">Stackport</div>
            <div className="muted">Export compliance console</div>
          </div>
        </div>
        <h1 id={`${id}-title`}>Sign in</h1>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-token`}>API token</label>
            <input
              id={`${id}-token`}
              name="token"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder="sp_…"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              aria-invalid={localError || error ? true : undefined}
              aria-describedby={describedBy}
              required
              // biome-ignore lint/a11y/noAutofocus: the only input of the page
              autoFocus
            />
            {localError ? (
              <FieldErrors id={`${id}-err`} messages={[localError]} />
            ) : (
              <p id={`${id}-hint`} className="hint">
                Ask an administrator for a token, or use the one in <code>&lt;data-dir&gt;/admin-token</code> after the
                first start. It is kept in this tab only and forgotten when you sign out or close the tab.
              </p>
            )}
          </div>
          <ProblemAlert error={error} label="Sign-in failed" />
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </form>
        <p className="signin-foot">
          <a href="/docs">API documentation</a>
          <span aria-hidden="true"> · </span>
          <span className="muted">
            Roles: viewer (read, screen) · analyst (+ parties, decisions) · admin (+ lists, tokens)
          </span>
        </p>
      </main>
    </div>
  );
}
