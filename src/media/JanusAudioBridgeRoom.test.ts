import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scope } from '../core/Scope.ts';
import type { AudioTrack } from '../peers/types.ts';
import { mediaErrors } from './errors.ts';
import { JanusAudioBridgeRoom } from './JanusAudioBridgeRoom.ts';
import type { MediaGrant } from './mediaGrant.ts';
import { FakeJanusTransport, FakeMediaPeer, FakeTrack, fakeGrant } from './testing.ts';
import type { MediaParticipant, MediaRoomState } from './types.ts';

const OTHER = '0x2222222222222222222222222222222222222222';

function openRoom(options: { grants?: () => MediaGrant; unreachable?: () => boolean } = {}) {
  const scope = new Scope();
  const transports: FakeJanusTransport[] = [];
  const peers: FakeMediaPeer[] = [];
  const states: MediaRoomState[] = [];
  let grantsAsked = 0;
  let others: FakeJanusTransport['others'] = [];
  let refuseJoin: string | undefined;
  const room = new JanusAudioBridgeRoom({
    grant: async () => {
      grantsAsked += 1;
      return options.grants?.() ?? fakeGrant();
    },
    connect: async (url) => {
      if (options.unreachable?.()) throw mediaErrors.unreachable('janus.test');
      const transport = new FakeJanusTransport(url);
      transport.others = others;
      transport.refuseJoin = refuseJoin;
      transports.push(transport);
      return transport;
    },
    createPeer: ({ track }) => {
      const peer = new FakeMediaPeer(track);
      peers.push(peer);
      return peer;
    },
    iceServers: [],
    scope,
    timing: { retryDelaysMs: [100], maxAttempts: 3, keepaliveMs: 25_000, requestTimeoutMs: 5_000 },
    watchOnline: () => {},
  });
  room.events.on('state', (state) => states.push(state));
  let participants: readonly MediaParticipant[] = [];
  room.events.on('participants', (list) => (participants = list));
  return {
    room,
    scope,
    transports,
    peers,
    states,
    participants: () => participants,
    grantsAsked: () => grantsAsked,
    setOthers: (list: FakeJanusTransport['others']) => (others = list),
    refuseJoins: (reason: string) => (refuseJoin = reason),
    lastTransport: () => transports.at(-1) as FakeJanusTransport,
    lastPeer: () => peers.at(-1) as FakeMediaPeer,
  };
}

