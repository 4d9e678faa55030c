import { type Address, getAddress, isAddress } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import type { Scope } from '../core/scope.ts';
import type { Graph } from '../graph/types.ts';
import type { DropCounters } from './dropCounters.ts';
import type { EnvelopeSigner } from './EnvelopeSigner.ts';
import type { EnvelopeVerifier } from './EnvelopeVerifier.ts';
import { parseEnvelope } from './envelope.ts';
import {
  encodeModerationCommand,
  type ModerationCommand,
  type ModerationOrder,
  moderationKey,
  parseModerationCommand,
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
  /** This member's wallet address: the slot its own actions go to. */
  address: Address;
  signer: EnvelopeSigner;
  /** The room's receive pipeline (shared with the roster and signaling). */
  verifier: EnvelopeVerifier;
  moderators: ModeratorCheck;
  counters: DropCounters;
  clock: Clock;
}

/** Moderator actions of one room: sent signed, received only from verified moderators. */
export interface ModerationChannel {
  send(command: ModerationCommand): Promise<void>;
  /** Calls `listener` with each verified action from a moderator the contract names. */
  onOrder(listener: (order: ModerationOrder) => void, scope: Scope): void;
}

/**
 * Moderator actions of a stage over one flat graph node with one slot per moderator.
 * Each action is a signed `moderate` envelope read through the room's EnvelopeVerifier
 * (signature, certificate, allowlist, replay, order, rate), then passed on only when the
 * contract names the signer owner or admin; anything else is dropped and counted.
 *
 * @example
 * const moderation = new GunModerationChannel({ graph, room, address, signer, verifier,
 *   moderators, counters, clock: systemClock });
 * moderation.start(scope);
 * moderation.onOrder((order) => apply(order), scope);
 * await moderation.send({ action: 'invite', target });
 */
export class GunModerationChannel implements ModerationChannel {
  readonly #events = new Emitter<{ order: ModerationOrder }>();
  readonly #options: GunModerationChannelOptions;
  readonly #key: string;
  #started = false;

  constructor(options: GunModerationChannelOptions) {
    this.#options = options;
    this.#key = moderationKey(options.room);
  }

  /** Reads the moderation node until `scope` ends. */
  start(scope: Scope): void {
    if (this.#started) return;
    this.#started = true;
    this.#options.graph.watch(this.#key, (field, value) => void this.#read(field, value), scope);
  }

  /**
   * Signs and writes an action into this member's slot. Anyone can write; only peers that
   * find the signer to be a moderator on the contract obey.
   */
  async send(command: ModerationCommand): Promise<void> {
    const { signer, graph, address } = this.#options;
    const envelope = await signer.sign({
      kind: 'moderate',
      stream: this.#key,
      body: encodeModerationCommand(command),
      withCertificate: true,
    });
    graph.put(this.#key, address.toLowerCase(), JSON.stringify(envelope));
  }

  onOrder(listener: (order: ModerationOrder) => void, scope: Scope): void {
    this.#events.on('order', listener, scope);
  }

  async #read(field: string, value: unknown): Promise<void> {
    if (value === null || value === undefined) return;
    const { verifier, counters, moderators, clock } = this.#options;
    if (!isAddress(field, { strict: false })) {
      counters.count('malformed');
      return;
    }
    // A slot keeps its moderator's last action: one older than the verifier accepts is
    // history, not an attack, so it is skipped on entry without counting a drop.
    const parsed = parseEnvelope(value);
    if (parsed && parsed.ts < clock.now() - verifier.limits.maxAgeMs) return;
    const verified = await verifier.verify(value, {
      kinds: ['moderate'],
      stream: this.#key,
      window: 0,
      owner: getAddress(field),
    });
    if (!verified) return;
    const command = parseModerationCommand(verified.envelope.body);
    if (!command) {
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
    this.#events.emit('order', { ...command, from });
  }
}
