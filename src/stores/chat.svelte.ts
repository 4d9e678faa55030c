import type { Address } from 'viem';
import type { ThreadMessage } from '../chat/buildThreadView.ts';
import type { ChatService, ChatStatus, DmSummary } from '../chat/ChatService.ts';
import type { ChatThread } from '../chat/ChatThread.ts';
import type { RoomChat, RoomChatStatus } from '../chat/RoomChat.ts';
import type { ChatInstallation, ChatProfile, ResolveProfile } from '../chat/types.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';

/**
 * Read-only runes view of one thread (a room's chat or a DM). Commands pass to the thread.
 *
 * @example
 * const thread = new ThreadStore(chat.dm(peer), scope);
 * thread.send('hello');
 */
export class ThreadStore {
  #messages: readonly ThreadMessage[];
  #unread: number;
  #failure = $state.raw<AppError | undefined>(undefined);
  #arrived = $state.raw<string | null>(null);
  readonly #thread: ChatThread;

  constructor(thread: ChatThread, scope: Scope) {
    this.#thread = thread;
    this.#messages = $state.raw(thread.messages);
    this.#unread = $state.raw(thread.unread);
    thread.events.on('messages', (lines) => (this.#messages = lines), scope);
    thread.events.on('unread', (count) => (this.#unread = count), scope);
    thread.events.on('failed', (error) => (this.#failure = error), scope);
    thread.events.on('arrived', (id) => (this.#arrived = id), scope);
  }

  get messages(): readonly ThreadMessage[] {
    return this.#messages;
  }
  get unread(): number {
    return this.#unread;
  }
  /** Id of the latest message from someone else that came in while shown (not history). */
  get arrived(): string | null {
    return this.#arrived;
  }
  /** The latest failed send (the message itself stays, with a retry). */
  get failure(): AppError | undefined {
    return this.#failure;
  }

  send(text: string, replyTo?: ThreadMessage): void {
    this.#failure = undefined;
    this.#thread.send(text, replyTo);
  }
  react(target: ThreadMessage, emoji: string): void {
    this.#thread.react(target, emoji);
  }
  retry(id: string): void {
    this.#failure = undefined;
    this.#thread.retry(id);
  }
  setActive(active: boolean): void {
    this.#thread.setActive(active);
  }
}

/** Runes view of a room's chat: where this member stands, and its thread. */
export class RoomChatStore {
  readonly thread: ThreadStore;
  #status: RoomChatStatus;

  constructor(room: RoomChat, scope: Scope) {
    this.thread = new ThreadStore(room.thread, scope);
    this.#status = $state.raw(room.status);
    room.events.on('status', (status) => (this.#status = status), scope);
  }

  get status(): RoomChatStatus {
    return this.#status;
  }
}

/**
 * Runes view of the chat service: status (explain, starting, ready, other tab,
 * installation limit), DM list with unread counts, and names for addresses.
 *
 * @example
 * const store = new ChatStore(chat, resolveProfile, scope);
 * await store.start();
 */
export class ChatStore {
  readonly service: ChatService;
  #status: ChatStatus;
  #dms: readonly DmSummary[];
  #profiles = $state.raw<ReadonlyMap<Address, ChatProfile>>(new Map());
  #notice = $state.raw<AppError | undefined>(undefined);
  #noticesAsked = $state(false);
  readonly #resolveProfile: ResolveProfile;
  readonly #asked = new Set<Address>();

  constructor(service: ChatService, resolveProfile: ResolveProfile, scope: Scope) {
    this.service = service;
    this.#resolveProfile = resolveProfile;
    this.#status = $state.raw(service.status);
    this.#dms = $state.raw(service.dms);
    service.events.on('status', (status) => (this.#status = status), scope);
    service.events.on('dms', (dms) => (this.#dms = dms), scope);
  }

  get status(): ChatStatus {
    return this.#status;
  }
  get dms(): readonly DmSummary[] {
    return this.#dms;
  }
  /** Unread DM messages, for a badge. */
  get unreadDms(): number {
    return this.#dms.reduce((sum, dm) => sum + dm.unread, 0);
  }
  get notice(): AppError | undefined {
    return this.#notice;
  }
  get self(): Address {
    return this.service.address;
  }

  /** The label for an address; asks the name service once and updates when it answers. */
  label(address: Address | null): string {
    if (address === null) return 'someone';
    this.#ask(address);
    return this.#profiles.get(address)?.label ?? `${address.slice(0, 6)}…${address.slice(-4)}`;
  }

  avatar(address: Address | null): string | null {
    if (address === null) return null;
    this.#ask(address);
    return this.#profiles.get(address)?.avatarUrl ?? null;
  }

  /** Whether the browser could show notices for new messages if asked. */
  get canAskNotices(): boolean {
    return this.#noticesAsked === false && this.service.attention.canAsk();
  }
  /** Asks for notices of new messages while the tab is hidden (from a click). */
  async askNotices(): Promise<void> {
    this.#noticesAsked = true;
    await this.service.attention.ask();
  }

  start(): Promise<void> {
    return this.#run(() => this.service.start());
  }
  installations(): Promise<ChatInstallation[]> {
    return this.service.installations();
  }
  revoke(ids: readonly string[]): Promise<void> {
    return this.#run(() => this.service.revokeInstallations(ids));
  }

  #ask(address: Address): void {
    if (this.#asked.has(address)) return;
    this.#asked.add(address);
    void this.#resolveProfile(address).then(
      (profile) => {
        this.#profiles = new Map([...this.#profiles, [address, profile]]);
      },
      () => this.#asked.delete(address),
    );
  }

  async #run(command: () => Promise<void>): Promise<void> {
    try {
      this.#notice = undefined;
      await command();
    } catch (error) {
      this.#notice = AppError.from(error);
    }
  }
}
