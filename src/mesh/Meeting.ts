import type { Address } from 'viem';
import { type Clock, systemClock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { IceServer, PeerFactory } from '../peers/types.ts';
import type { Roster, RosterMember } from '../presence/types.ts';
import type { SignalingChannel } from '../signaling/types.ts';
import type { AudioIo } from './AudioIo.ts';
import { meshErrors } from './errors.ts';
import { defaultCaptureSettings, LocalMicrophone } from './LocalMicrophone.ts';
import { MeetingDevices } from './MeetingDevices.ts';
import { encodeMemberState, type MemberState, speakersWithinCap } from './memberStateWire.ts';
import { decodeMeshSignal, type MeshSignal } from './meshSignal.ts';
import { RemoteMembers } from './RemoteMembers.ts';
import { SpeakingDetector } from './speaking.ts';
import {
  type CaptureSettings,
  DEFAULT_SPEAKER_CAP,
  type DeviceChoice,
  defaultMeshTiming,
  type LinkRelay,
  type LocalParticipant,
  type MeetingEvents,
  type MeetingStatus,
  type MeshTiming,
  openSpeakerPolicy,
  type Participant,
  type Role,
  type RoomAudio,
  type SpeakerPolicy,
} from './types.ts';

/** What a Meeting needs; the composition root passes the real services. */
export interface MeetingOptions {
  self: Address;
  roster: Roster;
  signaling: SignalingChannel;
  createPeer: PeerFactory;
  /** Owned by the meeting from now on: closed when it ends. */
  audio: AudioIo;
  iceServers: readonly IceServer[];
  /**
   * Settles when the call route is ready (e.g. TURN credentials from the gate): join() makes
   * no peer connection before it, but opens the microphone meanwhile. Default: ready.
   */
  routeReady?: Promise<void>;
  /** The meeting ends with this scope (or earlier, on leave()). */
  scope: Scope;
  /** Stage mode: join as a listener; speaking needs setRole('speaker'). */
  stage?: boolean;
  /** Who may be heard and who is kept out (default: everyone speaks, nobody removed). */
  policy?: SpeakerPolicy;
  /** A remote member was refused as a speaker (claimed it, or sent audio, without leave). */
  onRefused?: (address: Address) => void;
  /** Most publishing speakers allowed (default DEFAULT_SPEAKER_CAP). */
  speakerCap?: number;
  capture?: Partial<CaptureSettings>;
  pushToTalk?: boolean;
  timing?: Partial<MeshTiming>;
  clock?: Clock;
  /** Carries the room's graph writes over the members' data channels (relays down). */
  links?: LinkRelay;
  /** Calls back when the page comes back online; defaults to window 'online' where present. */
  watchOnline?: (listener: () => void, scope: Scope) => void;
}

/** Signals kept while the microphone opens; more than a few sessions' worth is a flood. */
const MAX_EARLY_SIGNALS = 200;

const lower = (address: string) => address.toLowerCase();

const notInvited = () =>
  new AppError('NOT_AUTHORIZED', 'Only moderators and invited members speak on a stage', {
    category: 'user',
    details: 'stage: not invited',
  });

function watchWindowOnline(listener: () => void, scope: Scope): void {
  globalThis.addEventListener?.('online', listener, { signal: scope.signal });
}

/**
 * One audio room from this member's side: a full mesh with one PeerLink per remote roster
 * member (the lower address initiates), the microphone, mute / push-to-talk, speaking
 * detection, connection quality, devices, stage roles and the speaker cap. Everything it
 * opens belongs to its scope and ends on leave().
 *
 * @example
 * const meeting = new Meeting({ self, roster, signaling, createPeer: createSimplePeer,
 *   audio: new BrowserAudioIo(), iceServers: config.iceServers, scope });
 * meeting.events.on('participants', (list) => render(list));
 * await meeting.join();
 */
export class Meeting {
  readonly events = new Emitter<MeetingEvents>();
  readonly self: Address;
  readonly #options: MeetingOptions;
  readonly #scope: Scope;
  readonly #timing: MeshTiming;
  readonly #clock: Clock;
  readonly #cap: number;
  readonly #mic: LocalMicrophone;
  readonly #members: RemoteMembers;
  readonly #policy: SpeakerPolicy;
  #local: MemberState = {
    role: 'listener',
    muted: false,
    hand: false,
    speakerSince: 0,
    declined: 0,
    onServer: false,
  };
  #pushToTalk: boolean;
  #talking = false;
  #manualMute = false;
  #localSpeaking = false;
  readonly #localDetector = new SpeakingDetector();
  #microphoneError: AppError | undefined;
  #status: MeetingStatus = 'idle';
  readonly #devices: MeetingDevices;

  constructor(options: MeetingOptions) {
    this.#options = options;
    this.self = options.self;
    this.#scope = options.scope.child();
    this.#timing = { ...defaultMeshTiming, ...options.timing };
    this.#clock = options.clock ?? systemClock;
    this.#cap = options.speakerCap ?? DEFAULT_SPEAKER_CAP;
    this.#pushToTalk = options.pushToTalk ?? false;
    this.#policy = options.policy ?? openSpeakerPolicy;
    this.#mic = new LocalMicrophone(options.audio, {
      ...defaultCaptureSettings,
      ...options.capture,
    });
    this.#members = new RemoteMembers({
      ...options,
      timing: this.#timing,
      scope: this.#scope,
      policy: this.#policy,
      onRefused: (address) => options.onRefused?.(address),
      track: () => this.#mic.track,
      outputId: () => this.#devices.choice.outputId,
      onChange: () => this.#emitParticipants(),
      onRecovery: (step) => this.events.emit('recovery', step),
      onError: (error) => this.events.emit('notice', error),
      onAudio: () => this.#emitAudio(),
    });
    this.#devices = new MeetingDevices({
      audio: options.audio,
      microphone: this.#mic,
      ended: () => this.#scope.ended,
      onTrack: () => this.#setTrack(),
      playbacks: () => this.#members.values(),
      onChange: (choice) => this.events.emit('devices', choice),
      onMicrophoneError: (error) => this.#onMicrophoneError(error),
    });
    this.#scope.add(() => {
      this.#mic.close();
      options.audio.close();
    });
    // From the start: the first moderator answer may come before join().
    this.#policy.onChange(() => this.#onPolicy(), this.#scope);
  }

  get status(): MeetingStatus {
    return this.#status;
  }

  get speakerCap(): number {
    return this.#cap;
  }

  /** Enters the room: microphone (unless listening), signaling, roster, timers. */
  async join(): Promise<void> {
    if (this.#status !== 'idle') return;
    this.#setStatus('joining');
    const { roster, signaling, audio, scope } = { ...this.#options, scope: this.#scope };
    // Listen before the (possibly slow) microphone prompt: an offer sent meanwhile is kept
    // and answered once the track is ready, in one negotiation instead of two.
    const early: [Address, MeshSignal][] = [];
    let ready = false;
    signaling.onSignal((from, payload) => {
      const message = decodeMeshSignal(payload);
      if (!message) return;
      if (ready) this.#members.handle(from, message);
      else if (early.length < MAX_EARLY_SIGNALS) early.push([from, message]);
    }, scope);
    const wantsToSpeak = !this.#options.stage && this.#policy.maySpeak(this.self);
    let microphone: Promise<void> | undefined;
    if (wantsToSpeak && this.#remoteSpeakers() >= this.#cap) {
      this.events.emit('notice', meshErrors.speakerLimit(this.#cap));
    } else if (wantsToSpeak) {
      microphone = this.#becomeSpeaker().catch((error: unknown) => this.#onMicrophoneError(error));
    }
    // The microphone and the call route come up side by side; peers need both.
    await Promise.all([microphone, this.#options.routeReady]);
    if (this.#scope.ended) return;
    roster.on('joined', (member) => this.#onMember(member), scope);
    roster.on('updated', (member) => this.#onMember(member), scope);
    roster.on('left', ({ address }) => this.#members.remove(address), scope);
    audio.onDeviceChange(() => void this.refreshDevices(), scope);
    (this.#options.watchOnline ?? watchWindowOnline)(() => this.#members.retry(), scope);
    scope.setInterval(() => this.#pollLevels(), this.#timing.levelIntervalMs);
    scope.setInterval(() => void this.#pollStats(), this.#timing.statsIntervalMs);
    for (const member of roster.members()) this.#onMember(member);
    ready = true;
    for (const [from, message] of early.splice(0)) this.#members.handle(from, message);
    this.#setStatus('live');
    this.#publish();
    await this.refreshDevices();
  }

  /** Leaves the room; everything the meeting opened is closed. */
  leave(): void {
    this.end(undefined);
  }

  /** Ends the meeting for a reason the room screen shows (e.g. ACCESS_REVOKED: access lost). */
  end(reason: AppError | undefined): void {
    if (this.#status === 'left') return;
    this.#setStatus('left');
    this.events.emit('left', { reason });
    this.#scope.end();
  }

  participants(): Participant[] {
    return this.#members.participants();
  }

  local(): LocalParticipant {
    return {
      address: this.self,
      role: this.#local.role,
      muted: this.#local.muted,
      handRaised: this.#local.hand,
      speaking: this.#localSpeaking,
      pushToTalk: this.#pushToTalk,
      talking: this.#talking,
      microphoneError: this.#microphoneError,
      capture: this.#mic.settings,
      maySpeak: this.#policy.maySpeak(this.self),
    };
  }

  devices(): DeviceChoice {
    return this.#devices.choice;
  }

  /** The room's audio now (the `audio` event tells when it changes), e.g. for a broadcast. */
  roomAudio(): RoomAudio {
    return { local: this.#mic.track, remote: this.#members.audio() };
  }

  /** Mutes or unmutes (turns push-to-talk off); peers see it through the roster. */
  setMuted(muted: boolean): void {
    this.#manualMute = muted;
    this.#pushToTalk = false;
    this.#applyMute();
  }

  /** Push-to-talk: muted except while setTalking(true). */
  setPushToTalk(enabled: boolean): void {
    this.#pushToTalk = enabled;
    this.#talking = false;
    this.#applyMute();
  }

  /** The push-to-talk key went down (true) or up (false). */
  setTalking(talking: boolean): void {
    if (!this.#pushToTalk || this.#talking === talking) return;
    this.#talking = talking;
    this.#applyMute();
  }

  raiseHand(raised: boolean): void {
    if (this.#local.hand === raised) return;
    this.#local = { ...this.#local, hand: raised };
    this.#publish();
  }

  /**
   * Declines a moderator's invite to speak, made at `at` (ms): this member keeps listening,
   * lowers its hand, and publishes the refusal so moderators see it.
   */
  declineInvite(at: number): void {
    this.#local = { ...this.#local, hand: false, declined: at };
    this.#publish();
  }

  /**
   * Becomes a speaker (throws NOT_AUTHORIZED on a stage without a moderator's invite,
   * SPEAKER_LIMIT when the room is at its cap, or a microphone error) or a listener (stops
   * publishing audio). Moderator invites and revokes land here.
   */
  async setRole(role: Role): Promise<void> {
    if (role === this.#local.role) return;
    if (role === 'listener') {
      this.#mic.close();
      this.#setTrack();
      this.#local = { ...this.#local, role };
      this.#publish();
      return;
    }
    if (!this.#policy.maySpeak(this.self)) throw notInvited();
    if (this.#remoteSpeakers() >= this.#cap) throw meshErrors.speakerLimit(this.#cap);
    try {
      await this.#becomeSpeaker();
    } catch (error) {
      this.#onMicrophoneError(error);
      throw AppError.from(error);
    }
    this.#publish();
  }

  /** Asks for the microphone again (after a denial or with a newly plugged device). */
  retryMicrophone(): Promise<void> {
    return this.setRole('speaker');
  }

  /** Playback volume of one member, 0..1, kept across reconnections. */
  setVolume(address: Address, volume: number): void {
    const clamped = Math.min(1, Math.max(0, volume));
    this.#members.setVolume(address, clamped);
  }

  /** Stops talking to a member and ignores it from now on (its access was revoked). */
  drop(address: Address): void {
    this.#members.drop(address);
  }

  /**
   * This member's audio now runs through the room's media server (src/media): no new peer link
   * is opened, and the roster says so, so that a member who comes later goes straight to the
   * server, even when the room has become smaller than the mesh's cap. Links open now stay
   * until {@link closeLinks}. Roster, mute, roles, devices and the microphone go on as before.
   */
  moveToServer(): void {
    this.#members.holdLinks();
    if (this.#local.onServer) return;
    this.#local = { ...this.#local, onServer: true };
    this.#publish();
  }

  /**
   * Closes the peer links to `addresses` (every link when omitted): those members are heard
   * through the media server now. Their tiles stay.
   */
  closeLinks(addresses?: readonly Address[]): void {
    this.#members.closeLinks(addresses);
  }

  /** Re-reads the device lists; falls back to defaults when the device in use went away. */
  refreshDevices(): Promise<void> {
    return this.#devices.refresh();
  }

  /** Switches the microphone mid-call: new capture, replaceTrack on every peer. */
  setInputDevice(deviceId: string): Promise<void> {
    return this.#devices.setInput(deviceId);
  }

  /** Routes every member's audio to an output device (setSinkId). */
  setOutputDevice(deviceId: string): Promise<void> {
    return this.#devices.setOutput(deviceId);
  }

  /** Changes echo cancellation / noise suppression / auto gain; reopens an open microphone. */
  async setCaptureSettings(settings: Partial<CaptureSettings>): Promise<void> {
    await this.#devices.setCaptureSettings(settings);
    this.#emitLocal();
  }

  async #becomeSpeaker(): Promise<void> {
    await this.#mic.open(this.#devices.choice.inputId);
    if (this.#scope.ended) return this.#mic.close();
    this.#microphoneError = undefined;
    this.#local = {
      ...this.#local,
      role: 'speaker',
      hand: false,
      speakerSince: this.#clock.now(),
    };
    this.#applyMute(false);
    this.#setTrack();
  }

  #onMicrophoneError(error: unknown): void {
    const appError = AppError.from(error);
    this.#microphoneError = appError;
    this.events.emit('notice', appError);
    this.#emitLocal();
  }

  #setTrack(): void {
    // The microphone is open only while speaking, so listeners send nothing.
    this.#members.setTrack(this.#mic.track);
    this.#emitAudio();
  }

  #applyMute(publish = true): void {
    const muted = this.#pushToTalk ? !this.#talking : this.#manualMute;
    this.#mic.setEnabled(!muted);
    this.#local = { ...this.#local, muted };
    if (publish) this.#publish();
    else this.#emitLocal();
  }

  #publish(): void {
    if (this.#status === 'idle' || this.#status === 'joining' || this.#scope.ended) {
      this.#emitLocal();
      return;
    }
    this.#options.roster.setLocalState(encodeMemberState(this.#local));
    this.#emitLocal();
  }

  #remoteSpeakers(): number {
    return this.#members.speakers().length;
  }

  /** Decisions or moderator answers changed: apply them to everyone, this member included. */
  #onPolicy(): void {
    // Before join() the roster is not followed yet: join() applies the policy to everyone.
    if (this.#status !== 'idle' && this.#status !== 'joining') this.#members.reapply();
    if (this.#local.role === 'speaker' && !this.#policy.maySpeak(this.self)) {
      void this.setRole('listener');
    }
    this.#emitLocal();
  }

  #onMember(member: RosterMember): void {
    // A phase of joining (DevTools' performance panel; bench/meshApp.bench.ts).
    if (lower(member.address) !== lower(this.self)) performance.mark('cc:member');
    this.#members.update(member);
    this.#enforceCap();
  }

  /** Two members joining at once can both pass the cap check; the later one steps down. */
  #enforceCap(): void {
    if (this.#local.role !== 'speaker') return;
    const speakers = this.#members.speakers();
    speakers.push({ address: this.self, speakerSince: this.#local.speakerSince });
    if (speakers.length <= this.#cap) return;
    if (speakersWithinCap(speakers, this.#cap).has(lower(this.self))) return;
    void this.setRole('listener');
    this.events.emit('notice', meshErrors.speakerLimit(this.#cap));
  }

  #pollLevels(): void {
    const now = this.#clock.now();
    if (this.#members.pollLevels(now)) this.#emitParticipants();
    // On the media server the server says who speaks, this member included: reading no meter
    // lets the audio io stop its AudioContext.
    const loud = !this.#local.onServer && this.#localDetector.update(this.#mic.level(), now);
    const speaking = loud && !this.#local.muted;
    if (speaking !== this.#localSpeaking) {
      this.#localSpeaking = speaking;
      this.#emitLocal();
    }
  }

  async #pollStats(): Promise<void> {
    if ((await this.#members.pollStats()) && !this.#scope.ended) this.#emitParticipants();
  }

  #setStatus(status: MeetingStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.events.emit('status', status);
  }

  #emitParticipants(): void {
    if (this.#status === 'left') return;
    const participants = this.participants();
    const reconnecting = participants.some((p) => p.link === 'reconnecting');
    if (this.#status === 'live' || this.#status === 'reconnecting') {
      this.#setStatus(reconnecting ? 'reconnecting' : 'live');
    }
    this.events.emit('participants', participants);
  }

  #emitAudio(): void {
    if (this.#status !== 'left') this.events.emit('audio', this.roomAudio());
  }

  #emitLocal(): void {
    this.events.emit('local', this.local());
  }
}
