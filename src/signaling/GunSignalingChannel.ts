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
import { ReorderBuffer } from './ReorderBuffer.ts';
import { mailboxKey, type RoomRef } from './roomPaths.ts';
import { SessionBox } from './sessionBox.ts';
import { encodeSignalBatch, parseSignalBatch, splitSignals } from './signalBatch.ts';
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
  /**
   * After writing an envelope, payloads queued for the same peer within this time go out
   * together in the next one (a burst of trickled ICE candidates costs a few envelopes, not
   * one each). A lone payload is written at once. Default 15 ms.
   */
  coalesceMs?: number;
  /** How long a gap in a sender's sequence is waited for before it is given up. Default 250 ms. */
  reorderWaitMs?: number;
}

type SignalListener = (from: Address, payload: SignalPayload) => void;

/** A payload waiting in an outbox, and its `send` call to settle. */
interface Queued {
  payload: SignalPayload;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** What is being sent to one peer. */
interface Outbox {
  queue: Queued[];
  busy: boolean;
  /** Sequence of our last envelope to this peer and the session key it was sealed to. */
  last?: { seq: number; epub: string };
}

/** A verified, opened envelope waiting for its turn. */
interface Arrived {
  from: Address;
  signals: SignalPayload[];
}

/**
 * {@link SignalingChannel} over per-pair mailboxes on the graph. Payloads are sealed to the
 * recipient's session key (SEA ECDH + AES-GCM), so SDP and ICE candidates never sit in
 * clear on the public graph; each envelope is signed and verified like a heartbeat. A
 * mailbox is a ring of `slots` fields, cleared by the recipient after reading, so it never
 * grows. Mailboxes are read only from members the roster shows.
 *
 * Payloads sent to one peer in a burst share envelopes (see `coalesceMs`), which keeps a
 * negotiation far below the receivers' per-sender rate limit. Gun hands ring slots over in
 * any order; the receiver delivers each sender's payloads in the order they were sent,
 * waiting `reorderWaitMs` for a missing envelope before giving it up.
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
  readonly #coalesceMs: number;
  readonly #listeners = new Set<SignalListener>();
  readonly #inboxes = new Map<string, Scope>();
  readonly #outboxes = new Map<string, Outbox>();
  #arrivals: ReorderBuffer<Arrived> | undefined;
  #scope: Scope | undefined;

  constructor(options: GunSignalingChannelOptions) {
    this.#options = options;
    this.#slots = options.slots ?? 32;
    this.#coalesceMs = options.coalesceMs ?? 15;
    this.#box = new SessionBox(options.keys);
  }

  /** Reads the mailboxes of every roster member until `scope` ends. */
  start(scope: Scope): void {
    if (this.#scope) return;
    this.#scope = scope;
    this.#arrivals = new ReorderBuffer<Arrived>({
      waitMs: this.#options.reorderWaitMs ?? 250,
      capacity: this.#slots,
      deliver: (_stream, arrived) => this.#deliver(arrived),
      scope,
    });
    const { roster } = this.#options;
    roster.on('joined', (member) => this.#open(member.address), scope);
    roster.on('left', ({ address }) => this.#close(address), scope);
    for (const member of roster.members()) this.#open(member.address);
    scope.add(() => this.#inboxes.clear());
  }

  /** Queues `payload` for `to`; settles once the envelope carrying it is on the graph. */
  send(to: Address, payload: SignalPayload): Promise<void> {
    if (!this.#options.roster.member(to)) {
      return Promise.reject(AppError.internal(`signaling: ${to} is not in the room`));
    }
    const id = to.toLowerCase();
    let outbox = this.#outboxes.get(id);
    if (!outbox) {
      outbox = { queue: [], busy: false };
      this.#outboxes.set(id, outbox);
    }
    const box = outbox;
    return new Promise<void>((resolve, reject) => {
      box.queue.push({ payload, resolve, reject });
      if (!box.busy) void this.#flush(to, box);
    });
  }

  /** Writes what is queued, then waits `coalesceMs` so the rest of a burst goes together. */
  async #flush(to: Address, outbox: Outbox): Promise<void> {
    outbox.busy = true;
    // Leave room for the sealing (base64 of AES-GCM, a third larger) and SEA's wrapper.
    const maxPlain = Math.floor(((this.#options.verifier.limits.maxBodyChars - 120) * 3) / 4);
    while (outbox.queue.length > 0) {
      const queued = outbox.queue.splice(0);
      let sent = 0;
      for (const signals of splitSignals(
        queued.map((q) => q.payload),
        maxPlain,
      )) {
        const part = queued.slice(sent, sent + signals.length);
        sent += signals.length;
        try {
          await this.#write(to, outbox, signals);
          for (const q of part) q.resolve();
        } catch (error) {
          for (const q of part) q.reject(error);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, this.#coalesceMs));
    }
    outbox.busy = false;
  }

  async #write(to: Address, outbox: Outbox, signals: SignalPayload[]): Promise<void> {
    const { roster, signer, graph, room, address, verifier } = this.#options;
    const member = roster.member(to);
    if (!member) throw AppError.internal(`signaling: ${to} is not in the room`);
    // A new session of the peer has not seen our earlier envelopes: start a fresh chain.
    const prev = outbox.last?.epub === member.sessionEpub ? outbox.last.seq : undefined;
    const key = mailboxKey(room, address, to);
    const seq = signer.nextSequence(key);
    const body = await this.#box.seal(
      member.sessionEpub,
      encodeSignalBatch(prev === undefined ? { signals } : { prev, signals }),
    );
    if (body.length > verifier.limits.maxBodyChars) {
      throw AppError.internal(`signaling: payload of ${body.length} characters is too large`);
    }
    const envelope = await signer.sign(
      { kind: 'signal', stream: key, body, withCertificate: false, to },
      seq,
    );
    graph.put(key, `s${seq % this.#slots}`, JSON.stringify(envelope));
    outbox.last = { seq, epub: member.sessionEpub };
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
    this.#arrivals?.forget(id);
    this.#outboxes.delete(id);
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
    const batch = text === undefined ? undefined : parseSignalBatch(text);
    if (!batch) {
      counters.count('malformed');
      return;
    }
    const sender = verified.certificate.address;
    const arrived = { from: sender, signals: batch.signals };
    if (!this.#arrivals?.push(sender.toLowerCase(), verified.envelope.seq, batch.prev, arrived)) {
      // Behind what was delivered already: its gap was given up, so it comes too late.
      counters.count('sequence-regressed');
    }
  }

  #deliver({ from, signals }: Arrived): void {
    for (const payload of signals) {
      for (const listener of [...this.#listeners]) listener(from, payload);
    }
  }
}
