import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import type { Scope } from '../core/Scope.ts';
import type { RecordingChannel } from './GunRecordingChannel.ts';
import type { MediaGrant } from './mediaGrant.ts';
import {
  type GateRecordingWord,
  type RecordingClaim,
  type RecordingStanding,
  recordingStanding,
} from './recordingClaims.ts';
import { recordingErrors } from './recordingErrors.ts';
import { recordingUrl } from './recordingUrl.ts';

/** What the room shows about its recording. `stopped` lasts a few seconds, then `off`. */
export type RecordingView =
  | { status: 'off' }
  | { status: 'recording'; since: number; by: Address | undefined }
  | { status: 'stopped'; by: Address | undefined };

/** Events of a {@link RoomRecording}. */
export type RoomRecordingEvents = {
  view: RecordingView;
  /** This member stopped a recording: one line for the room's chat saying where the file is. */
  made: string;
};

/** The gate's recording paths for this room and session (`requestRecording`, `downloadRecording`). */
export interface RecordingGate {
  /** Starts or stops recording; resolves with the room's recording state after it. */
  record(gateUrl: string, recording: boolean): Promise<boolean>;
  download(gateUrl: string): Promise<Blob>;
}

/** What a {@link RoomRecording} works with. */
export interface RoomRecordingOptions {
  /** This member's address (the slot of its own claims). */
  self: Address;
  roomId: string;
  channel: RecordingChannel;
  gate: RecordingGate;
  clock: Clock;
  scope: Scope;
  /** How long "Recording stopped" stays before the banner clears. Default 8 s. */
  stoppedShowMs?: number;
}

/**
 * A room's recording as every member sees it, and an owner's or admin's way to make one. The
 * banner follows the moderators' signed claims and the gate's word in each media grant
 * ({@link recordingStanding}: wherever they disagree, it says "recording"). A host announces
 * before asking the gate to start, so nobody is recorded before being told, and says
 * "stopped" only once the gate confirmed the stop; then the room's chat gets a line saying
 * where the file is.
 *
 * @example
 * const recording = new RoomRecording({ self, roomId: 'lobby', channel, gate, clock: systemClock, scope });
 * recording.events.on('view', show, scope);
 * await recording.start();
 */
export class RoomRecording {
  readonly events = new Emitter<RoomRecordingEvents>();
  readonly #options: RoomRecordingOptions;
  #view: RecordingView = { status: 'off' };
  #standing: RecordingStanding = { recording: false };
  #gateUrl: string | undefined;
  #gateWord: GateRecordingWord | undefined;
  /** This page's own last claim, counted before its echo comes back from the graph. */
  #own: RecordingClaim | undefined;
  #recorded = false;

  constructor(options: RoomRecordingOptions) {
    this.#options = options;
    options.channel.onChange(() => this.#recompute(), options.scope);
  }

  get view(): RecordingView {
    return this.#view;
  }

  /** The gate of the media server the room runs on, once a grant came from it. */
  get gateUrl(): string | undefined {
    return this.#gateUrl;
  }

  /** A recording stopped while this member was in the room: its file is on the gate. */
  get recorded(): boolean {
    return this.#recorded;
  }

  /** Takes the gate's word from a media grant (each join and reconnection brings one). */
  handleGrant(grant: Pick<MediaGrant, 'recording'>, gateUrl: string): void {
    this.#gateUrl = gateUrl;
    const known = this.#gateWord;
    if (known?.recording !== grant.recording || !grant.recording) {
      this.#gateWord = { recording: grant.recording, at: this.#options.clock.now() };
    }
    this.#recompute();
  }

  /** Announces the recording to the room, then asks the gate to start it. */
  async start(): Promise<void> {
    const gateUrl = this.#gateUrl;
    if (gateUrl === undefined) throw recordingErrors.noGate('start');
    const { channel, gate } = this.#options;
    this.#claim(true);
    try {
      await channel.publish(true);
      if (!(await gate.record(gateUrl, true))) {
        throw recordingErrors.garbled('start', new URL(gateUrl).host);
      }
    } catch (error) {
      // Nothing was recorded: the announcement is withdrawn, no file is said to exist.
      const recorded = this.#recorded;
      this.#claim(false);
      this.#recorded = recorded;
      await channel.publish(false).catch(() => {});
      throw error;
    }
  }

  /** Asks the gate to stop, and only once it has, tells the room and its chat. */
  async stop(): Promise<void> {
    const gateUrl = this.#gateUrl;
    if (gateUrl === undefined) throw recordingErrors.noGate('stop');
    const since = this.#standing.recording ? this.#standing.since : undefined;
    if (await this.#options.gate.record(gateUrl, false)) {
      throw recordingErrors.garbled('stop', new URL(gateUrl).host);
    }
    this.#claim(false);
    this.#recorded = true;
    await this.#options.channel.publish(false);
    const { roomId, clock } = this.#options;
    const span =
      since === undefined ? '' : ` from ${utcTime(since)} to ${utcTime(clock.now())} UTC`;
    this.events.emit(
      'made',
      `I recorded this call${span}. The file is on the media server's gate at ${recordingUrl(gateUrl, roomId).href}; only the community's owner and admins can download it.`,
    );
  }

  /** The room's last recording, from the gate (owners and admins only). */
  download(): Promise<Blob> {
    const gateUrl = this.#gateUrl;
    if (gateUrl === undefined) return Promise.reject(recordingErrors.noGate('download'));
    return this.#options.gate.download(gateUrl);
  }

  #claim(recording: boolean): void {
    const { self, clock } = this.#options;
    this.#own = { recording, at: clock.now(), by: self, confirmed: true };
    this.#recompute();
  }

  #recompute(): void {
    const claims = [...this.#options.channel.claims()];
    if (this.#own) claims.push(this.#own);
    const before = this.#standing;
    const now = recordingStanding(claims, this.#gateWord);
    this.#standing = now;
    if (now.recording) {
      const view = this.#view;
      if (view.status !== 'recording' || view.since !== now.since || view.by !== now.by) {
        this.#setView({ status: 'recording', since: now.since, by: now.by });
      }
      return;
    }
    if (!before.recording) return;
    this.#recorded = true;
    const stopped: RecordingView = { status: 'stopped', by: latestStop(claims)?.by };
    this.#setView(stopped);
    this.#options.scope.setTimeout(() => {
      if (this.#view === stopped) this.#setView({ status: 'off' });
    }, this.#options.stoppedShowMs ?? 8_000);
  }

  #setView(view: RecordingView): void {
    this.#view = view;
    this.events.emit('view', view);
  }
}

/** The latest confirmed "stopped" claim: whose stop cleared the banner. */
function latestStop(claims: readonly RecordingClaim[]): RecordingClaim | undefined {
  let latest: RecordingClaim | undefined;
  for (const claim of claims) {
    if (claim.recording || !claim.confirmed) continue;
    if (!latest || claim.at > latest.at) latest = claim;
  }
  return latest;
}

/** `HH:MM` of a time, in UTC (members read the chat line in many time zones). */
function utcTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
