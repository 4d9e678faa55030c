import type { Address } from 'viem';

/**
 * How a member is shown: the part of `NameService`'s DisplayName the room uses, so
 * `resolveName={(address) => names.get(address)}` (NamesStore) fits as it is.
 */
export interface RoomDisplayName {
  /** ENS name, else a short address. */
  label: string;
  avatarUrl: string | undefined;
  /** False while ENS is still being asked (the label is the short address meanwhile). */
  resolved?: boolean;
}

/**
 * Looks up how to show an address. Called during rendering: a resolver backed by runes
 * state (NamesStore) updates the tiles when ENS answers.
 */
export type ResolveName = (address: Address) => RoomDisplayName;

/** `0x1234…abcd`: what a member is called until (or unless) ENS names them. */
export function shortAddress(address: Address): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** The fallback resolver: short addresses, no avatars. */
export const resolveShortAddress: ResolveName = (address) => ({
  label: shortAddress(address),
  avatarUrl: undefined,
});
