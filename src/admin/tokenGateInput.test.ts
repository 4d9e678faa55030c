import { describe, expect, it } from 'vitest';
import { TokenKind } from '../chain/types.ts';
import { tokenGateFromInput } from './tokenGateInput.ts';

const token = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

describe('tokenGateFromInput', () => {
  it('accepts an NFT gate and ignores a stray token id', () => {
    expect(
      tokenGateFromInput({ kind: TokenKind.ERC721, token, tokenId: '7', minBalance: '1' }),
    ).toEqual({
      ok: true,
      gate: { kind: TokenKind.ERC721, token, tokenId: 0n, minBalance: 1n },
    });
  });

  it('keeps the token id for ERC-1155', () => {
    const result = tokenGateFromInput({
      kind: TokenKind.ERC1155,
      token: token.toLowerCase(),
      tokenId: '42',
      minBalance: '5',
    });
    expect(result).toEqual({
      ok: true,
      gate: { kind: TokenKind.ERC1155, token, tokenId: 42n, minBalance: 5n },
    });
  });

  it('explains what is wrong', () => {
    const base = { kind: TokenKind.ERC20, token, tokenId: '0', minBalance: '1' } as const;
    expect(tokenGateFromInput({ ...base, token: '0x123' })).toMatchObject({ ok: false });
    expect(tokenGateFromInput({ ...base, minBalance: '0' })).toMatchObject({
      reason: /above zero/,
    });
    expect(tokenGateFromInput({ ...base, minBalance: '1.5' })).toMatchObject({ ok: false });
    expect(tokenGateFromInput({ ...base, kind: TokenKind.ERC1155, tokenId: 'x' })).toMatchObject({
      reason: /token id/,
    });
    expect(tokenGateFromInput({ ...base, kind: TokenKind.None })).toMatchObject({ ok: false });
  });
});
