import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../core/Emitter.ts';
import { Scope } from '../core/Scope.ts';
import type { AudioTrack } from '../peers/types.ts';
import { mediaErrors } from './errors.ts';
import { MediaMove, type MediaMoveState } from './MediaMove.ts';
import { MediaServerChoice } from './MediaServerChoice.ts';
import { FakeMediaRoom, FakeTrack } from './testing.ts';

const A = 'ws://media-a.test/ws';
const B = 'ws://media-b.test/ws';

function room(options: { servers?: string[]; members?: number; othersOnServer?: boolean } = {}) {
  const scope = new Scope();
  const roster = new Emitter<{ changed: undefined }>();
  const localEvents = new Emitter<{ changed: undefined }>();
  const rooms: FakeMediaRoom[] = [];
  const states: MediaMoveState[] = [];
  let members = options.members ?? 2;
  let local: { track: AudioTrack | null; muted: boolean } = {
    track: new FakeTrack(),
    muted: false,
  };
  let meshHeld = 0;
  const heard: string[][] = [];
  let meshDone = 0;
  let othersOnServer = options.othersOnServer ?? false;
  const move = new MediaMove({
    roomKey: '7/lobby',
    cap: 6,
    choice: new MediaServerChoice(options.servers ?? [A, B]),
    members: () => members,
    othersOnServer: () => othersOnServer,
    onMembersChanged: (listener, s) => roster.on('changed', listener, s),
    openRoom: (server, s) => {
      const opened = new FakeMediaRoom(server, s);
      rooms.push(opened);
      return opened;
    },
    local: () => local,
    onLocalChanged: (listener, s) => localEvents.on('changed', listener, s),
    holdMesh: () => (meshHeld += 1),
    onHeardOnServer: (list) => heard.push([...list]),
    onMeshDone: () => (meshDone += 1),
    scope,
    retryMs: 1_000,
  });
  move.events.on('state', (state) => states.push(state));
  move.start();
  return {
    move,
    rooms,
    states,
    meshHeld: () => meshHeld,
    heard,
    meshDone: () => meshDone,
    setOthersOnServer(value: boolean) {
      othersOnServer = value;
      roster.emit('changed', undefined);
    },
    local: () => local,
    setMembers(count: number) {
      members = count;
      roster.emit('changed', undefined);
    },
    setLocal(next: Partial<typeof local>) {
      local = { ...local, ...next };
      localEvents.emit('changed', undefined);
    },
    lastRoom: () => rooms.at(-1) as FakeMediaRoom,
  };
}

