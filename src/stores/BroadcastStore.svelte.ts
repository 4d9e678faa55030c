import type { Broadcaster } from '../broadcast/Broadcaster.ts';
import type { BroadcastSettings, BroadcastTarget } from '../broadcast/BroadcastSettings.ts';
import { parseWhipEndpoint } from '../broadcast/parseWhipEndpoint.ts';
import type { BroadcastState, RoomAudioFeed } from '../broadcast/types.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { RoomAudio } from '../mesh/types.ts';

/** Where the room's audio comes from: the meeting (MeetingStore) in the app. */
export interface RoomAudioSource {
  roomAudio(): RoomAudio;
  onRoomAudio(listener: (audio: RoomAudio) => void, scope: Scope): void;
}

/**
 * The room's audio as one list of tracks to mix: the host's microphone (muted, it is
 * silent) and every remote member's incoming track.
 *
 * @example
 * const feed = roomAudioFeed(room.meeting);
 */
export function roomAudioFeed(source: RoomAudioSource): RoomAudioFeed {
  return {
    tracks: () => {
      const { local, remote } = source.roomAudio();
      return [...(local ? [local] : []), ...remote.map((audio) => audio.track)];
    },
    onChange: (listener, scope) => source.onRoomAudio(() => listener(), scope),
  };
}

/**
 * Runes view of a Broadcaster for the broadcast panel: its state, the host's last target
 * (from this browser's storage), and a refusal of what was typed, said before anything is
 * sent.
 *
 * @example
 * const store = new BroadcastStore({ broadcaster, settings, allowedOrigins, scope });
 * store.start({ url, token });
 */
export class BroadcastStore {
  #state = $state.raw<BroadcastState>({ status: 'idle' });
  #inputError = $state.raw<AppError | undefined>(undefined);
  #target = $state.raw<BroadcastTarget>({ url: '', token: '' });
  readonly #broadcaster: Broadcaster;
  readonly #settings: BroadcastSettings;
  readonly #allowedOrigins: readonly string[];

  constructor(parameters: {
    broadcaster: Broadcaster;
    settings: BroadcastSettings;
    /** Ingest hosts the site's config (and CSP) allows. */
    allowedOrigins: readonly string[];
    scope: Scope;
  }) {
    this.#broadcaster = parameters.broadcaster;
    this.#settings = parameters.settings;
    this.#allowedOrigins = parameters.allowedOrigins;
    this.#target = this.#settings.load();
    this.#state = this.#broadcaster.state;
    this.#broadcaster.events.on('state', (state) => (this.#state = state), parameters.scope);
  }

  get state(): BroadcastState {
    return this.#state;
  }
  /** Why the typed URL or token was refused, if it was. */
  get inputError(): AppError | undefined {
    return this.#inputError;
  }
  /** The URL and token used last in this community, from this browser. */
  get target(): BroadcastTarget {
    return this.#target;
  }

  /** Checks and keeps the target, then starts; a refusal changes nothing. */
  start(target: BroadcastTarget): void {
    try {
      const endpoint = parseWhipEndpoint(target, this.#allowedOrigins);
      this.#inputError = undefined;
      this.#target = { url: endpoint.url, token: endpoint.token ?? '' };
      this.#settings.save(this.#target);
      this.#broadcaster.start(endpoint);
    } catch (error) {
      this.#inputError = AppError.from(error);
    }
  }

  stop(): Promise<void> {
    return this.#broadcaster.stop();
  }

  /** Removes the kept URL and token from this browser. */
  forget(): void {
    this.#settings.clear();
    this.#target = { url: '', token: '' };
  }
}
