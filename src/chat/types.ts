import type { Address, Hex } from 'viem';
import type { Scope } from '../core/Scope.ts';

/** What a message carries, as the app understands it (XMTP content types underneath). */
export type ChatContent =
  | { kind: 'text'; text: string }
  | { kind: 'reply'; text: string; inReplyTo: string }
  | { kind: 'reaction'; emoji: string; target: string; removed: boolean }
  /** Members added to or removed from a group (MLS commits), by address when known. */
  | { kind: 'membership'; added: string[]; removed: string[] }
  /** A content type this app does not show (attachments, transactions...). */
  | { kind: 'unsupported'; fallback: string | null };

/** What this app sends: text, a reply to a message, or a reaction to one. */
export type OutgoingContent =
  | { kind: 'text'; text: string }
  | { kind: 'reply'; text: string; inReplyTo: string; inReplyToSender: string }
  | { kind: 'reaction'; emoji: string; target: string; targetSender: string; removed: boolean };

/** One message as read from the network. */
export interface ChatMessage {
  id: string;
  conversationId: string;
  /** Lower-cased wallet address of the sender, when known. */
  sender: Address | null;
  senderInboxId: string;
  /** Milliseconds since the epoch. */
  sentAt: number;
  content: ChatContent;
}

/** An installation (one browser's database) of an XMTP inbox. */
export interface ChatInstallation {
  id: string;
  /** Milliseconds since the epoch, when known. */
  createdAt: number | null;
  /** True for the installation of this browser. */
  current: boolean;
}

/** Whether a member may manage a group: XMTP permission levels. */
export type ChatRole = 'member' | 'admin' | 'super-admin';

/** One inbox in a group: its wallet addresses and its permission level there. */
export interface ChatGroupMember {
  inboxId: string;
  /** The inbox's Ethereum identities, lower-cased; empty when it has none. */
  addresses: Address[];
  role: ChatRole;
}

/** One conversation: a room's group or a DM. */
export interface ChatConversation {
  readonly id: string;
  readonly kind: 'group' | 'dm';
  /** The other member of a DM; null for groups. */
  readonly peer: Address | null;
  /** Fetches new messages and membership changes from the network. */
  sync(): Promise<void>;
  /** Messages this installation can read, oldest first. */
  messages(): Promise<ChatMessage[]>;
  /** Publishes; the same `idempotencyKey` never produces two messages. Returns the id. */
  send(content: OutgoingContent, idempotencyKey: string): Promise<string>;
  /** Members, each inbox with all its Ethereum identities and its role. */
  members(): Promise<ChatGroupMember[]>;
  /** Adds wallets; the network refuses unless this member is an admin of the group. */
  addMembers(addresses: readonly Address[]): Promise<void>;
  /** Removes inboxes; the network refuses unless this member is an admin of the group. */
  removeMembers(inboxIds: readonly string[]): Promise<void>;
  /** Makes a member an admin or takes it back; the network refuses unless super admin. */
  setAdmin(inboxId: string, admin: boolean): Promise<void>;
  /** False once this member has been removed from the group. */
  isActive(): Promise<boolean>;
  /** Address of whoever created the conversation, when known. */
  creator(): Promise<Address | null>;
}

/** A started XMTP client for one wallet, in this browser. */
export interface ChatClient {
  readonly address: Address;
  /** This wallet's XMTP inbox id. */
  readonly inboxId: string;
  /** Looks a conversation up locally, then after a network sync; null if not a member. */
  conversation(id: string): Promise<ChatConversation | null>;
  /**
   * Creates a group with these members, this member as its creator and only super admin;
   * only admins may add or remove members, only the super admin name admins.
   */
  createGroup(members: readonly Address[], name: string): Promise<ChatConversation>;
  /** The DM with `peer`, created if needed. */
  dm(peer: Address): Promise<ChatConversation>;
  listDms(): Promise<ChatConversation[]>;
  /** Which of `addresses` have an XMTP inbox (can be messaged / added). */
  reachable(addresses: readonly Address[]): Promise<Set<Address>>;
  /** Calls `listener` for each new message in any conversation until `scope` ends. */
  streamMessages(listener: (message: ChatMessage) => void, scope: Scope): Promise<void>;
  installations(): Promise<ChatInstallation[]>;
  /** Revokes installations by id (one wallet signature). */
  revokeInstallations(ids: readonly string[]): Promise<void>;
  close(): void;
}

/** Signs EIP-191 text with the connected wallet (`WalletSession.signMessage`). */
export type SignText = (message: string) => Promise<Hex>;

/** Creates clients: the one place that knows the XMTP SDK (loaded lazily). */
export interface ChatClientFactory {
  /**
   * Opens this wallet's client from the installation this browser made before, without a
   * signature; null when there is none (then `create`). `sign` is kept for revoking.
   */
  open(address: Address, sign: SignText): Promise<ChatClient | null>;
  /** Opens (or registers, one signature) this wallet's client; its database persists here. */
  create(address: Address, sign: SignText): Promise<ChatClient>;
  /** Installations of this wallet's inbox, without a client (when at the limit). */
  installations(address: Address): Promise<ChatInstallation[]>;
  /** Revokes installations without a client (one wallet signature). */
  revokeInstallations(address: Address, sign: SignText, ids: readonly string[]): Promise<void>;
}

/** A room's group as a community owner or admin published it. */
export interface RoomGroupRecord {
  groupId: string;
  /**
   * When the group became the room's (ms since the epoch): a replacement is always newer,
   * and no signer can date one ahead of its signature, so the newest record wins.
   */
  version: number;
}

/**
 * Where a room's group is found: a durable record signed by a community owner or admin,
 * kept by the relays and by each member's browser, so it outlives the people in the room.
 */
export interface RoomChatDirectory {
  /** Signs and publishes a record; others believe it only from an owner or admin. */
  publish(record: RoomGroupRecord): Promise<void>;
  /** The newest verified record, else the one this browser last verified, else null. */
  current(): RoomGroupRecord | null;
  /** When the newest verified record's signature stops being checkable (ms); null if none. */
  expiresAt(): number | null;
  /** Calls `listener` with the current record and every change until `scope` ends. */
  watch(listener: (record: RoomGroupRecord | null) => void, scope: Scope): void;
}

/** What is shown for an address: an ENS name (or short address) and an avatar. */
export interface ChatProfile {
  label: string;
  avatarUrl: string | null;
}

/**
 * Turns an address into what is shown for it. The name service's `lookup` fits:
 * `(address) => names.lookup(address)`.
 */
export type ResolveProfile = (address: Address) => Promise<ChatProfile>;
