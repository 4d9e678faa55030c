import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scope } from '../core/Scope.ts';
import type { AudioTrack } from '../peers/types.ts';
import { mediaErrors } from './errors.ts';
import { JanusAudioBridgeRoom } from './JanusAudioBridgeRoom.ts';
import type { MediaGrant } from './mediaGrant.ts';
import { FakeJanusTransport, FakeMediaPeer, FakeTrack, fakeGrant } from './testing.ts';
import type { MediaParticipant, MediaRoomState } from './types.ts';

const OTHER = '0x2222222222222222222222222222222222222222';

function openRoom(
  options: {
    grants?: () => MediaGrant;
    unreachable?: () => boolean;
    /** Runs once the connection is made, before the server has answered its offer. */
    onPeer?: (room: JanusAudioBridgeRoom) => void;
  } = {},
) {
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
      queueMicrotask(() => options.onPeer?.(room));
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
    expect(setup.participants()).toEqual([
      { display: OTHER, muted: false, talking: false, connected: false },
    ]);
    setup.lastTransport().pushEvent({ audiobridge: 'talking', room: 4242, id: 8 });
    expect(setup.participants()[0]?.talking).toBe(true);
    setup.lastTransport().pushEvent({ audiobridge: 'stopped-talking', room: 4242, id: 8 });
    expect(setup.participants()[0]?.talking).toBe(false);
    // The server tells this member (its grant's id, 7) of its own speaking too; it is not
    // listed among the others.
    const talking: boolean[] = [];
    setup.room.events.on('talking', (value) => talking.push(value), new Scope());
    setup.lastTransport().pushEvent({ audiobridge: 'talking', room: 4242, id: 7 });
    setup.lastTransport().pushEvent({ audiobridge: 'stopped-talking', room: 4242, id: 7 });
    expect(talking).toEqual([true, false]);
    expect(setup.participants()).toHaveLength(1);
    // Its connection to the server came up: the room's audio carries it now.
    setup.lastTransport().pushEvent({
      audiobridge: 'event',
      room: 4242,
      participants: [{ id: 8, display: OTHER, setup: true }],
    });
    expect(setup.participants()[0]?.connected).toBe(true);
    setup.lastTransport().pushEvent({
      audiobridge: 'event',
      room: 4242,
      participants: [{ id: 9, display: 'c', muted: true }],
    });
    expect(setup.participants().map((p) => p.display)).toEqual([OTHER, 'c']);
    setup.lastTransport().pushEvent({ audiobridge: 'event', room: 4242, leaving: 8 });
    expect(setup.participants().map((p) => p.display)).toEqual(['c']);
  });

  it('mutes on the server and sends nothing while muted; a new microphone goes out on the same connection once unmuted', async () => {
    const setup = openRoom();
    const microphone = new FakeTrack();
    await joinLive(setup, microphone);
    setup.room.setMuted(true);
    await settle();
    expect(setup.lastTransport().requests('configure').at(-1)?.body).toEqual({
      request: 'configure',
      muted: true,
    });
    expect(setup.lastPeer().track).toBeNull();
    const next = new FakeTrack();
    await setup.room.setTrack(next);
    expect(setup.lastPeer().track).toBeNull();
    setup.room.setMuted(false);
    await settle();
    expect(setup.peers).toHaveLength(1);
    expect(setup.lastPeer().track).toBe(next);
    expect(setup.lastTransport().requests('configure').at(-1)?.body).toEqual({
      request: 'configure',
      muted: false,
    });
  });

  it('a microphone, mute or unmute that comes while connecting is what the connection carries once made', async () => {
    const microphone = new FakeTrack();
    const late = openRoom({ onPeer: (room) => void room.setTrack(microphone) });
    await joinLive(late, null);
    expect(late.lastPeer().track).toBe(microphone);

    const muting = openRoom({ onPeer: (room) => room.setMuted(true) });
    await joinLive(muting, new FakeTrack());
    expect(muting.lastPeer().track).toBeNull();

    const unmuting = openRoom({ onPeer: (room) => room.setMuted(false) });
    unmuting.room.setMuted(true);
    await joinLive(unmuting, microphone);
    expect(unmuting.lastPeer().track).toBe(microphone);
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
    // Still muted after the reconnection, and the new connection sends nothing.
    expect(setup.lastTransport().requests('join')[0]?.body).toMatchObject({ muted: true });
    expect(setup.lastPeer().track).toBeNull();
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

  describe('on a stage (speakers and listeners in two server rooms)', () => {
    const LISTENERS = 100;
    const SPEAKERS = 200;
    const listenerGrant = () =>
      fakeGrant(undefined, {
        room: LISTENERS,
        id: 7,
        canSpeak: false,
        token: 'listener-token-123',
      });
    const speakerGrant = () =>
      fakeGrant(undefined, { room: SPEAKERS, id: 8, canSpeak: true, token: 'speaker-token-1234' });

    /** A room whose gate answers with `answers` in turn (the last one repeats). */
    function stageRoom(answers: Array<() => MediaGrant>) {
      let asked = 0;
      return openRoom({
        grants: () => (answers[Math.min(asked++, answers.length - 1)] ?? listenerGrant)(),
      });
    }

    it('moves a listener given a microphone to the speakers’ room on the same connection, mute kept', async () => {
      const setup = stageRoom([listenerGrant, speakerGrant]);
      await joinLive(setup, null);
      setup.room.setMuted(true);
      setup.lastTransport().othersIn.set(SPEAKERS, [{ id: 9, display: OTHER, muted: false }]);
      const microphone = new FakeTrack();
      await setup.room.setTrack(microphone);
      await settle();
      expect(setup.grantsAsked()).toBe(2);
      const [changed] = setup.lastTransport().requests('changeroom');
      expect(changed?.body).toEqual({
        request: 'changeroom',
        room: SPEAKERS,
        id: 8,
        display: speakerGrant().display,
        token: 'speaker-token-1234',
        muted: true,
      });
      // The new grant's token opens the speakers' room; Janus checks it on every request.
      expect(changed?.token).toBe('speaker-token-1234');
      await vi.advanceTimersByTimeAsync(25_000);
      expect(setup.lastTransport().requests('keepalive').at(-1)?.token).toBe('speaker-token-1234');
      // No new connection, and nothing goes out while muted.
      expect(setup.transports).toHaveLength(1);
      expect(setup.peers).toHaveLength(1);
      expect(setup.lastPeer().track).toBeNull();
      expect(setup.participants()).toEqual([
        { display: OTHER, muted: false, talking: false, connected: false },
      ]);
      expect(setup.states.map((state) => state.status)).toEqual(['connecting', 'live']);
      // Unmuting now reaches the server (a speaker may), and the microphone goes out on the
      // connection there is.
      setup.room.setMuted(false);
      await settle();
      expect(setup.lastTransport().requests('configure').at(-1)?.body).toEqual({
        request: 'configure',
        muted: false,
      });
      expect(setup.peers).toHaveLength(1);
      expect(setup.lastPeer().track).toBe(microphone);
    });

    it('asks again, with waits, while the gate still names the listeners’ room, and stops after a few', async () => {
      const setup = stageRoom([listenerGrant]);
      await joinLive(setup, null);
      await setup.room.setTrack(new FakeTrack());
      await settle();
      expect(setup.grantsAsked()).toBe(2);
      await vi.advanceTimersByTimeAsync(60_000);
      // The first ask and three more (after 1, 2 and 4 s), then it stays where it is.
      expect(setup.grantsAsked()).toBe(5);
      expect(setup.lastTransport().requests('changeroom')).toHaveLength(0);
      expect(setup.room.state.status).toBe('live');
    });

    it('moves once the gate has recorded the invite, on a later ask', async () => {
      const setup = stageRoom([listenerGrant, listenerGrant, listenerGrant, speakerGrant]);
      await joinLive(setup, null);
      await setup.room.setTrack(new FakeTrack());
      await vi.advanceTimersByTimeAsync(1_000);
      expect(setup.lastTransport().requests('changeroom')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(setup.lastTransport().requests('changeroom')[0]?.body).toMatchObject({
        room: SPEAKERS,
        muted: false,
      });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(setup.grantsAsked()).toBe(4);
    });

    it('does not ask the gate while it may speak already, or when it stops speaking', async () => {
      const setup = stageRoom([speakerGrant]);
      await joinLive(setup, new FakeTrack());
      await setup.room.setTrack(null);
      await setup.room.setTrack(new FakeTrack());
      await vi.advanceTimersByTimeAsync(10_000);
      expect(setup.grantsAsked()).toBe(1);
      expect(setup.lastTransport().requests('changeroom')).toHaveLength(0);
    });

    it('joins again at once, for the listeners’ room, when the server puts it out of the speakers’', async () => {
      const setup = stageRoom([speakerGrant, listenerGrant]);
      setup.setOthers([{ id: 9, display: OTHER, muted: false }]);
      await joinLive(setup, new FakeTrack());
      // The gate kicks a member moved to the listeners: AudioBridge tells it, then hangs up.
      setup.lastTransport().pushEvent({ audiobridge: 'event', room: SPEAKERS, kicked: 8 });
      setup.lastTransport().push({ janus: 'hangup', sender: setup.lastTransport().handleId });
      expect(setup.peers[0]?.closed).toBe(true);
      await settle();
      expect(setup.grantsAsked()).toBe(2);
      expect(setup.transports).toHaveLength(2);
      expect(setup.lastTransport().requests('join')[0]?.body).toMatchObject({
        room: LISTENERS,
        id: 7,
        muted: true,
      });
      setup.lastPeer().setState('connected');
      // A move, not a failure: no 'reconnecting' on the way.
      expect(setup.states.map((state) => state.status)).toEqual(['connecting', 'live', 'live']);
      // The microphone it still holds is no invitation: it stays with the listeners...
      await vi.advanceTimersByTimeAsync(60_000);
      expect(setup.grantsAsked()).toBe(2);
      // ...until it becomes a listener and is invited again.
      await setup.room.setTrack(null);
      await setup.room.setTrack(new FakeTrack());
      await settle();
      expect(setup.grantsAsked()).toBe(3);
    });

    it('drops another member the server put out from the list', async () => {
      const setup = stageRoom([speakerGrant]);
      setup.setOthers([{ id: 9, display: OTHER, muted: false }]);
      await joinLive(setup, new FakeTrack());
      setup.lastTransport().pushEvent({ audiobridge: 'event', room: SPEAKERS, kicked: 9 });
      expect(setup.participants()).toEqual([]);
      expect(setup.transports).toHaveLength(1);
    });
  });
});
