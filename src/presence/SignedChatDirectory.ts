import { type Address, getAddress, isAddress } from 'viem';
import * as z from 'zod/mini';
import type { RoomChatDirectory, RoomGroupRecord } from '../chat/types.ts';
import { Emitter } from '../core/Emitter.ts';
import type { Scope } from '../core/Scope.ts';
import type { Graph } from '../graph/types.ts';
import type { DropCounters } from '../signaling/dropCounters.ts';
import type { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import type { EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import type { ModeratorCheck } from '../signaling/GunModerationChannel.ts';

/** XMTP group ids are hex. */
const recordSchema = z.object({
  chatGroup: z.string().check(z.regex(/^[0-9a-f]{16,128}$/)),
  version: z.number().check(z.int(), z.positive()),
});

/** What a {@link SignedChatDirectory} reads, writes and checks. */
export interface SignedChatDirectoryOptions {
  graph: Graph;
  /** The flat node of the room's record: one slot per owner or admin (`<room>/chat`). */
  key: string;
  /** This member's wallet address: the slot its records go to. */
  address: Address;
  signer: EnvelopeSigner;
  /**
   * Checks records like envelopes; its max age must let a record outlive the people in
   * the room (the session lifetime), unlike the room's verifier for live envelopes.
   */
  verifier: EnvelopeVerifier;
  moderators: ModeratorCheck;
  counters: DropCounters;
  /** This browser's copy of the last verified record (e.g. localStorage), under `memoryKey`. */
  memory: Pick<Storage, 'getItem' | 'setItem'>;
  memoryKey: string;
}

interface Slot {
  record: RoomGroupRecord;
  /** When the certificate behind the slot's signature expires. */
  expiresAt: number;
}

/**
 * The room's chat group, found from a durable, verifiable record: a `moderate` envelope
 * signed by the session key of a community owner or admin, carrying its certificate, in
 * that signer's slot of the room's `chat` node. The relays keep it when the room is empty;
 * each reader verifies it like any envelope (signature, certificate, allowlist) and then
 * asks the contract whether the signer is owner or admin. The newest verified record wins
 * (its version is the time its group became the room's, so nobody can sign one ahead), and
 * this browser keeps a copy, so a returning member finds its group even once the relays
 * forgot it or the record's certificate expired.
 *
 * @example
 * const directory = new SignedChatDirectory({ graph, key: `${room.namespace}/chat`, address,
 *   signer, verifier, moderators, counters, memory: localStorage, memoryKey });
 * directory.start(scope);
 * directory.watch((record) => follow(record), scope);
 */
export class SignedChatDirectory implements RoomChatDirectory {
  readonly #options: SignedChatDirectoryOptions;
  readonly #events = new Emitter<{ change: RoomGroupRecord | null }>();
  readonly #slots = new Map<string, Slot>();
  #best: Slot | null = null;

  constructor(options: SignedChatDirectoryOptions) {
    this.#options = options;
  }

  /** Reads the room's record node until `scope` ends. */
  start(scope: Scope): void {
    const { graph, key, counters } = this.#options;
    graph.watch(key, (field, value) => void this.#read(field, value), scope, {
      onDrop: (reason) => counters.count(reason),
      // A flood of junk fields never pushes out an admin's verified slot.
      keep: (field) => this.#slots.has(field),
    });
  }

  async publish(record: RoomGroupRecord): Promise<void> {
    const { signer, graph, key, address } = this.#options;
    const envelope = await signer.sign({
      kind: 'moderate',
      stream: key,
      body: JSON.stringify({ chatGroup: record.groupId, version: record.version }),
      withCertificate: true,
    });
    graph.put(key, address.toLowerCase(), JSON.stringify(envelope));
  }

  current(): RoomGroupRecord | null {
    return this.#best?.record ?? this.#remembered();
  }

  expiresAt(): number | null {
    return this.#best?.expiresAt ?? null;
  }

  watch(listener: (record: RoomGroupRecord | null) => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
    listener(this.current());
  }

  async #read(field: string, value: unknown): Promise<void> {
    if (value === null || value === undefined) return;
    const { verifier, counters, moderators, key } = this.#options;
    if (!isAddress(field, { strict: false })) {
      counters.count('malformed');
      return;
    }
    const verified = await verifier.verify(value, {
      kinds: ['moderate'],
      stream: key,
      window: 0,
      owner: getAddress(field),
    });
    if (!verified) return;
    const parsed = parseBody(verified.envelope.body);
    // A version is the time the group became the room's: never after its own signature.
    if (parsed === null || parsed.version > verified.envelope.ts + verifier.limits.maxFutureMs) {
      counters.count('malformed');
      return;
    }
    let moderator: boolean;
    try {
      moderator = await moderators.isModerator(getAddress(verified.certificate.address));
    } catch {
      moderator = false;
    }
    if (!moderator) {
      counters.count('not-moderator');
      return;
    }
    this.#slots.set(field.toLowerCase(), {
      record: parsed,
      expiresAt: verified.certificate.expiresAt,
    });
    this.#choose();
  }

  #choose(): void {
    let best: Slot | null = null;
    for (const slot of this.#slots.values()) {
      if (best === null || newer(slot, best)) best = slot;
    }
    const before = this.#best?.record;
    this.#best = best;
    if (best === null) return;
    if (before?.groupId === best.record.groupId && before.version === best.record.version) return;
    this.#remember(best.record);
    this.#events.emit('change', best.record);
  }

  #remembered(): RoomGroupRecord | null {
    try {
      const raw = this.#options.memory.getItem(this.#options.memoryKey);
      return raw === null ? null : parseBody(raw);
    } catch {
      return null;
    }
  }

  #remember(record: RoomGroupRecord): void {
    try {
      this.#options.memory.setItem(
        this.#options.memoryKey,
        JSON.stringify({ chatGroup: record.groupId, version: record.version }),
      );
    } catch {
      // Full or unavailable storage: the record still lives on the relays.
    }
  }
}

/** The newest record wins; equal versions go to the lower group id, then the later expiry. */
function newer(a: Slot, b: Slot): boolean {
  if (a.record.version !== b.record.version) return a.record.version > b.record.version;
  if (a.record.groupId !== b.record.groupId) return a.record.groupId < b.record.groupId;
  return a.expiresAt > b.expiresAt;
}

function parseBody(text: string): RoomGroupRecord | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const result = recordSchema.safeParse(json);
  return result.success ? { groupId: result.data.chatGroup, version: result.data.version } : null;
}
