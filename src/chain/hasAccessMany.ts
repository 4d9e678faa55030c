import {
  AbiDecodingZeroDataError,
  type Address,
  BaseError,
  type Client,
  RawContractError,
} from 'viem';
import { multicall } from 'viem/actions';
import { AppError } from '../core/errors.ts';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { multicallTarget } from './multicallTarget.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface HasAccessManyParameters extends CommunityAccessTarget {
  queries: readonly { communityId: bigint; address: Address }[];
}

/** One answer per query, in order. */
export type HasAccessManyReturnType = boolean[];

/**
 * Asks `hasAccess(communityId, address)` for many pairs in one multicall; a pair whose call
 * fails answers false. Throws RPC_UNAVAILABLE when the chain does not answer (callers
 * decide how to fail closed).
 *
 * @example
 * const [alice, bob] = await hasAccessMany(client, {
 *   contract, queries: [{ communityId: 0n, address: alice }, { communityId: 0n, address: bob }],
 * });
 */
export async function hasAccessMany(
  client: Client,
  { contract, queries }: HasAccessManyParameters,
): Promise<HasAccessManyReturnType> {
  if (queries.length === 0) return [];
  let answers: Awaited<ReturnType<typeof multicallOf>>;
  try {
    answers = await multicallOf(client, contract, queries);
  } catch (error) {
    throw AppError.rpcUnavailable(error);
  }
  return answers.map((answer) => {
    if (answer.status === 'success') return answer.result;
    // With allowFailure, viem gives a chunk whose request failed (RPC down, 429) as failed
    // calls too: only a call that ran and reverted is a "no".
    if (!reverted(answer.error)) throw AppError.rpcUnavailable(answer.error);
    return false;
  });
}

function multicallOf(
  client: Client,
  contract: Address,
  queries: HasAccessManyParameters['queries'],
) {
  return multicall(client, {
    // One pair's reverting check must not sink the others' answers: it answers false,
    // as the contract answers for a failing gate token (whose gas it caps).
    allowFailure: true,
    // viem splits a multicall past 1,024 bytes of calldata (15 pairs) into more eth_calls;
    // 16 KiB keeps up to 240 pairs in one request (AccessService asks 200 at most).
    batchSize: 16_384,
    ...multicallTarget(client),
    contracts: queries.map(({ communityId, address }) => ({
      address: contract,
      abi: communityAccessAbi,
      functionName: 'hasAccess' as const,
      args: [communityId, address] as const,
    })),
  });
}

function reverted(error: Error): boolean {
  return (
    error instanceof BaseError &&
    error.walk((e) => e instanceof RawContractError || e instanceof AbiDecodingZeroDataError) !==
      null
  );
}
