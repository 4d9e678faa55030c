import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { ChatLock } from './ChatLock.ts';
import { ChatThread } from './ChatThread.ts';
import { isInstallationLimit } from './isInstallationLimit.ts';
import type { Outbox } from './Outbox.ts';
import { RoomChat, type VerdictsOf } from './RoomChat.ts';
import type {
  ChatClient,
  ChatClientFactory,
  ChatInstallation,
  ChatMessage,
  ResolveProfile,
  RoomChatDirectory,
  SignText,
} from './types.ts';
import type { ChatAttention } from './WebChatAttention.ts';

/** Where chat stands in this browser for the connected wallet. */
export type ChatStatus =
  /** Not started: the UI explains the one signature and offers to start. */
  | { kind: 'off' }
  /** Loading the chat code and opening the client (the wallet may ask to sign). */
  | { kind: 'starting' }
  | { kind: 'ready' }
  /** Another tab of this browser holds the chat client; this one takes over when it closes. */
  | { kind: 'locked' }
  /** The inbox has all the installations it may have: revoke some to continue. */
  | { kind: 'installation-limit'; installations: ChatInstallation[] }
  | { kind: 'error'; error: AppError };

/** A DM in the list: the other member and unread messages. */
export interface DmSummary {
  peer: Address;
  unread: number;
}

/** Events of a {@link ChatService}. */
export interface ChatServiceEvents {
  status: ChatStatus;
  dms: readonly DmSummary[];
}

/** What a room gives its chat: its directory, roster, allowlist and role answers. */
export interface RoomChatParameters {
  /** Unique per room, e.g. `<communityId>/<roomId>`; keys the outbox. */
  roomKey: string;
  roomName: string;
  directory: RoomChatDirectory;
  online: () => readonly Address[];
  access: VerdictsOf;
  moderators: VerdictsOf;
  /** Ends with the room. */
  scope: Scope;
  reconcileMs?: number;
  graceMs?: number;
  settleMs?: number;
  /** When the room's directory began listening for the record (see `RoomChatOptions`). */
  recordWatchedSince?: number;
}

/** What the chat service is built from (see `createChatService` for the browser). */
export interface ChatServiceOptions {
  address: Address;
  sign: SignText;
  /** Loads the XMTP code; called on the first start only. */
  loadFactory: () => Promise<ChatClientFactory>;
  lock: ChatLock;
  outbox: Outbox;
  attention: ChatAttention;
  /** Remembers wallets that started chat here, so a return visit starts without asking. */
  memory: Pick<Storage, 'getItem' | 'setItem'>;
  /** Fires `online` when the browser regains a connection (window). */
  connectivity: EventTarget;
  resolveProfile: ResolveProfile;
  clock: Clock;
  scope: Scope;
  /** How often threads retry failed sends and catch up with the network; default 15 s. */
  catchUpMs?: number;
}

/**
 * Chat for the connected wallet in this browser: one XMTP client (one installation, one
 * tab at a time), the message stream shared by every conversation, room chats and DMs.
 *
 * @example
 * const chat = createChatService({ config, wallet, address, resolveProfile, scope, window });
 * chat.autoStart(); // starts at once if this browser started chat before
 * const room = chat.room({ roomKey: '0/lobby', roomName: 'lobby', directory, online, access,
 *   moderators, scope });
 */
export class ChatService {
  readonly events = new Emitter<ChatServiceEvents>();
  readonly address: Address;
  readonly #options: ChatServiceOptions;
  readonly #rooms = new Set<RoomChat>();
  readonly #dmThreads = new Map<Address, ChatThread>();
  readonly #dmByConversation = new Map<string, Address>();
  #factory: ChatClientFactory | null = null;
  #loading: Promise<ChatClientFactory> | null = null;
  #client: ChatClient | null = null;
  #status: ChatStatus = { kind: 'off' };
  #dms: readonly DmSummary[] = [];

