import { type Address, isAddressEqual, zeroAddress } from 'viem';

/**
 * Why `candidate` cannot be offered a community owned by `owner`, in the words the console
 * shows, or null when the offer may go to the wallet. Checked before anything is signed:
 * the contract would take the zero address as "cancel" and an offer to the owner as a
 * transaction that changes nothing.
 *
 * @example
 * newOwnerProblem(zeroAddress, alice); // 'The zero address cannot own a community.'
 * newOwnerProblem(bob, alice); // null
 */
export function newOwnerProblem(candidate: Address, owner: Address): string | null {
  if (isAddressEqual(candidate, zeroAddress)) return 'The zero address cannot own a community.';
  if (isAddressEqual(candidate, owner)) return 'That account already owns this community.';
  return null;
}
