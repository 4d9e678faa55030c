import { type Address, getAddress } from 'viem';
import * as z from 'zod/mini';
import type { RoomRef } from './roomPaths.ts';

/** What a moderator can do to a member of a stage. */
export const moderationActions = ['invite', 'move-to-listener', 'mute', 'remove'] as const;

/** One moderator action (see {@link moderationActions}). */
export type ModerationAction = (typeof moderationActions)[number];

/** The body of a `moderate` envelope: an action and the member it targets. */
export interface ModerationCommand {
  action: ModerationAction;
  target: Address;
}

/** A command that passed the envelope pipeline and the moderator check. */
export interface ModerationOrder extends ModerationCommand {
  /** The moderator who signed it. */
  from: Address;
}

/** Rooms whose id starts with this are stages: everyone joins listening. */
export const STAGE_PREFIX = 'stage-';

/**
 * Whether a room is a stage. A stage is chosen by its name, so every member agrees on it
 * without any extra (forgeable) flag on the graph.
 *
 * @example
 * isStageRoom('stage-town-hall'); // true
 * isStageRoom('lobby'); // false
 */
export function isStageRoom(roomId: string): boolean {
  return roomId.startsWith(STAGE_PREFIX);
}

/**
 * The flat node of moderator actions: one field per moderator address, overwritten by its
 * next action, so the node never holds more than one slot per moderator.
 *
 * @example
 * graph.put(moderationKey(room), me.toLowerCase(), JSON.stringify(envelope));
 */
export function moderationKey(room: RoomRef): string {
  return `${room.namespace}/moderation`;
}

const commandSchema = z.object({
  action: z.enum(moderationActions),
  target: z.string().check(z.regex(/^0x[0-9a-fA-F]{40}$/)),
});

/**
 * Encodes a command as the body of a `moderate` envelope.
 *
 * @example
 * const body = encodeModerationCommand({ action: 'mute', target });
 */
export function encodeModerationCommand(command: ModerationCommand): string {
  return JSON.stringify({ action: command.action, target: command.target.toLowerCase() });
}

/**
 * Reads the body of a verified `moderate` envelope; `undefined` when it is not a command.
 *
 * @example
 * const command = parseModerationCommand(verified.envelope.body);
 */
export function parseModerationCommand(body: string): ModerationCommand | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = commandSchema.safeParse(json);
  if (!result.success) return undefined;
  return { action: result.data.action, target: getAddress(result.data.target) };
}

/** What this member does about an order: act on itself, stop talking to a peer, or nothing. */
export type ModerationEffect =
  | { kind: 'set-role'; role: 'speaker' | 'listener' }
  | { kind: 'mute' }
  | { kind: 'leave' }
  | { kind: 'drop'; address: Address }
  | { kind: 'none' };

/**
 * The moderation rules for one member: only the target obeys invite, move and mute (on
 * itself); everyone acts on remove — the target leaves, every other peer drops it.
 *
 * @example
 * const effect = moderationEffect(order, me); // { kind: 'set-role', role: 'speaker' }
 */
export function moderationEffect(order: ModerationCommand, self: Address): ModerationEffect {
  const isSelf = order.target.toLowerCase() === self.toLowerCase();
  switch (order.action) {
    case 'invite':
      return isSelf ? { kind: 'set-role', role: 'speaker' } : { kind: 'none' };
    case 'move-to-listener':
      return isSelf ? { kind: 'set-role', role: 'listener' } : { kind: 'none' };
    case 'mute':
      return isSelf ? { kind: 'mute' } : { kind: 'none' };
    case 'remove':
      return isSelf ? { kind: 'leave' } : { kind: 'drop', address: order.target };
  }
}
