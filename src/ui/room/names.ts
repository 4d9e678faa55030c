import type { Address } from 'viem';

/** How a member is shown: ENS name (or a short address) and avatar. */
export interface DisplayName {
  name: string;
  avatarUrl: string | undefined;
}

/**
 * Looks up how to show an address. Called during rendering: a resolver backed by runes
 * state (e.g. an ENS cache that fills in later) updates the tiles when the name arrives.
 */
export type ResolveName = (address: Address) => DisplayName;

/** `0x1234…abcd`: what a member is called until (or unless) ENS names them. */
export function shortAddress(address: Address): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** The fallback resolver: short addresses, no avatars. */
export const resolveShortAddress: ResolveName = (address) => ({
  name: shortAddress(address),
  avatarUrl: undefined,
});
