// Hand-written fakes of OUR chat interfaces for unit tests. Not imported by the app.
import type { Address } from 'viem';
import type { Scope } from '../core/Scope.ts';
import type { ChatLock } from './ChatLock.ts';
import type {
  ChatClient,
  ChatClientFactory,
  ChatConversation,
  ChatGroupMember,
  ChatInstallation,
  ChatMessage,
  ChatRole,
  OutgoingContent,
  RoomChatDirectory,
  RoomGroupRecord,
} from './types.ts';
import type { ChatAttention } from './WebChatAttention.ts';

/** A clock the test moves by hand. */
export class FakeClock {
  time = 1_000;
  now(): number {
    return this.time;
  }
}

interface FakeGroupState {
  id: string;
  kind: 'group' | 'dm';
  creator: Address;
  members: Set<Address>;
  /** Admins and the super admin (the creator); others are plain members. */
  roles: Map<Address, ChatRole>;
  messages: ChatMessage[];
}

/** Shared state of fake clients: conversations, registered wallets, connectivity. */
export class FakeChatNetwork {
  readonly conversations = new Map<string, FakeGroupState>();
  readonly registered = new Set<Address>();
  readonly listeners = new Map<Address, (message: ChatMessage) => void>();
  /** While true every send rejects, as with no connection. */
  offline = false;
  /**
   * Calls made, for assertions: `add:<by>:<who>`, `remove:<by>:<who>`, `create:<by>`,
   * `admin:<by>:<who>`, `unadmin:<by>:<who>`.
   */
  readonly log: string[] = [];
  #nextId = 0;

  client(address: Address): FakeChatClient {
    const lower = address.toLowerCase() as Address;
    this.registered.add(lower);
    return new FakeChatClient(this, lower);
  }

  newId(prefix: string): string {
    this.#nextId += 1;
    return `${prefix}-${this.#nextId}`;
  }

  deliver(state: FakeGroupState, message: ChatMessage): void {
    state.messages.push(message);
    for (const member of state.members) this.listeners.get(member)?.(message);
  }
}

/** One member's conversation view. */
export class FakeConversation implements ChatConversation {
  readonly id: string;
  readonly kind: 'group' | 'dm';
  readonly peer: Address | null;
  readonly sent: { content: OutgoingContent; key: string }[] = [];
  readonly #network: FakeChatNetwork;
  readonly #state: FakeGroupState;
  readonly #self: Address;
  readonly #keys = new Map<string, string>();

  constructor(
    network: FakeChatNetwork,
    state: FakeGroupState,
    self: Address,
    peer: Address | null,
  ) {
    this.#network = network;
    this.#state = state;
    this.#self = self;
    this.id = state.id;
    this.kind = state.kind;
    this.peer = peer;
  }

  async sync(): Promise<void> {}

  async messages(): Promise<ChatMessage[]> {
    return this.#state.members.has(this.#self) ? [...this.#state.messages] : [];
  }

  async send(content: OutgoingContent, key: string): Promise<string> {
    if (this.#network.offline) throw new Error('offline');
    const known = this.#keys.get(key);
    if (known) return known;
    const id = this.#network.newId('msg');
    this.#keys.set(key, id);
    this.sent.push({ content, key });
    this.#network.deliver(this.#state, {
      id,
      conversationId: this.id,
      sender: this.#self,
      senderInboxId: `inbox-${this.#self}`,
      sentAt: Date.now(),
      content,
    });
    return id;
  }

  async members(): Promise<ChatGroupMember[]> {
    return [...this.#state.members].map((address) => ({
      inboxId: `inbox-${address}`,
      addresses: [address],
      role: this.#state.roles.get(address) ?? 'member',
    }));
  }

  async addMembers(addresses: readonly Address[]): Promise<void> {
    this.#require('admin');
    for (const address of addresses) {
      this.#network.log.push(`add:${this.#self}:${address}`);
      this.#state.members.add(address);
    }
  }

  async removeMembers(inboxIds: readonly string[]): Promise<void> {
    this.#require('admin');
    for (const address of inboxIds.map(addressOfInbox)) {
      this.#network.log.push(`remove:${this.#self}:${address}`);
      this.#state.members.delete(address);
      this.#state.roles.delete(address);
    }
  }

  async setAdmin(inboxId: string, admin: boolean): Promise<void> {
    this.#require('super-admin');
    const address = addressOfInbox(inboxId);
    this.#network.log.push(`${admin ? 'admin' : 'unadmin'}:${this.#self}:${address}`);
    if (admin) this.#state.roles.set(address, 'admin');
    else this.#state.roles.delete(address);
  }

  async isActive(): Promise<boolean> {
    return this.#state.members.has(this.#self);
  }

  async creator(): Promise<Address | null> {
    return this.#state.creator;
  }

  /** Refuses like the network does when this member's role is below `needed`. */
  #require(needed: ChatRole): void {
    const role = this.#state.roles.get(this.#self) ?? 'member';
    const ok = needed === 'admin' ? role !== 'member' : role === 'super-admin';
    if (!ok) throw new Error(`${this.#self} may not change the group: ${role}`);
  }
}

function addressOfInbox(inboxId: string): Address {
  return inboxId.replace(/^inbox-/, '') as Address;
}

/** A fake client on a {@link FakeChatNetwork}. */
export class FakeChatClient implements ChatClient {
  readonly address: Address;
  readonly inboxId: string;
  closed = false;
  readonly #network: FakeChatNetwork;

