import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { broadcastErrors } from './errors.ts';
import { FakeTrack, fakeBroadcaster } from './testing.ts';
import type { BroadcastState } from './types.ts';

const endpoint = { url: 'https://whip.test/live', token: 'secret' };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts a broadcast and brings its first connection up. */
async function live() {
  const fixture = fakeBroadcaster();
  const states: BroadcastState['status'][] = [];
  fixture.broadcaster.events.on('state', (state) => states.push(state.status));
  fixture.broadcaster.start(endpoint);
  await vi.advanceTimersByTimeAsync(0);
  fixture.peers[0]?.setState('connected');
  return { ...fixture, states };
}

describe('Broadcaster', () => {
  it('posts the offer of the mixed room, applies the answer and goes live', async () => {
    const { broadcaster, http, peers, mixers, states } = await live();
    expect(http.posts).toEqual([{ endpoint, offer: `offer-for-${mixers[0]?.output.id}` }]);
    expect(peers[0]?.answers).toEqual(['answer-1']);
    expect(peers[0]?.iceServers).toEqual([{ urls: 'stun:site.test' }]);
    expect(states).toEqual(['connecting', 'live']);
    expect(broadcaster.state.status).toBe('live');
  });

  it('mixes every track of the room, and members who come later', async () => {
    const { broadcaster, feed, mixers } = fakeBroadcaster();
    const microphone = new FakeTrack();
    const alice = new FakeTrack();
    feed.current = [microphone, alice];
    broadcaster.start(endpoint);
    expect(mixers[0]?.sources).toEqual([microphone, alice]);
    const bob = new FakeTrack();
    feed.set([microphone, alice, bob]);
    expect(mixers[0]?.sources).toEqual([microphone, alice, bob]);
  });

  it('stop sends DELETE for the resource, closes the connection and the mix', async () => {
    const { broadcaster, http, peers, mixers, feed } = await live();
    await broadcaster.stop();
    expect(http.deletes).toEqual(['https://whip.test/resource/1']);
    expect(peers[0]?.closed).toBe(true);
    expect(mixers[0]?.closed).toBe(true);
    expect(broadcaster.state.status).toBe('idle');
    // The mix no longer follows the room.
    feed.set([new FakeTrack()]);
    expect(mixers[0]?.sources).toEqual([]);
  });

  it('leaving the room (its scope ends) stops the broadcast and sends DELETE', async () => {
    const { broadcaster, http, scope } = await live();
    scope.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(http.deletes).toEqual(['https://whip.test/resource/1']);
    expect(broadcaster.state.status).toBe('idle');
  });

  it('a refused first POST fails at once with the reason, and nothing is retried', async () => {
    const { broadcaster, http, mixers } = fakeBroadcaster();
    http.refusals.push(broadcastErrors.fromStatus(401));
    broadcaster.start(endpoint);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(broadcaster.state).toMatchObject({
      status: 'failed',
      error: { code: 'BROADCAST_UNAUTHORIZED', details: 'HTTP 401' },
    });
    expect(http.posts).toHaveLength(1);
    expect(mixers[0]?.closed).toBe(true);
    // Stopping a failed broadcast clears the failure.
    await broadcaster.stop();
    expect(broadcaster.state.status).toBe('idle');
  });

  it('an unreachable endpoint on the first try fails with that reason', async () => {
    const { broadcaster, http } = fakeBroadcaster();
    http.refusals.push(broadcastErrors.unreachable());
    broadcaster.start(endpoint);
    await vi.advanceTimersByTimeAsync(0);
    expect(broadcaster.state).toMatchObject({
      status: 'failed',
      error: { code: 'BROADCAST_UNREACHABLE' },
    });
  });

  it('an answer whose media never connects fails after the connect timeout, with DELETE', async () => {
    const { broadcaster, http } = fakeBroadcaster();
    broadcaster.start(endpoint);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(broadcaster.state.status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(broadcaster.state).toMatchObject({
      status: 'failed',
      error: { code: 'BROADCAST_CONNECTION_FAILED' },
    });
    expect(http.deletes).toEqual(['https://whip.test/resource/1']);
  });

  it('a short blip heals by itself without a new session', async () => {
    const { broadcaster, http, peers } = await live();
    peers[0]?.setState('disconnected');
    await vi.advanceTimersByTimeAsync(2_000);
    peers[0]?.setState('connected');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(http.posts).toHaveLength(1);
    expect(broadcaster.state.status).toBe('live');
  });

  it('a lost connection is replaced by a new POST after a wait, and goes live again', async () => {
    const { broadcaster, http, peers, states } = await live();
    http.iceServers = [{ urls: 'turn:endpoint.test', username: 'u', credential: 'c' }];
    peers[0]?.setState('failed');
    expect(broadcaster.state).toMatchObject({ status: 'reconnecting', attempt: 1 });
    expect(http.deletes).toEqual(['https://whip.test/resource/1']);
    expect(peers[0]?.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(999);
    expect(http.posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(http.posts).toHaveLength(2);
    peers[1]?.setState('connected');
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    // A later loss starts counting again from the first wait.
    peers[1]?.setState('disconnected');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(broadcaster.state).toMatchObject({ status: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    // The endpoint's own ICE servers (Link headers of its last answer) are used from then on.
    expect(peers[2]?.iceServers).toEqual([
      { urls: 'turn:endpoint.test', username: 'u', credential: 'c' },
    ]);
  });

  it('waits longer after each failed try, then fails with the last reason', async () => {
    const { broadcaster, http, peers } = await live();
    http.refusals.push(broadcastErrors.fromStatus(503), broadcastErrors.unreachable());
    peers[0]?.setState('failed');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(http.posts).toHaveLength(2);
    expect(broadcaster.state).toMatchObject({ status: 'reconnecting', attempt: 2 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(http.posts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(http.posts).toHaveLength(3);
    expect(broadcaster.state).toMatchObject({
      status: 'failed',
      error: { code: 'BROADCAST_UNREACHABLE' },
    });
  });

  it('a refused key while reconnecting fails at once (another try would not change it)', async () => {
    const { broadcaster, http, peers } = await live();
    http.refusals.push(broadcastErrors.fromStatus(403));
    peers[0]?.setState('failed');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(broadcaster.state).toMatchObject({
      status: 'failed',
      error: { code: 'BROADCAST_UNAUTHORIZED' },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(http.posts).toHaveLength(2);
  });

  it('stopped while the endpoint is still answering: the late resource is deleted', async () => {
    const { broadcaster, http, peers } = fakeBroadcaster();
    http.hold = true;
    broadcaster.start(endpoint);
    await vi.advanceTimersByTimeAsync(0);
    await broadcaster.stop();
    http.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(http.deletes).toEqual(['https://whip.test/resource/1']);
    expect(peers[0]?.closed).toBe(true);
    expect(broadcaster.state.status).toBe('idle');
  });

  it('a second start while running is ignored; after a failure it starts afresh', async () => {
    const { broadcaster, http } = fakeBroadcaster();
    http.refusals.push(broadcastErrors.fromStatus(404));
    broadcaster.start(endpoint);
    broadcaster.start(endpoint);
    await vi.advanceTimersByTimeAsync(0);
    expect(http.posts).toHaveLength(1);
    expect(broadcaster.state.status).toBe('failed');
    broadcaster.start(endpoint);
    await vi.advanceTimersByTimeAsync(0);
    expect(http.posts).toHaveLength(2);
    expect(broadcaster.state.status).toBe('connecting');
  });
});
