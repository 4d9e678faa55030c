// Hand-written fakes of OUR interfaces (Roster, SignalingChannel, PeerConnection, AudioIo)
// for unit tests. Not imported by the app.
import type { Address } from 'viem';
import { afterEach, beforeEach, vi } from 'vitest';
import { Emitter } from '../core/Emitter.ts';
import { Scope } from '../core/Scope.ts';
import type {
  AudioStream,
  AudioTrack,
  PeerConnection,
  PeerEvents,
  PeerFactory,
  PeerOptions,
  PeerState,
  PeerStats,
  RemoteAudio,
} from '../peers/types.ts';
import type { Roster, RosterEvents, RosterMember } from '../presence/types.ts';
import type { SignalingChannel, SignalPayload } from '../signaling/types.ts';
import type { AudioIo, Capture, CaptureRequest, Playback } from './AudioIo.ts';
import { Meeting, type MeetingOptions } from './Meeting.ts';
import type { AudioDevice, SpeakerPolicy } from './types.ts';

/** Four members in address order: the mesh initiates towards higher addresses. */
export const A: Address = '0x1111111111111111111111111111111111111111';
export const B: Address = '0x2222222222222222222222222222222222222222';
export const C: Address = '0x3333333333333333333333333333333333333333';
export const D: Address = '0x4444444444444444444444444444444444444444';

/** The roster state of a member that claims a speaker's place, unmuted. */
export const speaker = {
  role: 'speaker',
  muted: false,
  hand: false,
  speakerSince: 1,
  declined: 0,
};

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

/** A remote audio stream holding one fake track. */
export function fakeRemoteAudio(): RemoteAudio {
  const track = new FakeTrack();
  const stream: AudioStream = { id: `stream-${nextId++}`, getAudioTracks: () => [track] };
  return { track, stream };
}

/** A roster whose members the test sets; counts live listeners. */
export class FakeRoster implements Roster {
  readonly #members = new Map<Address, RosterMember>();
  readonly #events = new Emitter<RosterEvents>();
  readonly published: Record<string, string | number | boolean>[] = [];

  members(): readonly RosterMember[] {
    return [...this.#members.values()];
  }

  on<K extends keyof RosterEvents>(
    event: K,
    listener: (payload: RosterEvents[K]) => void,
    scope: Scope,
  ): void {
    this.#events.on(event, listener, scope);
  }

  setLocalState(state: Readonly<Record<string, string | number | boolean>>): void {
    this.published.push({ ...state });
  }

  get lastPublished(): Record<string, string | number | boolean> | undefined {
    return this.published.at(-1);
  }

  join(address: Address, state: RosterMember['state'] = {}): void {
    const member = { address, sessionPub: 'pub', sessionEpub: 'epub', state, lastSeen: 0 };
    const known = this.#members.has(address);
    this.#members.set(address, member);
    this.#events.emit(known ? 'updated' : 'joined', member);
  }

  leave(address: Address): void {
    this.#members.delete(address);
    this.#events.emit('left', { address });
  }

  listenerCount(): number {
    return (['joined', 'updated', 'left'] as const).reduce(
      (sum, event) => sum + this.#events.listenerCount(event),
      0,
    );
  }
}

/** A signaling channel that records what is sent and lets the test deliver. */
export class FakeSignaling implements SignalingChannel {
  readonly sent: { to: Address; payload: SignalPayload }[] = [];
  readonly #events = new Emitter<{ signal: { from: Address; payload: SignalPayload } }>();

  async send(to: Address, payload: SignalPayload): Promise<void> {
    this.sent.push({ to, payload });
  }

  onSignal(listener: (from: Address, payload: SignalPayload) => void, scope: Scope): void {
    this.#events.on('signal', ({ from, payload }) => listener(from, payload), scope);
  }

  deliver(from: Address, payload: SignalPayload): void {
    this.#events.emit('signal', { from, payload });
  }

