import type { AudioTrack } from '../peers/types.ts';
import type { AudioIo, Capture } from './AudioIo.ts';
import type { CaptureSettings } from './types.ts';

/** Processing on by default: a room of open microphones needs all three. */
export const defaultCaptureSettings: CaptureSettings = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

/**
 * The local microphone: one capture at a time, swapped whole on a device or settings change
 * (a fresh getUserMedia is the one way every browser honours new constraints).
 */
export class LocalMicrophone {
  readonly #audio: AudioIo;
  #capture: Capture | undefined;
  #settings: CaptureSettings;
  #deviceId = '';
  #enabled = true;

  constructor(audio: AudioIo, settings: CaptureSettings) {
    this.#audio = audio;
    this.#settings = settings;
  }

  get track(): AudioTrack | null {
    return this.#capture?.track ?? null;
  }

  /** The device asked for ('' = system default). */
  get deviceId(): string {
    return this.#deviceId;
  }

  get settings(): CaptureSettings {
    return this.#settings;
  }

  /** Opens (or reopens with new device/settings) and returns the new track; the old one stops. */
  async open(
    deviceId: string = this.#deviceId,
    settings: CaptureSettings = this.#settings,
  ): Promise<AudioTrack> {
    const next = await this.#audio.capture({ ...settings, deviceId });
    next.track.enabled = this.#enabled;
    const previous = this.#capture;
    this.#capture = next;
    this.#deviceId = deviceId;
    this.#settings = settings;
    previous?.stop();
    return next.track;
  }

  /** Settings for the next open (nothing is opened now: listeners keep their microphone shut). */
  setSettings(settings: CaptureSettings): void {
    this.#settings = settings;
  }

  close(): void {
    this.#capture?.stop();
    this.#capture = undefined;
  }

  /** Mute is `track.enabled = false`: the sender keeps sending silence, no renegotiation. */
  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    if (this.#capture) this.#capture.track.enabled = enabled;
  }

  level(): number {
    return this.#capture?.level() ?? 0;
  }
}
