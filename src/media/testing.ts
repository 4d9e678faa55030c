// Hand-written fakes of OUR media interfaces (JanusTransport, MediaPeer, MediaRoom) for unit tests. The
// fake transport answers like a Janus AudioBridge as its documented API describes. Not
// imported by the app.
import { Emitter } from '../core/Emitter.ts';
import type { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { AudioTrack, RemoteAudio } from '../peers/types.ts';
import { mediaErrors } from './errors.ts';
import type { JanusTransport } from './JanusTransport.ts';
import type {
  AudioBridgeParticipant,
  JanusMessage,
  JanusRequest,
  TrickleCandidate,
} from './janusMessages.ts';
import type { MediaPeer, MediaPeerState } from './MediaPeer.ts';
import type { MediaGrant } from './mediaGrant.ts';
import type { MediaRoom, MediaRoomEvents, MediaRoomState } from './types.ts';

let nextId = 0;

/** A track that records enabled/stop. */
export class FakeTrack implements AudioTrack {
  readonly id = `track-${nextId++}`;
  readonly kind = 'audio';
  readyState: 'live' | 'ended' = 'live';
  enabled = true;
  stop(): void {
    this.readyState = 'ended';
  }
}

/** A grant as the gate gives it, for `server`. */
export function fakeGrant(server = 'ws://janus.test/ws', overrides: Partial<MediaGrant> = {}) {
  return {
    server,
    room: 4242,
    token: `token-${nextId++}-aaaaaaaaaaaaaaaa`,
    id: 7,
    display: '0x1111111111111111111111111111111111111111',
    canSpeak: true,
    recording: false,
    expiresAt: 1_000_000,
    ...overrides,
  } satisfies MediaGrant;
}

/**
 * One WebSocket to a pretend Janus: answers create, attach, keepalive and trickle at once, and
 * AudioBridge's join (with `others` in the room) and configure (with an SDP answer) after an
 * ack, as the real server does. Records every request; the test pushes server events and
 * cuts the connection.
 */
export class FakeJanusTransport implements JanusTransport {
  readonly url: string;
  readonly sent: JanusRequest[] = [];
  /** Other members already in the room when this one joins. */
  others: AudioBridgeParticipant[] = [];
  /** The reason the next join is refused, if it should be. */
  refuseJoin: string | undefined;
  /** Members already in other rooms, by room number, listed to one who moves there (`changeroom`). */
  readonly othersIn = new Map<number, AudioBridgeParticipant[]>();
  /** Requests of these kinds get no answer at all (a server gone quiet). */
  readonly ignore = new Set<string>();
  closed = false;
  readonly #listeners: ((message: JanusMessage) => void)[] = [];
  readonly #closeListeners: ((error: AppError) => void)[] = [];
  readonly sessionId = 1000 + nextId++;
  readonly handleId = 2000 + nextId++;

  constructor(url: string) {
    this.url = url;
  }

  /** Requests sent with `janus` = `kind` (for plugin messages: body.request = `kind`). */
  requests(kind: string): JanusRequest[] {
    return this.sent.filter(
      (r) => r.janus === kind || (r.body as { request?: string } | undefined)?.request === kind,
    );
  }

  send(request: JanusRequest): void {
    this.sent.push(request);
    const { transaction } = request;
    const kind = (request.body as { request?: string } | undefined)?.request ?? request.janus;
    if (this.closed || this.ignore.has(kind)) return;
    const reply = (message: Omit<JanusMessage, 'transaction'>) =>
      queueMicrotask(() => this.push({ ...message, transaction }));
    if (request.janus === 'create') reply({ janus: 'success', data: { id: this.sessionId } });
    else if (request.janus === 'attach') reply({ janus: 'success', data: { id: this.handleId } });
    else if (request.janus === 'destroy') reply({ janus: 'success' });
    else if (request.janus !== 'message') reply({ janus: 'ack' });
    else {
      reply({ janus: 'ack' });
      reply(this.#pluginReply(request));
    }
  }

  #pluginReply(request: JanusRequest): Omit<JanusMessage, 'transaction'> {
    const body = request.body as { request: string; id?: number; room?: number };
    const event = (data: Record<string, unknown>) => ({
      janus: 'event',
      sender: this.handleId,
      plugindata: { plugin: 'janus.plugin.audiobridge', data },
    });
    if (body.request === 'join' && this.refuseJoin) {
      return event({ audiobridge: 'event', error_code: 491, error: this.refuseJoin });
    }
    if (body.request === 'join') {
      return event({ audiobridge: 'joined', room: 4242, id: body.id, participants: this.others });
    }
    if (body.request === 'changeroom') {
      return event({
        audiobridge: 'roomchanged',
        room: body.room,
        id: body.id,
        participants: this.othersIn.get(body.room ?? 0) ?? [],
      });
    }
    if (request.jsep) {
      return {
        ...event({ audiobridge: 'event', result: 'ok' }),
        jsep: { type: 'answer', sdp: 'v=0 answer' },
      };
    }
    return event({ audiobridge: 'event', result: 'ok' });
  }

  /** A message from the server (an event for the handle, a timeout, a hangup). */
  push(message: JanusMessage): void {
    for (const listener of this.#listeners) listener(message);
  }

  /** An AudioBridge event to the handle, as the server sends it unasked. */
  pushEvent(data: Record<string, unknown>): void {
    this.push({
      janus: 'event',
      sender: this.handleId,
      plugindata: { plugin: 'janus.plugin.audiobridge', data },
    });
  }

  /** The connection drops (server gone, network lost). */
  drop(): void {
    this.closed = true;
    for (const listener of this.#closeListeners) listener(mediaErrors.lost('socket closed (1006)'));
  }

  onMessage(listener: (message: JanusMessage) => void): void {
    this.#listeners.push(listener);
  }

  onClose(listener: (error: AppError) => void): void {
    this.#closeListeners.push(listener);
  }

  close(): void {
    this.closed = true;
  }
}

/** A media connection the test drives: it records what it was given and changes state on demand. */
export class FakeMediaPeer implements MediaPeer {
  track: AudioTrack | null;
  answered: string | undefined;
  closed = false;
  readonly #stateListeners: ((state: MediaPeerState) => void)[] = [];
  readonly #trackListeners: ((remote: RemoteAudio) => void)[] = [];
  readonly #candidateListeners: ((candidate: TrickleCandidate) => void)[] = [];

  constructor(track: AudioTrack | null) {
    this.track = track;
  }

  async offer(): Promise<string> {
    return 'v=0 offer';
  }

  async answer(sdp: string): Promise<void> {
    this.answered = sdp;
  }

  async setTrack(track: AudioTrack | null): Promise<void> {
    this.track = track;
  }

  onCandidate(listener: (candidate: TrickleCandidate) => void): void {
    this.#candidateListeners.push(listener);
  }

  onState(listener: (state: MediaPeerState) => void): void {
    this.#stateListeners.push(listener);
  }

  onTrack(listener: (remote: RemoteAudio) => void): void {
    this.#trackListeners.push(listener);
  }

  /** ICE and DTLS reach `state`. */
  setState(state: MediaPeerState): void {
    for (const listener of this.#stateListeners) listener(state);
  }

  /** A local ICE candidate is found. */
  gather(candidate: TrickleCandidate): void {
    for (const listener of this.#candidateListeners) listener(candidate);
  }

  /** The server's mix arrives. */
  receive(remote: RemoteAudio): void {
    for (const listener of this.#trackListeners) listener(remote);
  }

  close(): void {
    this.closed = true;
  }
}

/** A media room the test drives: records what it was asked and changes state on demand. */
export class FakeMediaRoom implements MediaRoom {
  readonly events = new Emitter<MediaRoomEvents>();
  readonly abilities = { perMemberVolume: false };
  readonly server: string;
  state: MediaRoomState = { status: 'idle' };
  joinedWith: AudioTrack | null | undefined;
  track: AudioTrack | null = null;
  muted = false;
  left = false;

  constructor(server: string, scope: Scope) {
    this.server = new URL(server).host;
    scope.add(() => {
      this.left = true;
    });
  }

  async join(track: AudioTrack | null): Promise<void> {
    this.joinedWith = track;
    this.track = track;
    this.setState({ status: 'connecting' });
  }

  async setTrack(track: AudioTrack | null): Promise<void> {
    this.track = track;
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  leave(): void {
    this.left = true;
  }

  setState(state: MediaRoomState): void {
    this.state = state;
    this.events.emit('state', state);
  }
}
