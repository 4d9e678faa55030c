import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, toRoomId } from './route.svelte.ts';

describe('parseRoute', () => {
  it('reads every screen from the hash', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
    expect(parseRoute('#/c/7')).toEqual({ name: 'community', communityId: 7n });
    expect(parseRoute('#/c/0/r/lobby')).toEqual({ name: 'room', communityId: 0n, roomId: 'lobby' });
    expect(parseRoute('#/c/2/calendar')).toEqual({ name: 'calendar', communityId: 2n });
    expect(parseRoute('#/admin')).toEqual({ name: 'admin', communityId: null });
    expect(parseRoute('#/admin/2')).toEqual({ name: 'admin', communityId: 2n });
  });

  it('refuses malformed paths instead of guessing', () => {
    expect(parseRoute('#/c/x').name).toBe('not-found');
    expect(parseRoute('#/c/1/r/Bad Room').name).toBe('not-found');
    expect(parseRoute('#/c/1/r/a/extra').name).toBe('not-found');
    expect(parseRoute('#/c/1/calendar/x').name).toBe('not-found');
    expect(parseRoute('#/c/99999999999999999999999').name).toBe('not-found');
  });

  it('round-trips through routeHref', () => {
    for (const hash of [
      '#/',
      '#/c/3',
      '#/c/3/r/weekly-call',
      '#/c/3/calendar',
      '#/admin',
      '#/admin/4',
    ]) {
      expect(routeHref(parseRoute(hash))).toBe(hash);
    }
  });
});

describe('toRoomId', () => {
  it('turns a typed name into a room id', () => {
    expect(toRoomId('  Weekly Call! ')).toBe('weekly-call');
    expect(toRoomId('!!!')).toBeNull();
  });
});
