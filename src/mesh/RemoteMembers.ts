import type { Address } from 'viem';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { AudioTrack, IceServer, PeerFactory, RemoteAudio } from '../peers/types.ts';
import type { Roster, RosterMember } from '../presence/types.ts';
import type { SignalingChannel } from '../signaling/types.ts';
import type { AudioIo } from './AudioIo.ts';
import { decodeMemberState } from './memberStateWire.ts';
import { encodeMeshSignal, type MeshSignal } from './meshSignal.ts';
import { RemoteMember } from './RemoteMember.ts';
import type { LinkRelay, MeshTiming, Participant, RecoveryStep, SpeakerPolicy } from './types.ts';

/** What the mesh of remote members needs from the meeting around it. */
export interface RemoteMembersOptions {
  self: Address;
  roster: Roster;
  signaling: SignalingChannel;
  createPeer: PeerFactory;
  iceServers: readonly IceServer[];
  timing: MeshTiming;
  audio: AudioIo;
  scope: Scope;
  /** Who may be heard and who is kept out. */
  policy: SpeakerPolicy;
  /** A member that may not speak claimed to, or sent audio: refused (for the counters). */
  onRefused(address: Address): void;
  /** The track to send to a new link (null for listeners). */
  track(): AudioTrack | null;
  outputId(): string;
  onChange(): void;
  onRecovery(step: RecoveryStep): void;
  /** A signaling send failed (recovery retries; this is for the user to know). */
  onError(error: AppError): void;
  /** A member's incoming audio arrived or went. */
  onAudio(): void;
  /** Carries the room's graph writes over each member's data channel, if given. */
  links?: LinkRelay | undefined;
}

const lower = (address: string) => address.toLowerCase();

/**
 * The full mesh: one RemoteMember per remote roster member, made on roster join or on the
 * first signal from a verified member, closed on roster leave, drop or removal. The lower
 * address initiates each link, so two members never offer at once. The speaker policy decides
 * whose audio plays (a refused claim shows as a listener) and who is kept out (removed).
 */
export class RemoteMembers {
  readonly #options: RemoteMembersOptions;
  readonly #members = new Map<string, RemoteMember>();
  readonly #dropped = new Set<string>();
  readonly #volumes = new Map<string, number>();
  /** Members whose speaker claim is refused now (counted when the refusal began). */
  readonly #refusedClaims = new Set<string>();
  #sessionCounter = 0;
  /** The room moved to a media server: no link is opened any more. */
  #linksClosed = false;

  constructor(options: RemoteMembersOptions) {
    this.#options = options;
  }

  values(): IterableIterator<RemoteMember> {
    return this.#members.values();
  }

