import type { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { AudioTrack, IceServer } from '../peers/types.ts';

/** Where to broadcast: a WHIP endpoint (RFC 9725) and, if it wants one, a bearer token. */
export interface WhipEndpoint {
  url: string;
  token?: string | undefined;
}

/** What a WHIP endpoint answered to an offer (201 Created). */
export interface WhipResource {
  /** The session's resource (absolute); DELETE it to stop. */
  location: string;
  /** The SDP answer. */
  answer: string;
  /** ICE servers offered in `Link: <...>; rel="ice-server"` headers (used on reconnection). */
  iceServers: IceServer[];
}

/**
 * The HTTP half of WHIP: POST an offer, DELETE the resource. Throws AppErrors that say why
 * (BROADCAST_UNAUTHORIZED, _NOT_FOUND, _REFUSED, _UNREACHABLE). One real implementation
 * (WhipHttpClient); unit tests use a fake of this interface.
 */
export interface WhipHttp {
  publish(endpoint: WhipEndpoint, offer: string): Promise<WhipResource>;
  remove(endpoint: WhipEndpoint, location: string): Promise<void>;
}

/** Where the media connection to the endpoint stands. */
export type BroadcastPeerState = 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

/** The WebRTC half of WHIP: one send-only audio connection. */
export interface BroadcastPeer {
  /** The offer, with every ICE candidate in it (WHIP without trickle). */
  offer(): Promise<string>;
  /** Applies the endpoint's answer; media starts once ICE and DTLS are through. */
  answer(sdp: string): Promise<void>;
  onState(listener: (state: BroadcastPeerState) => void): void;
  /** Closes the connection; idempotent. */
  close(): void;
}

/** Makes one BroadcastPeer sending `track`; the real one wraps RTCPeerConnection. */
export type BroadcastPeerFactory = (options: {
  track: AudioTrack;
  iceServers: readonly IceServer[];
}) => BroadcastPeer;

/** Mixes several audio tracks into one (WebAudio in the browser). */
export interface AudioMixer {
  /** The mixed track, the same for the mixer's whole life. */
  readonly output: AudioTrack;
  /** The tracks to mix from now on: new ones are added, missing ones removed. */
  setSources(tracks: readonly AudioTrack[]): void;
  close(): void;
}

/** The room's audio as the broadcast takes it: every track to mix, and when that changes. */
export interface RoomAudioFeed {
  tracks(): readonly AudioTrack[];
  onChange(listener: () => void, scope: Scope): void;
}

/**
 * Where a broadcast stands, as the host sees it. `reconnecting` counts attempts after the
 * connection was lost while live; `failed` says why and stays until the host starts again.
 */
export type BroadcastState =
  | { status: 'idle' }
  | { status: 'connecting' }
  | { status: 'live'; since: number }
  | { status: 'reconnecting'; attempt: number; error: AppError }
  | { status: 'failed'; error: AppError };

export type BroadcastEvents = {
  state: BroadcastState;
};

/** Timers of a broadcast, in ms; tests shorten them. */
export interface BroadcastTiming {
  /** From the endpoint's answer to media flowing; longer is a failed connection. */
  connectTimeoutMs: number;
  /** How long a `disconnected` connection may heal on its own before it is replaced. */
  disconnectGraceMs: number;
  /** Waits before each new POST after the connection was lost; when spent, it failed. */
  retryDelaysMs: readonly number[];
}

export const defaultBroadcastTiming: BroadcastTiming = {
  connectTimeoutMs: 15_000,
  disconnectGraceMs: 3_000,
  // About a minute and a half of trying, the length of a router restart.
  retryDelaysMs: [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 30_000],
};
