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
 * The flat node of one member's signaling inbox: every peer writes into it, one ring of slots
 * per sender (fields {@link inboxField}), so a member reads all of its signaling through one
 * subscription however many peers are in the room.
 *
 * @example
 * graph.put(inboxKey(room, peer), inboxField(me, 's3'), JSON.stringify(envelope));
 */
export function inboxKey(room: RoomRef, to: Address): string {
  return `${room.namespace}/inbox/${to.toLowerCase()}`;
}

/** The field of `slot` in the ring of `from` inside an inbox: `<from address>/<slot>`. */
export function inboxField(from: Address, slot: string): string {
  return `${from.toLowerCase()}/${slot}`;
}

const inboxFieldPattern = /^(0x[0-9a-f]{40})\/[a-z0-9]{1,16}$/;

/** The sender whose ring an inbox field belongs to; undefined for any other field name. */
export function inboxSender(field: string): Address | undefined {
  return inboxFieldPattern.exec(field)?.[1] as Address | undefined;
}

/**
 * The stream of signals from one member to another: what envelopes name as their `stream`
 * and what sender sequences count per.
 */
export function signalStream(room: RoomRef, from: Address, to: Address): string {
  return `${room.namespace}/mail/${from.toLowerCase()}/${to.toLowerCase()}`;
}
