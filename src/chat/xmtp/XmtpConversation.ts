import {
  type Client,
  type Conversation,
  Dm,
  Group,
  type GroupMember,
  IdentifierKind,
  PermissionLevel,
  ReactionAction,
  ReactionSchema,
  type Reply,
} from '@xmtp/browser-sdk';
import type { Address } from 'viem';
import type {
  ChatConversation,
  ChatGroupMember,
  ChatMessage,
  ChatRole,
  OutgoingContent,
} from '../types.ts';
import { decodeMessage } from './decodeMessage.ts';
import { type Identities, identifierOf } from './identities.ts';

/** Text as XMTP's `xmtp.org/text:1.0` content, built here so no second WASM loads. */
function encodedText(text: string): Reply['content'] {
  return {
    type: { authorityId: 'xmtp.org', typeId: 'text', versionMajor: 1, versionMinor: 0 },
    parameters: { encoding: 'UTF-8' },
    content: new TextEncoder().encode(text),
  };
}

/** A group or DM of the browser SDK behind our `ChatConversation`. */
export class XmtpConversation implements ChatConversation {
  readonly id: string;
  readonly kind: 'group' | 'dm';
  readonly peer: Address | null;
  readonly #conversation: Conversation<unknown>;
  readonly #client: Client<unknown>;
  readonly #identities: Identities;

  constructor(
    conversation: Conversation<unknown>,
    peer: Address | null,
    client: Client<unknown>,
    identities: Identities,
  ) {
    this.#conversation = conversation;
    this.#client = client;
    this.#identities = identities;
    this.id = conversation.id;
    this.kind = conversation instanceof Dm ? 'dm' : 'group';
    this.peer = peer;
  }

  async sync(): Promise<void> {
    await this.#conversation.sync();
  }

  async messages(): Promise<ChatMessage[]> {
    const raw = await this.#conversation.messages();
    const decoded: ChatMessage[] = [];
    for (const message of raw) decoded.push(...(await decodeMessage(message, this.#identities)));
    return decoded;
  }

  send(content: OutgoingContent, idempotencyKey: string): Promise<string> {
    const opts = { idempotencyKey };
    const conversation = this.#conversation;
    switch (content.kind) {
      case 'text':
        return conversation.sendText(content.text, opts);
      case 'reply':
        return conversation.sendReply(
          {
            content: encodedText(content.text),
            reference: content.inReplyTo,
            referenceInboxId: content.inReplyToSender,
          },
          opts,
        );
      case 'reaction':
        return conversation.sendReaction(
          {
            reference: content.target,
            referenceInboxId: content.targetSender,
            action: content.removed ? ReactionAction.Removed : ReactionAction.Added,
            content: content.emoji,
            schema: ReactionSchema.Unicode,
          },
          opts,
        );
    }
  }

  async members(): Promise<ChatGroupMember[]> {
    const members = await this.#conversation.members();
    return members.map((member) => {
      this.#identities.remember(member.inboxId, member.accountIdentifiers);
      return {
        inboxId: member.inboxId,
        addresses: ethereumAddresses(member),
        role: roleOf(member.permissionLevel),
      };
    });
  }

  async addMembers(addresses: readonly Address[]): Promise<void> {
    await this.#group().addMembersByIdentifiers(addresses.map(identifierOf));
  }

  async removeMembers(inboxIds: readonly string[]): Promise<void> {
    await this.#group().removeMembers([...inboxIds]);
  }

  async setAdmin(inboxId: string, admin: boolean): Promise<void> {
    if (admin) await this.#group().addAdmin(inboxId);
    else await this.#group().removeAdmin(inboxId);
  }

  isActive(): Promise<boolean> {
    return this.#conversation.isActive();
  }

  async creator(): Promise<Address | null> {
    const inboxId = this.#conversation.metadata?.creatorInboxId;
    if (inboxId === undefined) return null;
    if (inboxId === this.#client.inboxId)
      return this.#client.accountIdentifier?.identifier.toLowerCase() as Address;
    return this.#identities.address(inboxId);
  }

  #group(): Group<unknown> {
    if (!(this.#conversation instanceof Group)) throw new Error('members change only in groups');
    return this.#conversation;
  }
}

/** Every Ethereum identity of a member, lower-cased (passkeys and others left out). */
function ethereumAddresses(member: GroupMember): Address[] {
  return member.accountIdentifiers
    .filter((i) => i.identifierKind === IdentifierKind.Ethereum)
    .map((i) => i.identifier.toLowerCase() as Address);
}

function roleOf(level: PermissionLevel): ChatRole {
  if (level === PermissionLevel.SuperAdmin) return 'super-admin';
  return level === PermissionLevel.Admin ? 'admin' : 'member';
}
