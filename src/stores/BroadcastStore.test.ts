import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BroadcastSettings } from '../broadcast/BroadcastSettings.ts';
import { fakeBroadcaster } from '../broadcast/testing.ts';
import { C, fakeMeeting, fakeRemoteAudio, speaker } from '../mesh/testing.ts';
import { BroadcastStore, roomAudioFeed } from './BroadcastStore.svelte.ts';
import { MeetingStore } from './meeting.svelte.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function memory() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

function setup() {
  const fixture = fakeBroadcaster();
  const storage = memory();
  const store = new BroadcastStore({
    broadcaster: fixture.broadcaster,
    settings: new BroadcastSettings(storage, 'key'),
    allowedOrigins: ['https://livepeer.studio'],
    scope: fixture.scope,
  });
  return { ...fixture, storage, store };
}

describe('BroadcastStore', () => {
  it('refuses a URL in words before anything is sent, and keeps nothing', () => {
    const { store, http, storage } = setup();
    store.start({ url: 'https://evil.example/whip', token: '' });
    expect(store.inputError?.code).toBe('BROADCAST_HOST_NOT_ALLOWED');
    expect(store.state.status).toBe('idle');
    expect(http.posts).toHaveLength(0);
    expect(storage.map.size).toBe(0);
  });

  it('starts, shows the state, and keeps the target in this browser', async () => {
    const { store, peers, storage } = setup();
    store.start({ url: 'https://livepeer.studio/webrtc/key', token: '' });
    expect(store.state.status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(0);
    peers[0]?.setState('connected');
    expect(store.state.status).toBe('live');
    expect(JSON.parse(storage.map.get('key') ?? '{}')).toEqual({
      url: 'https://livepeer.studio/webrtc/key',
      token: '',
    });
    store.forget();
    expect(storage.map.size).toBe(0);
    expect(store.target.url).toBe('');
  });
});

describe('roomAudioFeed', () => {
  it("mixes the host's microphone and every member's incoming track", async () => {
    const { meeting, roster, peers, audio, scope } = fakeMeeting();
    const feed = roomAudioFeed(new MeetingStore(meeting, scope));
    let changes = 0;
    feed.onChange(() => changes++, scope);
    await meeting.join();
    roster.join(C, speaker);
    const fromC = fakeRemoteAudio();
    peers.last?.emitTrack(fromC);
    expect(feed.tracks()).toEqual([audio.captures[0]?.track, fromC.track]);
    expect(changes).toBeGreaterThan(0);
  });
});
