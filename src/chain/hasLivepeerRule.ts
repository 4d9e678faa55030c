import { type Client, zeroAddress } from 'viem';
import { readContract } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { toChainError } from './toChainError.ts';
import type { CommunityAccessTarget } from './types.ts';

/**
 * Whether the contract was deployed with a Livepeer registry. Without one (a chain Livepeer
 * is not on), letting Livepeer orchestrators into a community would let no one in, so the
 * option is not offered.
 *
 * @example
 * if (await hasLivepeerRule(client, { contract })) showLivepeerOption();
 */
export async function hasLivepeerRule(
  client: Client,
  { contract }: CommunityAccessTarget,
): Promise<boolean> {
  try {
    const registry = await readContract(client, {
      address: contract,
      abi: communityAccessAbi,
      functionName: 'livepeerRegistry',
    });
    return registry !== zeroAddress;
  } catch (error) {
    throw toChainError(error);
  }
}
