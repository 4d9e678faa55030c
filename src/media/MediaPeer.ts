import type { AudioTrack, IceServer, RemoteAudio } from '../peers/types.ts';
import type { TrickleCandidate } from './janusMessages.ts';

/** Where the audio connection to the media server stands. */
export type MediaPeerState = 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

/**
 * The WebRTC half of a media room: one connection to the server, audio both ways. One real
 * implementation (`createBrowserMediaPeer`); unit tests use a fake of this interface.
 */
export interface MediaPeer {
  /** A fresh offer (candidates follow by `onCandidate`: the server takes trickle ICE). */
  offer(): Promise<string>;
  answer(sdp: string): Promise<void>;
  /** The track to send from now on (null: send nothing), without renegotiation. */
  setTrack(track: AudioTrack | null): Promise<void>;
  onCandidate(listener: (candidate: TrickleCandidate) => void): void;
  onState(listener: (state: MediaPeerState) => void): void;
  /** The server's audio (a mixing server sends the whole room as one track). */
  onTrack(listener: (remote: RemoteAudio) => void): void;
  /** Closes the connection; idempotent. */
  close(): void;
}

/** Makes one MediaPeer; the real one wraps RTCPeerConnection. */
export type MediaPeerFactory = (options: {
  track: AudioTrack | null;
  iceServers: readonly IceServer[];
}) => MediaPeer;
