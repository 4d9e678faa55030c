import { IdentifierKind } from '@xmtp/browser-sdk';
import type { Address, Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { walletKindOf } from './wallet-kind.ts';
import { registrationError } from './xmtp/registration-error.ts';
import { walletSigner } from './xmtp/wallet-signer.ts';

const owner = privateKeyToAccount(generatePrivateKey());
const contract: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
/** Code as `eth_getCode` returns it for a chain holding one contract at `contract`. */
const chainCode = async (address: Address): Promise<Hex | undefined> =>
  address === contract ? '0x6080604052' : undefined;

describe('chat signer choice', () => {
  it('signs as a smart-contract wallet only where the chain has code', async () => {
    expect(await walletKindOf(contract, chainCode)).toBe('SCW');
    expect(await walletKindOf(owner.address, chainCode)).toBe('EOA');
    expect(await walletKindOf(owner.address, async () => '0x')).toBe('EOA');
  });

  it('fails with RPC_UNAVAILABLE when the chain cannot be asked, instead of guessing', async () => {
    const down = async (): Promise<Hex> => {
      throw new Error('fetch failed');
    };
    await expect(walletKindOf(contract, down)).rejects.toMatchObject({ code: 'RPC_UNAVAILABLE' });
  });

  it('builds an SCW signer naming the configured chain, and an EOA signer without one', async () => {
    const sign = (message: string) => owner.signMessage({ message });
    const scw = walletSigner({ address: contract, kind: 'SCW', chainId: 31337, sign });
    const eoa = walletSigner({ address: owner.address, kind: 'EOA', sign });
    expect(scw.type).toBe('SCW');
    expect(scw.type === 'SCW' && scw.getChainId()).toBe(31337n);
    expect(await scw.getIdentifier()).toEqual({
      identifier: contract.toLowerCase(),
      identifierKind: IdentifierKind.Ethereum,
    });
    expect(eoa.type).toBe('EOA');
    expect(await eoa.signMessage('hi')).toHaveLength(65);
  });

  it('names a refused registration signature, and passes other failures on', () => {
    const refused = registrationError(
      new Error('[SignatureError::Invalid] Signature error Signature validation failed'),
      'SCW',
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('CHAT_SIGNATURE_INVALID');
    const limit = new Error('has already registered 10/10 installations');
    expect(registrationError(limit, 'EOA')).toBe(limit);
    const declined = AppError.walletRejected();
    expect(registrationError(declined, 'SCW')).toBe(declined);
  });
});
