import type { Address } from 'viem';

/** Which CommunityAccess deployment an action talks to. */
export interface CommunityAccessTarget {
  /** The CommunityAccess contract. */
  contract: Address;
}

/** A community as the app shows it. */
export interface Community {
  id: bigint;
  name: string;
  description: string;
  owner: Address;
  /** Milliseconds since the epoch (block time of creation). */
  createdAt: number;
  /** False once deactivated: it then grants no access, for good. */
  active: boolean;
  /** Size of its own allowlist (global allowlist, token holders and Livepeer not counted). */
  participantCount: number;
  /** Whether Livepeer-registered accounts may enter. */
  requiresLivepeer: boolean;
}

/** The token standard of a community's token gate, as the contract's `TokenKind` enum. */
export const TokenKind = { None: 0, ERC20: 1, ERC721: 2, ERC1155: 3 } as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** A community's token gate: holders of `minBalance` of `token` (`tokenId` for ERC-1155) enter. */
export interface TokenGate {
  kind: TokenKind;
  token: Address;
  tokenId: bigint;
  minBalance: bigint;
}
