import type { Address, Client } from 'viem';
import { getCommunityParticipantsPage } from '../../../chain/getCommunityParticipantsPage.ts';
import { hasAccessMany } from '../../../chain/hasAccessMany.ts';
import type { RoomChatParameters } from '../../../chat/chat-service.ts';
import type { RoomChatDirectory } from '../../../chat/types.ts';
import type { Scope } from '../../../core/scope.ts';
import type { Graph } from '../../../graph/types.ts';

/**
 * The development page's room: an UNSIGNED group id on the Gun graph (the lead's directory
 * signs it), and the allowlisted members with an XMTP inbox standing in for the roster.
 */
export function devRoom(params: {
  graph: Graph;
  chainClient: Client;
  contract: Address;
  communityId: bigint;
  roomId: string;
  appName: string;
  reachable: (addresses: readonly Address[]) => Promise<Set<Address>>;
  scope: Scope;
}): Omit<RoomChatParameters, 'scope'> {
  const { graph, chainClient, contract, communityId, scope } = params;
  const key = `${params.appName}/chat-dev/${communityId}/${params.roomId}`;
  let groupId: string | null = null;
  const directory: RoomChatDirectory = {
    publish: async (id) => {
      groupId = id;
      graph.put(key, 'groupId', id);
    },
    read: async () => groupId,
    watch: (listener, watchScope) =>
      graph.watch(
        key,
        (field, value) => {
          if (field === 'groupId' && typeof value === 'string') {
            groupId = value;
            listener(value);
          }
        },
        watchScope,
      ),
  };
  let online: Address[] = [];
  const refresh = async () => {
    const members = await getCommunityParticipantsPage(chainClient, {
      contract,
      communityId,
      offset: 0,
      limit: 100,
    });
    online = [...(await params.reachable(members.map((m) => m.toLowerCase() as Address)))];
  };
  scope.setInterval(() => void refresh().catch(() => {}), 1_500);
  void refresh().catch(() => {});
  return {
    roomKey: `${communityId}/${params.roomId}`,
    roomName: params.roomId,
    directory,
    online: () => online,
    allowed: async (addresses) => {
      const answers = await hasAccessMany(chainClient, {
        contract,
        queries: addresses.map((address) => ({ communityId, address })),
      });
      return new Set(addresses.filter((_, i) => answers[i] === true));
    },
    reconcileMs: 2_000,
    graceMs: 3_000,
  };
}
