import type { Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget, TokenGate } from './types.ts';

export interface SetCommunityTokenGateParameters extends CommunityAccessTarget {
  communityId: bigint;
  /** The gate; `null` clears it. */
  gate: TokenGate | null;
}

/**
 * Sets (or with `gate: null` clears) a community's token gate: holders of at least
 * `minBalance` of the token enter (community owner only). Returns the transaction hash.
 *
 * @example
 * const hash = await setCommunityTokenGate(walletClient, {
 *   contract, communityId: 0n,
 *   gate: { kind: TokenKind.ERC721, token: nft, tokenId: 0n, minBalance: 1n },
 * });
 */
export function setCommunityTokenGate(
  client: SenderClient,
  { contract, communityId, gate }: SetCommunityTokenGateParameters,
): Promise<Hash> {
  const { kind, token, tokenId, minBalance } = gate ?? {
    kind: 0,
    token: '0x0000000000000000000000000000000000000000',
    tokenId: 0n,
    minBalance: 0n,
  };
  return sendCommunityAccessTransaction(client, contract, 'setCommunityTokenGate', [
    communityId,
    kind,
    token,
    tokenId,
    minBalance,
  ]);
}
