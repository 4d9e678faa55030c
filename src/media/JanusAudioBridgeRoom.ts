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
}

export const defaultAudioBridgeTiming: AudioBridgeTiming = {
  ...defaultJanusSessionTiming,
  disconnectedGraceMs: 3_000,
  retryDelaysMs: [250, 1_000, 2_000, 4_000],
  maxAttempts: 6,
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
  #failures = 0;
  #selfId = 0;
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
    this.#track = track;
    await this.#peer?.setTrack(track);
  }

  setMuted(muted: boolean): void {
    if (muted === this.#muted) return;
    this.#muted = muted;
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
      handle.onEvent((message) => this.#onEvent(message, lost));
      const peer = this.#options.createPeer({
        track: this.#track,
        iceServers: this.#options.iceServers,
      });
      attempt.add(() => peer.close());
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
      this.#peer = peer;
      this.#handle = handle;
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

  #onEvent(message: JanusMessage, lost: (error: AppError) => void): void {
    if (message.janus === 'hangup') {
      lost(mediaErrors.lost(`hangup: ${message.reason ?? 'no reason'}`));
      return;
    }
    const data = message.plugindata?.data;
    if (message.janus !== 'event' || !data) return;
    if (data.audiobridge === 'talking' || data.audiobridge === 'stopped-talking') {
      const member = data.id === undefined ? undefined : this.#participants.get(data.id);
      if (!member) return;
      this.#participants.set(data.id as number, {
        ...member,
        talking: data.audiobridge === 'talking',
      });
      this.#emitParticipants();
      return;
    }
    if (typeof data.leaving === 'number') {
      this.#participants.delete(data.leaving);
      this.#emitParticipants();
      return;
    }
    this.#applyParticipants(data);
  }

  #applyParticipants(data: AudioBridgeData): void {
    if (!data.participants) return;
    for (const { id, display, muted, talking } of data.participants) {
      if (id === this.#selfId) continue;
      const before = this.#participants.get(id);
      this.#participants.set(id, {
        display: display ?? before?.display ?? String(id),
        muted: muted ?? before?.muted ?? false,
        talking: talking ?? before?.talking ?? false,
      });
    }
    this.#emitParticipants();
  }

  #emitParticipants(): void {
    this.events.emit('participants', [...this.#participants.values()]);
  }

  #onLost(error: AppError): void {
    this.#attempt?.end();
    this.#attempt = undefined;
    this.#peer = undefined;
    this.#handle = undefined;
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