/** Lets the fake server's answers (microtasks) and our awaits run. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

async function joinLive(setup: ReturnType<typeof openRoom>, track: AudioTrack | null) {
  const joined = setup.room.join(track);
  await settle();
  setup.lastPeer().setState('connected');
  await joined;
}

describe('JanusAudioBridgeRoom', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('joins with the gate’s token, sends the microphone, and is live once audio connects', async () => {
    const setup = openRoom({
      grants: () => fakeGrant('ws://janus.test/ws', { token: 'granted-token-1234567' }),
    });
    const microphone = new FakeTrack();
    const joined = setup.room.join(microphone);
    await settle();
    const transport = setup.lastTransport();
    expect(transport.url).toBe('ws://janus.test/ws');
    const [join] = transport.requests('join');
    expect(join?.body).toMatchObject({
      request: 'join',
      room: 4242,
      id: 7,
      token: 'granted-token-1234567',
      muted: false,
    });
    // Janus's token_auth: the token goes with every request, not only the join.
    expect(transport.sent.every((request) => request.token === 'granted-token-1234567')).toBe(true);
    const [configure] = transport.requests('configure');
    expect(configure?.jsep).toEqual({ type: 'offer', sdp: 'v=0 offer' });
    expect(setup.lastPeer().track).toBe(microphone);
    expect(setup.lastPeer().answered).toBe('v=0 answer');
    expect(setup.room.state.status).toBe('connecting');
    setup.lastPeer().setState('connected');
    await joined;
    expect(setup.room.state.status).toBe('live');
  });

  it('joins a listener muted on the server', async () => {
    const setup = openRoom({ grants: () => fakeGrant(undefined, { canSpeak: false }) });
    await joinLive(setup, null);
    expect(setup.lastTransport().requests('join')[0]?.body).toMatchObject({ muted: true });
  });

  it('trickles the candidates it finds', async () => {
    const setup = openRoom();
    await joinLive(setup, new FakeTrack());
    setup.lastPeer().gather({
      candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    });
    setup.lastPeer().gather({ completed: true });
    const trickles = setup.lastTransport().requests('trickle');
    expect(trickles.map((t) => t.candidate)).toEqual([
      { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
      { completed: true },
    ]);
  });

  it('lists the others in the room, who speaks, and who leaves', async () => {
    const setup = openRoom();
    setup.setOthers([{ id: 8, display: OTHER, muted: false }]);
    await joinLive(setup, new FakeTrack());
    expect(setup.participants()).toEqual([{ display: OTHER, muted: false, talking: false }]);
    setup.lastTransport().pushEvent({ audiobridge: 'talking', room: 4242, id: 8 });
    expect(setup.participants()[0]?.talking).toBe(true);
    setup.lastTransport().pushEvent({ audiobridge: 'stopped-talking', room: 4242, id: 8 });
    expect(setup.participants()[0]?.talking).toBe(false);
    setup.lastTransport().pushEvent({
      audiobridge: 'event',
      room: 4242,
      participants: [{ id: 9, display: 'c', muted: true }],
    });
    expect(setup.participants().map((p) => p.display)).toEqual([OTHER, 'c']);
    setup.lastTransport().pushEvent({ audiobridge: 'event', room: 4242, leaving: 8 });
    expect(setup.participants().map((p) => p.display)).toEqual(['c']);
  });

  it('mutes on the server, and a new microphone goes out on the same connection', async () => {
    const setup = openRoom();
    await joinLive(setup, new FakeTrack());
    setup.room.setMuted(true);
    await settle();
    expect(setup.lastTransport().requests('configure').at(-1)?.body).toEqual({
      request: 'configure',
      muted: true,
    });
    const next = new FakeTrack();
    await setup.room.setTrack(next);
    expect(setup.peers).toHaveLength(1);
    expect(setup.lastPeer().track).toBe(next);
  });

  it('sends a keepalive every 25 s while in the room', async () => {
    const setup = openRoom();
    await joinLive(setup, new FakeTrack());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(setup.lastTransport().requests('keepalive')).toHaveLength(2);
  });

  it('reconnects by itself with a fresh grant after the connection drops, and is live again', async () => {
    const setup = openRoom();
    await joinLive(setup, new FakeTrack());
    setup.room.setMuted(true);
    setup.lastTransport().drop();
    expect(setup.room.state.status).toBe('reconnecting');
    expect(setup.peers[0]?.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(setup.grantsAsked()).toBe(2);
    expect(setup.transports).toHaveLength(2);
    // Still muted after the reconnection.
    expect(setup.lastTransport().requests('join')[0]?.body).toMatchObject({ muted: true });
    setup.lastPeer().setState('connected');
    expect(setup.room.state.status).toBe('live');
  });

  it('reconnects when the audio connection fails, though the socket stays up', async () => {
    const setup = openRoom();
    await joinLive(setup, new FakeTrack());
    setup.lastPeer().setState('failed');
    expect(setup.room.state).toMatchObject({ status: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(100);
    expect(setup.transports[0]?.requests('destroy')).toHaveLength(1);
    expect(setup.transports).toHaveLength(2);
  });

  it('lets a short ICE blip heal, and reconnects after 3 s disconnected', async () => {
    const setup = openRoom();
    await joinLive(setup, new FakeTrack());
    setup.lastPeer().setState('disconnected');
    await vi.advanceTimersByTimeAsync(1_000);
    setup.lastPeer().setState('connected');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(setup.transports).toHaveLength(1);
    setup.lastPeer().setState('disconnected');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(setup.room.state.status).toBe('reconnecting');
  });

  it('reconnects when the server stops answering keepalives', async () => {
    const setup = openRoom();
    await joinLive(setup, new FakeTrack());
    setup.lastTransport().ignore.add('keepalive');
    await vi.advanceTimersByTimeAsync(25_000 + 5_000);
    expect(setup.states.map((s) => s.status)).toContain('reconnecting');
  });

  it('says why it failed after several attempts in a row, and join() rejects', async () => {
    const setup = openRoom({ unreachable: () => true });
    const joined = setup.room.join(new FakeTrack());
    const outcome = joined.then(
      () => 'joined',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(setup.room.state.status).toBe('failed');
    expect(await outcome).toMatchObject({ code: 'MEDIA_UNAVAILABLE' });
  });

  it('fails with the server’s words when the join is refused', async () => {
    const setup = openRoom();
    setup.refuseJoins('Unauthorized (not in the allowed list)');
    const joined = setup.room.join(new FakeTrack()).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(setup.room.state).toMatchObject({ status: 'failed' });
    expect(await joined).toMatchObject({ details: expect.stringContaining('Unauthorized') });
  });

  it('leaves: says so to the server, closes the connection, and does not come back', async () => {
    const setup = openRoom();
    await joinLive(setup, new FakeTrack());
    const transport = setup.lastTransport();
    setup.room.leave();
    expect(transport.requests('leave')).toHaveLength(1);
    expect(transport.requests('destroy')).toHaveLength(1);
    expect(transport.closed).toBe(true);
    expect(setup.lastPeer().closed).toBe(true);
    expect(setup.room.state.status).toBe('left');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(setup.transports).toHaveLength(1);
  });
});
