import type { Scope } from '../core/Scope.ts';
import type { MediaMove, MediaMoveState } from '../media/MediaMove.ts';
import type { MediaParticipant } from '../media/types.ts';
import type { AudioIo, Playback } from '../mesh/AudioIo.ts';
import type { LinkStatus } from '../mesh/types.ts';

/**
 * Read-only runes view of a room's move onto a media server, for the room screen: where its
 * audio runs, who speaks by the server's word, and the server's mix played through `audio`
 * (on the output device the meeting uses).
 *
 * @example
 * const media = new MediaMoveStore(move, { audio: new BrowserAudioIo(), outputId: () => meeting.devices.outputId }, scope);
 * move.start();
 */
export class MediaMoveStore {
  #state = $state.raw<MediaMoveState>({ on: 'mesh' });
  #participants = $state.raw<readonly MediaParticipant[]>([]);
  #talking = $state(false);
  #playback: Playback | undefined;

  constructor(move: MediaMove, output: { audio: AudioIo; outputId: () => string }, scope: Scope) {
    this.#state = move.state;
    move.events.on('state', (state) => (this.#state = state), scope);
    move.events.on('participants', (list) => (this.#participants = list), scope);
    move.events.on('talking', (talking) => (this.#talking = talking), scope);
    move.events.on(
      'audio',
      (remote) => {
        this.#playback?.stop();
        this.#playback = output.audio.play(remote, output.outputId());
      },
      scope,
    );
    scope.add(() => {
      this.#playback?.stop();
      output.audio.close();
    });
  }

  /** Where the room's audio runs now, and how the media room stands. */
  get state(): MediaMoveState {
    return this.#state;
  }

  /** On the media server (live, connecting, reconnecting or failed there). */
  get onMedia(): boolean {
    return this.#state.on === 'media';
  }

  /** Speaking by the server's audio level events (its word: our mesh meters see one mix). */
  speaking(address: string): boolean {
    const key = address.toLowerCase();
    return this.#participants.some((p) => p.talking && p.display.toLowerCase() === key);
  }

  /** This member speaking, by the server's word (the meeting reads no meter on the server). */
  get talking(): boolean {
    return this.#talking;
  }

  /** How each member's audio reaches this one: through the server's one connection. */
  get link(): LinkStatus {
    const state = this.#state;
    if (state.on !== 'media') return 'connecting';
    if (state.room.status === 'live') return 'connected';
    if (state.room.status === 'reconnecting') return 'reconnecting';
    return state.room.status === 'failed' ? 'closed' : 'connecting';
  }

  /** Routes the server's mix to another output device ('' = default). */
  setOutput(deviceId: string): Promise<void> {
    return this.#playback?.setSinkId(deviceId) ?? Promise.resolve();
  }
}
