/** A hash router for four screens: enough for a demo, no dependency. */
import { useCallback, useSyncExternalStore } from 'react';

/** The demo's screens. */
export type Route = 'signin' | 'signup' | 'account' | 'sessions';

const ROUTES: readonly Route[] = ['signin', 'signup', 'account', 'sessions'];

/** Reads the route from `location.hash` (`#/sessions` → `'sessions'`; default `'account'`). */
function current(): Route {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'account';
}

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current route and a function to go to another one. */
export function useRoute(): [Route, (route: Route) => void] {
  const route = useSyncExternalStore(subscribe, current, () => 'account' as Route);
  const navigate = useCallback((next: Route) => {
    window.location.hash = `#/${next}`;
  }, []);
  return [route, navigate];
}

/** The `href` of a route, for plain links. */
export const hrefOf = (route: Route) => `#/${route}`;