  listenerCount(): number {
    return this.#events.listenerCount('signal');
  }
}

/** A peer connection the test drives: set its state, hand it tracks, read what it got. */
export class FakePeer implements PeerConnection {
  readonly initiator: boolean;
  readonly received: SignalPayload[] = [];
  readonly tracks: (AudioTrack | null)[] = [];
  iceRestarts = 0;
  destroyed = false;
  /** Whether the data channel is open; tests set it. */
  channelOpen = false;
  /** Text sent over the data channel while it was open. */
  readonly sentData: string[] = [];
  stats: PeerStats = {
    rttMs: 20,
    jitterMs: 2,
    packetsReceived: 0,
    packetsLost: 0,
    bytesReceived: 0,
    bytesSent: 0,
    inboundAudioLevel: undefined,
  };
  #state: PeerState = 'new';
  readonly #events = new Emitter<PeerEvents>();

  constructor(options: PeerOptions) {
    this.initiator = options.initiator;
  }

  get state(): PeerState {
    return this.#state;
  }

  /** The track currently sent (last of add/replace). */
  get sending(): AudioTrack | null {
    return this.tracks.at(-1) ?? null;
  }

  signal(payload: SignalPayload): void {
    this.received.push(payload);
  }

  addTrack(track: AudioTrack): void {
    this.tracks.push(track);
  }

  replaceTrack(_oldTrack: AudioTrack, newTrack: AudioTrack | null): void {
    this.tracks.push(newTrack);
  }

  restartIce(): void {
    this.iceRestarts++;
  }

  async getStats(): Promise<PeerStats> {
    return this.stats;
  }

  send(text: string): boolean {
    if (!this.channelOpen) return false;
    this.sentData.push(text);
    return true;
  }

  on<K extends keyof PeerEvents>(event: K, listener: (payload: PeerEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.channelOpen = false;
    this.setState('closed');
    this.#events.emit('close', { error: undefined });
  }

  setState(state: PeerState): void {
    this.#state = state;
    this.#events.emit('state', state);
  }

  emitSignal(payload: SignalPayload): void {
    this.#events.emit('signal', payload);
  }

  /** Text arriving over the data channel from the remote side. */
  emitData(text: string): void {
    this.#events.emit('data', text);
  }

  emitTrack(remote: RemoteAudio): void {
    this.#events.emit('track', remote);
  }

  /** Simulates a fatal error: simple-peer destroys itself and reports close. */
  crash(): void {
    this.destroyed = true;
    this.channelOpen = false;
    this.#state = 'closed';
    this.#events.emit('close', { error: undefined });
  }
}

/** Records every peer made; `open` counts those not destroyed. */
export class FakePeerFactory {
  readonly peers: FakePeer[] = [];
  readonly create: PeerFactory = (options) => {
    const peer = new FakePeer(options);
    this.peers.push(peer);
    return peer;
  };

  get open(): FakePeer[] {
    return this.peers.filter((peer) => !peer.destroyed);
  }

  get last(): FakePeer | undefined {
    return this.peers.at(-1);
  }
}

/** A playback whose level the test sets. */
export class FakePlayback implements Playback {
  volume = 1;
  sinkId = '';
  currentLevel = 0;
  stopped = false;
  setVolume(volume: number): void {
    this.volume = volume;
  }
  async setSinkId(deviceId: string): Promise<void> {
    this.sinkId = deviceId;
  }
  level(): number {
    return this.currentLevel;
  }
  stop(): void {
    this.stopped = true;
  }
}

/** A capture whose level the test sets, counting its reads. */
export class FakeCapture implements Capture {
  readonly track = new FakeTrack();
  currentLevel = 0;
  reads = 0;
  stopped = false;
  constructor(readonly deviceId: string) {}
  level(): number {
    this.reads += 1;
    return this.currentLevel;
  }
  stop(): void {
    this.stopped = true;
    this.track.stop();
  }
}

/** Browser audio without a browser: devices, captures and playbacks the test inspects. */
export class FakeAudioIo implements AudioIo {
  readonly captures: FakeCapture[] = [];
  readonly requests: CaptureRequest[] = [];
  readonly playbacks: FakePlayback[] = [];
  devices: AudioDevice[] = [
    { deviceId: 'mic-1', kind: 'audioinput', label: 'Mic 1' },
    { deviceId: 'mic-2', kind: 'audioinput', label: 'Mic 2' },
    { deviceId: 'out-1', kind: 'audiooutput', label: 'Speaker 1' },
  ];
  captureError: Error | undefined;
  canChooseOutput = true;
  closed = false;
  readonly #events = new Emitter<{ change: undefined }>();

