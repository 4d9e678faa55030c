import { type Address, getAddress } from 'viem';
import type { AccessChecker } from '../access/types.ts';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import type { Scope } from '../core/Scope.ts';
import type { Graph } from '../graph/types.ts';
import type { DropCounters } from '../signaling/dropCounters.ts';
import type { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import type { EnvelopeVerifier, VerifiedEnvelope } from '../signaling/EnvelopeVerifier.ts';
import type { Envelope } from '../signaling/envelope.ts';
import { beatsKey, type RoomRef } from '../signaling/roomPaths.ts';
import { heartbeatInterval } from './heartbeatInterval.ts';
import { type MemberState, parseMemberState, sameState } from './memberState.ts';
import type { Roster, RosterEvents, RosterMember } from './types.ts';

/** Collaborators and timings of a {@link GunRoster}. */
export interface GunRosterOptions {
  graph: Graph;
  room: RoomRef;
  /** This member's wallet address: the heartbeat slot it writes. */
  address: Address;
  /** Signs this member's heartbeats (session key + certificate). */
  signer: EnvelopeSigner;
  /** The room's receive pipeline (shared with the signaling channel). */
  verifier: EnvelopeVerifier;
  access: AccessChecker;
  counters: DropCounters;
  clock: Clock;
  /**
   * Heartbeat interval of a room of up to 50; a larger room beats less often
   * ({@link heartbeatInterval}), each beat 20% early or late at random. Default 5 s.
   */
  heartbeatMs?: number;
  /**
   * A member missing heartbeats this long leaves the roster. Default 3 intervals of a room a
   * quarter larger than this member sees (a member that sees more members beats less often).
   */
  timeoutMs?: number;
  /** The jitter's randomness, 0 to 1. Default Math.random. */
  random?: () => number;
  /**
   * Delay between subscribing and the first heartbeat. Default 250 ms: Gun relays can lose a
   * subscription that is still being answered while a burst of writes crosses it (seen with
   * 50 members joining at once), so a member listens first, then announces itself.
   */
  firstBeatDelayMs?: number;
  /** State published from the first heartbeat on. */
  initialState?: MemberState;
  /**
   * A member missing heartbeats stays while this says so: with every relay down, one whose
   * direct connection is still open (its beats wait out a network drop in that connection).
   */
  heldWhileSilent?: (address: Address) => boolean;
}

const addressField = /^0x[0-9a-f]{40}$/;

/**
 * The verified roster of one room over the graph: this member writes a signed heartbeat into
 * its own slot of the room's beats node; every slot read is verified (signature, certificate,
 * allowlist, replay) before its member is shown. Leaving overwrites the slot with a signed
 * leave, so the graph holds one slot per address however long the room lives.
 *
 * @example
 * const roster = new GunRoster({ graph, room, address, signer, verifier, access, counters, clock });
 * roster.on('joined', (member) => show(member), scope);
 * roster.join(scope); // heartbeats until the scope ends, then announces the leave
 */
export class GunRoster implements Roster {
  readonly #options: GunRosterOptions;
  readonly #heartbeatMs: number;
  readonly #events = new Emitter<RosterEvents>();
  readonly #members = new Map<string, RosterMember>();
  /** Bumped when an address's access changes, so verifications begun before are discarded. */
  readonly #generations = new Map<string, number>();
  #state: MemberState;
  #preparedLeave: Envelope | undefined;
  #joined = false;
  #left = false;

  constructor(options: GunRosterOptions) {
    this.#options = options;
    this.#heartbeatMs = options.heartbeatMs ?? 5_000;
    this.#state = options.initialState ?? {};
  }

  members(): readonly RosterMember[] {
    return [...this.#members.values()];
  }

  /** The member at `address`, if shown. */
  member(address: Address): RosterMember | undefined {
    return this.#members.get(address.toLowerCase());
  }

  on<K extends keyof RosterEvents>(
    event: K,
    listener: (payload: RosterEvents[K]) => void,
    scope: Scope,
  ): void {
    this.#events.on(event, listener, scope);
  }

  setLocalState(state: MemberState): void {
    this.#state = { ...state };
    if (this.#joined && !this.#left) void this.#beat();
  }

  /**
   * Starts watching the room and sending heartbeats; when `scope` ends the leave is
   * announced and everything stops.
   */
  join(scope: Scope): void {
    if (this.#joined) return;
    this.#joined = true;
    const { graph, room, access } = this.#options;
    graph.watch(beatsKey(room), (field, value) => void this.#read(field, value), scope, {
      onDrop: (reason) => this.#options.counters.count(reason),
      keep: (field) => this.#members.has(field),
    });
    access.onChange((communityId, address) => {
      if (communityId === room.communityId) void this.#recheck(address);
    }, scope);
    this.#scheduleBeat(scope);
    scope.setInterval(
      () => this.#expire(),
      Math.max(50, Math.min(this.#heartbeatMs, this.#timeoutMs() / 3)),
    );
    scope.add(() => this.leave());
    scope.setTimeout(() => void this.#beat(), this.#options.firstBeatDelayMs ?? 250);
  }

  /** The next beat, after an interval that grows with the room, jittered so beats spread out. */
  #scheduleBeat(scope: Scope): void {
    const interval = heartbeatInterval(this.#heartbeatMs, this.#members.size + 1);
    const jitter = 0.8 + 0.4 * (this.#options.random ?? Math.random)();
    scope.setTimeout(() => {
      void this.#beat();
      this.#scheduleBeat(scope);
    }, interval * jitter);
  }

  #timeoutMs(): number {
    const members = Math.ceil((this.#members.size + 1) * 1.25);
    return this.#options.timeoutMs ?? 3 * heartbeatInterval(this.#heartbeatMs, members);
  }

  /**
   * Announces the leave at once (synchronously, with an envelope signed in advance, so it
   * also works from `pagehide`) and stops heartbeats.
   */
  leave(): void {
    if (!this.#joined || this.#left) return;
    this.#left = true;
    if (this.#preparedLeave) this.#write(this.#preparedLeave);
  }

  async #beat(): Promise<void> {
    if (this.#left) return;
    const { signer, room } = this.#options;
    const stream = beatsKey(room);
    const beat = await signer.sign({
      kind: 'beat',
      stream,
      body: JSON.stringify(this.#state),
      withCertificate: true,
    });
    const leave = await signer.sign({ kind: 'leave', stream, body: '', withCertificate: true });
    if (this.#left) return;
    this.#write(beat);
    this.#preparedLeave = leave;
  }

  #write(envelope: Envelope): void {
    const { graph, room, address } = this.#options;
    graph.put(beatsKey(room), address.toLowerCase(), JSON.stringify(envelope));
  }

  async #read(field: string, value: unknown): Promise<void> {
    if (value === null || value === undefined) return;
    if (!addressField.test(field)) {
      this.#options.counters.count('malformed');
      return;
    }
    const generation = this.#generations.get(field) ?? 0;
    const verified = await this.#options.verifier.verify(value, {
      kinds: ['beat', 'leave'],
      stream: beatsKey(this.#options.room),
      window: 0,
      owner: getAddress(field),
    });
    if (!verified || (this.#generations.get(field) ?? 0) !== generation) return;
    if (verified.envelope.kind === 'leave') this.#remove(field, verified.envelope.from);
    else this.#apply(verified);
  }

  #apply({ envelope, certificate }: VerifiedEnvelope): void {
    const state = parseMemberState(envelope.body);
    if (!state) {
      this.#options.counters.count('malformed');
      return;
    }
    const key = certificate.address.toLowerCase();
    const previous = this.#members.get(key);
    const member: RosterMember = {
      address: certificate.address,
      sessionPub: certificate.sessionPub,
      sessionEpub: certificate.sessionEpub,
      state,
      lastSeen: this.#options.clock.now(),
    };
    this.#members.set(key, member);
    if (!previous) this.#events.emit('joined', member);
    else if (previous.sessionPub !== member.sessionPub || !sameState(previous.state, state)) {
      this.#events.emit('updated', member);
    }
  }

  #remove(key: string, sessionPub?: string): void {
    const member = this.#members.get(key);
    if (!member || (sessionPub !== undefined && member.sessionPub !== sessionPub)) return;
    this.#members.delete(key);
    this.#events.emit('left', { address: member.address });
  }

  async #recheck(address: Address): Promise<void> {
    const key = address.toLowerCase();
    this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
    if (!this.#members.has(key)) return;
    let allowed: boolean;
    try {
      allowed = await this.#options.access.hasAccess(this.#options.room.communityId, address);
    } catch {
      allowed = false;
    }
    if (!allowed) this.#remove(key);
  }

  #expire(): void {
    const oldest = this.#options.clock.now() - this.#timeoutMs();
    const held = this.#options.heldWhileSilent;
    for (const [key, member] of this.#members) {
      if (member.lastSeen < oldest && !held?.(member.address)) this.#remove(key);
    }
  }
}
