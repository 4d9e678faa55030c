import { type Address, getAddress, isAddress } from 'viem';
import { Emitter } from '../core/Emitter.ts';
import type { Scope } from '../core/Scope.ts';
import type { Graph } from '../graph/types.ts';
import type { DropCounters } from '../signaling/dropCounters.ts';
import type { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import type { EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import type { RoomRef } from '../signaling/roomPaths.ts';
import {
  encodeRecordingClaim,
  parseRecordingClaim,
  type RecordingClaim,
  recordingKey,
} from './recordingClaims.ts';

/** "Is this address the community's owner or an admin?" — null when the chain did not answer. */
export interface ModeratorAnswer {
  answer(address: Address): Promise<boolean | null>;
}

/** Collaborators of a {@link GunRecordingChannel}. */
export interface GunRecordingChannelOptions {
  graph: Graph;
  room: RoomRef;
  /** This member's wallet address: the slot its own claims go to. */
  address: Address;
  signer: EnvelopeSigner;
  /**
   * A verifier of the room whose max age outlasts a meeting (the session lifetime): a claim
   * stands until its moderator says otherwise, even after that moderator left the room.
   */
  verifier: EnvelopeVerifier;
  moderators: ModeratorAnswer;
  counters: DropCounters;
}

/** The moderators' recording claims of one room, published signed and read verified. */
export interface RecordingChannel {
  /** Signs and writes this member's claim into its slot. */
  publish(recording: boolean): Promise<void>;
  /** The standing claim of each moderator (one per slot). */
  claims(): readonly RecordingClaim[];
  /** Calls `listener` whenever a claim came or changed. */
  onChange(listener: () => void, scope: Scope): void;
}

/**
 * Recording claims over one flat graph node with one slot per owner or admin, like the
 * stage's moderation: each slot holds a signed `record` envelope ("recording" or "stopped"),
 * read through the room's verifier (signature, certificate, allowlist, replay, order, size,
 * rate) and then checked against the contract. A signer the contract says is no moderator is
 * dropped and counted; a signer the chain could not be asked about keeps a "recording" claim
 * (marked unconfirmed) but cannot clear one. A forged write over a slot is dropped and leaves
 * the claim already read in place.
 *
 * @example
 * const channel = new GunRecordingChannel({ graph, room, address, signer, verifier, moderators, counters });
 * channel.start(scope);
 * channel.onChange(() => show(recordingStanding(channel.claims())), scope);
 * await channel.publish(true);
 */
export class GunRecordingChannel implements RecordingChannel {
  readonly #events = new Emitter<{ change: undefined }>();
  readonly #options: GunRecordingChannelOptions;
  readonly #key: string;
  /** By lower-case signer address. */
  readonly #slots = new Map<string, RecordingClaim>();
  #started = false;

  constructor(options: GunRecordingChannelOptions) {
    this.#options = options;
    this.#key = recordingKey(options.room);
  }

  /** Reads the recording node until `scope` ends. */
  start(scope: Scope): void {
    if (this.#started) return;
    this.#started = true;
    this.#options.graph.watch(this.#key, (field, value) => void this.#read(field, value), scope, {
      onDrop: (reason) => this.#options.counters.count(reason),
      keep: (field) => this.#slots.has(field.toLowerCase()),
    });
  }

  async publish(recording: boolean): Promise<void> {
    const { signer, graph, address } = this.#options;
    const envelope = await signer.sign({
      kind: 'record',
      stream: this.#key,
      body: encodeRecordingClaim(recording),
      withCertificate: true,
    });
    graph.put(this.#key, address.toLowerCase(), JSON.stringify(envelope));
  }

  claims(): readonly RecordingClaim[] {
    return [...this.#slots.values()];
  }

  onChange(listener: () => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
  }

  async #read(field: string, value: unknown): Promise<void> {
    if (value === null || value === undefined) return;
    const { verifier, counters, moderators } = this.#options;
    if (!isAddress(field, { strict: false })) {
      counters.count('malformed');
      return;
    }
    const verified = await verifier.verify(value, {
      kinds: ['record'],
      stream: this.#key,
      window: 0,
      owner: getAddress(field),
    });
    if (!verified) return;
    const recording = parseRecordingClaim(verified.envelope.body);
    if (recording === undefined) {
      counters.count('malformed');
      return;
    }
    const by = getAddress(verified.certificate.address);
    const moderator = await moderators.answer(by).catch(() => null);
    // Fail towards the warning: an unconfirmed signer may say "recording", not "stopped".
    if (moderator === false || (moderator === null && !recording)) {
      counters.count('not-moderator');
      return;
    }
    const key = by.toLowerCase();
    const at = verified.envelope.ts;
    if ((this.#slots.get(key)?.at ?? 0) > at) return;
    this.#slots.set(key, { recording, at, by, confirmed: moderator === true });
    this.#events.emit('change', undefined);
  }
}
