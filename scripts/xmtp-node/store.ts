/**
 * The node's in-memory state: identity logs, key packages, group messages, welcomes and
 * commit logs. It only stores and indexes bytes; every limit in `XmtpNodeLimits` is
 * enforced here. A store outlives a server, so a test can restart the node and keep it.
 */
import { createHash } from 'node:crypto';
import { GrpcError, GrpcStatus } from './framing.ts';
import { defaultLimits, type XmtpNodeLimits } from './limits.ts';

/** One identity update as stored: its bytes are returned verbatim. */
export interface IdentityLogEntry {
  sequenceId: number;
  serverTimestampNs: bigint;
  update: Uint8Array;
}

/** Anything kept in an id-ordered topic. */
export interface TopicRecord {
  id: number;
  createdNs: bigint;
  size: number;
}

/** A group message as stored. */
export interface StoredGroupMessage extends TopicRecord {
  groupId: Uint8Array;
  data: Uint8Array;
  senderHmac: Uint8Array;
  shouldPush: boolean;
  isCommit: boolean;
}

/** A welcome as stored, in either form the API has. */
export interface StoredWelcome extends TopicRecord {
  installationKey: Uint8Array;
  kind: 'v1' | 'pointer';
  /** `data` for v1, `welcome_pointer` for the pointer form. */
  payload: Uint8Array;
  hpkePublicKey: Uint8Array;
  wrapperAlgorithm: number;
  welcomeMetadata: Uint8Array;
}

/** A commit log entry as stored (signature kept as its protobuf object). */
export interface StoredCommitLogEntry extends TopicRecord {
  entry: Uint8Array;
  signature: unknown;
}

interface Topic<T extends TopicRecord> {
  records: T[];
  /** Hashes of stored payloads, so a retried send is not stored twice. */
  hashes: Map<string, number>;
}

/** Hex of a byte string, used as a map key for group ids and installation keys. */
export function hexKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** The in-memory state of one node. */
export class XmtpStore {
  readonly limits: XmtpNodeLimits;
  #nextIdentitySequence = 1;
  #nextGroupMessageId = 1;
  #nextWelcomeId = 1;
  #nextCommitLogId = 1;
  #storedBytes = 0;
  readonly #inboxLogs = new Map<string, IdentityLogEntry[]>();
  readonly #addressToInbox = new Map<string, string>();
  readonly #keyPackages = new Map<string, Uint8Array>();
  readonly #groups = new Map<string, Topic<StoredGroupMessage>>();
  readonly #welcomes = new Map<string, Topic<StoredWelcome>>();
  readonly #commitLogs = new Map<string, Topic<StoredCommitLogEntry>>();

  constructor(limits: Partial<XmtpNodeLimits> = {}) {
    this.limits = { ...defaultLimits, ...limits };
  }

  /** Appends an identity update to an inbox's log and updates the address index. */
  appendIdentityUpdate(
    inboxId: string,
    update: Uint8Array,
    addedAddresses: readonly string[],
    revokedAddresses: readonly string[],
  ): IdentityLogEntry {
    let log = this.#inboxLogs.get(inboxId);
    if (log === undefined) {
      if (this.#inboxLogs.size >= this.limits.maxInboxes) throw exhausted('inboxes');
      log = [];
      this.#inboxLogs.set(inboxId, log);
    }
    if (log.length >= this.limits.maxIdentityUpdatesPerInbox) throw exhausted('inbox log');
    this.#reserve(update.length);
    const entry = {
      sequenceId: this.#nextIdentitySequence++,
      serverTimestampNs: nowNs(),
      update,
    };
    log.push(entry);
    // Like the network's address log: the latest association wins, a revocation clears it.
    for (const address of addedAddresses) this.#addressToInbox.set(address.toLowerCase(), inboxId);
    for (const address of revokedAddresses) {
      const key = address.toLowerCase();
      if (this.#addressToInbox.get(key) === inboxId) this.#addressToInbox.delete(key);
    }
    return entry;
  }

  /** Log entries of an inbox with a sequence id above `afterSequenceId`. */
  identityUpdates(inboxId: string, afterSequenceId: number): IdentityLogEntry[] {
    return (this.#inboxLogs.get(inboxId) ?? []).filter((e) => e.sequenceId > afterSequenceId);
  }

  /** The inbox an address (any case) currently belongs to. */
  inboxIdFor(address: string): string | undefined {
    return this.#addressToInbox.get(address.toLowerCase());
  }

  /** Stores the latest key package of an installation. */
  putKeyPackage(installationKey: Uint8Array, keyPackage: Uint8Array): void {
    const key = hexKey(installationKey);
    const previous = this.#keyPackages.get(key);
    // An inbox may have up to 10 installations, hence ten key packages per inbox.
    if (previous === undefined && this.#keyPackages.size >= this.limits.maxInboxes * 10) {
      throw exhausted('key packages');
    }
    this.#reserve(keyPackage.length - (previous?.length ?? 0));
    this.#keyPackages.set(key, keyPackage);
  }

  /** The key package of an installation, if one was uploaded. */
  keyPackage(installationKey: Uint8Array): Uint8Array | undefined {
    return this.#keyPackages.get(hexKey(installationKey));
  }

  /** Stores a group message; returns undefined when the same bytes were stored before. */
  addGroupMessage(
    input: Omit<StoredGroupMessage, 'id' | 'createdNs' | 'size'>,
  ): StoredGroupMessage | undefined {
    const topic = this.#topic(this.#groups, hexKey(input.groupId));
    return this.#append(topic, input.data, () => ({
      ...input,
      id: this.#nextGroupMessageId++,
      createdNs: nowNs(),
      size: input.data.length + input.senderHmac.length,
    }));
  }

