import type { Emitter } from '../core/Emitter.ts';
import type { AppError } from '../core/errors.ts';
import type { AudioTrack, RemoteAudio } from '../peers/types.ts';

/**
 * Where a media room stands. `reconnecting` counts attempts after the link was lost while
 * live; `failed` says why and stays (the room's owner may then try another server).
 */
export type MediaRoomState =
  | { status: 'idle' }
  | { status: 'connecting' }
  | { status: 'live'; since: number }
  | { status: 'reconnecting'; attempt: number; error: AppError }
  | { status: 'failed'; error: AppError }
  | { status: 'left' };

/** A member of the media room as the server reports it. */
export interface MediaParticipant {
  /** The member's display as it joined (our members join with their address). */
  display: string;
  muted: boolean;
  /** Speaking now, by the server's audio level events (false where the room sends none). */
  talking: boolean;
  /** Its connection to the server is up, so the room's audio carries it. */
  connected: boolean;
}

/** What an engine can do, so the room screen offers only what works. */
export interface MediaRoomAbilities {
  /** Each member's audio arrives apart, so a per-member volume is possible here. */
  perMemberVolume: boolean;
}

/** Events of a MediaRoom: each carries a full snapshot, so stores just assign. */
export type MediaRoomEvents = {
  state: MediaRoomState;
  /** Every other member in the room. */
  participants: readonly MediaParticipant[];
  /** This member speaking now, by the server's audio level events. */
  talking: boolean;
  /** The room's incoming audio (a mixing engine sends one stream for everyone). */
  audio: RemoteAudio;
};

/**
 * A room on a media server, from this member's side: one connection whatever the room's
 * size. One implementation per engine (Janus AudioBridge today; LiveKit could be another).
 */
export interface MediaRoom {
  readonly events: Emitter<MediaRoomEvents>;
  readonly abilities: MediaRoomAbilities;
  readonly state: MediaRoomState;
  /** Host of the media server this room runs through, once known (the room says so). */
  readonly server: string | undefined;
  /**
   * Joins with a grant from the room's gate (the implementation asks its grant source again
   * on every reconnection) and sends `track` (null: listen only). Resolves once live; rejects
   * with the reason when the first attempt fails.
   */
  join(track: AudioTrack | null): Promise<void>;
  /** A new microphone (device switch) or none (became a listener); no new connection. */
  setTrack(track: AudioTrack | null): Promise<void>;
  /**
   * Muted on the server too, so other members see it in the room's list; nothing is sent while
   * muted.
   */
  setMuted(muted: boolean): void;
  /** Leaves and closes everything; idempotent. */
  leave(): void;
}
