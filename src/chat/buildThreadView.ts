import type { Address } from 'viem';
import type { OutboxEntry } from './Outbox.ts';
import type { ChatMessage } from './types.ts';

/** Delivery of one's own message: on its way, confirmed by the network, or failed. */
export type DeliveryState = 'sending' | 'sent' | 'failed';

/** A reaction shown under a message: the emoji, how many, and whether one is yours. */
export interface ReactionCount {
  emoji: string;
  count: number;
  mine: boolean;
}

/** One line of a thread as the UI shows it. */
export interface ThreadMessage {
  /** Network id, or the outbox id while not yet sent. */
  id: string;
  kind: 'message' | 'membership';
  sender: Address | null;
  senderInboxId: string;
  mine: boolean;
  sentAt: number;
  text: string;
  replyTo: { id: string; sender: Address | null; text: string } | null;
  reactions: ReactionCount[];
  state: DeliveryState;
  /** For membership lines: who joined and who left (addresses when known). */
  membership: { added: string[]; removed: string[] } | null;
}

/** What a message shows as text (membership changes in words). */
function textOf(message: ChatMessage): string | null {
  const { content } = message;
  switch (content.kind) {
    case 'text':
    case 'reply':
      return content.text;
    case 'membership': {
      const parts: string[] = [];
      if (content.added.length > 0) parts.push(`${content.added.join(', ')} joined the chat`);
      if (content.removed.length > 0) parts.push(`${content.removed.join(', ')} left the chat`);
      return parts.length > 0 ? parts.join('; ') : null;
    }
    case 'unsupported':
      return content.fallback;
    case 'reaction':
      return null;
  }
}

/**
 * Builds the lines of a thread in time order: confirmed messages with reactions folded onto
 * their targets and replies resolved, and what is still in the outbox at the time it was
 * typed (a reply that arrives while one's own message is still sending goes below it).
 *
 * @example
 * const lines = buildThreadView(messages, outbox.entries('dm:0xabc…'), self, selfInboxId);
 */
export function buildThreadView(
  messages: readonly ChatMessage[],
  pending: readonly OutboxEntry[],
  self: Address,
  selfInboxId: string | null,
  { showMembership = true }: { showMembership?: boolean } = {},
): ThreadMessage[] {
  const sorted = [...messages].sort((a, b) => a.sentAt - b.sentAt);
  // target id -> (sender inbox + emoji) -> present; later reactions override earlier ones.
  const reactions = new Map<string, Map<string, { emoji: string; mine: boolean }>>();
  const isMine = (message: ChatMessage) =>
    message.sender === self || (selfInboxId !== null && message.senderInboxId === selfInboxId);
  for (const message of sorted) {
    const { content } = message;
    if (content.kind !== 'reaction') continue;
    let byTarget = reactions.get(content.target);
    if (!byTarget) {
      byTarget = new Map();
      reactions.set(content.target, byTarget);
    }
    const key = `${message.senderInboxId}|${content.emoji}`;
    if (content.removed) byTarget.delete(key);
    else byTarget.set(key, { emoji: content.emoji, mine: isMine(message) });
  }
  const byId = new Map(sorted.map((message) => [message.id, message]));
  const lines: ThreadMessage[] = [];
  for (const message of sorted) {
    const text = textOf(message);
    const { content } = message;
    if (text === null || (content.kind === 'membership' && !showMembership)) continue;
    const target = content.kind === 'reply' ? byId.get(content.inReplyTo) : undefined;
    lines.push({
      id: message.id,
      kind: content.kind === 'membership' ? 'membership' : 'message',
      sender: message.sender,
      senderInboxId: message.senderInboxId,
      mine: isMine(message),
      sentAt: message.sentAt,
      text,
      replyTo:
        content.kind === 'reply'
          ? {
              id: content.inReplyTo,
              sender: target?.sender ?? null,
              text: target ? (textOf(target) ?? '') : 'a message you cannot read',
            }
          : null,
      reactions: countReactions(reactions.get(message.id)),
      state: 'sent',
      membership:
        content.kind === 'membership' ? { added: content.added, removed: content.removed } : null,
    });
  }
  for (const entry of pending) {
    const { content } = entry;
    if (content.kind === 'reaction') continue;
    const target = content.kind === 'reply' ? byId.get(content.inReplyTo) : undefined;
    lines.push({
      id: entry.id,
      kind: 'message',
      sender: self,
      senderInboxId: selfInboxId ?? '',
      mine: true,
      sentAt: entry.createdAt,
      text: content.text,
      replyTo:
        content.kind === 'reply'
          ? {
              id: content.inReplyTo,
              sender: target?.sender ?? null,
              text: target ? (textOf(target) ?? '') : '',
            }
          : null,
      reactions: [],
      state: entry.state,
      membership: null,
    });
  }
  // Stable: confirmed lines are in order already; pending ones join them by when typed.
  return lines.sort((a, b) => a.sentAt - b.sentAt);
}

/**
 * `next` with each line that equals one of `previous` replaced by that earlier object, so a
 * list keyed by id redraws only what changed: a new message costs one line, not the thread.
 *
 * @example
 * view = keepUnchangedLines(view, buildThreadView(messages, pending, self, selfInboxId));
 */
export function keepUnchangedLines(
  previous: readonly ThreadMessage[],
  next: readonly ThreadMessage[],
): ThreadMessage[] {
  const before = new Map(previous.map((line) => [line.id, line]));
  return next.map((line) => {
    const earlier = before.get(line.id);
    // Lines are plain data built by the same code in the same key order.
    return earlier !== undefined && JSON.stringify(earlier) === JSON.stringify(line)
      ? earlier
      : line;
  });
}

function countReactions(
  byKey: Map<string, { emoji: string; mine: boolean }> | undefined,
): ReactionCount[] {
  if (!byKey) return [];
  const counts = new Map<string, ReactionCount>();
  for (const { emoji, mine } of byKey.values()) {
    const count = counts.get(emoji) ?? { emoji, count: 0, mine: false };
    counts.set(emoji, { emoji, count: count.count + 1, mine: count.mine || mine });
  }
  return [...counts.values()];
}
