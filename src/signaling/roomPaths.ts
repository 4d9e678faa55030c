import type { Address } from 'viem';

/** Identifies one room of one community on one deployment. */
export interface RoomRef {
  /** Graph namespace: `<app>/<chainId>/<contract>/<communityId>/rooms/<roomId>`. */
  namespace: string;
  communityId: bigint;
  chainId: number;
}

/** Config values that name a room (see {@link roomRef}). */
export interface RoomRefParameters {
  appName: string;
  chainId: number;
  contract: Address;
  communityId: bigint;
  roomId: string;
}

/**
 * Builds the {@link RoomRef} of a room from config values.
 *
 * @example
 * const room = roomRef({ appName: config.appName, chainId: config.chain.id,
 *   contract: config.chain.communityAccess, communityId: 7n, roomId: 'main' });
 * room.namespace; // 'community-chats/42161/0xabc…/7/rooms/main'
 */
export function roomRef(parameters: RoomRefParameters): RoomRef {
  const { appName, chainId, contract, communityId, roomId } = parameters;
  return {
    namespace: `${appName}/${chainId}/${contract.toLowerCase()}/${communityId}/rooms/${roomId}`,
    communityId,
    chainId,
  };
}

/**
 * The flat node holding one heartbeat slot per member address (Gun relays forward flat
 * keys reliably, nested paths created late do not).
 *
 * @example
 * graph.watch(beatsKey(room), onBeat, scope);
 */
export function beatsKey(room: RoomRef): string {
  return `${room.namespace}/beats`;
}

/**
 * The flat node of the mailbox from one member to another: a ring of signed, encrypted slots.
 *
 * @example
 * graph.put(mailboxKey(room, me, peer), 's3', JSON.stringify(envelope));
 */
export function mailboxKey(room: RoomRef, from: Address, to: Address): string {
  return `${room.namespace}/mail/${from.toLowerCase()}/${to.toLowerCase()}`;
}
