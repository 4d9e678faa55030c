import { type Clock, systemClock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { AudioTrack, IceServer } from '../peers/types.ts';
import { mediaErrors } from './errors.ts';
import { defaultJanusSessionTiming, type JanusHandle, JanusSession } from './JanusSession.ts';
import type { JanusTransportFactory } from './JanusTransport.ts';
import type { AudioBridgeData, JanusMessage } from './janusMessages.ts';
import type { MediaPeer, MediaPeerFactory } from './MediaPeer.ts';
import type { MediaGrant } from './mediaGrant.ts';
import type {
  MediaParticipant,
  MediaRoom,
  MediaRoomAbilities,
  MediaRoomEvents,
  MediaRoomState,
} from './types.ts';

/** Timers of the room, in ms; tests shorten them. */
export interface AudioBridgeTiming {
  keepaliveMs: number;
  requestTimeoutMs: number;
  /** ICE `disconnected` this long counts as lost (short blips heal alone). */
  disconnectedGraceMs: number;
  /** Waits before each reconnection attempt; the last one repeats. */
  retryDelaysMs: readonly number[];
  /** Attempts in a row that fail before the room reads `failed` (and another server is tried). */
  maxAttempts: number;
  /**
   * Waits before asking the gate again when this member may now speak (it holds a microphone)
   * but the fresh grant still names the listeners' room: the moderator's decision may not have
   * reached the gate yet. Bounded: after the last, the member stays where it is.
   */
  moveRetryDelaysMs: readonly number[];
}

export const defaultAudioBridgeTiming: AudioBridgeTiming = {
  ...defaultJanusSessionTiming,
  disconnectedGraceMs: 3_000,
  retryDelaysMs: [250, 1_000, 2_000, 4_000],
  maxAttempts: 6,
  moveRetryDelaysMs: [1_000, 2_000, 4_000],
};

/** What a JanusAudioBridgeRoom needs; the composition root passes the real parts. */
export interface JanusAudioBridgeRoomOptions {
  /** Asks the room's gate for a fresh grant; called before every (re)connection. */
  grant: () => Promise<MediaGrant>;
  connect: JanusTransportFactory;
  createPeer: MediaPeerFactory;
  iceServers: readonly IceServer[];
  /** The room ends with this scope (or earlier, on leave()). */
  scope: Scope;
  clock?: Clock;
  timing?: Partial<AudioBridgeTiming>;
  /** Calls back when the page comes back online; defaults to window 'online' where present. */
  watchOnline?: (listener: () => void, scope: Scope) => void;
}

const AUDIOBRIDGE = 'janus.plugin.audiobridge';

function watchWindowOnline(listener: () => void, scope: Scope): void {
  globalThis.addEventListener?.('online', listener, { signal: scope.signal });
}

/**
 * A MediaRoom on Janus's AudioBridge plugin: the server mixes the room, so this member holds
 * one connection and receives one stream whatever the room's size. Over Janus's documented
 * WebSocket API: session, attach, `join` with the gate's token, `configure` with a JSEP offer,
 * trickle ICE, keepalives. A lost link (socket, keepalive, ICE) reconnects with a fresh grant;
 * after `maxAttempts` failures in a row the room reads `failed` with the reason.
 *
 * On a stage the gate seats listeners in a second room that the server mutes as a whole. A
 * listener given a microphone (invited, and it said yes) asks the gate for a fresh grant and
 * moves to the speakers' room with `changeroom` on the same PeerConnection, its mute kept; a
 * member the server puts out (a moderator moved it to the listeners: the gate kicks it, which
 * closes its PeerConnection) joins again at once with a fresh grant, for the room the gate
 * now allows.
 *
 * Per-member volume is not possible here: AudioBridge sends one mixed stream.
 *
 * @example
 * const room = new JanusAudioBridgeRoom({ grant: () => requestMediaGrant(...),
 *   connect: createWebSocketJanusTransport, createPeer: createBrowserMediaPeer,
 *   iceServers: config.iceServers, scope });
 * room.events.on('audio', (mix) => play(mix));
 * await room.join(microphone);
 */
export class JanusAudioBridgeRoom implements MediaRoom {
  readonly events = new Emitter<MediaRoomEvents>();
  readonly abilities: MediaRoomAbilities = { perMemberVolume: false };
  readonly #options: JanusAudioBridgeRoomOptions;
  readonly #scope: Scope;
  readonly #timing: AudioBridgeTiming;
  readonly #clock: Clock;
  #state: MediaRoomState = { status: 'idle' };
  #track: AudioTrack | null = null;
  #muted = false;
  #canSpeak = true;
  #attempt: Scope | undefined;
  #peer: MediaPeer | undefined;
  #handle: JanusHandle | undefined;
  #session: JanusSession | undefined;
  #failures = 0;
  #selfId = 0;
  /** The AudioBridge room this member is in (speakers' or, on a stage, listeners'). */
  #room = 0;
  /** The attempt during which a move to the speakers' room is under way. */
  #moving: Scope | undefined;
  /** Put out by the server: the microphone still held is no new invitation to speak. */
  #putOut = false;
  #server: string | undefined;
  /** The current attempt's connection state, as the peer last reported it. */
  #peerState = 'connecting';
  readonly #participants = new Map<number, MediaParticipant>();
  #joined: { resolve(): void; reject(error: AppError): void } | undefined;

  constructor(options: JanusAudioBridgeRoomOptions) {
    this.#options = options;
    this.#scope = options.scope.child();
    this.#timing = { ...defaultAudioBridgeTiming, ...options.timing };
    this.#clock = options.clock ?? systemClock;
    this.#scope.add(() => this.#setState({ status: 'left' }));
  }

  get state(): MediaRoomState {
    return this.#state;
  }

  get server(): string | undefined {
    return this.#server;
  }

  join(track: AudioTrack | null): Promise<void> {
    if (this.#state.status !== 'idle') return Promise.resolve();
    this.#track = track;
    const joined = new Promise<void>((resolve, reject) => {
      this.#joined = { resolve, reject };
    });
    (this.#options.watchOnline ?? watchWindowOnline)(() => this.#retryNow(), this.#scope);
    this.#setState({ status: 'connecting' });
    void this.#connect();
    return joined;
  }

  async setTrack(track: AudioTrack | null): Promise<void> {
    if (track !== this.#track) this.#putOut = false;
    this.#track = track;
    await this.#peer?.setTrack(this.#sending());
    this.#followRole();
  }

  setMuted(muted: boolean): void {
    if (muted === this.#muted) return;
    this.#muted = muted;
    this.#peer?.setTrack(this.#sending()).catch((error: unknown) => {
      console.warn('media: the microphone could not be switched', error);
    });
    this.#handle?.message({ request: 'configure', muted: this.#serverMuted() }).catch(() => {
      // A lost link reconnects and joins with the current mute state.
    });
  }

  leave(): void {
    if (this.#handle && !this.#scope.ended) {
      this.#handle.message({ request: 'leave' }).catch(() => {});
    }
    this.#scope.end();
  }

  #serverMuted(): boolean {
    return this.#muted || !this.#canSpeak;
  }

  /**
   * What the connection carries: nothing while muted, so that a muted member spends no encoder
   * and the server no decoder on silence (most of a large room is muted); the track is set again,
   * without renegotiation, on unmute.
   */
  #sending(): AudioTrack | null {
    return this.#muted ? null : this.#track;
  }

  async #connect(): Promise<void> {
    const attempt = this.#scope.child();
    this.#attempt = attempt;
    const lost = (error: AppError) => {
      if (this.#attempt === attempt) this.#onLost(error);
    };
    try {
      const grant = await this.#options.grant();
      if (attempt.ended) return;
      this.#canSpeak = grant.canSpeak;
      this.#selfId = grant.id;
      this.#room = grant.room;
      this.#server = new URL(grant.server).host;
      const transport = await this.#options.connect(grant.server);
      if (attempt.ended) return transport.close();
      // The server takes the grant's token on every request (`token_auth`), not only the join.
      const session = await JanusSession.create(transport, attempt, lost, {
        timing: this.#timing,
        auth: { token: grant.token },
      });
      const handle = await session.attach(AUDIOBRIDGE);
      if (attempt.ended) return;
      handle.onEvent((message) => this.#onEvent(message, attempt, lost));
      const peer = this.#options.createPeer({
        track: this.#sending(),
        iceServers: this.#options.iceServers,
      });
      attempt.add(() => peer.close());
      // Known from now on, so that a mute, unmute or new microphone while it connects reaches it.
      this.#peer = peer;
      peer.onCandidate((candidate) => handle.trickle(candidate));
      peer.onTrack((remote) => this.events.emit('audio', remote));
      peer.onState((state) => this.#onPeerState(state, attempt, lost));
      // The offer is made while the join travels: one round trip less before audio.
      const offer = peer.offer();
      const joined = await handle.message({
        request: 'join',
        room: grant.room,
        id: grant.id,
        display: grant.display,
        token: grant.token,
        muted: this.#serverMuted(),
      });
      this.#participants.clear();
      this.#applyParticipants(joined.data);
      const configured = await handle.message(
        { request: 'configure', muted: this.#serverMuted() },
        { type: 'offer', sdp: await offer },
      );
      if (!configured.jsep) throw mediaErrors.refused('configure', 'no answer');
      await peer.answer(configured.jsep.sdp);
      if (attempt.ended) return;
      this.#handle = handle;
      this.#session = session;
      this.#followRole();
    } catch (error) {
      lost(AppError.from(error));
    }
  }

  #onPeerState(state: string, attempt: Scope, lost: (error: AppError) => void): void {
    if (this.#attempt !== attempt) return;
    this.#peerState = state;
    if (state === 'connected') {
      this.#failures = 0;
      this.#setState({ status: 'live', since: this.#clock.now() });
      this.#joined?.resolve();
      this.#joined = undefined;
    } else if (state === 'failed') {
      lost(mediaErrors.lost('audio connection failed'));
    } else if (state === 'disconnected') {
      attempt.setTimeout(() => {
        // Healed meanwhile (connected again): nothing to do.
        if (this.#attempt === attempt && this.#peerState === 'disconnected') {
          lost(mediaErrors.lost('audio connection interrupted'));
        }
      }, this.#timing.disconnectedGraceMs);
    }
  }

  #onEvent(message: JanusMessage, attempt: Scope, lost: (error: AppError) => void): void {
    if (this.#attempt !== attempt) return;
    if (message.janus === 'hangup') {
      lost(mediaErrors.lost(`hangup: ${message.reason ?? 'no reason'}`));
      return;
    }
    const data = message.plugindata?.data;
    if (message.janus !== 'event' || !data) return;
    if (data.audiobridge === 'talking' || data.audiobridge === 'stopped-talking') {
      // The server tells the speaker too: this member's ring, without a meter of its own.
      if (data.id === this.#selfId) {
        this.events.emit('talking', data.audiobridge === 'talking');
        return;
      }
      const member = data.id === undefined ? undefined : this.#participants.get(data.id);
      if (!member) return;
      this.#participants.set(data.id as number, {
        ...member,
        talking: data.audiobridge === 'talking',
      });
      this.#emitParticipants();
      return;
    }
    if (data.kicked === this.#selfId) {
      this.#rejoin();
      return;
    }
    const gone = typeof data.leaving === 'number' ? data.leaving : data.kicked;
    if (typeof gone === 'number') {
      this.#participants.delete(gone);
      this.#emitParticipants();
      return;
    }
    this.#applyParticipants(data);
  }

  #applyParticipants(data: AudioBridgeData): void {
    if (!data.participants) return;
    for (const { id, display, muted, talking, setup } of data.participants) {
      if (id === this.#selfId) continue;
      const before = this.#participants.get(id);
      this.#participants.set(id, {
        display: display ?? before?.display ?? String(id),
        muted: muted ?? before?.muted ?? false,
        talking: talking ?? before?.talking ?? false,
        connected: setup ?? before?.connected ?? false,
      });
    }
    this.#emitParticipants();
  }

  #emitParticipants(): void {
    this.events.emit('participants', [...this.#participants.values()]);
  }

  /**
   * A listener holding a microphone belongs with the speakers: once the gate agrees (a fresh
   * grant for another room that may speak), move there on the same connection.
   */
  #followRole(): void {
    const attempt = this.#attempt;
    if (!attempt || !this.#handle || this.#moving === attempt || !this.#wantsToSpeak()) return;
    this.#moving = attempt;
    this.#moveToSpeakers(attempt)
      .catch((error: unknown) => {
        // The server refused the move: a new session with a fresh grant sorts it out.
        if (this.#attempt === attempt) this.#onLost(AppError.from(error));
      })
      .finally(() => {
        if (this.#moving === attempt) this.#moving = undefined;
      });
  }

  #wantsToSpeak(): boolean {
    return this.#track !== null && !this.#canSpeak && !this.#putOut;
  }

  async #moveToSpeakers(attempt: Scope): Promise<void> {
    for (const delay of [0, ...this.#timing.moveRetryDelaysMs]) {
      if (delay > 0) await new Promise<void>((resolve) => attempt.setTimeout(resolve, delay));
      if (this.#attempt !== attempt || !this.#wantsToSpeak()) return;
      // A gate that does not answer now may answer the next ask; the room stays live meanwhile.
      const grant = await this.#options.grant().catch(() => undefined);
      if (this.#attempt !== attempt || !this.#wantsToSpeak()) return;
      // Still the listeners' room: the moderator's decision has not reached the gate yet.
      if (!grant?.canSpeak || grant.room === this.#room) continue;
      await this.#changeRoom(grant);
      return;
    }
  }

  async #changeRoom(grant: MediaGrant): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    // The new token opens the new room; the gate revokes the old one once it is unused.
    this.#session?.setAuth({ token: grant.token });
    this.#canSpeak = grant.canSpeak;
    this.#selfId = grant.id;
    const changed = await handle.message({
      request: 'changeroom',
      room: grant.room,
      id: grant.id,
      display: grant.display,
      token: grant.token,
      muted: this.#serverMuted(),
    });
    this.#room = grant.room;
    // `roomchanged` lists everyone already in the new room, as `joined` does.
    this.#participants.clear();
    this.#applyParticipants({ participants: changed.data.participants ?? [] });
  }

  /**
   * The server put this member out of its room: a moderator moved it to the listeners (the
   * gate kicks it from the speakers' room, which closes its PeerConnection). Not a failure:
   * join again at once, with a fresh grant naming the room the gate allows now.
   */
  #rejoin(): void {
    this.#putOut = true;
    this.#endAttempt();
    if (!this.#scope.ended) void this.#connect();
  }

  #endAttempt(): void {
    this.#attempt?.end();
    this.#attempt = undefined;
    this.#peer = undefined;
    this.#handle = undefined;
    this.#session = undefined;
  }

  #onLost(error: AppError): void {
    this.#endAttempt();
    if (this.#scope.ended) return;
    this.#failures += 1;
    if (this.#failures >= this.#timing.maxAttempts) {
      this.#setState({ status: 'failed', error });
      this.#joined?.reject(error);
      this.#joined = undefined;
      return;
    }
    this.#setState({ status: 'reconnecting', attempt: this.#failures, error });
    const delays = this.#timing.retryDelaysMs;
    const delay = delays[Math.min(this.#failures - 1, delays.length - 1)] ?? 1_000;
    this.#scope.setTimeout(() => {
      if (!this.#attempt && this.#state.status === 'reconnecting') void this.#connect();
    }, delay);
  }

  /** The page is back online: a room that is reconnecting tries now instead of waiting. */
  #retryNow(): void {
    if (this.#state.status === 'reconnecting' && !this.#attempt) void this.#connect();
  }

  #setState(state: MediaRoomState): void {
    if (this.#state.status === 'left') return;
    this.#state = state;
    this.events.emit('state', state);
  }
}