  async capture(request: CaptureRequest): Promise<Capture> {
    this.requests.push(request);
    if (this.captureError) throw this.captureError;
    const capture = new FakeCapture(request.deviceId || 'mic-1');
    this.captures.push(capture);
    return capture;
  }

  async listDevices(): Promise<AudioDevice[]> {
    return [...this.devices];
  }

  onDeviceChange(listener: () => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
  }

  changeDevices(devices: AudioDevice[]): void {
    this.devices = devices;
    this.#events.emit('change', undefined);
  }

  play(_remote: RemoteAudio, sinkId: string): Playback {
    const playback = new FakePlayback();
    playback.sinkId = sinkId;
    this.playbacks.push(playback);
    return playback;
  }

  close(): void {
    this.closed = true;
  }

  get openCaptures(): FakeCapture[] {
    return this.captures.filter((capture) => !capture.stopped);
  }

  get openPlaybacks(): FakePlayback[] {
    return this.playbacks.filter((playback) => !playback.stopped);
  }

  deviceListenerCount(): number {
    return this.#events.listenerCount('change');
  }
}

/** A speaker policy the test sets: who may speak, who is removed. */
export class FakeSpeakerPolicy implements SpeakerPolicy {
  readonly speakers = new Set<string>();
  readonly removed = new Set<string>();
  readonly #events = new Emitter<{ change: undefined }>();

  maySpeak(address: Address): boolean {
    return this.speakers.has(address.toLowerCase());
  }

  isRemoved(address: Address): boolean {
    return this.removed.has(address.toLowerCase());
  }

  onChange(listener: () => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
  }

  /** Allows (or stops allowing) `address` to speak, and says so. */
  allow(address: Address, allowed = true): void {
    if (allowed) this.speakers.add(address.toLowerCase());
    else this.speakers.delete(address.toLowerCase());
    this.#events.emit('change', undefined);
  }

  /** Removes (or re-admits) `address`, and says so. */
  remove(address: Address, removed = true): void {
    if (removed) this.removed.add(address.toLowerCase());
    else this.removed.delete(address.toLowerCase());
    this.#events.emit('change', undefined);
  }
}

/** A {@link Meeting} over fakes, and the fakes it runs on (see {@link fakeMeeting}). */
export interface FakeMeeting {
  meeting: Meeting;
  roster: FakeRoster;
  signaling: FakeSignaling;
  peers: FakePeerFactory;
  audio: FakeAudioIo;
  scope: Scope;
}

/**
 * A meeting of B over a fake roster, signaling, peers and audio, with no ICE servers and no
 * online events; `options` set anything else (a policy, timing, another `self`).
 *
 * @example
 * const { meeting, roster, peers } = fakeMeeting({ stage: true });
 * await meeting.join();
 * roster.join(C, speaker);
 */
export function fakeMeeting(options: Partial<MeetingOptions> = {}): FakeMeeting {
  const roster = new FakeRoster();
  const signaling = new FakeSignaling();
  const peers = new FakePeerFactory();
  const audio = new FakeAudioIo();
  const scope = new Scope();
  const meeting = new Meeting({
    self: B,
    roster,
    signaling,
    createPeer: peers.create,
    audio,
    iceServers: [],
    scope,
    watchOnline: () => {},
    ...options,
  });
  return { meeting, roster, signaling, peers, audio, scope };
}

/** Runs every test of the calling file on vitest's fake timers. */
export function useFakeTimersInEachTest(): void {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
