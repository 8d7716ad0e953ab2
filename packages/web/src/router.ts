/** A tiny hash router: #/screen, #/review, #/lists. Works under any base path without server rewrites. */
import { useEffect, useState } from 'react';

export const ROUTES = ['screen', 'review', 'lists'] as const;
export type Route = (typeof ROUTES)[number];

export const ROUTE_TITLES: Record<Route, string> = {
  screen: 'Screen a name',
  review: 'Hit review',
  lists: 'Lists & status',
};

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'screen';
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function href(route: Route): string {
  return `#/${route}`;
}