  constructor(network: FakeChatNetwork, address: Address) {
    this.#network = network;
    this.address = address;
    this.inboxId = `inbox-${address}`;
  }

  async conversation(id: string): Promise<ChatConversation | null> {
    const state = this.#network.conversations.get(id);
    if (state === undefined || !state.members.has(this.address)) return null;
    return this.#view(state);
  }

  async createGroup(members: readonly Address[], _name: string): Promise<ChatConversation> {
    this.#network.log.push(`create:${this.address}`);
    const state: FakeGroupState = {
      id: this.#network.newId('group'),
      kind: 'group',
      creator: this.address,
      members: new Set([this.address, ...members]),
      roles: new Map([[this.address, 'super-admin']]),
      messages: [],
    };
    this.#network.conversations.set(state.id, state);
    return this.#view(state);
  }

  async dm(peer: Address): Promise<ChatConversation> {
    const pair = [this.address, peer.toLowerCase() as Address].sort();
    const id = `dm-${pair.join('-')}`;
    let state = this.#network.conversations.get(id);
    if (!state) {
      state = {
        id,
        kind: 'dm',
        creator: this.address,
        members: new Set(pair),
        roles: new Map(),
        messages: [],
      };
      this.#network.conversations.set(id, state);
    }
    return this.#view(state);
  }

  async listDms(): Promise<ChatConversation[]> {
    return [...this.#network.conversations.values()]
      .filter((s) => s.kind === 'dm' && s.members.has(this.address))
      .map((s) => this.#view(s));
  }

  async reachable(addresses: readonly Address[]): Promise<Set<Address>> {
    return new Set(addresses.filter((a) => this.#network.registered.has(a)));
  }

  async streamMessages(listener: (message: ChatMessage) => void, scope: Scope): Promise<void> {
    this.#network.listeners.set(this.address, listener);
    scope.add(() => this.#network.listeners.delete(this.address));
  }

  async installations(): Promise<ChatInstallation[]> {
    return [{ id: 'aa', createdAt: 1, current: true }];
  }

  async revokeInstallations(_ids: readonly string[]): Promise<void> {}

  close(): void {
    this.closed = true;
  }

  #view(state: FakeGroupState): FakeConversation {
    const peer =
      state.kind === 'dm' ? ([...state.members].find((m) => m !== this.address) ?? null) : null;
    return new FakeConversation(this.#network, state, this.address, peer);
  }
}

/**
 * A factory over a fake network; `failWith` makes `create` throw (e.g. the limit). Addresses
 * registered by `create` are what `open` finds (this browser's database); `created` counts the
 * registrations, each a wallet signature in the real SDK.
 */
export class FakeChatClientFactory implements ChatClientFactory {
  failWith: Error | null = null;
  created = 0;
  readonly revoked: string[] = [];
  readonly #registered = new Set<Address>();
  readonly #network: FakeChatNetwork;

  constructor(network: FakeChatNetwork) {
    this.#network = network;
  }

  async open(address: Address): Promise<ChatClient | null> {
    return this.#registered.has(address) ? this.#network.client(address) : null;
  }

  async create(address: Address): Promise<ChatClient> {
    if (this.failWith) throw this.failWith;
    this.created += 1;
    this.#registered.add(address);
    return this.#network.client(address);
  }

  async installations(): Promise<ChatInstallation[]> {
    return [
      { id: 'old', createdAt: 1, current: false },
      { id: 'older', createdAt: 0, current: false },
    ];
  }

  async revokeInstallations(_address: Address, _sign: unknown, ids: readonly string[]) {
    this.revoked.push(...ids);
    this.failWith = null;
  }
}

/** A directory in memory, shared by the members of one room: the newest record wins. */
export class FakeDirectory implements RoomChatDirectory {
  record: RoomGroupRecord | null = null;
  /** Who published each record, in order. */
  readonly published: RoomGroupRecord[] = [];
  expiry: number | null = null;
  readonly #listeners = new Set<(record: RoomGroupRecord | null) => void>();

  get groupId(): string | null {
    return this.record?.groupId ?? null;
  }

  async publish(record: RoomGroupRecord): Promise<void> {
    this.published.push(record);
    if (this.record !== null && this.record.version > record.version) return;
    this.record = record;
    for (const listener of this.#listeners) listener(record);
  }

  current(): RoomGroupRecord | null {
    return this.record;
  }

  expiresAt(): number | null {
    return this.expiry;
  }

  watch(listener: (record: RoomGroupRecord | null) => void, scope: Scope): void {
    this.#listeners.add(listener);
    listener(this.record);
    scope.add(() => this.#listeners.delete(listener));
  }
}

/** Attention the test controls: hidden or not, notices recorded. */
export class FakeAttention implements ChatAttention {
  isHidden = false;
  readonly notices: { title: string; body: string }[] = [];
  hidden(): boolean {
    return this.isHidden;
  }
  notify(title: string, body: string): void {
    this.notices.push({ title, body });
  }
  canAsk(): boolean {
    return false;
  }
  async ask(): Promise<boolean> {
    return false;
  }
}

/** A lock another tab may hold; `release()` lets waiters in. */
export class FakeLock implements ChatLock {
  heldElsewhere = false;
  #waiters: (() => void)[] = [];

  async tryAcquire(): Promise<boolean> {
    return !this.heldElsewhere;
  }

  waitFor(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    this.heldElsewhere = false;
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}
