import { AppError } from '../core/errors.ts';
import type { AudioTrack } from '../peers/types.ts';
import type { AudioMixer } from './types.ts';

/**
 * The one real AudioMixer: every source track into one MediaStreamAudioDestinationNode of
 * its own AudioContext. A muted microphone is a disabled track, which WebAudio reads as
 * silence, so the host's mute holds in the broadcast too. Remote WebRTC tracks reach
 * WebAudio in Chromium only while a media element also plays them, which the mesh does.
 *
 * @example
 * const mixer = new WebAudioMixer();
 * mixer.setSources([microphone, ...remoteTracks]);
 * peer.addTrack(mixer.output);
 */
export class WebAudioMixer implements AudioMixer {
  readonly #context = new AudioContext();
  readonly #destination = this.#context.createMediaStreamDestination();
  readonly #sources = new Map<MediaStreamTrack, MediaStreamAudioSourceNode>();
  readonly output: AudioTrack;

  constructor() {
    const track = this.#destination.stream.getAudioTracks()[0];
    if (!track) throw AppError.internal('the audio mix has no track');
    this.output = track;
    // Start follows a click, so the context may run; a refusal leaves the mix silent.
    if (this.#context.state === 'suspended') {
      this.#context.resume().catch((error: unknown) => console.warn('mix did not start', error));
    }
  }

  setSources(tracks: readonly AudioTrack[]): void {
    const wanted = new Set(tracks.filter((track) => track instanceof MediaStreamTrack));
    for (const [track, node] of this.#sources) {
      if (wanted.has(track)) continue;
      node.disconnect();
      this.#sources.delete(track);
    }
    for (const track of wanted) {
      if (this.#sources.has(track) || track.readyState === 'ended') continue;
      const node = this.#context.createMediaStreamSource(new MediaStream([track]));
      node.connect(this.#destination);
      this.#sources.set(track, node);
    }
  }

  close(): void {
    for (const node of this.#sources.values()) node.disconnect();
    this.#sources.clear();
    this.output.stop();
    this.#context.close().catch((error: unknown) => console.warn('mix did not close', error));
  }
}
