import type { Address } from 'viem';
import { describe, expect, it, vi } from 'vitest';
import type { MeetingOptions } from './Meeting.ts';
import {
  A,
  B,
  C,
  fakeMeeting,
  fakeRemoteAudio,
  speaker,
  useFakeTimersInEachTest,
} from './testing.ts';
import type { DataLink, LinkRelay, RecoveryStep } from './types.ts';

/** A meeting with a STUN server whose test says when the page comes back online. */
function meetingWithStun(options: Partial<MeetingOptions> = {}) {
  let goOnline = () => {};
  const fixture = fakeMeeting({
    iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
    watchOnline: (listener, s) => {
      goOnline = listener;
      s.add(() => {
        goOnline = () => {};
      });
    },
    ...options,
  });
  return { ...fixture, online: () => goOnline() };
}

const offer = (session: string) => ({ mesh: 1, session, signal: { type: 'offer', sdp: 'v=0' } });

useFakeTimersInEachTest();

describe('Meeting mesh', () => {
  it('initiates towards higher addresses and waits for an offer from lower ones', async () => {
    const { meeting, roster, signaling, peers } = meetingWithStun();
    await meeting.join();
    roster.join(C, speaker);
    roster.join(A, speaker);
    expect(peers.peers).toHaveLength(1);
    expect(peers.last?.initiator).toBe(true);

    peers.last?.emitSignal({ type: 'offer', sdp: 'x' });
    await Promise.resolve();
    expect(signaling.sent.at(-1)?.to).toBe(C);
    expect(signaling.sent.at(-1)?.payload).toMatchObject({ mesh: 1, signal: { type: 'offer' } });

    signaling.deliver(A, offer('s1'));
    expect(peers.peers).toHaveLength(2);
    expect(peers.last?.initiator).toBe(false);
    expect(peers.last?.received).toEqual([{ type: 'offer', sdp: 'v=0' }]);
    expect(meeting.participants().map((p) => p.address)).toEqual([C, A]);
  });

  it('keeps an offer that arrives while the microphone opens, and answers it after', async () => {
    const { meeting, signaling, peers, audio } = meetingWithStun();
    const joining = meeting.join();
    signaling.deliver(A, offer('s1'));
    expect(peers.peers).toHaveLength(0);
    await joining;
    expect(peers.last?.received).toEqual([{ type: 'offer', sdp: 'v=0' }]);
    expect(peers.last?.tracks).toEqual([audio.captures[0]?.track]);
  });

  it('opens the microphone while the call route gets ready, and connects no one before it is', async () => {
    let routeIsReady = () => {};
    const routeReady = new Promise<void>((resolve) => {
      routeIsReady = resolve;
    });
    const { meeting, roster, peers, audio } = meetingWithStun({ routeReady });
    roster.join(C, speaker);
    const joining = meeting.join();
    await vi.advanceTimersByTimeAsync(10);
    expect(audio.captures).toHaveLength(1);
    expect(peers.peers).toHaveLength(0);
    routeIsReady();
    await joining;
    expect(peers.peers).toHaveLength(1);
    expect(peers.last?.tracks).toEqual([audio.captures[0]?.track]);
  });

  it('ignores payloads that are not mesh signals and signals from itself', async () => {
    const { meeting, signaling, peers } = meetingWithStun();
    await meeting.join();
    signaling.deliver(A, { kind: 'moderator' });
    signaling.deliver(B, offer('s1'));
    expect(peers.peers).toHaveLength(0);
  });

  it('closes the peer and removes the tile when a member leaves the roster', async () => {
    const { meeting, roster, peers, audio } = meetingWithStun();
    await meeting.join();
    roster.join(C, speaker);
    peers.last?.emitTrack(fakeRemoteAudio());
    expect(audio.openPlaybacks).toHaveLength(1);
    roster.leave(C);
    expect(peers.open).toHaveLength(0);
    expect(audio.openPlaybacks).toHaveLength(0);
    expect(meeting.participants()).toEqual([]);
  });

  it('replaces the connection when a member comes back with a new session key', async () => {
    const { meeting, roster, peers } = meetingWithStun();
    await meeting.join();
    roster.join(C, speaker);
    roster.join(C, speaker);
    expect(peers.peers).toHaveLength(1);
    roster.leave(C);
    roster.join(C, speaker);
    expect(peers.open).toHaveLength(1);
    expect(peers.peers).toHaveLength(2);
  });
});

