import type { AudioIo } from './AudioIo.ts';
import { meshErrors } from './errors.ts';
import type { LocalMicrophone } from './LocalMicrophone.ts';
import type { CaptureSettings, DeviceChoice } from './types.ts';

/** What the device controls need from the meeting around them. */
export interface MeetingDevicesOptions {
  audio: AudioIo;
  microphone: LocalMicrophone;
  /** True once the meeting has ended: a capture finishing late is released at once. */
  ended(): boolean;
  /** The microphone track changed: send the new one to every peer (replaceTrack). */
  onTrack(): void;
  /** Every remote playback, for setSinkId. */
  playbacks(): Iterable<{ setSinkId(deviceId: string): Promise<void> }>;
  onChange(choice: DeviceChoice): void;
  onMicrophoneError(error: unknown): void;
}

/**
 * Input/output choice and microphone processing for a meeting, with hot swap: a new input
 * or new settings reopen the microphone and replace the track on every peer; an unplugged
 * device falls back to the system default.
 */
export class MeetingDevices {
  readonly #options: MeetingDevicesOptions;
  #choice: DeviceChoice;

  constructor(options: MeetingDevicesOptions) {
    this.#options = options;
    this.#choice = {
      inputs: [],
      outputs: [],
      inputId: '',
      outputId: '',
      canChooseOutput: options.audio.canChooseOutput,
    };
  }

  get choice(): DeviceChoice {
    return this.#choice;
  }

  /** Re-reads the device lists (devicechange); falls back when the device in use went away. */
  async refresh(): Promise<void> {
    const all = await this.#options.audio.listDevices();
    if (this.#options.ended()) return;
    const inputs = all.filter((d) => d.kind === 'audioinput');
    const outputs = all.filter((d) => d.kind === 'audiooutput');
    this.#choice = { ...this.#choice, inputs, outputs };
    const { inputId, outputId } = this.#choice;
    if (inputId !== '' && !inputs.some((d) => d.deviceId === inputId)) {
      await this.setInput('').catch((error: unknown) => this.#options.onMicrophoneError(error));
    }
    if (outputId !== '' && !outputs.some((d) => d.deviceId === outputId)) {
      await this.setOutput('');
    }
    this.#options.onChange(this.#choice);
  }

  /** Switches the microphone mid-call. */
  async setInput(deviceId: string): Promise<void> {
    this.#choice = { ...this.#choice, inputId: deviceId };
    const { microphone } = this.#options;
    if (microphone.track) await this.#reopen(deviceId, microphone.settings);
    this.#options.onChange(this.#choice);
  }

  /** Routes every member's audio to an output device. */
  async setOutput(deviceId: string): Promise<void> {
    if (!this.#options.audio.canChooseOutput) throw meshErrors.outputUnsupported();
    this.#choice = { ...this.#choice, outputId: deviceId };
    await Promise.all([...this.#options.playbacks()].map((p) => p.setSinkId(deviceId)));
    this.#options.onChange(this.#choice);
  }

  /** Echo cancellation / noise suppression / auto gain; an open microphone is reopened. */
  async setCaptureSettings(settings: Partial<CaptureSettings>): Promise<void> {
    const { microphone } = this.#options;
    const next = { ...microphone.settings, ...settings };
    if (microphone.track) await this.#reopen(microphone.deviceId, next);
    else microphone.setSettings(next);
  }

  async #reopen(deviceId: string, settings: CaptureSettings): Promise<void> {
    const { microphone } = this.#options;
    await microphone.open(deviceId, settings);
    if (this.#options.ended()) return microphone.close();
    this.#options.onTrack();
  }
}
