import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/scope.ts';
import type { ChatThread } from './chat-thread.ts';
import { creatorRank, planMembership } from './membership-plan.ts';
import type { ChatClient, ChatConversation, ChatMessage, RoomChatDirectory } from './types.ts';

/** Where this member stands with the room's chat. */
export type RoomChatStatus =
  | { kind: 'connecting' }
  /** The group exists and this member is not in it yet: an online member will add them. */
  | { kind: 'waiting' }
  /** In the group; `joinedLate`: messages from before joining are not readable (MLS). */
  | { kind: 'ready'; joinedLate: boolean }
  /** Taken out of the group (no longer on the allowlist). */
  | { kind: 'removed' }
  | { kind: 'error'; error: AppError };

/** Events of a {@link RoomChat}. */
export interface RoomChatEvents {
  status: RoomChatStatus;
  /** This member added or removed others (for logs and tests). */
  membership: { added: Address[]; removed: Address[] };
}

/** What a room's chat needs; the online roster and the allowlist come from the room. */
export interface RoomChatOptions {
  client: ChatClient;
  directory: RoomChatDirectory;
  thread: ChatThread;
  roomName: string;
  /** Verified members online in the room now (the roster). */
  online: () => readonly Address[];
  /** Which of `addresses` are still on the allowlist (fails closed by throwing). */
  allowed: (addresses: readonly Address[]) => Promise<ReadonlySet<Address>>;
  clock: Clock;
  scope: Scope;
  /** How often membership is checked; default 3 s. */
  reconcileMs?: number;
  /** How long each backup member waits for those before it; default 6 s. */
  graceMs?: number;
  /** How long to wait for a published group id before creating one; default 1.5 s. */
  settleMs?: number;
}

/**
 * The chat of one room: one XMTP group whose id is published in the room's directory by
 * its creator. Keeps the group in step with the room: an online verified member missing
 * from it is added, a member off the allowlist is removed, each by one member chosen the
 * same way everywhere (`planMembership`).
 *
 * @example
 * const chat = new RoomChat({ client, directory, thread, roomName: 'lobby', online, allowed, clock, scope });
 * chat.events.on('status', show, scope);
 * void chat.start();
 */
export class RoomChat {
  readonly events = new Emitter<RoomChatEvents>();
  readonly thread: ChatThread;
  readonly #options: RoomChatOptions;
  #status: RoomChatStatus = { kind: 'connecting' };
  #groupId: string | null = null;
  #conversation: ChatConversation | null = null;
  #pendingSince: number | null = null;
  #busy = false;
  #again = false;
  #joinedLate = false;
  #started = false;

  constructor(options: RoomChatOptions) {
    this.#options = options;
    this.thread = options.thread;
  }

  get status(): RoomChatStatus {
    return this.#status;
  }
  get groupId(): string | null {
    return this.#groupId;
  }

