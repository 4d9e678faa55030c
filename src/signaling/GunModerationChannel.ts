import { type Address, getAddress, isAddress } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import type { Scope } from '../core/Scope.ts';
import type { Graph } from '../graph/types.ts';
import type { DropCounters } from './dropCounters.ts';
import type { EnvelopeSigner } from './EnvelopeSigner.ts';
import type { EnvelopeVerifier } from './EnvelopeVerifier.ts';
import { parseEnvelope } from './envelope.ts';
import {
  type DecisionMap,
  encodeStageView,
  mergeDecisions,
  moderationKey,
  parseStageView,
  type StageDecision,
  type StageMute,
  type StageView,
} from './moderation.ts';
import type { RoomRef } from './roomPaths.ts';

/** "Is this address a moderator (community owner or admin) now?" — fails closed. */
export interface ModeratorCheck {
  isModerator(address: Address): Promise<boolean>;
}

/** Collaborators of a {@link GunModerationChannel}. */
export interface GunModerationChannelOptions {
  graph: Graph;
  room: RoomRef;
  /** This member's wallet address: the slot its own view goes to. */
  address: Address;
  signer: EnvelopeSigner;
  /** The room's receive pipeline (shared with the roster and signaling). */
  verifier: EnvelopeVerifier;
  moderators: ModeratorCheck;
  counters: DropCounters;
  clock: Clock;
  /** How often slots are checked for age (ms). Default 1 s. */
  expiryCheckMs?: number;
}

/** A fresh one-shot mute and the moderator who signed it. */
export interface MuteOrder extends StageMute {
  from: Address;
}

/** Moderator views of one room: published signed, read only from verified moderators. */
export interface ModerationChannel {
  /** Signs and writes this member's whole view into its slot. */
  publish(view: StageView): Promise<void>;
  /** The effective decisions: last-writer-wins over every valid moderator slot. */
  decisions(): DecisionMap;
  /** Calls `listener` when the effective decisions may have changed (a slot came or aged out). */
  onChange(listener: () => void, scope: Scope): void;
  /** Calls `listener` once for each fresh mute from a moderator. */
  onMute(listener: (mute: MuteOrder) => void, scope: Scope): void;
  /** The moderator whose view first carried the decision in force about `target`, if known. */
  author(target: Address): Address | undefined;
}

interface Slot {
  ts: number;
  decisions: readonly StageDecision[];
}

/**
 * Moderator views of a room over one flat graph node with one slot per moderator. Each slot
 * holds a signed `moderate` envelope whose body is the moderator's whole list of decisions
 * (see moderation.ts), read through the room's EnvelopeVerifier (signature, certificate,
 * allowlist, replay, order, rate) and kept only when the contract names the signer owner or
 * admin; anything else is dropped and counted. A slot counts while its envelope is younger
 * than the verifier's max age: moderators re-sign theirs while present, so the decisions of
 * a room with no moderator left lapse.
 *
 * @example
 * const moderation = new GunModerationChannel({ graph, room, address, signer, verifier,
 *   moderators, counters, clock: systemClock });
 * moderation.start(scope);
 * moderation.onChange(() => apply(moderation.decisions()), scope);
 * await moderation.publish({ decisions: [{ target, role: 'speaker', at: Date.now() }] });
 */
export class GunModerationChannel implements ModerationChannel {
  readonly #events = new Emitter<{ change: undefined; mute: MuteOrder }>();
  readonly #options: GunModerationChannelOptions;
  readonly #key: string;
  readonly #slots = new Map<string, Slot>();
  /** Per lower-case target: the newest decision time seen and the moderator who sent it first. */
  readonly #authors = new Map<string, { at: number; by: Address }>();
  #decisions: DecisionMap = new Map();
  #started = false;

  constructor(options: GunModerationChannelOptions) {
    this.#options = options;
    this.#key = moderationKey(options.room);
  }

