/**
 * A tiny hash router: #/screen, #/review, #/lists, #/license, #/transactions,
 * #/transactions/<id>, #/location, #/location/<deviceId>, #/location/<deviceId>/<verificationId>,
 * #/fleet, #/fleet/devices/<deviceId>, #/alerts, #/cases, #/cases/<caseId>, #/synthesis,
 * #/synthesis/<orderId>, #/kyc (`?view=resellers|training-runs|rules`), #/kyc/<accountId>, #/program
 * (`?view=catalog`), #/program/<proposalId>, #/models (`?view=policies|evaluations`), #/models/<modelId> and
 * #/models/runs/<runId>.
 * Works under any base path without server rewrites. The header groups the routes ({@link NAV_GROUPS}); the groups
 * are navigation only: no route's hash names its group, so deep links never change when the grouping does.
 */
import { useEffect, useState } from 'react';

export const ROUTES = [
  'screen',
  'review',
  'lists',
  'license',
  'transactions',
  'location',
  'fleet',
  'alerts',
  'cases',
  'synthesis',
  'kyc',
  'program',
  'models',
] as const;
export type Route = (typeof ROUTES)[number];

export const ROUTE_TITLES: Record<Route, string> = {
  screen: 'Screen a name',
  review: 'Hit review',
  lists: 'Lists & status',
  license: 'License determination',
  transactions: 'Transactions',
  location: 'Location',
  fleet: 'Fleet',
  alerts: 'Alerts',
  cases: 'Cases',
  synthesis: 'Synthesis',
  kyc: 'Cloud KYC',
  program: 'AI Exports Program',
  models: 'AI models',
};

/** The header's groups: each a menu of its pages, and the current group's pages in the bar below the header. */
export const NAV_GROUPS = [
  { id: 'screening', title: 'Screening', routes: ['screen', 'review', 'lists'] },
  { id: 'licensing', title: 'Licensing', routes: ['license', 'transactions', 'program'] },
  { id: 'location', title: 'Location & fleet', routes: ['location', 'fleet', 'alerts', 'cases'] },
  { id: 'diligence', title: 'Due diligence', routes: ['synthesis', 'kyc', 'models'] },
] as const satisfies readonly { id: string; title: string; routes: readonly Route[] }[];
export type NavGroup = (typeof NAV_GROUPS)[number];

// Every route is in a group: a route added to ROUTES and to no group fails the build here.
type Grouped = NavGroup['routes'][number];
const everyRouteGrouped: Record<Exclude<Route, Grouped>, never> = {};
void everyRouteGrouped;

export function groupOf(route: Route): NavGroup {
  return NAV_GROUPS.find((g) => (g.routes as readonly Route[]).includes(route)) ?? NAV_GROUPS[0];
}

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'screen';
}

/** The path segments after the route: `#/transactions/abc?x=1` → `['abc']`. */
export function routeParams(hash: string): string[] {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return path
    .split('/')
    .slice(1)
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
}

function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

export function useRoute(): Route {
  return parseRoute(useHash());
}

/** The route's path parameters, kept in step with the hash. */
export function useRouteParams(): string[] {
  return routeParams(useHash());
}

export function href(route: Route, ...params: string[]): string {
  return `#/${route}${params.map((p) => `/${encodeURIComponent(p)}`).join('')}`;
}

/** The query after the route's path: `#/alerts?status=open` → `status=open`. */
export function useRouteQuery(): URLSearchParams {
  const hash = useHash();
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}
