import type { Address } from 'viem';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/scope.ts';
import type { Graph } from '../graph/types.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import type { GunRoster } from '../presence/GunRoster.ts';
import type { RosterMember } from '../presence/types.ts';
import type { DropCounters } from './dropCounters.ts';
import type { EnvelopeSigner } from './EnvelopeSigner.ts';
import type { EnvelopeVerifier } from './EnvelopeVerifier.ts';
import { mailboxKey, type RoomRef } from './roomPaths.ts';
import { SessionBox } from './sessionBox.ts';
import type { SignalingChannel, SignalPayload } from './types.ts';

/** The part of the roster the channel needs: who is in the room, with which session keys. */
export type SignalingRoster = Pick<GunRoster, 'members' | 'member' | 'on'>;

/** Collaborators of a {@link GunSignalingChannel}. */
export interface GunSignalingChannelOptions {
  graph: Graph;
  room: RoomRef;
  /** This member's wallet address. */
  address: Address;
  /** This member's session keys: the ECDH half opens what peers sealed for us. */
  keys: SessionKeyPair;
  signer: EnvelopeSigner;
  /** The room's receive pipeline (shared with the roster). */
  verifier: EnvelopeVerifier;
  /** Only members shown by the roster are read from or written to. */
  roster: SignalingRoster;
  counters: DropCounters;
  /** Slots in each mailbox ring. Default 32. */
  slots?: number;
}

type SignalListener = (from: Address, payload: SignalPayload) => void;

/**
 * {@link SignalingChannel} over per-pair mailboxes on the graph. Each payload is sealed to
 * the recipient's session key (SEA ECDH + AES-GCM), so SDP and ICE candidates never sit in
 * clear on the public graph; each envelope is signed and verified like a heartbeat. A
 * mailbox is a ring of `slots` fields, cleared by the recipient after reading, so it never
 * grows. Mailboxes are read only from members the roster shows.
 *
 * @example
 * const channel = new GunSignalingChannel({ graph, room, address, keys, signer, verifier, roster, counters });
 * channel.start(scope);
 * channel.onSignal((from, payload) => peers.get(from)?.signal(payload), scope);
 * await channel.send(peerAddress, offer);
 */
export class GunSignalingChannel implements SignalingChannel {
  readonly #options: GunSignalingChannelOptions;
  readonly #slots: number;
  readonly #box: SessionBox;
  readonly #listeners = new Set<SignalListener>();
  readonly #inboxes = new Map<string, Scope>();
  #scope: Scope | undefined;

  constructor(options: GunSignalingChannelOptions) {
    this.#options = options;
    this.#slots = options.slots ?? 32;
    this.#box = new SessionBox(options.keys);
  }

  /** Reads the mailboxes of every roster member until `scope` ends. */
  start(scope: Scope): void {
    if (this.#scope) return;
    this.#scope = scope;
    const { roster } = this.#options;
    roster.on('joined', (member) => this.#open(member.address), scope);
    roster.on('left', ({ address }) => this.#close(address), scope);
    for (const member of roster.members()) this.#open(member.address);
    scope.add(() => this.#inboxes.clear());
  }

  async send(to: Address, payload: SignalPayload): Promise<void> {
    const { roster, signer, graph, room, address, verifier } = this.#options;
    const member = roster.member(to);
    if (!member) throw AppError.internal(`signaling: ${to} is not in the room`);
    const body = await this.#box.seal(member.sessionEpub, JSON.stringify(payload));
    if (body.length > verifier.limits.maxBodyChars) {
      throw AppError.internal(`signaling: payload of ${body.length} characters is too large`);
    }
    const key = mailboxKey(room, address, to);
    const seq = signer.nextSequence(key);
    const envelope = await signer.sign(
      { kind: 'signal', stream: key, body, withCertificate: false, to },
      seq,
    );
    graph.put(key, `s${seq % this.#slots}`, JSON.stringify(envelope));
  }

  onSignal(listener: SignalListener, scope: Scope): void {
    this.#listeners.add(listener);
    scope.add(() => this.#listeners.delete(listener));
  }

  #open(from: Address): void {
    const parent = this.#scope;
    const id = from.toLowerCase();
    if (!parent || parent.ended || this.#inboxes.has(id)) return;
    const inbox = parent.child();
    this.#inboxes.set(id, inbox);
    const key = mailboxKey(this.#options.room, from, this.#options.address);
    this.#options.graph.watch(
      key,
      (field, value) => void this.#read(from, key, field, value),
      inbox,
    );
  }

  #close(from: Address): void {
    const id = from.toLowerCase();
    this.#inboxes.get(id)?.end();
    this.#inboxes.delete(id);
  }

  async #read(from: Address, key: string, field: string, value: unknown): Promise<void> {
    if (value === null || value === undefined) return;
    const { verifier, counters, address, roster } = this.#options;
    const verified = await verifier.verify(value, {
      kinds: ['signal'],
      stream: key,
      window: this.#slots,
      owner: from,
      to: address,
    });
    if (!verified) return;
    // Read once: clear the slot so the ring holds only what is not yet read.
    this.#options.graph.put(key, field, null);
    const member: RosterMember | undefined = roster.member(from);
    if (!member || member.sessionPub !== verified.envelope.from) {
      counters.count('certificate-mismatch');
      return;
    }
    const text = await this.#box.open(verified.certificate.sessionEpub, verified.envelope.body);
    const payload = text === undefined ? undefined : parsePayload(text);
    if (!payload) {
      counters.count('malformed');
      return;
    }
    for (const listener of [...this.#listeners]) listener(verified.certificate.address, payload);
  }
}

function parsePayload(text: string): SignalPayload | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return Object.fromEntries(Object.entries(value));
  } catch {
    return undefined;
  }
}
