import type { Address } from 'viem';
import { Emitter } from '../core/Emitter.ts';
import type { Scope } from '../core/Scope.ts';
import type {
  AudioTrack,
  IceServer,
  PeerConnection,
  PeerFactory,
  PeerState,
  PeerStats,
  RemoteAudio,
} from '../peers/types.ts';
import type { SignalPayload } from '../signaling/types.ts';
import type { MeshSignal } from './meshSignal.ts';
import type { LinkStatus, MeshTiming } from './types.ts';

/** Inputs of a PeerLink; callbacks rather than imports, so tests drive it directly. */
export interface PeerLinkOptions {
  remote: Address;
  initiator: boolean;
  createPeer: PeerFactory;
  iceServers: readonly IceServer[];
  timing: MeshTiming;
  /** Ends with the link; the link ends it on close(). */
  scope: Scope;
  send(message: MeshSignal): void;
  newSessionId(): string;
  /**
   * Whether some graph relay answers (default: yes). While none does, a lost connection is
   * not replaced by a fresh session, which could not be negotiated and would close the data
   * channel that still carries this link's ICE restarts: ICE is restarted again instead.
   */
  relaysUp?(): boolean;
}

/** Events of one PeerLink. */
export type PeerLinkEvents = {
  status: LinkStatus;
  track: RemoteAudio;
  recovery: 'ice-restart' | 'renegotiate';
  /** Text from the remote side's data channel (untrusted). */
  data: string;
};

interface Session {
  id: string;
  peer: PeerConnection;
  scope: Scope;
  /** simple-peer keys its sender by the first track added; replacements go through it. */
  senderKey: AudioTrack | undefined;
  /** Cancels the pending timeout of this session (connect or recovery). */
  timer: Scope | undefined;
}

/** Signals for a session whose offer has not arrived yet (the graph does not keep order). */
const MAX_EARLY_SIGNALS = 64;

/**
 * The audio link to one remote member across reconnections. The initiator (lower address)
 * opens sessions; the other side answers offers and asks for a new session when stuck.
 * Recovery: disconnected/failed -> ICE restart -> fresh session after a timeout.
 */
export class PeerLink {
  readonly events = new Emitter<PeerLinkEvents>();
  readonly remote: Address;
  readonly initiator: boolean;
  readonly #options: PeerLinkOptions;
  #session: Session | undefined;
  #track: AudioTrack | null = null;
  #status: LinkStatus = 'connecting';
  #everConnected = false;
  #early: { session: string; signals: SignalPayload[] } | undefined;
  /** Waiting for the initiator while we have no session (answering side only). */
  #waitTimer: Scope | undefined;