describe('Meeting recovery', () => {
  it('restarts ICE, then negotiates afresh, without user action (initiator)', async () => {
    const { meeting, roster, peers } = meetingWithStun({
      timing: { iceRestartDelayMs: 100, iceRestartTimeoutMs: 1_000 },
    });
    const steps: RecoveryStep['step'][] = [];
    meeting.events.on('recovery', ({ step }) => steps.push(step));
    await meeting.join();
    roster.join(C, speaker);
    const first = peers.last;
    first?.setState('connected');
    expect(meeting.participants()[0]?.link).toBe('connected');

    first?.setState('disconnected');
    expect(meeting.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    expect(first?.iceRestarts).toBe(1);
    expect(steps).toEqual(['ice-restart']);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(steps).toEqual(['ice-restart', 'renegotiate']);
    expect(first?.destroyed).toBe(true);
    expect(peers.open).toHaveLength(1);
    expect(peers.last?.initiator).toBe(true);

    peers.last?.setState('connected');
    expect(meeting.status).toBe('live');
  });

  it('with every relay down, keeps restarting ICE over the open data channel instead of dropping it, and negotiates afresh once a relay is back', async () => {
    let relaysUp = false;
    const links: { remote: Address; link: DataLink }[] = [];
    const received: [Address, string][] = [];
    const relay: LinkRelay = {
      attach: (remote, link) => links.push({ remote, link }),
      receive: (remote, text) => received.push([remote, text]),
      relaysUp: () => relaysUp,
    };
    const { meeting, roster, peers } = meetingWithStun({
      links: relay,
      timing: { iceRestartDelayMs: 100, iceRestartTimeoutMs: 1_000 },
    });
    await meeting.join();
    roster.join(C, speaker);
    const first = peers.last;
    if (!first) throw new Error('no peer');
    first.channelOpen = true;
    first.setState('connected');
    // The room's graph writes reach C over this connection's data channel, and C's come back.
    expect(links.map(({ remote }) => remote)).toEqual([C]);
    expect(links[0]?.link.send('beat')).toBe(true);
    expect(first.sentData).toEqual(['beat']);
    first.emitData('beat from C');
    expect(received).toEqual([[C, 'beat from C']]);

    first.setState('disconnected');
    await vi.advanceTimersByTimeAsync(100 + 3 * 1_000);
    expect(first.iceRestarts).toBe(4);
    expect(first.destroyed).toBe(false);
    expect(meeting.participants()[0]?.link).toBe('reconnecting');

    relaysUp = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(first.destroyed).toBe(true);
    expect(peers.open).toHaveLength(1);
  });

  it('a restart that reconnects cancels the fresh negotiation', async () => {
    const { meeting, roster, peers } = meetingWithStun();
    await meeting.join();
    roster.join(C, speaker);
    peers.last?.setState('connected');
    peers.last?.setState('disconnected');
    await vi.advanceTimersByTimeAsync(600);
    peers.last?.setState('connected');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(peers.peers).toHaveLength(1);
  });

  it('the answering side asks the initiator for a new session when stuck', async () => {
    const { meeting, signaling, peers } = meetingWithStun({
      timing: { iceRestartDelayMs: 100, iceRestartTimeoutMs: 1_000 },
    });
    await meeting.join();
    signaling.deliver(A, offer('s1'));
    const peer = peers.last;
    peer?.setState('connected');
    peer?.setState('failed');
    await vi.advanceTimersByTimeAsync(1_100);
    expect(peer?.iceRestarts).toBe(1);
    expect(signaling.sent.at(-1)).toEqual({
      to: A,
      payload: { mesh: 1, session: 's1', reconnect: true },
    });
    // The initiator answers with a new session: a fresh peer replaces the old one.
    signaling.deliver(A, offer('s2'));
    expect(peer?.destroyed).toBe(true);
    expect(peers.open).toHaveLength(1);
  });

  it('the initiator opens a new session on a reconnect request and when a peer crashes', async () => {
    const { meeting, roster, signaling, peers } = meetingWithStun();
    await meeting.join();
    roster.join(C, speaker);
    const first = peers.last;
    signaling.deliver(C, { mesh: 1, session: '', reconnect: true });
    expect(first?.destroyed).toBe(true);
    peers.last?.crash();
    expect(peers.peers).toHaveLength(3);
  });

  it('a new connection that never comes up is negotiated again', async () => {
    const { meeting, roster, peers } = meetingWithStun({ timing: { connectTimeoutMs: 5_000 } });
    await meeting.join();
    roster.join(C, speaker);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(peers.peers).toHaveLength(2);
  });

  it('while recovering, fresh sessions are retried on the shorter interval', async () => {
    const { meeting, roster, peers } = meetingWithStun({
      timing: { connectTimeoutMs: 10_000, recoveryRetryMs: 2_000 },
    });
    await meeting.join();
    roster.join(C, speaker);
    peers.last?.setState('connected');
    peers.last?.crash();
    expect(peers.peers).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(peers.peers).toHaveLength(3);
    expect(peers.open).toHaveLength(1);
  });

  it('the answering side keeps candidates that arrive before their offer', async () => {
    const { meeting, signaling, peers } = meetingWithStun();
    await meeting.join();
    const candidate = { type: 'candidate', candidate: { candidate: 'c' } };
    signaling.deliver(A, { mesh: 1, session: 's1', signal: candidate });
    expect(peers.peers).toHaveLength(0);
    signaling.deliver(A, offer('s1'));
    expect(peers.last?.received).toEqual([{ type: 'offer', sdp: 'v=0' }, candidate]);
  });

  it('coming back online retries every link that is down', async () => {
    const { meeting, roster, peers, online } = meetingWithStun();
    await meeting.join();
    roster.join(C, speaker);
    peers.last?.setState('connected');
    peers.last?.setState('disconnected');
    online();
    expect(peers.peers).toHaveLength(2);
  });
});
