import type { Scope } from '../core/Scope.ts';
import type { AudioTrack, RemoteAudio } from '../peers/types.ts';
import type { AudioDevice, CaptureSettings } from './types.ts';

/** What to capture: processing settings and a device ('' for the default). */
export interface CaptureRequest extends CaptureSettings {
  deviceId: string;
}

/** A captured microphone. */
export interface Capture {
  readonly track: AudioTrack;
  /** The device actually opened (may differ from the one asked for when that one vanished). */
  readonly deviceId: string;
  /** Current input level, 0..1 (RMS of the last analyser frame). */
  level(): number;
  /** Stops the track and disconnects the analyser. */
  stop(): void;
}

/** One remote member's audio being played. */
export interface Playback {
  setVolume(volume: number): void;
  /** Routes to an output device ('' = default); rejects where unsupported. */
  setSinkId(deviceId: string): Promise<void>;
  level(): number;
  stop(): void;
}

/**
 * The browser's audio: microphone capture, device lists, playback with analysers.
 * One real implementation (BrowserAudioIo); unit tests use a fake of this interface.
 */
export interface AudioIo {
  /** Opens the microphone; throws AppError MICROPHONE_DENIED or MICROPHONE_MISSING. */
  capture(request: CaptureRequest): Promise<Capture>;
  listDevices(): Promise<AudioDevice[]>;
  onDeviceChange(listener: () => void, scope: Scope): void;
  play(remote: RemoteAudio, sinkId: string): Playback;
  readonly canChooseOutput: boolean;
  /** Releases the shared AudioContext. */
  close(): void;
}
