import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import { buildThreadView, keepUnchangedLines, type ThreadMessage } from './buildThreadView.ts';
import type { Outbox, OutboxEntry } from './Outbox.ts';
import type { ChatConversation, ChatMessage, OutgoingContent } from './types.ts';
import type { ChatAttention } from './WebChatAttention.ts';

/** Events of a {@link ChatThread}. */
export interface ChatThreadEvents {
  /** The lines to show changed (new message, delivery state, reaction). */
  messages: readonly ThreadMessage[];
  /** Messages from others not yet seen. */
  unread: number;
  /** A send failed; the message stays in the outbox with a retry. */
  failed: AppError;
  /** Id of a message from someone else that just came in (not history): to announce. */
  arrived: string;
}

/** What a thread needs from its owner. */
export interface ChatThreadOptions {
  /** Outbox key: `room:<id>` or `dm:<address>`. */
  key: string;
  /** Shown in notices, e.g. the room or the peer's name. */
  title: string;
  self: Address;
  outbox: Outbox;
  attention: ChatAttention;
  clock: Clock;
  scope: Scope;
  /** A send still unanswered after this long is shown failed (it may still land). */
  sendTimeoutMs?: number;
}

/**
 * One conversation as a person sees it: messages in order with replies and reactions,
 * delivery state of their own messages, unread count, notices while the tab is hidden.
 * Sending goes through the persisted outbox, so a message typed with no conversation yet
 * or while offline is kept and sent later.
 *
 * @example
 * const thread = new ChatThread({ key: 'dm:0xb0b…', title: 'bob.eth', self, outbox, attention, clock, scope });
 * await thread.attach(conversation, client.inboxId);
 * thread.send('hello');
 */
export class ChatThread {
  readonly events = new Emitter<ChatThreadEvents>();
  readonly key: string;
  readonly #options: ChatThreadOptions;
  readonly #messages = new Map<string, ChatMessage>();
  #conversation: ChatConversation | null = null;
  /** Ids its messages carry: a DM created twice (both sides at once) is merged by XMTP. */
  readonly #ids = new Set<string>();
  #selfInboxId: string | null = null;
  #view: readonly ThreadMessage[] = [];
  #unread = 0;
  #active = false;
  #flushing = false;
  #title: string;

  constructor(options: ChatThreadOptions) {
    this.#options = options;
    this.key = options.key;
    this.#title = options.title;
    options.outbox.events.on(
      'changed',
      ({ thread }) => {
        if (thread === this.key) this.#render();
      },
      options.scope,
    );
    this.#render();
  }

  /** Renames the thread in notices (e.g. once the peer's ENS name is known). */
  setTitle(title: string): void {
    this.#title = title;
  }

  get conversation(): ChatConversation | null {
    return this.#conversation;
  }
  get messages(): readonly ThreadMessage[] {
    return this.#view;
  }
  get unread(): number {
    return this.#unread;
  }

  /** Shows `conversation`'s history and sends anything waiting in the outbox. */
  async attach(conversation: ChatConversation, selfInboxId: string | null): Promise<void> {
    this.#conversation = conversation;
    this.#selfInboxId = selfInboxId;
    this.#messages.clear();
    this.#ids.clear();
    this.#ids.add(conversation.id);
    for (const message of await conversation.messages()) {
      this.#ids.add(message.conversationId);
      this.#messages.set(message.id, message);
    }
    this.#render();
    void this.flush();
  }

