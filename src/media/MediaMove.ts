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
  /** This member speaking, by the media server's word. */
  talking: boolean;
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
  /** Whether a member of the roster says its audio runs through the media server already. */
  othersOnServer(): boolean;
  onMembersChanged(listener: () => void, scope: Scope): void;
  /** Opens (does not join) a media room on `server`, ending with `scope`. */
  openRoom(server: string, scope: Scope): MediaRoom;
  /** This member's microphone now (null while listening) and whether it is muted. */
  local(): { track: AudioTrack | null; muted: boolean };
  onLocalChanged(listener: () => void, scope: Scope): void;
  /**
   * The mesh opens no new link from now on: called once the media room is live, or at once when
   * a member of the roster runs through the server already (links to it would go unanswered).
   */
  holdMesh(): void;
  /** These members (by address) are heard through the media room now: their links may close. */
  onHeardOnServer(addresses: readonly string[]): void;
  /**
   * The grace after going live is over: the links left close too (members the media room
   * never listed as connected, such as those on a stage's other room).
   */
  onMeshDone(): void;
  scope: Scope;
  /** How long after going live the last peer links stay (default 10 s). */
  meshGraceMs?: number;
  /** Wait before trying again after a server failed (default 5 s). */
  retryMs?: number;
}

/**
 * Moves a room from the mesh onto a media server by itself, when its roster reaches the mesh's
 * cap (`outgrowsMesh`) or a member of it says it runs through the server already (a room that
 * shrank below the cap stays there): every member computes the same rule from the same roster,
 * so all move without a click. The link to a member closes only once this member's media room
 * is live and lists that member as connected, so nobody is silent while the others are still
 * moving; links the room never accounts for close after a grace. The room does not move back
 * while this member is in it. A server that fails is marked, and the room goes to the next one.
 *
 * @example
 * const move = new MediaMove({ roomKey: '7/lobby', cap: 6, choice, members, othersOnServer,
 *   onMembersChanged, openRoom, local, onLocalChanged, holdMesh: () => meeting.moveToServer(),
 *   onHeardOnServer: (list) => meeting.closeLinks(list), onMeshDone: () => meeting.closeLinks(),
 *   scope });
 * move.events.on('state', (state) => show(state));
 * move.start();
 */
export class MediaMove {
  readonly events = new Emitter<MediaMoveEvents>();
  readonly #options: MediaMoveOptions;
  #state: MediaMoveState = { on: 'mesh' };
  #moving = false;
  #meshClosed = false;
  #meshHeld = false;
  #meshDone = false;
  #participants: readonly MediaParticipant[] = [];
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
    const onServer = this.#options.othersOnServer();
    if (!outgrowsMesh({ members: this.#options.members(), cap }) && !onServer) return;
    this.#moving = true;
    if (onServer) this.#holdMesh();
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
    room.events.on('participants', (list) => this.#onParticipants(list), roomScope);
    room.events.on('audio', (audio) => this.events.emit('audio', audio), roomScope);
    room.events.on('talking', (talking) => this.events.emit('talking', talking), roomScope);
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
      this.#holdMesh();
      this.#handOver();
      this.#options.scope.setTimeout(() => {
        this.#meshDone = true;
        this.#options.onMeshDone();
      }, this.#options.meshGraceMs ?? 10_000);
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

  #holdMesh(): void {
    if (this.#meshHeld) return;
    this.#meshHeld = true;
    this.#options.holdMesh();
  }

  #onParticipants(list: readonly MediaParticipant[]): void {
    this.#participants = list;
    this.events.emit('participants', list);
    if (this.#meshClosed) this.#handOver();
  }

  /** Closes the links to the members this room now carries (while links are left to close). */
  #handOver(): void {
    if (this.#meshDone) return;
    const heard = this.#participants.filter((p) => p.connected).map((p) => p.display);
    if (heard.length > 0) this.#options.onHeardOnServer(heard);
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
