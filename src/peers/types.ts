import type { AppError } from '../core/errors.ts';

/** WebRTC signaling data as simple-peer produces it (offer, answer, candidate, renegotiate). */
export type SignalPayload = Readonly<Record<string, unknown>>;

/**
 * The part of a `MediaStreamTrack` the domain touches. Real tracks satisfy it structurally;
 * unit tests pass small fakes instead of whole DOM objects.
 */
export interface AudioTrack {
  readonly id: string;
  readonly kind: string;
  readonly readyState: 'live' | 'ended';
  enabled: boolean;
  stop(): void;
}

/** The part of a `MediaStream` the domain touches (a remote member's audio). */
export interface AudioStream {
  readonly id: string;
  getAudioTracks(): AudioTrack[];
}

/** A remote member's incoming audio, as the peer connection delivers it. */
export interface RemoteAudio {
  track: AudioTrack;
  stream: AudioStream;
}

/**
 * Connection state of one peer, folded from ICE and DTLS states:
 * `new` until ICE starts, `connected` once media can flow, `closed` after destroy.
 */
export type PeerState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

/** Transport figures read from getStats, already reduced to what the UI shows. */
export interface PeerStats {
  /** Round-trip time of the selected candidate pair, ms; undefined before the first STUN answer. */
  rttMs: number | undefined;
  /** Inbound audio jitter, ms. */
  jitterMs: number | undefined;
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  bytesSent: number;
  /** Level of the inbound audio (0..1) as the receiver reports it, if any. */
  inboundAudioLevel: number | undefined;
}

/** Events of one peer connection. */
export type PeerEvents = {
  /** Signaling data to deliver to the remote side, verbatim. */
  signal: SignalPayload;
  state: PeerState;
  /** Remote audio arrived (first time, or a renegotiated track). */
  track: RemoteAudio;
  /** The connection ended for good (destroyed here or by a fatal error). */
  close: { error: AppError | undefined };
  /** Text the remote side sent over the connection's data channel (untrusted). */
  data: string;
};

/** A STUN/TURN server, as `config.iceServers` lists them. */
export interface IceServer {
  urls: string | string[];
  username?: string | undefined;
  credential?: string | undefined;
}

/** Options for one peer connection. */
export interface PeerOptions {
  /** The side that sends the first offer; the other waits for it. */
  initiator: boolean;
  iceServers: readonly IceServer[];
  /** `relay` gathers only TURN candidates, so the other side never learns this side's IP. */
  iceTransportPolicy?: 'all' | 'relay';
}

/**
 * One WebRTC connection to one remote member: our small interface over simple-peer.
 * Trickle ICE; SDP and candidates leave through the `signal` event.
 */
export interface PeerConnection {
  readonly initiator: boolean;
  readonly state: PeerState;
  /** Feeds signaling data received from the remote side. */
  signal(payload: SignalPayload): void;
  /** Starts sending `track`; triggers a renegotiation. */
  addTrack(track: AudioTrack): void;
  /** Swaps the track being sent without renegotiating; `null` sends nothing. */
  replaceTrack(oldTrack: AudioTrack, newTrack: AudioTrack | null): void;
  /** Restarts ICE (new credentials, new candidates) on the existing connection. */
  restartIce(): void;
  getStats(): Promise<PeerStats>;
  /**
   * Whether the data channel is open. It stays open through an ICE restart and a short
   * network loss (what is sent meanwhile waits in SCTP's queue), and closes with the connection.
   */
  readonly channelOpen: boolean;
  /** Sends text over the data channel; false (nothing sent) when it is not open or backed up. */
  send(text: string): boolean;
  on<K extends keyof PeerEvents>(event: K, listener: (payload: PeerEvents[K]) => void): () => void;
  /** Closes the connection; emits `close` once. Idempotent. */
  destroy(): void;
}

/** Makes peer connections; the real one wraps simple-peer, tests pass a fake. */
export type PeerFactory = (options: PeerOptions) => PeerConnection;