  /**
   * Catches up with the network (a stream may have missed messages while reconnecting):
   * syncs the conversation and merges what it holds.
   */
  async refresh(): Promise<void> {
    const conversation = this.#conversation;
    if (!conversation) return;
    await conversation.sync();
    for (const message of await conversation.messages()) {
      this.#ids.add(message.conversationId);
      // Through handleMessage, so unread counts and notices see it as new.
      if (!this.#messages.has(message.id)) this.handleMessage(message);
    }
  }

  /** Another id of the same conversation (XMTP merged a duplicate DM into it). */
  addConversationId(id: string): void {
    this.#ids.add(id);
  }

  /** Whether a message with this conversation id belongs here. */
  holds(conversationId: string): boolean {
    return this.#ids.has(conversationId);
  }

  /** Stops using the conversation (e.g. removed from the group); the outbox is kept. */
  detach(): void {
    this.#conversation = null;
  }

  /**
   * A message from the client-wide stream; others' conversations are ignored. `fresh`
   * counts it as new even if the history just loaded holds it (a conversation just found).
   */
  handleMessage(message: ChatMessage, { fresh = false }: { fresh?: boolean } = {}): void {
    if (this.#conversation === null || !this.#ids.has(message.conversationId)) return;
    const known = this.#messages.has(message.id) && !fresh;
    this.#messages.set(message.id, message);
    this.#render();
    if (known || this.#isMine(message) || message.content.kind === 'membership') return;
    if (message.content.kind === 'reaction') return;
    this.events.emit('arrived', message.id);
    const { attention } = this.#options;
    if (!this.#active || attention.hidden()) this.#setUnread(this.#unread + 1);
    if (attention.hidden()) {
      const body = message.content.kind === 'unsupported' ? 'New message' : message.content.text;
      attention.notify(this.#title, body);
    }
  }

  /** Queues a text (or a reply) and sends it as soon as possible. */
  send(text: string, replyTo?: ThreadMessage): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    const content: OutgoingContent = replyTo
      ? {
          kind: 'reply',
          text: trimmed,
          inReplyTo: replyTo.id,
          inReplyToSender: replyTo.senderInboxId,
        }
      : { kind: 'text', text: trimmed };
    this.#queue(content);
  }

  /** Adds `emoji` to a message, or takes your earlier one back. */
  react(target: ThreadMessage, emoji: string): void {
    const removed = target.reactions.some((r) => r.emoji === emoji && r.mine);
    this.#queue({
      kind: 'reaction',
      emoji,
      target: target.id,
      targetSender: target.senderInboxId,
      removed,
    });
  }

  /** Retries one failed message now. */
  retry(id: string): void {
    this.#options.outbox.mark(id, 'sending');
    void this.flush();
  }

  /** Retries every failed message (the browser came back online). */
  retryFailed(): void {
    for (const entry of this.#options.outbox.entries(this.key)) {
      if (entry.state === 'failed') this.#options.outbox.mark(entry.id, 'sending');
    }
    void this.flush();
  }

  /** The thread is on screen (or not); while on screen and visible, nothing is unread. */
  setActive(active: boolean): void {
    this.#active = active;
    if (active && !this.#options.attention.hidden()) this.markRead();
  }

  markRead(): void {
    this.#setUnread(0);
  }

  /** Sends queued entries in order; stops at the first failure so order is kept. */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      for (;;) {
        const conversation = this.#conversation;
        const next = this.#options.outbox.entries(this.key).find((e) => e.state === 'sending');
        if (!conversation || !next || this.#options.scope.ended) return;
        if (!(await this.#sendOne(conversation, next))) return;
      }
    } finally {
      this.#flushing = false;
    }
  }

  #queue(content: OutgoingContent): void {
    this.#options.outbox.add(this.key, content, this.#options.clock.now());
    void this.flush();
  }

  async #sendOne(conversation: ChatConversation, entry: OutboxEntry): Promise<boolean> {
    const { outbox } = this.#options;
    outbox.mark(entry.id, 'sending');
    const sent = conversation.send(entry.content, entry.id).then(
      (id) => {
        // Even after a timeout: the network took it, so it is no longer pending.
        outbox.remove(entry.id);
        this.#confirm(id, conversation.id, entry);
        return true as const;
      },
      (error: unknown) => chatSendFailed(error),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<AppError>((resolve) => {
      timer = setTimeout(
        () => resolve(chatSendFailed(new Error('no answer from the network'))),
        this.#options.sendTimeoutMs ?? 15_000,
      );
    });
    const result = await Promise.race([sent, timedOut]);
    clearTimeout(timer);
    if (result === true) return true;
    outbox.mark(entry.id, 'failed');
    this.events.emit('failed', result);
    return false;
  }

  #confirm(id: string, conversationId: string, entry: OutboxEntry): void {
    if (this.#messages.has(id)) return;
    this.#messages.set(id, {
      id,
      conversationId,
      sender: this.#options.self,
      senderInboxId: this.#selfInboxId ?? '',
      // Where it was while sending; the network's copy (through the stream) replaces it.
      sentAt: entry.createdAt,
      content: entry.content,
    });
    this.#render();
  }

  #isMine(message: ChatMessage): boolean {
    return (
      message.sender === this.#options.self ||
      (this.#selfInboxId !== null && message.senderInboxId === this.#selfInboxId)
    );
  }

  #setUnread(count: number): void {
    if (count === this.#unread) return;
    this.#unread = count;
    this.events.emit('unread', count);
  }

  #render(): void {
    const next = buildThreadView(
      [...this.#messages.values()],
      this.#options.outbox.entries(this.key),
      this.#options.self,
      this.#selfInboxId,
      // A DM's opening commit ("joined") says nothing to its two members.
      { showMembership: this.#conversation?.kind !== 'dm' },
    );
    this.#view = keepUnchangedLines(this.#view, next);
    this.events.emit('messages', this.#view);
  }
}

function chatSendFailed(cause: unknown): AppError {
  return new AppError('CHAT_SEND_FAILED', 'A chat message could not be sent', {
    category: 'network',
    cause,
  });
}
