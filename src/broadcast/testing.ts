// Hand-written fakes of OUR broadcast interfaces (WhipHttp, BroadcastPeer, AudioMixer,
// RoomAudioFeed) for unit tests. Not imported by the app.
import { Emitter } from '../core/Emitter.ts';
import type { AppError } from '../core/errors.ts';
import { Scope } from '../core/Scope.ts';
import type { AudioTrack, IceServer } from '../peers/types.ts';
import { Broadcaster, type BroadcasterOptions } from './Broadcaster.ts';
import type {
  AudioMixer,
  BroadcastPeer,
  BroadcastPeerState,
  RoomAudioFeed,
  WhipEndpoint,
  WhipHttp,
  WhipResource,
} from './types.ts';

let nextId = 0;

/** A track that records enabled/stop. */
export class FakeTrack implements AudioTrack {
  readonly id = `track-${nextId++}`;
  readonly kind = 'audio';
  readyState: 'live' | 'ended' = 'live';
  enabled = true;
  stop(): void {
    this.readyState = 'ended';
  }
}

/** An endpoint that answers each POST as the test says, and records every request. */
export class FakeWhipHttp implements WhipHttp {
  readonly posts: { endpoint: WhipEndpoint; offer: string }[] = [];
  readonly deletes: string[] = [];
  /** Errors for the next POSTs, in order; none left means 201. */
  readonly refusals: AppError[] = [];
  iceServers: IceServer[] = [];
  #pending: (() => void) | undefined;
  /** When set, POSTs wait for release() before answering. */
  hold = false;

  async publish(endpoint: WhipEndpoint, offer: string): Promise<WhipResource> {
    this.posts.push({ endpoint, offer });
    if (this.hold) await new Promise<void>((resolve) => (this.#pending = resolve));
    const refusal = this.refusals.shift();
    if (refusal) throw refusal;
    const n = this.posts.length;
    return {
      location: `https://whip.test/resource/${n}`,
      answer: `answer-${n}`,
      iceServers: this.iceServers,
    };
  }

  async remove(_endpoint: WhipEndpoint, location: string): Promise<void> {
    this.deletes.push(location);
  }

  /** Lets a held POST answer. */
  release(): void {
    this.hold = false;
    this.#pending?.();
  }
}

/** A peer connection whose state the test sets. */
export class FakeBroadcastPeer implements BroadcastPeer {
  readonly answers: string[] = [];
  closed = false;
  readonly #events = new Emitter<{ state: BroadcastPeerState }>();

  constructor(
    readonly track: AudioTrack,
    readonly iceServers: readonly IceServer[],
  ) {}

  async offer(): Promise<string> {
    return `offer-for-${this.track.id}`;
  }

  async answer(sdp: string): Promise<void> {
    this.answers.push(sdp);
  }

  onState(listener: (state: BroadcastPeerState) => void): void {
    this.#events.on('state', listener);
  }

  setState(state: BroadcastPeerState): void {
    this.#events.emit('state', state);
  }

  close(): void {
    this.closed = true;
  }
}

/** A mixer that records its sources. */
export class FakeMixer implements AudioMixer {
  readonly output = new FakeTrack();
  sources: readonly AudioTrack[] = [];
  closed = false;
  setSources(tracks: readonly AudioTrack[]): void {
    this.sources = [...tracks];
  }
  close(): void {
    this.closed = true;
  }
}

/** The room's audio as the test sets it. */
export class FakeFeed implements RoomAudioFeed {
  current: AudioTrack[] = [];
  readonly #events = new Emitter<{ change: undefined }>();
  tracks(): readonly AudioTrack[] {
    return this.current;
  }
  onChange(listener: () => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
  }
  set(tracks: AudioTrack[]): void {
    this.current = tracks;
    this.#events.emit('change', undefined);
  }
}

/** A Broadcaster over fakes, and the fakes it runs on. */
export function fakeBroadcaster(options: Partial<BroadcasterOptions> = {}) {
  const http = new FakeWhipHttp();
  const feed = new FakeFeed();
  const peers: FakeBroadcastPeer[] = [];
  const mixers: FakeMixer[] = [];
  const scope = new Scope();
  const broadcaster = new Broadcaster({
    feed,
    http,
    createPeer: ({ track, iceServers }) => {
      const peer = new FakeBroadcastPeer(track, iceServers);
      peers.push(peer);
      return peer;
    },
    createMixer: () => {
      const mixer = new FakeMixer();
      mixers.push(mixer);
      return mixer;
    },
    iceServers: [{ urls: 'stun:site.test' }],
    scope,
    timing: { connectTimeoutMs: 10_000, disconnectGraceMs: 3_000, retryDelaysMs: [1_000, 2_000] },
    ...options,
  });
  return { broadcaster, http, feed, peers, mixers, scope };
}
