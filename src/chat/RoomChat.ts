import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { ChatThread } from './ChatThread.ts';
import { creatorRank, type GroupPlan, planRoomGroup, type Verdict } from './planRoomGroup.ts';
import type {
  ChatClient,
  ChatConversation,
  ChatGroupMember,
  ChatMessage,
  RoomChatDirectory,
  RoomGroupRecord,
} from './types.ts';

/** Why a member is not chatting yet. */
export type RoomChatWait =
  /** No group yet, and this member is not an owner or admin of the community: one must come. */
  | 'no-admin'
  /** The group exists and this member is not in it yet: an owner or admin here adds them. */
  | 'adding'
  /** The group's admin lost access: an owner or admin of the community must open a new one. */
  | 'moving';

/** Where this member stands with the room's chat. */
export type RoomChatStatus =
  | { kind: 'connecting' }
  | { kind: 'waiting'; for: RoomChatWait }
  /** In the group; `joinedLate`: messages from before joining are not readable (MLS). */
  | { kind: 'ready'; joinedLate: boolean }
  /** Taken out of the group (no longer on the allowlist). */
  | { kind: 'removed' }
  | { kind: 'error'; error: AppError };

/** Events of a {@link RoomChat}. */
export interface RoomChatEvents {
  status: RoomChatStatus;
  /** This member changed the group (for logs and tests). */
  membership: { added: Address[]; removed: string[] };
  /** This member created a group and published it (for logs and tests). */
  created: RoomGroupRecord;
}

/** Answers about addresses from the chain; a failure to ask is 'unknown', never 'no'. */
export type VerdictsOf = (addresses: readonly Address[]) => Promise<ReadonlyMap<Address, Verdict>>;

/** What a room's chat needs; the roster, the allowlist and the roles come from the room. */
export interface RoomChatOptions {
  client: ChatClient;
  directory: RoomChatDirectory;
  thread: ChatThread;
  roomName: string;
  /** Verified members online in the room now (the roster). */
  online: () => readonly Address[];
  /** Whether addresses are on the allowlist. */
  access: VerdictsOf;
  /** Whether addresses are the community's owner or admins. */
  moderators: VerdictsOf;
  clock: Clock;
  scope: Scope;
  /** How often membership is checked; default 3 s. */
  reconcileMs?: number;
  /** How long each backup waits for those before it; default 6 s. */
  graceMs?: number;
  /** How long to wait for a published record before creating a group; default 1.5 s. */
  settleMs?: number;
  /**
   * When the room began listening for its record (ms since the epoch): the wait above counts
   * from then, so it passes while the chat client starts rather than after. Default: `start`.
   */
  recordWatchedSince?: number;
}

/** A published record is signed again by an owner or admin this long before it lapses. */
const REFRESH_BEFORE_MS = 12 * 60 * 60 * 1000;

/**
 * The chat of one room: one XMTP group, found from the room's signed record. Only owners
 * and admins of the community (the contract's word) create the group and change who is in
 * it; the group's own permissions make the network refuse anyone else. Membership follows
 * the allowlist: online verified members are added, outsiders removed, and a group whose
 * super admin lost its role or access is replaced by a newer one that everyone follows.
 *
 * @example
 * const chat = new RoomChat({ client, directory, thread, roomName: 'lobby', online, access,
 *   moderators, clock, scope });
 * chat.events.on('status', show, scope);
 * void chat.start();
 */
export class RoomChat {
  readonly events = new Emitter<RoomChatEvents>();
  readonly thread: ChatThread;
  readonly #options: RoomChatOptions;
  #status: RoomChatStatus = { kind: 'connecting' };
  #record: RoomGroupRecord | null = null;
  #conversation: ChatConversation | null = null;
  #pendingSince: number | null = null;
  /** The group whose record this member signed (created or refreshed) in this room visit. */
  #refreshed: string | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #joinedLate = false;
  #started = false;
  /** When a round is due because someone's turn comes (see `#turn`). */
  #wakeAt: number | null = null;

  constructor(options: RoomChatOptions) {
    this.#options = options;
    this.thread = options.thread;
  }

