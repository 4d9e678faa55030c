import {
  type Client,
  type Conversation,
  Dm,
  GroupPermissionsOptions,
  PermissionPolicy,
} from '@xmtp/browser-sdk';
import type { Address } from 'viem';
import { AppError } from '../../core/errors.ts';
import type { Scope } from '../../core/Scope.ts';
import type { ChatClient, ChatConversation, ChatInstallation, ChatMessage } from '../types.ts';
import { decodeMessage } from './decodeMessage.ts';
import { Identities, identifierOf } from './identities.ts';
import { XmtpConversation } from './XmtpConversation.ts';

/**
 * Room groups: only admins add or remove members, only the super admin (the creator, a
 * community owner or admin) names admins, so every member's client refuses a membership
 * commit from a plain member (MLS validates each commit against the group's policies).
 * Changing these policies is for super admins only in XMTP itself.
 */
const roomPolicies = {
  addMemberPolicy: PermissionPolicy.Admin,
  removeMemberPolicy: PermissionPolicy.Admin,
  addAdminPolicy: PermissionPolicy.SuperAdmin,
  removeAdminPolicy: PermissionPolicy.SuperAdmin,
  updateGroupNamePolicy: PermissionPolicy.Admin,
  updateGroupDescriptionPolicy: PermissionPolicy.Admin,
  updateGroupImageUrlSquarePolicy: PermissionPolicy.Admin,
  updateMessageDisappearingPolicy: PermissionPolicy.Admin,
  updateAppDataPolicy: PermissionPolicy.SuperAdmin,
};

/** Our `ChatClient` over one browser-SDK client. */
export class XmtpChatClient implements ChatClient {
  readonly address: Address;
  readonly inboxId: string;
  readonly #client: Client<unknown>;
  readonly #identities: Identities;
  readonly #revoke: (ids: readonly string[]) => Promise<void>;

  /**
   * `revoke` revokes installations with the wallet's signature: a client opened from this
   * browser's database has no signer of its own.
   */
  constructor(
    client: Client<unknown>,
    address: Address,
    revoke: (ids: readonly string[]) => Promise<void>,
  ) {
    this.#client = client;
    this.#revoke = revoke;
    this.address = address.toLowerCase() as Address;
    if (client.inboxId === undefined) throw AppError.internal('XMTP client has no inbox id');
    this.inboxId = client.inboxId;
    this.#identities = new Identities(client);
    this.#identities.remember(this.inboxId, [identifierOf(this.address)]);
  }

  async conversation(id: string): Promise<ChatConversation | null> {
    const local = await this.#client.conversations.getConversationById(id);
    if (local) return this.#wrap(local);
    await this.#client.conversations.sync();
    const synced = await this.#client.conversations.getConversationById(id);
    return synced ? this.#wrap(synced) : null;
  }

  async createGroup(members: readonly Address[], name: string): Promise<ChatConversation> {
    const group = await this.#client.conversations.createGroupWithIdentifiers(
      members.map(identifierOf),
      {
        groupName: name,
        permissions: GroupPermissionsOptions.CustomPolicy,
        customPermissionPolicySet: roomPolicies,
      },
    );
    return this.#wrap(group);
  }

  async dm(peer: Address): Promise<ChatConversation> {
    const dm = await this.#client.conversations.createDmWithIdentifier(identifierOf(peer));
    return new XmtpConversation(dm, peer.toLowerCase() as Address, this.#client, this.#identities);
  }

  async listDms(): Promise<ChatConversation[]> {
    await this.#client.conversations.sync();
    const dms = await this.#client.conversations.listDms();
    return Promise.all(dms.map((dm) => this.#wrap(dm)));
  }

  async reachable(addresses: readonly Address[]): Promise<Set<Address>> {
    const found = new Set<Address>();
    for (const address of addresses) {
      if ((await this.#identities.inboxId(address)) !== null) {
        found.add(address.toLowerCase() as Address);
      }
    }
    return found;
  }

  async streamMessages(listener: (message: ChatMessage) => void, scope: Scope): Promise<void> {
    const stream = await this.#client.conversations.streamAllMessages({
      // A node restart or a lost connection: keep trying, the stream replays what was missed.
      retryOnFail: true,
      retryAttempts: 1_000_000,
      retryDelay: 2_000,
      onValue: (message) => {
        void decodeMessage(message, this.#identities).then((decoded) => {
          if (!scope.ended) for (const m of decoded) listener(m);
        });
      },
    });
    scope.add(() => void stream.end());
  }

  async installations(): Promise<ChatInstallation[]> {
    const state = await this.#client.preferences.fetchInboxState();
    return state.installations.map((installation) => ({
      id: installation.id,
      createdAt:
        installation.clientTimestampNs === undefined
          ? null
          : Number(installation.clientTimestampNs / 1_000_000n),
      current: installation.id === this.#client.installationId,
    }));
  }

  revokeInstallations(ids: readonly string[]): Promise<void> {
    return this.#revoke(ids);
  }

  close(): void {
    this.#client.close();
  }

  async #wrap(conversation: Conversation<unknown>): Promise<ChatConversation> {
    let peer: Address | null = null;
    if (conversation instanceof Dm)
      peer = await this.#identities.address(await conversation.peerInboxId());
    return new XmtpConversation(conversation, peer, this.#client, this.#identities);
  }
}
