/** The console shell: sign-in gate, header with the grouped navigation and the signed-in token, the section bar, and the pages. */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type ApiError, createApi, type TokenInfo, toApiError } from './api';
import { Logo } from './components/Logo';
import { MainNav, SectionNav } from './components/Nav';
import { Spinner } from './components/ui';
import { AlertsPage } from './pages/Alerts';
import { CasesPage } from './pages/Cases';
import { FleetPage } from './pages/Fleet';
import { KycPage } from './pages/Kyc';
import { LicensePage } from './pages/License';
import { ListsPage } from './pages/Lists';
import { LocationPage } from './pages/Location';
import { ModelsPage } from './pages/Models';
import { ProgramPage } from './pages/Program';
import { ReviewPage } from './pages/Review';
import { ScreenPage } from './pages/Screen';
import { SignIn } from './pages/SignIn';
import { SynthesisPage } from './pages/Synthesis';
import { TransactionsPage } from './pages/Transactions';
import { ROUTE_TITLES, type Route, useRoute, useRouteParams } from './router';
import { type Session, SessionContext, storedToken, storeToken, useSession } from './session';

type Auth =
  | { state: 'checking'; token: string }
  | { state: 'signed-out'; notice?: string }
  | { state: 'signed-in'; token: string; me: TokenInfo };

export function App() {
  const [auth, setAuth] = useState<Auth>(() => {
    const token = storedToken();
    return token ? { state: 'checking', token } : { state: 'signed-out' };
  });
  const route = useRoute();

  const signOut = useCallback((notice?: string) => {
    storeToken(null);
    setAuth(notice ? { state: 'signed-out', notice } : { state: 'signed-out' });
  }, []);

  // A token kept from earlier in this browser session is checked again before it is used.
  useEffect(() => {
    if (auth.state !== 'checking') return;
    let cancelled = false;
    createApi({ token: auth.token })
      .me()
      .then((me) => !cancelled && setAuth({ state: 'signed-in', token: auth.token, me }))
      .catch((e: unknown) => {
        if (cancelled) return;
        const err = toApiError(e);
        if (err.status === 401) signOut(`Your session ended: ${err.detail}`);
        else signOut(`Could not check your token: ${err.detail || err.title}`);
      });
    return () => {
      cancelled = true;
    };
  }, [auth, signOut]);

  const onSignedIn = useCallback((token: string, me: TokenInfo) => {
    storeToken(token);
    setAuth({ state: 'signed-in', token, me });
  }, []);

  const session = useMemo<Session | null>(() => {
    if (auth.state !== 'signed-in') return null;
    const api = createApi({
      token: auth.token,
      onUnauthenticated: (err: ApiError) => signOut(`Your token was refused: ${err.detail}`),
    });
    return { token: auth.token, me: auth.me, api, signOut: () => signOut() };
  }, [auth, signOut]);

  // A layout effect: it runs before the pages' own (passive) title effects, so a page can name itself more precisely.
  useLayoutEffect(() => {
    document.title = session ? `${ROUTE_TITLES[route]} · Stackport` : 'Sign in · Stackport';
  }, [session, route]);

  if (auth.state === 'checking') {
    return (
      <div className="center-page">
        <Spinner label="Checking your token…" />
      </div>
    );
  }
  if (!session)
    return <SignIn onSignedIn={onSignedIn} notice={auth.state === 'signed-out' ? auth.notice : undefined} />;

  return (
    <SessionContext.Provider value={session}>
      <Shell route={route} />
    </SessionContext.Provider>
  );
}

function Shell({ route }: { route: Route }) {
  const s = useSession();
  return (
    <div className="app">
      {/* A button, not a link to #main: the hash belongs to the router. */}
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header className="topbar">
        <div className="brand">
          <Logo />
          <span>Stackport</span>
          <span className="brand-sub">Export compliance console</span>
        </div>
        <MainNav route={route} />
        <div className="who">
          <a className="docs-link" href="/docs" target="_blank" rel="noreferrer">
            API docs
          </a>
          <span className="who-name" data-testid="token-name" title={`${s.me.name} · token ${s.me.id}`}>
            {s.me.name}
          </span>
          <span className={`badge role role-${s.me.role}`} data-testid="token-role">
            {s.me.role}
          </span>
          <button type="button" className="btn btn-quiet btn-small" onClick={s.signOut}>
            Sign out
          </button>
        </div>
      </header>
      <SectionNav route={route} />
      <Main route={route} />
    </div>
  );
}

function Main({ route }: { route: Route }) {
  const ref = useRef<HTMLElement>(null);
  const at = [route, ...useRouteParams()].join('/');
  const shown = useRef(at);
  // Move focus to the page on navigation so keyboard and screen-reader users land on the new page.
  useEffect(() => {
    if (shown.current === at) return;
    shown.current = at;
    ref.current?.focus();
  }, [at]);
  return (
    <main id="main" ref={ref} tabIndex={-1} className="main">
      {route === 'screen' && <ScreenPage />}
      {route === 'review' && <ReviewPage />}
      {route === 'lists' && <ListsPage />}
      {route === 'license' && <LicensePage />}
      {route === 'transactions' && <TransactionsPage />}
      {route === 'location' && <LocationPage />}
      {route === 'fleet' && <FleetPage />}
      {route === 'alerts' && <AlertsPage />}
      {route === 'cases' && <CasesPage />}
      {route === 'synthesis' && <SynthesisPage />}
      {route === 'kyc' && <KycPage />}
      {route === 'program' && <ProgramPage />}
      {route === 'models' && <ModelsPage />}
    </main>
  );
}
