import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { RemoteAudio } from '../peers/types.ts';
import type { AudioIo, Capture, CaptureRequest, Playback } from './AudioIo.ts';
import { meshErrors } from './errors.ts';
import type { AudioDevice } from './types.ts';

/** Levels unread for this long suspend the meters' AudioContext; the next read resumes it. */
const METERS_IDLE_MS = 1_000;

interface Meter {
  level(): number;
  disconnect(): void;
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

function toCaptureError(error: unknown): AppError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return meshErrors.microphoneDenied(error);
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') {
    return meshErrors.microphoneMissing(error);
  }
  return AppError.from(error);
}

/**
 * The one real AudioIo: getUserMedia, enumerateDevices, one HTMLAudioElement per remote
 * member (Chromium plays remote WebRTC audio only through a media element) and
 * AnalyserNodes on one shared AudioContext for levels, which runs only while levels are read.
 * Make one per meeting; the meeting closes it.
 *
 * @example
 * const meeting = new Meeting({ ...services, audio: new BrowserAudioIo() });
 */
export class BrowserAudioIo implements AudioIo {
  readonly canChooseOutput =
    typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  #context: AudioContext | undefined;
  #idleCheck: ReturnType<typeof setInterval> | undefined;
  #lastRead = 0;
  /** Suspended here for want of readers (not by the browser's autoplay policy). */
  #idle = false;

  async capture(request: CaptureRequest): Promise<Capture> {
    const { deviceId, echoCancellation, noiseSuppression, autoGainControl } = request;
    const audio: MediaTrackConstraints = { echoCancellation, noiseSuppression, autoGainControl };
    if (deviceId !== '') audio.deviceId = { exact: deviceId };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio });
    } catch (error) {
      // The chosen device was unplugged between listing and opening: take the default.
      if (deviceId !== '' && error instanceof Error && error.name === 'OverconstrainedError') {
        return this.capture({ ...request, deviceId: '' });
      }
      throw toCaptureError(error);
    }
    const track = stream.getAudioTracks()[0];
    if (!track) throw meshErrors.microphoneMissing();
    const meter = this.#meter(stream);
    return {
      track,
      deviceId: track.getSettings().deviceId ?? deviceId,
      level: () => meter.level(),
      stop: () => {
        track.stop();
        meter.disconnect();
      },
    };
  }

  async listDevices(): Promise<AudioDevice[]> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const audio = devices.filter((d) => d.kind === 'audioinput' || d.kind === 'audiooutput');
    return audio.map((device, index) => ({
      deviceId: device.deviceId,
      kind: device.kind === 'audioinput' ? 'audioinput' : 'audiooutput',
      // Labels are empty until the page has microphone permission.
      label:
        device.label || `${device.kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${index + 1}`,
    }));
  }

  onDeviceChange(listener: () => void, scope: Scope): void {
    navigator.mediaDevices.addEventListener('devicechange', listener, { signal: scope.signal });
  }

  play(remote: RemoteAudio, sinkId: string): Playback {
    const stream = remote.stream;
    if (!(stream instanceof MediaStream)) throw AppError.internal('play needs a MediaStream');
    const element = new Audio();
    element.autoplay = true;
    element.srcObject = stream;
    element.dataset.remoteAudio = stream.id;
    if (sinkId !== '' && this.canChooseOutput) {
      element.setSinkId(sinkId).catch((error: unknown) => console.warn('setSinkId failed', error));
    }
    // Join follows a click, so autoplay is allowed; a refusal is logged, not fatal.
    element.play().catch((error: unknown) => console.warn('remote audio did not start', error));
    const meter = this.#meter(stream);
    return {
      setVolume: (volume) => {
        element.volume = volume;
      },
      setSinkId: async (deviceId) => {
        if (!this.canChooseOutput) throw meshErrors.outputUnsupported();
        await element.setSinkId(deviceId);
      },
      level: () => meter.level(),
      stop: () => {
        element.pause();
        element.srcObject = null;
        meter.disconnect();
      },
    };
  }

  close(): void {
    const context = this.#context;
    this.#context = undefined;
    clearInterval(this.#idleCheck);
    context?.close().catch((error: unknown) => console.warn('AudioContext close failed', error));
  }

  /** A read: resumes `context` if it was suspended for want of readers; whether it runs now. */
  #wake(context: AudioContext): boolean {
    this.#lastRead = performance.now();
    if (this.#idle) {
      this.#idle = false;
      context.resume().catch((error: unknown) => console.warn('AudioContext resume failed', error));
    }
    return context.state === 'running';
  }

  /**
   * An AudioContext runs a real-time audio thread for as long as it runs, whether or not its
   * analysers are read. Nobody reads levels on the media server (speaking comes from the
   * server's word), so the context is suspended after {@link METERS_IDLE_MS} without a read.
   */
  #createContext(): AudioContext {
    const context = new AudioContext();
    this.#context = context;
    this.#idle = false;
    if (context.state === 'suspended') {
      context.resume().catch((error: unknown) => console.warn('AudioContext resume failed', error));
    }
    this.#idleCheck = setInterval(() => {
      if (context.state !== 'running') return;
      if (performance.now() - this.#lastRead < METERS_IDLE_MS) return;
      this.#idle = true;
      context
        .suspend()
        .catch((error: unknown) => console.warn('AudioContext suspend failed', error));
    }, METERS_IDLE_MS);
    return context;
  }

  #meter(stream: MediaStream): Meter {
    const context = this.#context ?? this.#createContext();
    this.#wake(context);
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    // ~170 ms at 48 kHz: longer than the 100 ms between polls, so a short sound between two
    // polls is not missed (a fixed poll and a periodic sound could otherwise stay out of phase).
    analyser.fftSize = 8192;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    return {
      level: () => {
        // Just resumed (or closed): the analyser holds what it heard before.
        if (!this.#wake(context)) return 0;
        analyser.getFloatTimeDomainData(samples);
        return rms(samples);
      },
      disconnect: () => source.disconnect(),
    };
  }
}