  /** Messages of a group, ascending by id. */
  groupMessages(groupId: Uint8Array): readonly StoredGroupMessage[] {
    return this.#groups.get(hexKey(groupId))?.records ?? [];
  }

  /** Stores a welcome for an installation. */
  addWelcome(input: Omit<StoredWelcome, 'id' | 'createdNs' | 'size'>): StoredWelcome | undefined {
    const topic = this.#topic(this.#welcomes, hexKey(input.installationKey));
    return this.#append(topic, input.payload, () => ({
      ...input,
      id: this.#nextWelcomeId++,
      createdNs: nowNs(),
      size: input.payload.length + input.hpkePublicKey.length + input.welcomeMetadata.length,
    }));
  }

  /** Welcomes of an installation, ascending by id. */
  welcomes(installationKey: Uint8Array): readonly StoredWelcome[] {
    return this.#welcomes.get(hexKey(installationKey))?.records ?? [];
  }

  /** Appends to a group's commit log. */
  addCommitLogEntry(groupId: Uint8Array, entry: Uint8Array, signature: unknown): void {
    const topic = this.#topic(this.#commitLogs, hexKey(groupId));
    this.#append(topic, entry, () => ({
      id: this.#nextCommitLogId++,
      createdNs: nowNs(),
      size: entry.length,
      entry,
      signature,
    }));
  }

  /** A group's commit log, ascending by sequence id. */
  commitLog(groupId: Uint8Array): readonly StoredCommitLogEntry[] {
    return this.#commitLogs.get(hexKey(groupId))?.records ?? [];
  }

  /** Counts for `stats()`. */
  counts(): {
    inboxes: number;
    keyPackages: number;
    groups: number;
    groupMessages: number;
    welcomes: number;
    storedBytes: number;
  } {
    let groupMessages = 0;
    for (const topic of this.#groups.values()) groupMessages += topic.records.length;
    let welcomes = 0;
    for (const topic of this.#welcomes.values()) welcomes += topic.records.length;
    return {
      inboxes: this.#inboxLogs.size,
      keyPackages: this.#keyPackages.size,
      groups: this.#groups.size,
      groupMessages,
      welcomes,
      storedBytes: this.#storedBytes,
    };
  }

  #topic<T extends TopicRecord>(map: Map<string, Topic<T>>, key: string): Topic<T> {
    let topic = map.get(key);
    if (topic === undefined) {
      const topics = this.#groups.size + this.#welcomes.size + this.#commitLogs.size;
      if (topics >= this.limits.maxTopics) throw exhausted('topics');
      topic = { records: [], hashes: new Map() };
      map.set(key, topic);
    }
    return topic;
  }

  #append<T extends TopicRecord>(
    topic: Topic<T>,
    payload: Uint8Array,
    make: () => T,
  ): T | undefined {
    const hash = createHash('sha256').update(payload).digest('base64');
    if (topic.hashes.has(hash)) return undefined;
    const record = make();
    this.#reserve(record.size);
    topic.records.push(record);
    topic.hashes.set(hash, record.id);
    // Oldest first, like the network's retention; a client that far behind re-syncs.
    while (topic.records.length > this.limits.maxMessagesPerTopic) {
      const dropped = topic.records.shift();
      if (dropped === undefined) break;
      this.#storedBytes -= dropped.size;
      for (const [key, id] of topic.hashes) {
        if (id === dropped.id) {
          topic.hashes.delete(key);
          break;
        }
      }
    }
    return record;
  }

  #reserve(bytes: number): void {
    if (this.#storedBytes + bytes > this.limits.maxStoredBytes) throw exhausted('storage');
    this.#storedBytes += bytes;
  }
}

function exhausted(what: string): GrpcError {
  return new GrpcError(GrpcStatus.RESOURCE_EXHAUSTED, `local XMTP node: ${what} limit reached`);
}
