import { getAddress, isAddress } from 'viem';
import { type TokenGate, TokenKind } from '../chain/types.ts';

/** The token-gate form as typed: text fields, not yet checked. */
export interface TokenGateInput {
  kind: TokenKind;
  token: string;
  tokenId: string;
  minBalance: string;
}

/** A gate ready to send, or why not in words. */
export type TokenGateInputResult = { ok: true; gate: TokenGate } | { ok: false; reason: string };

const UINT = /^\d{1,78}$/;

/**
 * Checks the token-gate form as the contract would (`InvalidTokenGate`): a token address,
 * a whole minimum balance above zero, a token id only for ERC-1155. Whether the address
 * holds a contract is left to the contract's own check.
 *
 * @example
 * tokenGateFromInput({ kind: TokenKind.ERC721, token: nft, tokenId: '0', minBalance: '1' });
 * // { ok: true, gate: { kind: 2, token: nft, tokenId: 0n, minBalance: 1n } }
 */
export function tokenGateFromInput(input: TokenGateInput): TokenGateInputResult {
  if (input.kind === TokenKind.None) return { ok: false, reason: 'Pick a token standard.' };
  const token = input.token.trim();
  if (!isAddress(token)) {
    return {
      ok: false,
      reason: 'The token contract must be a 0x address (with a valid checksum).',
    };
  }
  const minBalance = input.minBalance.trim();
  if (!UINT.test(minBalance) || BigInt(minBalance) === 0n) {
    return { ok: false, reason: 'The minimum balance must be a whole number above zero.' };
  }
  const tokenIdText = input.kind === TokenKind.ERC1155 ? input.tokenId.trim() : '0';
  if (!UINT.test(tokenIdText)) {
    return { ok: false, reason: 'The token id must be a whole number.' };
  }
  return {
    ok: true,
    gate: {
      kind: input.kind,
      token: getAddress(token),
      tokenId: BigInt(tokenIdText),
      minBalance: BigInt(minBalance),
    },
  };
}
