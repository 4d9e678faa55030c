import {
  type DecodedMessage,
  type EnrichedReply,
  type GroupUpdated,
  type Reaction,
  ReactionAction,
} from '@xmtp/browser-sdk';
import type { ChatContent, ChatMessage } from '../types.ts';
import type { Identities } from './identities.ts';

/**
 * Turns an SDK message into ours, with the sender's address. Reactions the SDK attached
 * to the message are returned as messages of their own, after it.
 */
export async function decodeMessage(
  message: DecodedMessage<unknown>,
  identities: Identities,
): Promise<ChatMessage[]> {
  const decoded: ChatMessage = {
    id: message.id,
    conversationId: message.conversationId,
    sender: await identities.address(message.senderInboxId).catch(() => null),
    senderInboxId: message.senderInboxId,
    sentAt: Number(message.sentAtNs / 1_000_000n),
    content: await contentOf(message, identities),
  };
  const reactions: ChatMessage[] = [];
  for (const reaction of message.reactions ?? []) {
    reactions.push(...(await decodeMessage(reaction, identities)));
  }
  return [decoded, ...reactions];
}

async function contentOf(
  message: DecodedMessage<unknown>,
  identities: Identities,
): Promise<ChatContent> {
  const { typeId, authorityId } = message.contentType;
  const fallback = { kind: 'unsupported', fallback: message.fallback ?? null } as const;
  if (authorityId !== 'xmtp.org') return fallback;
  const content = message.content;
  switch (typeId) {
    case 'text':
    case 'markdown':
      return typeof content === 'string' ? { kind: 'text', text: content } : fallback;
    case 'reply': {
      const reply = content as EnrichedReply;
      return typeof reply?.content === 'string'
        ? { kind: 'reply', text: reply.content, inReplyTo: reply.referenceId }
        : fallback;
    }
    case 'reaction': {
      const reaction = content as Reaction;
      return {
        kind: 'reaction',
        emoji: reaction.content,
        target: reaction.reference,
        removed: reaction.action === ReactionAction.Removed,
      };
    }
    case 'group_updated': {
      const update = content as GroupUpdated;
      const name = async (inboxId: string) =>
        (await identities.address(inboxId).catch(() => null)) ?? inboxId;
      return {
        kind: 'membership',
        added: await Promise.all(update.addedInboxes.map((i) => name(i.inboxId))),
        removed: await Promise.all(
          [...update.removedInboxes, ...update.leftInboxes].map((i) => name(i.inboxId)),
        ),
      };
    }
    default:
      return fallback;
  }
}