  /** Follows the published group id and starts the membership checks. */
  async start(): Promise<void> {
    const { directory, scope } = this.#options;
    this.#started = true;
    directory.watch((groupId) => {
      if (groupId !== null && groupId !== this.#groupId) {
        this.#groupId = groupId;
        this.#conversation = null;
        this.#pendingSince = null;
        this.thread.detach();
        // If a round is running it finishes first; run one more for the new group.
        void this.tick();
      }
    }, scope);
    this.#groupId ??= await directory.read();
    scope.setInterval(() => void this.tick(), this.#options.reconcileMs ?? 3_000);
    await this.tick();
  }

  /** A message from the client-wide stream; membership changes trigger a check. */
  handleMessage(message: ChatMessage): void {
    if (message.conversationId !== this.#groupId) return;
    this.thread.handleMessage(message);
    if (message.content.kind === 'membership') void this.tick();
  }

  /**
   * The roster changed: check membership now rather than at the next tick. Before `start`
   * (chat not enabled yet) there is nothing to check: the first round reads the roster.
   */
  handleRosterChanged(): void {
    if (this.#started) void this.tick();
  }

  /** One round: join or create the group, then add and remove members if it is our turn. */
  async tick(): Promise<void> {
    if (this.#options.scope.ended) return;
    if (this.#busy) {
      // Something changed during a round: run another right after it.
      this.#again = true;
      return;
    }
    this.#busy = true;
    try {
      do {
        this.#again = false;
        const conversation = await this.#join();
        if (conversation) await this.#reconcile(conversation);
      } while (this.#again && !this.#options.scope.ended);
    } catch (error) {
      this.#setStatus({ kind: 'error', error: AppError.from(error) });
    } finally {
      this.#busy = false;
    }
  }

  async #join(): Promise<ChatConversation | null> {
    const { client, directory } = this.#options;
    if (this.#groupId === null) {
      // No group yet: the lowest online address creates it, backups after their grace.
      // Everyone first waits a moment for an id already published to arrive from relays.
      const rank = creatorRank(client.address, this.#options.online());
      if (!this.#turn(rank, this.#options.settleMs ?? 1_500)) return null;
      const members = await client.reachable(this.#others());
      const group = await client.createGroup([...members], this.#options.roomName);
      this.#pendingSince = null;
      // An id published meanwhile wins: follow it, leave the new group unused.
      if (this.#groupId !== null) return null;
      this.#groupId = group.id;
      await directory.publish(group.id);
    }
    const groupId = this.#groupId;
    if (this.#conversation === null) {
      const found = await client.conversation(groupId);
      if (found === null || !(await found.isActive())) {
        if (this.#groupId === groupId) {
          this.#setStatus({ kind: this.#status.kind === 'removed' ? 'removed' : 'waiting' });
        }
        return null;
      }
      const joinedLate = (await found.creator()) !== client.address;
      // The directory may have moved on to another group while we looked.
      if (this.#groupId !== groupId) return null;
      this.#conversation = found;
      this.#joinedLate = joinedLate;
      await this.thread.attach(found, client.inboxId);
    }
    const conversation = this.#conversation;
    if (!(await conversation.isActive())) {
      if (this.#conversation !== conversation) return null;
      this.#conversation = null;
      this.thread.detach();
      this.#setStatus({ kind: 'removed' });
      return null;
    }
    this.#setStatus({ kind: 'ready', joinedLate: this.#joinedLate });
    return conversation;
  }

  async #reconcile(conversation: ChatConversation): Promise<void> {
    const { client } = this.#options;
    const groupMembers = await conversation.members();
    const missing = this.#others().filter((a) => !groupMembers.includes(a));
    const reachable = missing.length > 0 ? await client.reachable(missing) : new Set<Address>();
    const others = groupMembers.filter((a) => a !== client.address);
    let allowed: ReadonlySet<Address> | null = null;
    try {
      allowed = others.length > 0 ? await this.#options.allowed(others) : new Set();
    } catch {
      // The allowlist could not be read: remove nobody this round.
      allowed = null;
    }
    const plan = planMembership({
      self: client.address,
      groupMembers,
      online: this.#options.online(),
      reachable,
      allowed,
    });
    if (plan.add.length === 0 && plan.remove.length === 0) {
      this.#pendingSince = null;
      return;
    }
    if (plan.rank < 0 || !this.#turn(plan.rank)) return;
    if (plan.remove.length > 0) await conversation.removeMembers(plan.remove);
    if (plan.add.length > 0) await conversation.addMembers(plan.add);
    this.#pendingSince = null;
    this.events.emit('membership', { added: plan.add, removed: plan.remove });
  }

  /** Whether a member of `rank` should act now, given how long the work has waited. */
  #turn(rank: number, settleMs = 0): boolean {
    const now = this.#options.clock.now();
    this.#pendingSince ??= now;
    return now - this.#pendingSince >= settleMs + rank * (this.#options.graceMs ?? 6_000);
  }

  #others(): Address[] {
    const self = this.#options.client.address;
    return [...new Set(this.#options.online().map((a) => a.toLowerCase() as Address))].filter(
      (a) => a !== self,
    );
  }

  #setStatus(status: RoomChatStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.#status)) return;
    this.#status = status;
    this.events.emit('status', status);
  }
}
