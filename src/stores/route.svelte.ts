/** The screens of the app, parsed from the URL hash (the site is static, so routing is by hash). */
export type Route =
  | { name: 'home' }
  | { name: 'community'; communityId: bigint }
  | { name: 'calendar'; communityId: bigint }
  | { name: 'room'; communityId: bigint; roomId: string }
  | { name: 'admin'; communityId: bigint | null }
  | { name: 'not-found'; path: string };

const ROOM_ID = /^[a-z0-9-]{1,32}$/;

/**
 * Parses a hash such as `#/c/0/r/lobby` into a Route.
 *
 * @example
 * parseRoute('#/c/3') // { name: 'community', communityId: 3n }
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  const id = parts[1] !== undefined && /^\d{1,20}$/.test(parts[1]) ? BigInt(parts[1]) : null;
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'admin' && parts.length === 1) return { name: 'admin', communityId: null };
  if (parts[0] === 'admin' && parts.length === 2 && id !== null) {
    return { name: 'admin', communityId: id };
  }
  if (parts[0] === 'c' && id !== null) {
    if (parts.length === 2) return { name: 'community', communityId: id };
    if (parts.length === 3 && parts[2] === 'calendar') return { name: 'calendar', communityId: id };
    const roomId = parts[3];
    if (parts.length === 4 && parts[2] === 'r' && roomId !== undefined && ROOM_ID.test(roomId)) {
      return { name: 'room', communityId: id, roomId };
    }
  }
  return { name: 'not-found', path };
}

/** The hash for a route, the inverse of parseRoute. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'community':
      return `#/c/${route.communityId}`;
    case 'calendar':
      return `#/c/${route.communityId}/calendar`;
    case 'room':
      return `#/c/${route.communityId}/r/${route.roomId}`;
    case 'admin':
      return route.communityId === null ? '#/admin' : `#/admin/${route.communityId}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

/** Reactive current route, following `hashchange`. */
export class RouteStore {
  current = $state.raw<Route>({ name: 'home' });

  constructor(target: Window, signal: AbortSignal) {
    this.current = parseRoute(target.location.hash);
    target.addEventListener(
      'hashchange',
      () => {
        this.current = parseRoute(target.location.hash);
      },
      { signal },
    );
  }
}

/** Normalises a room name typed by a person into a room id (`Weekly Call` -> `weekly-call`). */
export function toRoomId(name: string): string | null {
  const id = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32);
  return ROOM_ID.test(id) ? id : null;
}
