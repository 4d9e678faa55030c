import type { Address } from 'viem';
import type { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { AudioTrack, RemoteAudio } from '../peers/types.ts';
import type { Role, SpeakerPolicy } from '../presence/types.ts';

/** Stage roles and who may be heard are the room's decisions (presence); the mesh follows them. */
export type { Role, SpeakerPolicy };

/** Overall state of the meeting as the room screen shows it. */
export type MeetingStatus = 'idle' | 'joining' | 'live' | 'reconnecting' | 'left';

/** Connection quality of one peer, from RTT, jitter and packet loss. */
export type ConnectionQuality = 'unknown' | 'good' | 'fair' | 'poor';

/** Where the audio link to one remote member stands. */
export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Microphone processing, each on by default and each a setting. */
export interface CaptureSettings {
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
}

/** A remote member as the room screen shows it. */
export interface Participant {
  address: Address;
  role: Role;
  muted: boolean;
  handRaised: boolean;
  /** The time (ms) of the moderator invite this member last declined; 0 when none. */
  declinedInvite: number;
  /** Its audio runs through the room's media server (it says so in the roster). */
  onServer: boolean;
  speaking: boolean;
  link: LinkStatus;
  quality: ConnectionQuality;
  /** Playback volume chosen locally for this member, 0..1. */
  volume: number;
}

/** The local member: what we publish and what we capture. */
export interface LocalParticipant {
  address: Address;
  role: Role;
  muted: boolean;
  handRaised: boolean;
  speaking: boolean;
  pushToTalk: boolean;
  /** Push-to-talk key held down. */
  talking: boolean;
  /** Why the microphone is unavailable (denied, missing), if it is. */
  microphoneError: AppError | undefined;
  capture: CaptureSettings;
  /** Allowed to become a speaker (always outside stages; on a stage: moderator or invited). */
  maySpeak: boolean;
}

/** Outside moderation: everyone may speak, nobody is removed. */
export const openSpeakerPolicy: SpeakerPolicy = {
  maySpeak: () => true,
  isRemoved: () => false,
  onChange: () => {},
};

/** One remote member's data channel, as a {@link LinkRelay} uses it. */
export interface DataLink {
  readonly channelOpen: boolean;
  /** False when nothing was sent (no open channel). */
  send(text: string): boolean;
}

/**
 * Carries the room's signed graph writes over the members' data channels, so the roster,
 * moderation and ICE restarts go on between connected members with every relay down
 * (the one implementation: DataChannelGraph).
 */
export interface LinkRelay {
  /** The data channel to `remote`, until `scope` ends. */
  attach(remote: Address, link: DataLink, scope: Scope): void;
  /** Text that arrived from `remote` over its data channel (untrusted). */
  receive(remote: Address, text: string): void;
  /** Whether some graph relay answers now. */
  relaysUp(): boolean;
}

/** An audio device as the device menu lists it. */
export interface AudioDevice {
  deviceId: string;
  kind: 'audioinput' | 'audiooutput';
  label: string;
}

/** Available devices and the ones in use ('' is the system default). */
export interface DeviceChoice {
  inputs: readonly AudioDevice[];
  outputs: readonly AudioDevice[];
  inputId: string;
  outputId: string;
  /** False where the browser cannot route audio to a chosen output (no setSinkId). */
  canChooseOutput: boolean;
}

/** A recovery step taken for one peer without user action. */
export interface RecoveryStep {
  address: Address;
  step: 'ice-restart' | 'renegotiate';
}

/** The room's audio as a broadcast mixes it: what this member sends and what it receives. */
export interface RoomAudio {
  /** This member's microphone (null while listening); muted, it is a disabled track. */
  local: AudioTrack | null;
  /** The incoming audio of each remote member that has sent some. */
  remote: readonly RemoteAudio[];
}

/** Events of a Meeting: each carries a full snapshot, so stores just assign. */
export type MeetingEvents = {
  status: MeetingStatus;
  participants: readonly Participant[];
  local: LocalParticipant;
  devices: DeviceChoice;
  /** Something the user should know that did not end the meeting (speaker cap, microphone). */
  notice: AppError;
  recovery: RecoveryStep;
  /** A remote track arrived or went, or the microphone opened, switched or closed. */
  audio: RoomAudio;
  /** The meeting ended: by leave() (no reason) or by end(reason), e.g. access lost. */
  left: { reason: AppError | undefined };
};

/** Timers of the mesh, in ms; tests shorten them. */
export interface MeshTiming {
  /** A new connection that is not up by then is negotiated afresh. */
  connectTimeoutMs: number;
  /** Wait after `disconnected` before restarting ICE (short blips heal alone). */
  iceRestartDelayMs: number;
  /** After an ICE restart that has not connected by then: a fresh negotiation. */
  iceRestartTimeoutMs: number;
  /** While recovering, a fresh session not up by then is replaced by another one. */
  recoveryRetryMs: number;
  /** Audio level polling for speaking detection. */
  levelIntervalMs: number;
  /** getStats polling for connection quality. */
  statsIntervalMs: number;
}

export const defaultMeshTiming: MeshTiming = {
  connectTimeoutMs: 10_000,
  iceRestartDelayMs: 500,
  iceRestartTimeoutMs: 4_000,
  recoveryRetryMs: 5_000,
  levelIntervalMs: 100,
  statsIntervalMs: 2_000,
};

/**
 * Publishing speakers a room allows by default. A full mesh sends each speaker's audio to
 * every member; bench/mesh.bench.ts measured 6 members as the largest working mesh on a
 * 2-core machine (8 did not connect every pair within 30 s).
 */
export const DEFAULT_SPEAKER_CAP = 6;