  /** Members the roster lists (those known only from signaling get no tile). */
  participants(): Participant[] {
    return [...this.#members.values()].filter((m) => m.inRoster).map((m) => m.snapshot());
  }

  /** Every member's incoming audio, for the room's broadcast mix. */
  audio(): RemoteAudio[] {
    return [...this.#members.values()].flatMap((m) => (m.incoming ? [m.incoming] : []));
  }

  /** Remote speakers by the roster itself (complete even before join() has seen them). */
  speakers(): { address: Address; speakerSince: number }[] {
    return this.#options.roster
      .members()
      .filter((m) => this.#accepts(m.address) && this.#options.policy.maySpeak(m.address))
      .map((m) => ({ address: m.address, ...decodeMemberState(m) }))
      .filter((m) => m.role === 'speaker');
  }

  /** A roster join or update. */
  update(member: RosterMember): void {
    if (this.#options.scope.ended) return;
    if (!this.#accepts(member.address)) {
      this.remove(member.address);
      return;
    }
    const existing = this.#members.get(lower(member.address));
    if (existing?.sessionPub !== undefined && existing.sessionPub !== member.sessionPub) {
      // Same wallet, new session (page reloaded): the old connection is useless.
      this.remove(member.address);
    }
    const remote = this.#ensure(member.address);
    remote.updateFromRoster(member.sessionPub, decodeMemberState(member));
    this.#judge(remote);
    this.#options.onChange();
  }

  /**
   * The policy changed: removed members go, re-admitted ones come back from the roster,
   * everyone's permission to be heard is decided again.
   */
  reapply(): void {
    for (const remote of [...this.#members.values()]) {
      if (!this.#accepts(remote.address)) this.remove(remote.address);
    }
    for (const member of this.#options.roster.members()) this.update(member);
    for (const remote of this.#members.values()) this.#judge(remote);
    this.#options.onChange();
  }

  remove(address: Address): void {
    const member = this.#members.get(lower(address));
    if (!member) return;
    this.#members.delete(lower(address));
    this.#refusedClaims.delete(lower(address));
    member.close();
    this.#options.onChange();
    if (member.incoming) this.#options.onAudio();
  }

  /** The room moved onto a media server: members who come later get a tile but no link. */
  holdLinks(): void {
    this.#linksClosed = true;
  }

  /**
   * Closes the links (and their playback) to `addresses`, or to everyone when omitted: those
   * members are heard through the media server now. No new link is opened after this.
   */
  closeLinks(addresses?: readonly Address[]): void {
    this.#linksClosed = true;
    const keys = addresses?.map(lower);
    for (const [key, member] of this.#members) {
      if (keys === undefined || keys.includes(key)) member.close();
    }
    this.#options.onChange();
    this.#options.onAudio();
  }

  /** Stops talking to a member and ignores it from now on. */
  drop(address: Address): void {
    this.#dropped.add(lower(address));
    this.remove(address);
  }

  /** A mesh signal from a verified member; one not yet in our roster is answered anyway. */
  handle(from: Address, message: MeshSignal): void {
    if (!this.#accepts(from) || this.#options.scope.ended) return;
    this.#ensure(from).link.handle(message);
  }

  setTrack(track: AudioTrack | null): void {
    for (const member of this.#members.values()) member.link.setTrack(track);
  }

  setVolume(address: Address, volume: number): void {
    this.#volumes.set(lower(address), volume);
    this.#members.get(lower(address))?.setVolume(volume);
    this.#options.onChange();
  }

  /** The network came back: every link that is down starts over now. */
  retry(): void {
    for (const member of this.#members.values()) member.link.retry();
  }

  /** Reads audio levels; true when someone's speaking flag changed. */
  pollLevels(now: number): boolean {
    let changed = false;
    for (const member of this.#members.values()) changed = member.pollLevel(now) || changed;
    return changed;
  }

  /** Reads getStats of every link; true when some quality grade changed. */
  async pollStats(): Promise<boolean> {
    const results = await Promise.all([...this.#members.values()].map((m) => m.pollStats()));
    return results.some(Boolean);
  }

  #accepts(address: Address): boolean {
    const key = lower(address);
    return (
      key !== lower(this.#options.self) &&
      !this.#dropped.has(key) &&
      !this.#options.policy.isRemoved(address)
    );
  }

  /** Plays the member or not; a new refused speaker claim is counted once. */
  #judge(remote: RemoteMember): void {
    const key = lower(remote.address);
    const allowed = this.#options.policy.maySpeak(remote.address);
    if (!allowed && remote.state.role === 'speaker') {
      if (!this.#refusedClaims.has(key)) this.#options.onRefused(remote.address);
      this.#refusedClaims.add(key);
    } else {
      this.#refusedClaims.delete(key);
    }
    remote.setAllowed(allowed);
  }

  #ensure(address: Address): RemoteMember {
    const key = lower(address);
    const existing = this.#members.get(key);
    if (existing) return existing;
    const options = this.#options;
    const { links } = options;
    const scope = options.scope.child();
    const member = new RemoteMember({
      address,
      initiator: lower(options.self) < key,
      createPeer: options.createPeer,
      iceServers: options.iceServers,
      timing: options.timing,
      scope,
      relaysUp: () => links?.relaysUp() ?? true,
      audio: options.audio,
      volume: this.#volumes.get(key) ?? 1,
      outputId: () => options.outputId(),
      send: (message) => this.#send(address, message),
      newSessionId: () => `${Date.now().toString(36)}-${(this.#sessionCounter++).toString(36)}`,
      onChange: () => options.onChange(),
      onRecovery: (step) => options.onRecovery({ address, step }),
      onRefusedAudio: () => options.onRefused(address),
      onAudio: () => options.onAudio(),
    });
    if (links) {
      links.attach(address, member.link, scope);
      member.link.events.on('data', (text) => links.receive(address, text), scope);
    }
    member.setAllowed(options.policy.maySpeak(address));
    this.#members.set(key, member);
    if (this.#linksClosed) {
      member.close();
    } else {
      member.link.setTrack(options.track());
      member.link.start();
    }
    return member;
  }

  #send(to: Address, message: MeshSignal): void {
    this.#options.signaling.send(to, encodeMeshSignal(message)).catch((error: unknown) => {
      if (!this.#options.scope.ended) this.#options.onError(AppError.from(error));
    });
  }
}