  get status(): RoomChatStatus {
    return this.#status;
  }
  get groupId(): string | null {
    return this.#record?.groupId ?? null;
  }

  /** Follows the room's record and starts the membership checks. */
  async start(): Promise<void> {
    const { directory, scope } = this.#options;
    this.#started = true;
    this.#record = directory.current();
    directory.watch((record) => this.#follow(record), scope);
    scope.setInterval(() => void this.tick(), this.#options.reconcileMs ?? 3_000);
    await this.tick();
  }

  /** A message from the client-wide stream; membership changes trigger a check. */
  handleMessage(message: ChatMessage): void {
    if (message.conversationId !== this.groupId) return;
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

  /**
   * One round: find or create the group, then do what it needs if it is our turn. Resolves
   * once a round that started after this call has finished.
   */
  tick(): Promise<void> {
    if (this.#options.scope.ended) return Promise.resolve();
    if (this.#running) {
      // Something changed during a round: run another right after it.
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#rounds().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #rounds(): Promise<void> {
    try {
      do {
        this.#again = false;
        const conversation = await this.#join();
        if (conversation) await this.#reconcile(conversation);
      } while (this.#again && !this.#options.scope.ended);
    } catch (error) {
      this.#setStatus({ kind: 'error', error: AppError.from(error) });
    }
  }

  #follow(record: RoomGroupRecord | null): void {
    if (record === null) return;
    const moved = record.groupId !== this.#record?.groupId;
    this.#record = record;
    if (!moved) return;
    this.#conversation = null;
    this.#pendingSince = null;
    this.thread.detach();
    // If a round is running it finishes first; run one more for the new group.
    void this.tick();
  }

  async #join(): Promise<ChatConversation | null> {
    const { client } = this.#options;
    const record = this.#record;
    if (record === null) {
      await this.#createFirst();
      return null;
    }
    if (this.#conversation === null) {
      const found = await client.conversation(record.groupId);
      if (found === null || !(await found.isActive())) {
        if (this.#record === record) {
          const removed = this.#status.kind === 'removed';
          this.#setStatus(removed ? { kind: 'removed' } : { kind: 'waiting', for: 'adding' });
        }
        return null;
      }
      const joinedLate = (await found.creator()) !== client.address;
      // The record may have moved on to another group while we looked.
      if (this.#record?.groupId !== record.groupId) return null;
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
    if (this.#status.kind !== 'waiting' || this.#status.for !== 'moving') {
      this.#setStatus({ kind: 'ready', joinedLate: this.#joinedLate });
    }
    return conversation;
  }

  /** No record yet: an owner or admin here creates the group, lowest address first. */
  async #createFirst(): Promise<void> {
    const { client, online } = this.#options;
    const here = [...new Set([client.address, ...online().map(lower)])];
    const moderators = await this.#options.moderators(here);
    const rank = creatorRank(client.address, here, moderators);
    if (rank < 0) {
      this.#pendingSince = null;
      this.#setStatus({ kind: 'waiting', for: 'no-admin' });
      return;
    }
    // Everyone first waits a moment for a record already published to arrive from relays.
    this.#pendingSince ??= this.#options.recordWatchedSince ?? null;
    if (!this.#turn(rank, this.#options.settleMs ?? 1_500)) return;
    await this.#create(null, this.#others());
  }

  /** Creates a group with `members`, newer than `previous`, and publishes its record. */
  async #create(previous: RoomGroupRecord | null, members: readonly Address[]): Promise<void> {
    const { client, directory, clock } = this.#options;
    const reachable = await client.reachable(members.filter((a) => a !== client.address));
    const group = await client.createGroup([...reachable], this.#options.roomName);
    this.#pendingSince = null;
    // A record published meanwhile wins: follow it, leave the new group unused.
    if (this.#record?.groupId !== previous?.groupId) return;
    const record = {
      groupId: group.id,
      version: Math.max(clock.now(), (previous?.version ?? 0) + 1),
    };
    this.#follow(record);
    this.#refreshed = record.groupId;
    await directory.publish(record);
    this.events.emit('created', record);
  }

  async #reconcile(conversation: ChatConversation): Promise<void> {
    const { client } = this.#options;
    const members = await conversation.members();
    const inGroup = new Set(members.flatMap((m) => m.addresses));
    const missing = this.#others().filter((a) => !inGroup.has(a));
    const reachable = missing.length > 0 ? await client.reachable(missing) : new Set<Address>();
    const addresses = [...new Set([client.address, ...inGroup, ...this.#others()])];
    const [access, moderators] = await Promise.all([
      this.#options.access(addresses),
      this.#options.moderators(addresses),
    ]);
    if (this.#conversation !== conversation) return;
    const plan = planRoomGroup({
      self: client.address,
      members,
      online: this.#options.online(),
      reachable,
      access,
      moderators,
    });
    const record = this.#record;
    if (plan.abandoned && record !== null) {
      // Nobody writes into a group an ex-admin can read; an owner or admin moves the room.
      this.#setStatus({ kind: 'waiting', for: 'moving' });
      if (plan.rank >= 0 && this.#turn(plan.rank)) await this.#create(record, plan.keep);
      return;
    }
    this.#setStatus({ kind: 'ready', joinedLate: this.#joinedLate });
    const self = members.find((m) => m.addresses.includes(client.address));
    if (self === undefined || plan.rank < 0) {
      this.#pendingSince = null;
      return;
    }
    if (moderators.get(client.address) === 'yes' && record !== null) await this.#refresh(record);
    const changes = workOf(plan, self);
    if (changes === null) {
      this.#pendingSince = null;
      return;
    }
    if (!this.#turn(plan.rank)) return;
    for (const inboxId of changes.demote) await conversation.setAdmin(inboxId, false);
    for (const inboxId of changes.promote) await conversation.setAdmin(inboxId, true);
    if (plan.remove.length > 0) await conversation.removeMembers(plan.remove);
    if (plan.add.length > 0) await conversation.addMembers(plan.add);
    this.#pendingSince = null;
    this.events.emit('membership', { added: plan.add, removed: plan.remove });
  }

  /** Signs the record again when its signature is close to lapsing (once per record here). */
  async #refresh(record: RoomGroupRecord): Promise<void> {
    const { directory, clock } = this.#options;
    if (this.#refreshed === record.groupId) return;
    const expiresAt = directory.expiresAt();
    if (expiresAt !== null && expiresAt - clock.now() > REFRESH_BEFORE_MS) return;
    this.#refreshed = record.groupId;
    await directory.publish(record);
  }

  /**
   * Whether a member of `rank` should act now, given how long the work has waited. When not
   * yet, a round runs the moment it is: the room's chat opens then, not at the next check.
   */
  #turn(rank: number, settleMs = 0): boolean {
    const now = this.#options.clock.now();
    this.#pendingSince ??= now;
    const wait = this.#pendingSince + settleMs + rank * (this.#options.graceMs ?? 6_000) - now;
    if (wait <= 0) return true;
    const at = now + wait;
    if (this.#wakeAt === null || at < this.#wakeAt) {
      this.#wakeAt = at;
      this.#options.scope.setTimeout(() => {
        if (this.#wakeAt === at) this.#wakeAt = null;
        void this.tick();
      }, wait);
    }
    return false;
  }

  #others(): Address[] {
    const self = this.#options.client.address;
    return [...new Set(this.#options.online().map(lower))].filter((a) => a !== self);
  }

  #setStatus(status: RoomChatStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.#status)) return;
    this.#status = status;
    this.events.emit('status', status);
  }
}

/** What this member may do of the plan: admins add and remove, super admins name admins. */
function workOf(
  plan: GroupPlan,
  self: ChatGroupMember,
): { promote: string[]; demote: string[] } | null {
  const names = self.role === 'super-admin';
  const promote = names ? plan.promote : [];
  const demote = names ? plan.demote : [];
  const total = plan.add.length + plan.remove.length + promote.length + demote.length;
  return total === 0 ? null : { promote, demote };
}

function lower(address: Address): Address {
  return address.toLowerCase() as Address;
}
