import type { Address } from 'viem';
import type { PeerStats, RemoteAudio } from '../peers/types.ts';
import type { AudioIo, Playback } from './AudioIo.ts';
import type { MemberState } from './memberStateWire.ts';
import { PeerLink, type PeerLinkOptions } from './PeerLink.ts';
import { classifyQuality } from './quality.ts';
import { SpeakingDetector } from './speaking.ts';
import type { ConnectionQuality, Participant, RecoveryStep } from './types.ts';

/** Inputs of a RemoteMember: the link's, plus playback and change callbacks. */
export interface RemoteMemberOptions extends Omit<PeerLinkOptions, 'remote'> {
  address: Address;
  audio: AudioIo;
  volume: number;
  /** The output device in use now ('' = default). */
  outputId(): string;
  onChange(): void;
  onRecovery(step: RecoveryStep['step']): void;
  /** Audio arrived from a member that may not speak (it is not played). */
  onRefusedAudio(): void;
  /** A new incoming track arrived (for the room's broadcast mix). */
  onAudio(): void;
}

/**
 * One remote member from this side: its link, the playback of its audio (volume, output,
 * level for the speaking ring), connection quality and the state it publishes.
 */
export class RemoteMember {
  readonly address: Address;
  readonly link: PeerLink;
  /** Session key seen in the roster; undefined while known only from signaling. */
  sessionPub: string | undefined;
  /** What the member publishes about itself (a claim: see {@link allowed}). */
  state: MemberState = {
    role: 'listener',
    muted: true,
    hand: false,
    speakerSince: 0,
    declined: 0,
    onServer: false,
  };
  readonly #detector = new SpeakingDetector();
  #playback: Playback | undefined;
  #volume: number;
  #speaking = false;
  #quality: ConnectionQuality = 'unknown';
  #lastStats: PeerStats | undefined;
  #allowed = true;
  #incoming: RemoteAudio | undefined;

  constructor(options: RemoteMemberOptions) {
    this.address = options.address;
    this.#volume = options.volume;
    this.link = new PeerLink({ ...options, remote: options.address });
    const { scope } = options;
    this.link.events.on('status', () => options.onChange(), scope);
    this.link.events.on('recovery', (step) => options.onRecovery(step), scope);
    this.link.events.on(
      'track',
      (remote) => {
        // A new session brings a new track; the old playback goes with the old connection.
        this.#playback?.stop();
        this.#incoming = remote;
        remote.track.enabled = this.#allowed;
        if (!this.#allowed) options.onRefusedAudio();
        this.#playback = options.audio.play(remote, options.outputId());
        this.#playback.setVolume(this.#volume);
        options.onAudio();
      },
      scope,
    );
    scope.add(() => {
      this.#playback?.stop();
      this.#playback = undefined;
    });
  }

  /** Listed in the roster (a tile is shown), as opposed to known only from its signals. */
  get inRoster(): boolean {
    return this.sessionPub !== undefined;
  }

  updateFromRoster(sessionPub: string, state: MemberState): void {
    this.sessionPub = sessionPub;
    this.state = state;
  }

  /** The member's latest incoming audio (silent while it may not speak), if any arrived. */
  get incoming(): RemoteAudio | undefined {
    return this.#incoming;
  }

  /** Whether this member may speak (the room's policy): its audio plays only then. */
  get allowed(): boolean {
    return this.#allowed;
  }

  /** Plays or silences this member's audio (a disabled track plays silence everywhere). */
  setAllowed(allowed: boolean): void {
    this.#allowed = allowed;
    if (this.#incoming) this.#incoming.track.enabled = allowed;
  }

  setVolume(volume: number): void {
    this.#volume = volume;
    this.#playback?.setVolume(volume);
  }

  async setSinkId(deviceId: string): Promise<void> {
    await this.#playback?.setSinkId(deviceId);
  }

  /** Reads the audio level; true when the speaking flag changed. */
  pollLevel(now: number): boolean {
    const level = this.#allowed ? (this.#playback?.level() ?? 0) : 0;
    const speaking = this.#detector.update(level, now);
    if (speaking === this.#speaking) return false;
    this.#speaking = speaking;
    return true;
  }

  /** Reads getStats; true when the quality grade changed. */
  async pollStats(): Promise<boolean> {
    const stats = await this.link.getStats();
    if (!stats) return false;
    const quality = classifyQuality(this.#lastStats, stats);
    this.#lastStats = stats;
    if (quality === this.#quality) return false;
    this.#quality = quality;
    return true;
  }

  snapshot(): Participant {
    return {
      address: this.address,
      // A speaker claim the policy refuses shows (and plays) as a listener.
      role: this.#allowed ? this.state.role : 'listener',
      muted: this.state.muted,
      handRaised: this.state.hand,
      declinedInvite: this.state.declined,
      onServer: this.state.onServer,
      speaking: this.#speaking,
      link: this.link.status,
      quality: this.#quality,
      volume: this.#volume,
    };
  }

  close(): void {
    this.link.close();
  }
}