  constructor(options: ChatServiceOptions) {
    this.#options = options;
    this.address = options.address.toLowerCase() as Address;
    options.connectivity.addEventListener('online', () => this.#retryAll(), {
      signal: options.scope.signal,
    });
    options.scope.setInterval(() => this.#retryAll(), options.catchUpMs ?? 15_000);
    options.scope.add(() => this.#client?.close());
  }

  get status(): ChatStatus {
    return this.#status;
  }
  get dms(): readonly DmSummary[] {
    return this.#dms;
  }
  /** Visibility and system notices (ask for permission from a click). */
  get attention(): ChatAttention {
    return this.#options.attention;
  }
  get client(): ChatClient | null {
    return this.#client;
  }
  /** Whether this browser started chat for this wallet before (no signature needed). */
  get startedBefore(): boolean {
    return this.#options.memory.getItem(this.#memoryKey()) === '1';
  }

  /** Starts chat now if it was started here before; otherwise waits for `start()`. */
  autoStart(): void {
    if (this.startedBefore) void this.start();
  }

  /** Loads the chat code now, ahead of `start` (a failure shows when `start` tries again). */
  prepare(): void {
    void this.#loadFactory();
  }

  /**
   * Loads the chat code, takes the one-tab lock, opens the client: from this browser's
   * installation if it made one before (no signature), else registering one (one signature).
   */
  async start(): Promise<void> {
    const kind = this.#status.kind;
    if (kind === 'starting' || kind === 'ready' || kind === 'locked') return;
    const { scope, lock } = this.#options;
    this.#setStatus({ kind: 'starting' });
    try {
      if (!(await lock.tryAcquire(scope))) {
        this.#setStatus({ kind: 'locked' });
        await lock.waitFor(scope);
        if (scope.ended) return;
        this.#setStatus({ kind: 'starting' });
      }
      const factory = await this.#loadFactory();
      const { sign } = this.#options;
      const client =
        (this.startedBefore ? await factory.open(this.address, sign) : null) ??
        (await factory.create(this.address, sign));
      if (scope.ended) {
        client.close();
        return;
      }
      this.#client = client;
      this.#options.memory.setItem(this.#memoryKey(), '1');
      await client.streamMessages((message) => this.#dispatch(message), scope);
      this.#setStatus({ kind: 'ready' });
      await this.#openReady(client);
    } catch (error) {
      await this.#failStart(error);
    }
  }

  /** The chat of a room; it joins (or creates) the group once the client is ready. */
  room(params: RoomChatParameters): RoomChat {
    const thread = this.#thread(`room:${params.roomKey}`, params.roomName, params.scope);
    const room = new RoomChat({
      ...params,
      thread,
      clock: this.#options.clock,
      client: this.#lazyClient(),
    });
    this.#rooms.add(room);
    params.scope.add(() => this.#rooms.delete(room));
    if (this.#client) void room.start();
    return room;
  }

  /** The DM thread with `peer`, opened once the client is ready. */
  dm(peer: Address): ChatThread {
    const address = peer.toLowerCase() as Address;
    const existing = this.#dmThreads.get(address);
    if (existing) return existing;
    const thread = this.#newDmThread(address);
    if (this.#client) void this.#openDm(this.#client, address, thread);
    return thread;
  }

  /** Installations of this wallet's inbox (works at the limit too). */
  async installations(): Promise<ChatInstallation[]> {
    if (this.#client) return this.#client.installations();
    return (await this.#loadFactory()).installations(this.address);
  }

  /** Revokes installations (one signature); at the limit, then starts again. */
  async revokeInstallations(ids: readonly string[]): Promise<void> {
    if (this.#client) {
      await this.#client.revokeInstallations(ids);
      return;
    }
    const factory = await this.#loadFactory();
    await factory.revokeInstallations(this.address, this.#options.sign, ids);
    if (this.#status.kind === 'installation-limit') {
      this.#setStatus({ kind: 'off' });
      await this.start();
    }
  }

  /** The chat code, loaded once; a failed load is tried again by the next caller. */
  #loadFactory(): Promise<ChatClientFactory> {
    if (this.#loading === null) {
      const loading = this.#options.loadFactory();
      this.#loading = loading;
      loading.then(
        (factory) => {
          this.#factory = factory;
        },
        () => {
          if (this.#loading === loading) this.#loading = null;
        },
      );
    }
    return this.#loading;
  }

  async #failStart(error: unknown): Promise<void> {
    if (isInstallationLimit(error) && this.#factory) {
      const installations = await this.#factory.installations(this.address).catch(() => []);
      this.#setStatus({ kind: 'installation-limit', installations });
      return;
    }
    const appError =
      error instanceof AppError
        ? error
        : new AppError('CHAT_UNAVAILABLE', 'The chat client could not start', {
            category: 'network',
            cause: error,
          });
    this.#setStatus({ kind: 'error', error: appError });
  }

  async #openReady(client: ChatClient): Promise<void> {
    for (const room of this.#rooms) void room.start();
    for (const [peer, thread] of this.#dmThreads) void this.#openDm(client, peer, thread);
    for (const conversation of await client.listDms()) {
      if (conversation.peer !== null) this.dm(conversation.peer);
    }
  }

  async #openDm(client: ChatClient, peer: Address, thread: ChatThread): Promise<void> {
    try {
      const conversation = await client.dm(peer);
      this.#dmByConversation.set(conversation.id, peer);
      await thread.attach(conversation, client.inboxId);
      for (const [id, known] of this.#dmByConversation)
        if (known === peer) thread.addConversationId(id);
    } catch (error) {
      thread.events.emit('failed', AppError.from(error));
    }
  }

  #dispatch(message: ChatMessage): void {
    for (const room of this.#rooms) room.handleMessage(message);
    const peer = this.#dmByConversation.get(message.conversationId);
    if (peer !== undefined) {
      this.#dmThreads.get(peer)?.handleMessage(message);
      return;
    }
    if (this.#isRoomMessage(message)) return;
    // A conversation this tab has not seen: perhaps a new DM from someone.
    void this.#discover(message);
  }

  async #discover(message: ChatMessage): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const conversation = await client.conversation(message.conversationId);
    const peer = conversation?.peer ?? null;
    if (conversation?.kind !== 'dm' || peer === null) return;
    this.#dmByConversation.set(conversation.id, peer);
    const thread = this.#dmThreads.get(peer) ?? this.#newDmThread(peer);
    if (thread.conversation === null) await thread.attach(conversation, client.inboxId);
    else thread.addConversationId(conversation.id);
    thread.handleMessage(message, { fresh: true });
  }

  #newDmThread(peer: Address): ChatThread {
    const thread = this.#thread(`dm:${peer}`, peer, this.#options.scope);
    this.#dmThreads.set(peer, thread);
    thread.events.on('unread', () => this.#publishDms(), this.#options.scope);
    this.#publishDms();
    void this.#resolveProfile(peer, thread);
    return thread;
  }

  #isRoomMessage(message: ChatMessage): boolean {
    for (const room of this.#rooms) if (room.groupId === message.conversationId) return true;
    return false;
  }

  #thread(key: string, title: string, scope: Scope): ChatThread {
    const { outbox, attention, clock } = this.#options;
    return new ChatThread({ key, title, self: this.address, outbox, attention, clock, scope });
  }

  async #resolveProfile(address: Address, thread: ChatThread): Promise<void> {
    // Only for the notice title; the UI resolves names itself.
    const profile = await this.#options.resolveProfile(address).catch(() => null);
    if (profile) thread.setTitle(profile.label);
  }

  /** A client view that fails clearly if a room acts before the client is ready. */
  #lazyClient(): ChatClient {
    const client = () => {
      if (!this.#client) throw AppError.internal('chat client used before it started');
      return this.#client;
    };
    return {
      get address() {
        return client().address;
      },
      get inboxId() {
        return client().inboxId;
      },
      conversation: (id) => client().conversation(id),
      createGroup: (members, name) => client().createGroup(members, name),
      dm: (peer) => client().dm(peer),
      listDms: () => client().listDms(),
      reachable: (addresses) => client().reachable(addresses),
      streamMessages: (listener, scope) => client().streamMessages(listener, scope),
      installations: () => client().installations(),
      revokeInstallations: (ids) => client().revokeInstallations(ids),
      close: () => client().close(),
    };
  }

  #retryAll(): void {
    const client = this.#client;
    // A DM whose opening failed (offline) is opened again.
    for (const [peer, thread] of this.#dmThreads) {
      if (client && thread.conversation === null) void this.#openDm(client, peer, thread);
    }
    const threads = [...[...this.#rooms].map((room) => room.thread), ...this.#dmThreads.values()];
    for (const thread of threads) {
      thread.retryFailed();
      // A failed catch-up is retried on the next round; the stream usually has it anyway.
      thread.refresh().catch(() => {});
    }
  }

  #publishDms(): void {
    this.#dms = [...this.#dmThreads].map(([peer, thread]) => ({ peer, unread: thread.unread }));
    this.events.emit('dms', this.#dms);
  }

  #memoryKey(): string {
    return `community-chats:chat-started:${this.address}`;
  }

  #setStatus(status: ChatStatus): void {
    this.#status = status;
    this.events.emit('status', status);
  }
}