  constructor(options: PeerLinkOptions) {
    this.#options = options;
    this.remote = options.remote;
    this.initiator = options.initiator;
    options.scope.add(() => this.#setStatus('closed'));
  }

  get status(): LinkStatus {
    return this.#status;
  }

  /** Initiator: opens the first session. Answerer: waits, and asks again if nothing comes. */
  start(): void {
    if (this.initiator) this.#open(this.#options.newSessionId());
    else this.#waitForOffer();
  }

  /** Handles a message from the remote member. */
  handle(message: MeshSignal): void {
    if (this.#options.scope.ended) return;
    const session = this.#session;
    if (this.initiator) {
      if (message.reconnect) {
        const stale = message.session !== '' && message.session !== session?.id;
        if (!stale || session?.peer.state !== 'connected') this.#renegotiate();
        return;
      }
      if (message.signal && session && message.session === session.id) {
        session.peer.signal(message.signal);
      }
      return;
    }
    if (!message.signal) return;
    if (session && message.session === session.id) {
      session.peer.signal(message.signal);
    } else if (message.signal.type === 'offer') {
      const early = this.#early?.session === message.session ? this.#early.signals : [];
      this.#early = undefined;
      this.#open(message.session);
      for (const signal of [message.signal, ...early]) this.#session?.peer.signal(signal);
    } else {
      if (this.#early?.session !== message.session) {
        this.#early = { session: message.session, signals: [] };
      }
      if (this.#early.signals.length < MAX_EARLY_SIGNALS) this.#early.signals.push(message.signal);
    }
  }

  /** Sets the audio we send (null: none, e.g. listener), on this and every later session. */
  setTrack(track: AudioTrack | null): void {
    this.#track = track;
    const session = this.#session;
    if (session) this.#applyTrack(session);
  }

  /** Network came back: anything not connected starts over at once. */
  retry(): void {
    if (this.#options.scope.ended || this.#session?.peer.state === 'connected') return;
    this.#renegotiate();
  }

  /** Whether the data channel of the current session is open. */
  get channelOpen(): boolean {
    return this.#session?.peer.channelOpen ?? false;
  }

  /** Sends text over the current session's data channel; false when there is none open. */
  send(text: string): boolean {
    return this.#session?.peer.send(text) ?? false;
  }

  async getStats(): Promise<PeerStats | undefined> {
    const session = this.#session;
    if (session?.peer.state !== 'connected') return undefined;
    return session.peer.getStats();
  }

  close(): void {
    this.#options.scope.end();
  }

  #open(id: string): void {
    this.#session?.scope.end();
    this.#waitTimer?.end();
    const scope = this.#options.scope.child();
    const peer = this.#options.createPeer({
      initiator: this.initiator,
      iceServers: this.#options.iceServers,
    });
    scope.add(() => peer.destroy());
    const session: Session = { id, peer, scope, senderKey: undefined, timer: undefined };
    this.#session = session;
    const offs = [
      peer.on('signal', (signal) => this.#options.send({ session: id, signal })),
      peer.on('state', (state) => this.#onPeerState(session, state)),
      peer.on('track', (remote) => this.events.emit('track', remote)),
      peer.on('data', (text) => this.events.emit('data', text)),
      peer.on('close', () => {
        if (this.#session === session) this.#renegotiate();
      }),
    ];
    // Added after destroy, so they run first: our own destroy() must not look like a failure.
    scope.add(() => {
      for (const off of offs) off();
    });
    this.#applyTrack(session);
    this.#setStatus(this.#everConnected ? 'reconnecting' : 'connecting');
    this.#arm(session, this.#retryMs(), () => this.#renegotiate());
  }

  #applyTrack(session: Session): void {
    if (session.senderKey) {
      session.peer.replaceTrack(session.senderKey, this.#track);
    } else if (this.#track) {
      session.peer.addTrack(this.#track);
      session.senderKey = this.#track;
    }
  }

  #onPeerState(session: Session, state: PeerState): void {
    if (this.#session !== session) return;
    if (state === 'connected') {
      session.timer?.end();
      this.#everConnected = true;
      this.#setStatus('connected');
    } else if (state === 'disconnected' || state === 'failed') {
      if (this.#everConnected) this.#setStatus('reconnecting');
      this.#arm(session, this.#options.timing.iceRestartDelayMs, () => this.#restartIce(session));
    }
  }

  /** ICE restart; if not connected in time, a fresh session (or, relays down, another restart). */
  #restartIce(session: Session): void {
    this.events.emit('recovery', 'ice-restart');
    session.peer.restartIce();
    this.#arm(session, this.#options.timing.iceRestartTimeoutMs, () => {
      const relaysUp = this.#options.relaysUp?.() ?? true;
      if (relaysUp || !session.peer.channelOpen) this.#renegotiate();
      else this.#restartIce(session);
    });
  }

  /** A fresh session: the initiator opens one; the answerer asks for one and waits. */
  #renegotiate(): void {
    if (this.#options.scope.ended) return;
    this.events.emit('recovery', 'renegotiate');
    if (this.#everConnected) this.#setStatus('reconnecting');
    if (this.initiator) {
      this.#open(this.#options.newSessionId());
    } else {
      this.#options.send({ session: this.#session?.id ?? '', reconnect: true });
      this.#waitForOffer();
    }
  }

  #waitForOffer(): void {
    this.#waitTimer?.end();
    const timer = this.#options.scope.child();
    this.#waitTimer = timer;
    timer.setTimeout(() => this.#renegotiate(), this.#retryMs());
  }

  /** Until the first connection, give it time; once recovering, retry sooner (signaling may be back). */
  #retryMs(): number {
    const { connectTimeoutMs, recoveryRetryMs } = this.#options.timing;
    return this.#everConnected ? recoveryRetryMs : connectTimeoutMs;
  }

  #arm(session: Session, ms: number, callback: () => void): void {
    session.timer?.end();
    const timer = session.scope.child();
    session.timer = timer;
    timer.setTimeout(callback, ms);
  }

  #setStatus(status: LinkStatus): void {
    if (status === this.#status || this.#status === 'closed') return;
    this.#status = status;
    this.events.emit('status', status);
  }
}