describe('MediaMove', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps a room under the cap on the mesh', () => {
    const setup = room();
    setup.setMembers(5);
    expect(setup.rooms).toHaveLength(0);
    expect(setup.move.state).toEqual({ on: 'mesh' });
  });

  it('moves when the roster reaches the cap: joins with the microphone, closes the mesh only once live', () => {
    const setup = room();
    setup.setMembers(6);
    expect(setup.rooms).toHaveLength(1);
    const media = setup.lastRoom();
    expect(media.joinedWith).toBe(setup.local().track);
    expect(setup.move.state).toMatchObject({ on: 'media', room: { status: 'connecting' } });
    expect(setup.meshHeld()).toBe(0);
    media.setState({ status: 'live', since: 1 });
    expect(setup.meshHeld()).toBe(1);
    expect(setup.move.state).toEqual({
      on: 'media',
      server: setup.lastRoom().server,
      room: { status: 'live', since: 1 },
    });
    // A later blip and recovery does not close anything twice.
    media.setState({ status: 'reconnecting', attempt: 1, error: mediaErrors.lost('x') });
    media.setState({ status: 'live', since: 2 });
    expect(setup.meshHeld()).toBe(1);
  });

  it("passes on the server's word that this member speaks", () => {
    const setup = room();
    setup.setMembers(6);
    const talking: boolean[] = [];
    setup.move.events.on('talking', (value) => talking.push(value));
    setup.lastRoom().events.emit('talking', true);
    setup.lastRoom().events.emit('talking', false);
    expect(talking).toEqual([true, false]);
  });

  it('a member entering a room already at the cap goes straight to the media server', () => {
    const setup = room({ members: 9 });
    expect(setup.rooms).toHaveLength(1);
  });

  it('goes to the media server under the cap when a member of the roster says it runs there', () => {
    const setup = room({ members: 3 });
    expect(setup.rooms).toHaveLength(0);
    setup.setOthersOnServer(true);
    expect(setup.rooms).toHaveLength(1);
    // Links to members already on the server would go unanswered: the mesh holds at once.
    expect(setup.meshHeld()).toBe(1);
    setup.lastRoom().setState({ status: 'live', since: 1 });
    expect(setup.meshHeld()).toBe(1);
  });

  it('closes the link to a member only once live and the room lists that member as connected', async () => {
    const setup = room();
    setup.setMembers(6);
    const media = setup.lastRoom();
    const member = (display: string, connected: boolean) => ({
      display,
      muted: false,
      talking: false,
      connected,
    });
    media.events.emit('participants', [member('0xA', true), member('0xB', false)]);
    expect(setup.heard).toEqual([]);
    media.setState({ status: 'live', since: 1 });
    expect(setup.heard).toEqual([['0xA']]);
    media.events.emit('participants', [member('0xA', true), member('0xB', true)]);
    expect(setup.heard.at(-1)).toEqual(['0xA', '0xB']);
    // Links the room never accounts for (a stage's other room) close after the grace, once.
    expect(setup.meshDone()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(setup.meshDone()).toBe(1);
    media.events.emit('participants', [member('0xC', true)]);
    expect(setup.heard).toHaveLength(2);
  });

  it('does not move back when members leave', () => {
    const setup = room();
    setup.setMembers(6);
    setup.lastRoom().setState({ status: 'live', since: 1 });
    setup.setMembers(3);
    expect(setup.lastRoom().left).toBe(false);
    expect(setup.move.state).toMatchObject({ on: 'media' });
  });

  it('carries mute, a device switch and becoming a listener to the media room', () => {
    const setup = room();
    setup.setMembers(6);
    setup.setLocal({ muted: true });
    expect(setup.lastRoom().muted).toBe(true);
    const next = new FakeTrack();
    setup.setLocal({ track: next });
    expect(setup.lastRoom().track).toBe(next);
    setup.setLocal({ track: null });
    expect(setup.lastRoom().track).toBeNull();
  });

  it('stays on the mesh when the server fails before the room is live, and tries the next one later', async () => {
    const setup = room();
    setup.setMembers(6);
    const first = setup.lastRoom();
    first.setState({ status: 'failed', error: mediaErrors.unreachable('media-a.test') });
    expect(first.left).toBe(true);
    expect(setup.meshHeld()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(setup.move.state).toMatchObject({ on: 'media', room: { status: 'connecting' } });
    expect(setup.rooms).toHaveLength(2);
    expect(setup.lastRoom().server).not.toBe(first.server);
  });

  it('moves to the next server by itself when its server goes away mid-call', async () => {
    const setup = room();
    setup.setMembers(6);
    const first = setup.lastRoom();
    first.setState({ status: 'live', since: 1 });
    first.setState({ status: 'failed', error: mediaErrors.lost('socket closed (1006)') });
    await vi.advanceTimersByTimeAsync(1_000);
    const second = setup.lastRoom();
    expect(second.server).not.toBe(first.server);
    expect(second.joinedWith).toBe(setup.local().track);
  });

  it('never moves where no media server is configured', () => {
    const setup = room({ servers: [] });
    setup.setMembers(20);
    expect(setup.rooms).toHaveLength(0);
    expect(setup.move.state).toEqual({ on: 'mesh' });
  });
});
