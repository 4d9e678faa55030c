import { Emitter } from '../core/Emitter.ts';
import type { Scope } from '../core/Scope.ts';
import type { AudioTrack, RemoteAudio } from '../peers/types.ts';
import type { MediaServerChoice } from './MediaServerChoice.ts';
import { outgrowsMesh } from './outgrowsMesh.ts';
import type { MediaParticipant, MediaRoom, MediaRoomState } from './types.ts';

/** Where a room's audio runs: the mesh, or a media server (and how that room stands). */
export type MediaMoveState = { on: 'mesh' } | { on: 'media'; server: string; room: MediaRoomState };

/** Events of a MediaMove. */
export type MediaMoveEvents = {
  state: MediaMoveState;
  /** The media room's other members (while on the media server). */
  participants: readonly MediaParticipant[];
  /** The media server's audio for this member (one mixed stream on AudioBridge). */
  audio: RemoteAudio;
};

/** What a MediaMove needs from the room around it; the store passes the real parts. */
export interface MediaMoveOptions {
  /** The room's key for the server choice, the same on every member (`<community>/<room>`). */
  roomKey: string;
  /** The mesh's cap (speakers it carries). */
  cap: number;
  choice: MediaServerChoice;
  /** Members in the roster, this member included. */
  members(): number;
  onMembersChanged(listener: () => void, scope: Scope): void;
  /** Opens (does not join) a media room on `server`, ending with `scope`. */
  openRoom(server: string, scope: Scope): MediaRoom;
  /** This member's microphone now (null while listening) and whether it is muted. */
  local(): { track: AudioTrack | null; muted: boolean };
  onLocalChanged(listener: () => void, scope: Scope): void;
  /** The media room is live for the first time: the mesh may close now. */
  onLive(): void;
  scope: Scope;
  /** Wait before trying again after a server failed (default 5 s). */
  retryMs?: number;
}

/**
 * Moves a room from the mesh onto a media server by itself, when its roster reaches the mesh's
 * cap (`outgrowsMesh`): every member computes the same rule from the same roster, so all move
 * without a click. The mesh closes only once the media room is live (the gap is the time
 * between two members' moves, not a connection's setup). The room does not move back while
 * this member is in it. A server that fails is marked, and the room goes to the next one.
 *
 * @example
 * const move = new MediaMove({ roomKey: '7/lobby', cap: 6, choice, members, onMembersChanged,
 *   openRoom, local, onLocalChanged, onLive: () => meeting.closeLinks(), scope });
 * move.events.on('state', (state) => show(state));
 * move.start();
 */
export class MediaMove {
  readonly events = new Emitter<MediaMoveEvents>();
  readonly #options: MediaMoveOptions;
  #state: MediaMoveState = { on: 'mesh' };
  #moving = false;
  #meshClosed = false;
  #room: MediaRoom | undefined;
  #sentTrack: AudioTrack | null = null;

  constructor(options: MediaMoveOptions) {
    this.#options = options;
  }

  get state(): MediaMoveState {
    return this.#state;
  }

  /** Follows the roster from now on (and checks it at once). */
  start(): void {
    const { scope } = this.#options;
    this.#options.onMembersChanged(() => this.#check(), scope);
    this.#options.onLocalChanged(() => this.#syncLocal(), scope);
    this.#check();
  }

  #check(): void {
    const { choice, cap, scope } = this.#options;
    if (this.#moving || choice.empty || scope.ended) return;
    if (!outgrowsMesh({ members: this.#options.members(), cap })) return;
    this.#moving = true;
    this.#open();
  }

  #open(): void {
    const { choice, roomKey, scope } = this.#options;
    const server = choice.pick(roomKey);
    if (!server || scope.ended) return;
    const roomScope = scope.child();
    const room = this.#options.openRoom(server, roomScope);
    this.#room = room;
    room.events.on(
      'state',
      (state) => this.#onRoomState(room, server, roomScope, state),
      roomScope,
    );
    room.events.on('participants', (list) => this.events.emit('participants', list), roomScope);
    room.events.on('audio', (audio) => this.events.emit('audio', audio), roomScope);
    const { track, muted } = this.#options.local();
    this.#sentTrack = track;
    room.setMuted(muted);
    // Failure arrives as the 'failed' state, handled there.
    room.join(track).catch(() => {});
  }

  #onRoomState(room: MediaRoom, server: string, roomScope: Scope, state: MediaRoomState): void {
    if (state.status === 'left') return;
    this.#setState({ on: 'media', server: room.server ?? new URL(server).host, room: state });
    if (state.status === 'live' && !this.#meshClosed) {
      this.#meshClosed = true;
      this.#options.onLive();
    }
    if (state.status !== 'failed') return;
    this.#options.choice.markFailed(server);
    this.#room = undefined;
    roomScope.end();
    const { scope } = this.#options;
    scope.setTimeout(() => {
      if (this.#meshClosed) {
        this.#open();
        return;
      }
      // Never live: the mesh still carries the room; move again if the rule still holds.
      this.#moving = false;
      this.#setState({ on: 'mesh' });
      this.#check();
    }, this.#options.retryMs ?? 5_000);
  }

  #syncLocal(): void {
    const room = this.#room;
    if (!room) return;
    const { track, muted } = this.#options.local();
    room.setMuted(muted);
    if (track === this.#sentTrack) return;
    this.#sentTrack = track;
    void room.setTrack(track);
  }

  #setState(state: MediaMoveState): void {
    this.#state = state;
    this.events.emit('state', state);
  }
}
