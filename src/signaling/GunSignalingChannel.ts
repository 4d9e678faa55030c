import type { Address } from 'viem';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { Graph } from '../graph/types.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import type { DropCounters } from './dropCounters.ts';
import type { EnvelopeSigner } from './EnvelopeSigner.ts';
import type { EnvelopeVerifier } from './EnvelopeVerifier.ts';
import { HeldFields } from './HeldFields.ts';
import { ReorderBuffer } from './ReorderBuffer.ts';
import { inboxField, inboxKey, inboxSender, type RoomRef, signalStream } from './roomPaths.ts';
import { SessionBox } from './sessionBox.ts';
import { encodeSignalBatch, parseSignalBatch, splitSignals } from './signalBatch.ts';
import type { RosterMember, SignalingChannel, SignalingRoster, SignalPayload } from './types.ts';

/** The part of the roster the channel needs: who is in the room, with which session keys. */

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
  /** Slots in each sender's ring of an inbox. Default 16. */
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
  /**
   * Envelopes written to this peer by this session: the next one goes to slot `written %
   * slots`, so a session uses the first few slots of its ring, and an inbox keeps a few
   * cleared fields per sender rather than all of them.
   */
  written: number;
}

/** A verified, opened envelope waiting for its turn. */
interface Arrived {
  from: Address;
  signals: SignalPayload[];
}

/** Senders not (yet) shown by the roster whose unread envelopes are held. */
const MAX_HELD_SENDERS = 64;
/** Characters held in all (~2 MB); an honest signal envelope is 1-3 KB. */
const MAX_HELD_CHARS = 1_000_000;

/**
 * {@link SignalingChannel} over one inbox node per member on the graph. Payloads are sealed
 * to the recipient's session key (ECDH + HKDF + AES-GCM, see sessionCrypto.ts), so SDP and ICE candidates never sit
 * in clear on the public graph; each envelope is signed and verified like a heartbeat. Each
 * sender has a ring of `slots` fields in the recipient's inbox, cleared by the recipient
 * after reading, so it never grows. A member subscribes to its own inbox only: one
 * subscription however many peers (49 per-pair mailboxes cost a room of 50 most of its Gun
 * traffic). Envelopes are read only from members the roster shows; what arrives from a
 * sender before the roster shows it is held (bounded) until it does.
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
  /** The slot names of a sender's ring: `s0` ... `s<slots - 1>`. */
  readonly #ringSlots: ReadonlySet<string>;
  readonly #box: SessionBox;
  readonly #coalesceMs: number;
  readonly #listeners = new Set<SignalListener>();
  readonly #held: HeldFields;
  readonly #outboxes = new Map<string, Outbox>();
  #arrivals: ReorderBuffer<Arrived> | undefined;
  #scope: Scope | undefined;

  constructor(options: GunSignalingChannelOptions) {
    this.#options = options;
    this.#slots = options.slots ?? 16;
    this.#ringSlots = new Set(Array.from({ length: this.#slots }, (_, n) => `s${n}`));
    this.#coalesceMs = options.coalesceMs ?? 15;
    this.#box = new SessionBox(options.keys);
    this.#held = new HeldFields({
      perSender: this.#slots,
      maxSenders: MAX_HELD_SENDERS,
      maxChars: MAX_HELD_CHARS,
    });
  }

  /** Reads this member's inbox until `scope` ends. */
  start(scope: Scope): void {
    if (this.#scope) return;
    this.#scope = scope;
    this.#arrivals = new ReorderBuffer<Arrived>({
      waitMs: this.#options.reorderWaitMs ?? 250,
      capacity: this.#slots,
      deliver: (_stream, arrived) => this.#deliver(arrived),
      scope,
    });
    const { roster, graph, room, address } = this.#options;
    roster.on('joined', (member) => this.#release(member.address), scope);
    roster.on('left', ({ address: from }) => this.#close(from), scope);
    graph.watch(inboxKey(room, address), (field, value) => this.#receive(field, value), scope, {
      onDrop: (reason) => this.#options.counters.count(reason),
      // The ring slots of members on the roster: at most `slots` fields per member.
      keep: (field) => {
        const from = inboxSender(field);
        if (from === undefined || !this.#ringSlots.has(field.slice(from.length + 1))) return false;
        return roster.member(from) !== undefined;
      },
    });
    scope.add(() => this.#held.clear());
  }

  /** Queues `payload` for `to`; settles once the envelope carrying it is on the graph. */
  send(to: Address, payload: SignalPayload): Promise<void> {
    if (!this.#options.roster.member(to)) {
      return Promise.reject(AppError.internal(`signaling: ${to} is not in the room`));
    }
    const id = to.toLowerCase();
    let outbox = this.#outboxes.get(id);
    if (!outbox) {
      outbox = { queue: [], busy: false, written: 0 };
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
    // Leave room for the sealing (base64 of AES-GCM, a third larger) and the sealed text's prefix and IV.
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
    const stream = signalStream(room, address, to);
    const seq = signer.nextSequence(stream);
    const body = await this.#box.seal(
      member.sessionEpub,
      encodeSignalBatch(prev === undefined ? { signals } : { prev, signals }),
    );
    if (body.length > verifier.limits.maxBodyChars) {
      throw AppError.internal(`signaling: payload of ${body.length} characters is too large`);
    }
    const envelope = await signer.sign(
      { kind: 'signal', stream, body, withCertificate: false, to },
      seq,
    );
    graph.put(
      inboxKey(room, to),
      inboxField(address, `s${outbox.written++ % this.#slots}`),
      JSON.stringify(envelope),
    );
    outbox.last = { seq, epub: member.sessionEpub };
  }

  onSignal(listener: SignalListener, scope: Scope): void {
    this.#listeners.add(listener);
    scope.add(() => this.#listeners.delete(listener));
  }

  /** Reads a field of our inbox now if the roster shows its sender, else holds it. */
  #receive(field: string, value: unknown): void {
    if (value === null || value === undefined) return;
    const { counters, roster, verifier } = this.#options;
    const from = inboxSender(field);
    if (!from || typeof value !== 'string') {
      counters.count('malformed');
      return;
    }
    if (roster.member(from)) {
      void this.#read(from, field, value);
      return;
    }
    if (value.length > verifier.limits.maxEnvelopeChars) {
      counters.count('oversize');
      return;
    }
    this.#held.hold(from, field, value);
  }

  /** Reads what `from` wrote before the roster showed it. */
  #release(from: Address): void {
    for (const [field, value] of this.#held.take(from.toLowerCase())) {
      void this.#read(from, field, value);
    }
  }

  #close(from: Address): void {
    const id = from.toLowerCase();
    this.#held.take(id);
    this.#arrivals?.forget(id);
    this.#outboxes.delete(id);
  }

  async #read(from: Address, field: string, value: string): Promise<void> {
    const { verifier, counters, address, roster, graph, room } = this.#options;
    const verified = await verifier.verify(value, {
      kinds: ['signal'],
      stream: signalStream(room, from, address),
      window: this.#slots,
      owner: from,
      to: address,
    });
    if (!verified) return;
    // Read once: clear the slot so the ring holds only what is not yet read.
    graph.put(inboxKey(room, address), field, null);
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
