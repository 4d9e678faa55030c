import { type Clock, systemClock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { IceServer } from '../peers/types.ts';
import { broadcastErrors, isFinalRefusal } from './errors.ts';
import {
  type AudioMixer,
  type BroadcastEvents,
  type BroadcastPeer,
  type BroadcastPeerFactory,
  type BroadcastPeerState,
  type BroadcastState,
  type BroadcastTiming,
  defaultBroadcastTiming,
  type RoomAudioFeed,
  type WhipEndpoint,
  type WhipHttp,
} from './types.ts';

/** What a Broadcaster needs; the composition of real parts is createBrowserBroadcaster. */
export interface BroadcasterOptions {
  feed: RoomAudioFeed;
  http: WhipHttp;
  createPeer: BroadcastPeerFactory;
  createMixer: () => AudioMixer;
  /** The site's STUN/TURN servers, until an endpoint names its own in Link headers. */
  iceServers: readonly IceServer[];
  /** The broadcast stops (and its resource is deleted) when this scope ends. */
  scope: Scope;
  timing?: Partial<BroadcastTiming>;
  clock?: Clock;
}

/** One broadcast from start() to stop() or failure: the mix and the connection in use. */
interface Run {
  endpoint: WhipEndpoint;
  scope: Scope;
  mixer: AudioMixer;
  iceServers: readonly IceServer[];
  session: Session | undefined;
  /** Retries spent since the connection was last up. */
  retries: number;
  /** Whether media ever flowed: before that, a failure is shown at once, not retried. */
  wasLive: boolean;
}

/** One WHIP session: a peer connection and, once the endpoint answered, its resource. */
interface Session {
  peer: BroadcastPeer;
  scope: Scope;
  location: string | undefined;
  connected: boolean;
}

const idle: BroadcastState = { status: 'idle' };

/**
 * Sends the room's audio, mixed into one track, to a WHIP endpoint (RFC 9725): POST the
 * offer, apply the answer, DELETE the resource on stop. Members who join later are mixed in
 * as their audio arrives. A connection lost while live is replaced by a new POST after a
 * growing wait (re-POST rather than an ICE restart by PATCH, which few endpoints support);
 * a refused key or unknown stream fails at once with the reason.
 *
 * @example
 * const broadcaster = new Broadcaster({ feed, http: new WhipHttpClient(), createPeer,
 *   createMixer: () => new WebAudioMixer(), iceServers: config.iceServers, scope });
 * broadcaster.events.on('state', (state) => show(state));
 * broadcaster.start({ url: 'https://livepeer.studio/webrtc/<stream key>' });
 */
export class Broadcaster {
  readonly events = new Emitter<BroadcastEvents>();
  readonly #options: BroadcasterOptions;
  readonly #timing: BroadcastTiming;
  readonly #clock: Clock;
  #state: BroadcastState = idle;
  #run: Run | undefined;

  constructor(options: BroadcasterOptions) {
    this.#options = options;
    this.#timing = { ...defaultBroadcastTiming, ...options.timing };
    this.#clock = options.clock ?? systemClock;
    // Leaving the room ends the broadcast, and the endpoint is told (DELETE).
    options.scope.add(() => void this.stop());
  }

  get state(): BroadcastState {
    return this.#state;
  }

  /** Starts broadcasting to `endpoint`; does nothing while a broadcast is running. */
  start(endpoint: WhipEndpoint): void {
    if (this.#run || this.#options.scope.ended) return;
    const { feed, createMixer, iceServers } = this.#options;
    const scope = this.#options.scope.child();
    const mixer = createMixer();
    scope.add(() => mixer.close());
    mixer.setSources(feed.tracks());
    feed.onChange(() => mixer.setSources(feed.tracks()), scope);
    const run: Run = {
      endpoint,
      scope,
      mixer,
      iceServers,
      session: undefined,
      retries: 0,
      wasLive: false,
    };
    this.#run = run;
    this.#set({ status: 'connecting' });
    void this.#connect(run);
  }

  /** Stops broadcasting; resolves once the endpoint was sent its DELETE (if it had a session). */
  async stop(): Promise<void> {
    const run = this.#run;
    this.#run = undefined;
    if (!run) {
      if (this.#state.status === 'failed') this.#set(idle);
      return;
    }
    const session = run.session;
    run.session = undefined;
    run.scope.end();
    this.#set(idle);
    if (session) await this.#release(run, session);
  }

  async #connect(run: Run): Promise<void> {
    if (this.#run !== run) return;
    let session: Session | undefined;
    try {
      const peer = this.#options.createPeer({
        track: run.mixer.output,
        iceServers: run.iceServers,
      });
      const current: Session = {
        peer,
        scope: run.scope.child(),
        location: undefined,
        connected: false,
      };
      session = current;
      run.session = current;
      current.scope.add(() => peer.close());
      peer.onState((state) => this.#onPeerState(run, current, state));
      const offer = await peer.offer();
      if (run.session !== current) return;
      const resource = await this.#options.http.publish(run.endpoint, offer);
      current.location = resource.location;
      // Stopped or replaced while the endpoint answered: its new resource goes at once.
      if (run.session !== current) return await this.#release(run, current);
      if (resource.iceServers.length > 0) run.iceServers = resource.iceServers;
      await peer.answer(resource.answer);
      current.scope.setTimeout(() => {
        if (!current.connected)
          this.#lost(run, current, broadcastErrors.connectionFailed('timeout'));
      }, this.#timing.connectTimeoutMs);
    } catch (error) {
      if (session) this.#lost(run, session, AppError.from(error));
    }
  }

  #onPeerState(run: Run, session: Session, state: BroadcastPeerState): void {
    if (run.session !== session) return;
    if (state === 'connected') {
      session.connected = true;
      run.retries = 0;
      run.wasLive = true;
      if (this.#state.status !== 'live') this.#set({ status: 'live', since: this.#clock.now() });
    } else if (state === 'disconnected') {
      // Short blips heal by themselves (ICE keeps checking); a longer one gets a new session.
      session.connected = false;
      session.scope.setTimeout(() => {
        if (!session.connected) this.#lost(run, session, broadcastErrors.connectionFailed('lost'));
      }, this.#timing.disconnectGraceMs);
    } else if (state === 'failed') {
      this.#lost(run, session, broadcastErrors.connectionFailed('ICE failed'));
    }
  }

  /** The session is gone: try again after a wait, or fail with the reason. */
  #lost(run: Run, session: Session, error: AppError): void {
    if (this.#run !== run || run.session !== session) return;
    run.session = undefined;
    void this.#release(run, session);
    const delay = this.#timing.retryDelaysMs[run.retries];
    if (!run.wasLive || isFinalRefusal(error) || delay === undefined) {
      this.#run = undefined;
      run.scope.end();
      this.#set({ status: 'failed', error });
      return;
    }
    run.retries++;
    this.#set({ status: 'reconnecting', attempt: run.retries, error });
    run.scope.setTimeout(() => void this.#connect(run), delay);
  }

  /** Closes the session's connection and deletes its resource on the endpoint. */
  async #release(run: Run, session: Session): Promise<void> {
    session.scope.end();
    const { location } = session;
    if (location === undefined) return;
    session.location = undefined;
    // A DELETE that fails is not retried: an endpoint ends a resource whose media stopped
    // by itself (RFC 9725 leaves that to its timeout), and there is nothing the host can do.
    await this.#options.http.remove(run.endpoint, location).catch(() => undefined);
  }

  #set(state: BroadcastState): void {
    this.#state = state;
    this.events.emit('state', state);
  }
}
