import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  UserRejectedRequestError,
} from 'viem';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { toChainError } from './toChainError.ts';

function reverted(errorName: string, args: readonly unknown[]) {
  const data = encodeErrorResult({
    abi: communityAccessAbi,
    errorName: errorName as 'ParticipantNotFound',
    args: args as never,
  });
  const cause = new ContractFunctionRevertedError({
    abi: communityAccessAbi,
    data,
    functionName: 'removeParticipantFromCommunity',
  });
  return new ContractFunctionExecutionError(cause, {
    abi: communityAccessAbi,
    args: [0n, '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'],
    functionName: 'removeParticipantFromCommunity',
  });
}

describe('toChainError', () => {
  it('puts each custom error into words with a fitting code', () => {
    const bob = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
    const notFound = toChainError(reverted('ParticipantNotFound', [0n, bob]));
    expect(notFound).toMatchObject({ code: 'CONTRACT_REVERTED', details: 'ParticipantNotFound' });
    expect(notFound.message).toBe('0x3C44…93BC is not a member of this community.');
    expect(toChainError(reverted('CommunityUnauthorizedAccount', [0n, bob])).code).toBe(
      'NOT_AUTHORIZED',
    );
    expect(toChainError(reverted('CommunityInactive', [3n])).code).toBe('COMMUNITY_INACTIVE');
  });

  it('tells a declined wallet prompt and an unreachable node apart', () => {
    const rejected = new UserRejectedRequestError(new Error('User rejected the request.'));
    expect(toChainError(rejected).code).toBe('WALLET_REJECTED');
    const down = new HttpRequestError({ url: 'http://127.0.0.1:1', details: 'fetch failed' });
    expect(toChainError(down).code).toBe('RPC_UNAVAILABLE');
    const own = AppError.walletRejected();
    expect(toChainError(own)).toBe(own);
  });
});
