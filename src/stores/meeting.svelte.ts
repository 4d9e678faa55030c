import type { Address } from 'viem';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { Meeting } from '../mesh/Meeting.ts';
import type {
  CaptureSettings,
  DeviceChoice,
  LocalParticipant,
  MeetingStatus,
  Participant,
  Role,
  RoomAudio,
} from '../mesh/types.ts';
import type { SpeakerInvitation } from '../presence/StageModeration.ts';

/**
 * Read-only runes view of a Meeting for the room screen. Commands pass straight to the
 * meeting; any error they raise becomes `notice` instead of escaping into an event handler.
 * A moderator's invite to speak waits here for the member's answer.
 *
 * @example
 * const store = new MeetingStore(meeting, scope);
 * void store.join();
 */
export class MeetingStore {
  #status: MeetingStatus;
  #participants: readonly Participant[];
  #local: LocalParticipant;
  #devices: DeviceChoice;
  #notice = $state.raw<AppError | undefined>(undefined);
  #endReason = $state.raw<AppError | undefined>(undefined);
  #invitation = $state.raw<SpeakerInvitation | undefined>(undefined);
  readonly #meeting: Meeting;

  constructor(meeting: Meeting, scope: Scope) {
    this.#meeting = meeting;
    this.#status = $state.raw(meeting.status);
    this.#participants = $state.raw(meeting.participants());
    this.#local = $state.raw(meeting.local());
    this.#devices = $state.raw(meeting.devices());
    const { events } = meeting;
    events.on('status', (status) => (this.#status = status), scope);
    events.on('participants', (list) => (this.#participants = list), scope);
    events.on('local', (local) => (this.#local = local), scope);
    events.on('devices', (devices) => (this.#devices = devices), scope);
    events.on('notice', (error) => (this.#notice = error), scope);
    events.on('left', ({ reason }) => (this.#endReason = reason), scope);
  }

  get status(): MeetingStatus {
    return this.#status;
  }
  get participants(): readonly Participant[] {
    return this.#participants;
  }
  get local(): LocalParticipant {
    return this.#local;
  }
  get devices(): DeviceChoice {
    return this.#devices;
  }
  /** The latest non-fatal problem to show (speaker cap, microphone, output device). */
  get notice(): AppError | undefined {
    return this.#notice;
  }
  /** Why the meeting ended, when it did not end by leave() (e.g. access lost). */
  get endReason(): AppError | undefined {
    return this.#endReason;
  }
  /** Publishing speakers, this member included. */
  get speakers(): number {
    const remote = this.#participants.filter((p) => p.role === 'speaker').length;
    return remote + (this.#local.role === 'speaker' ? 1 : 0);
  }
  get speakerCap(): number {
    return this.#meeting.speakerCap;
  }
  get self(): Address {
    return this.#meeting.self;
  }
  /** The room's audio now (tracks, not runes state), for a broadcast of the whole room. */
  roomAudio(): RoomAudio {
    return this.#meeting.roomAudio();
  }
  /** Calls `listener` whenever the room's audio changes (a member's track, the microphone). */
  onRoomAudio(listener: (audio: RoomAudio) => void, scope: Scope): void {
    this.#meeting.events.on('audio', listener, scope);
  }
  /**
   * A moderator's invite waiting for an answer: shown while this member listens and may
   * speak (an invite withdrawn or lapsed asks nothing).
   */
  get invitation(): SpeakerInvitation | undefined {
    const { role, maySpeak } = this.#local;
    return role === 'listener' && maySpeak && this.#status !== 'left'
      ? this.#invitation
      : undefined;
  }

  join(): Promise<void> {
    return this.#run(() => this.#meeting.join());
  }
  leave(): void {
    this.#meeting.leave();
  }
  /** Ends the meeting for a reason the screen shows (ACCESS_REVOKED reads as "access lost"). */
  end(reason: AppError): void {
    this.#meeting.end(reason);
  }
  /** Access to the community was revoked for `address`: stop talking to it for good. */
  drop(address: Address): void {
    this.#meeting.drop(address);
  }
  /** Moderator "mute": the local member is muted and peers see it. */
  setMuted(muted: boolean): void {
    this.#meeting.setMuted(muted);
  }
  toggleMute(): void {
    this.#meeting.setMuted(!this.#local.muted);
  }
  setPushToTalk(enabled: boolean): void {
    this.#meeting.setPushToTalk(enabled);
  }
  setTalking(talking: boolean): void {
    this.#meeting.setTalking(talking);
  }
  toggleHand(): void {
    this.#meeting.raiseHand(!this.#local.handRaised);
  }
  setRole(role: Role): Promise<void> {
    // Any change of role answers a pending invite (a moderator's later decision, or the member's own choice).
    this.#invitation = undefined;
    return this.#run(() => this.#meeting.setRole(role));
  }
  retryMicrophone(): Promise<void> {
    return this.#run(() => this.#meeting.retryMicrophone());
  }
  setVolume(address: Address, volume: number): void {
    this.#meeting.setVolume(address, volume);
  }
  setInputDevice(deviceId: string): Promise<void> {
    return this.#run(() => this.#meeting.setInputDevice(deviceId));
  }
  setOutputDevice(deviceId: string): Promise<void> {
    return this.#run(() => this.#meeting.setOutputDevice(deviceId));
  }
  setCaptureSettings(settings: Partial<CaptureSettings>): Promise<void> {
    return this.#run(() => this.#meeting.setCaptureSettings(settings));
  }
  /** Asks this member to speak (see {@link invitation}); the microphone stays closed. */
  offerToSpeak(invitation: SpeakerInvitation): void {
    this.#invitation = invitation;
  }
  /** Says yes to the invite: the microphone opens. */
  acceptInvitation(): Promise<void> {
    return this.setRole('speaker');
  }
  /** Says no to the invite: stays a listener, and moderators see the answer. */
  declineInvitation(): void {
    const invitation = this.#invitation;
    this.#invitation = undefined;
    if (invitation) this.#meeting.declineInvite(invitation.at);
  }
  dismissNotice(): void {
    this.#notice = undefined;
  }

  async #run(command: () => Promise<void>): Promise<void> {
    try {
      await command();
    } catch (error) {
      this.#notice = AppError.from(error);
    }
  }
}