  /** Reads the moderation node, and ages its slots out, until `scope` ends. */
  start(scope: Scope): void {
    if (this.#started) return;
    this.#started = true;
    this.#options.graph.watch(this.#key, (field, value) => void this.#read(field, value), scope, {
      onDrop: (reason) => this.#options.counters.count(reason),
    });
    scope.setInterval(() => this.#expire(), this.#options.expiryCheckMs ?? 1_000);
  }

  /**
   * Signs and writes a view into this member's slot. Anyone can write; only peers that find
   * the signer to be a moderator on the contract follow it.
   */
  async publish(view: StageView): Promise<void> {
    const { signer, graph, address } = this.#options;
    const envelope = await signer.sign({
      kind: 'moderate',
      stream: this.#key,
      body: encodeStageView(view),
      withCertificate: true,
    });
    graph.put(this.#key, address.toLowerCase(), JSON.stringify(envelope));
  }

  decisions(): DecisionMap {
    return this.#decisions;
  }

  onChange(listener: () => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
  }

  onMute(listener: (mute: MuteOrder) => void, scope: Scope): void {
    this.#events.on('mute', listener, scope);
  }

  author(target: Address): Address | undefined {
    const key = target.toLowerCase();
    const known = this.#authors.get(key);
    return known && known.at === this.#decisions.get(key)?.at ? known.by : undefined;
  }

  get #maxAgeMs(): number {
    return this.#options.verifier.limits.maxAgeMs;
  }

  async #read(field: string, value: unknown): Promise<void> {
    if (value === null || value === undefined) return;
    const { verifier, counters, moderators, clock } = this.#options;
    if (!isAddress(field, { strict: false })) {
      counters.count('malformed');
      return;
    }
    // A slot keeps its moderator's last view: one older than the verifier accepts is a
    // moderator who left, not an attack, so it is skipped without counting a drop.
    const parsed = parseEnvelope(value);
    if (parsed && parsed.ts < clock.now() - this.#maxAgeMs) return;
    const verified = await verifier.verify(value, {
      kinds: ['moderate'],
      stream: this.#key,
      window: 0,
      owner: getAddress(field),
    });
    if (!verified) return;
    const view = parseStageView(verified.envelope.body);
    if (!view) {
      counters.count('malformed');
      return;
    }
    const from = getAddress(verified.certificate.address);
    let allowed: boolean;
    try {
      allowed = await moderators.isModerator(from);
    } catch {
      allowed = false;
    }
    if (!allowed) {
      counters.count('not-moderator');
      return;
    }
    const { ts } = verified.envelope;
    const key = from.toLowerCase();
    if ((this.#slots.get(key)?.ts ?? 0) > ts) return;
    this.#slots.set(key, { ts, decisions: view.decisions });
    // Moderators copy each other's decisions when they re-sign: the first view to carry a
    // decision names who made it (what an invited member reads).
    for (const decision of view.decisions) {
      const target = decision.target.toLowerCase();
      const known = this.#authors.get(target);
      if (!known || decision.at > known.at)
        this.#authors.set(target, { at: decision.at, by: from });
    }
    this.#recompute();
    if (view.mute && view.mute.at >= clock.now() - this.#maxAgeMs) {
      this.#events.emit('mute', { ...view.mute, from });
    }
  }

  #expire(): void {
    const oldest = this.#options.clock.now() - this.#maxAgeMs;
    let changed = false;
    for (const [key, slot] of this.#slots) {
      if (slot.ts >= oldest) continue;
      this.#slots.delete(key);
      changed = true;
    }
    if (changed) this.#recompute();
  }

  #recompute(): void {
    this.#decisions = mergeDecisions(...[...this.#slots.values()].map((s) => s.decisions));
    for (const target of this.#authors.keys()) {
      if (!this.#decisions.has(target)) this.#authors.delete(target);
    }
    this.#events.emit('change', undefined);
  }
}
