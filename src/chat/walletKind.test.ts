import { IdentifierKind } from '@xmtp/browser-sdk';
import { type Address, bytesToHex, type Hex, serializeErc6492Signature } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { chainWalletKind, signatureKind } from './walletKind.ts';
import { registrationError } from './xmtp/registrationError.ts';
import { walletSigner } from './xmtp/walletSigner.ts';

const owner = privateKeyToAccount(generatePrivateKey());
const contract: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
/** Code as `eth_getCode` returns it for a chain holding one contract at `contract`. */
const chainCode = async (address: Address): Promise<Hex | undefined> =>
  address === contract ? '0x6080604052' : undefined;

describe('chat signer choice', () => {
  it('signs as a smart-contract wallet where the chain has code, else lets the signature tell', async () => {
    expect(await chainWalletKind(contract, chainCode)).toBe('SCW');
    expect(await chainWalletKind(owner.address, chainCode)).toBe('unknown');
    expect(await chainWalletKind(owner.address, async () => '0x')).toBe('unknown');
  });

  it('without code: the own key signature is an EOA, a 6492 or foreign signature an SCW', async () => {
    const message = 'XMTP : Authenticate to inbox';
    const own = await owner.signMessage({ message });
    const wrapped = serializeErc6492Signature({
      address: contract,
      data: '0x1234',
      signature: own,
    });
    const stranger = await privateKeyToAccount(generatePrivateKey()).signMessage({ message });
    expect(await signatureKind(owner.address, message, own)).toBe('EOA');
    expect(await signatureKind(owner.address, message, wrapped)).toBe('SCW');
    expect(await signatureKind(owner.address, message, stranger)).toBe('SCW');
    expect(await signatureKind(owner.address, `${message}!`, own)).toBe('SCW');
    expect(await signatureKind(owner.address, message, `0x${'00'.repeat(65)}`)).toBe('SCW');
  });

  it('an address without code becomes the kind its signature shows, on the configured chain', async () => {
    const wallet: Address = '0x00000000000000000000000000000000000064a2';
    const key = walletSigner({
      address: owner.address,
      kind: 'unknown',
      chainId: 8453,
      sign: (message) => owner.signMessage({ message }),
    });
    const undeployed = walletSigner({
      address: wallet,
      kind: 'unknown',
      chainId: 8453,
      sign: async (message) =>
        serializeErc6492Signature({
          address: contract,
          data: '0x1234',
          signature: await owner.signMessage({ message }),
        }),
    });
    const keySignature = await key.signMessage('hi');
    expect(key.type).toBe('EOA');
    expect(await owner.signMessage({ message: 'hi' })).toBe(bytesToHex(keySignature));
    await undeployed.signMessage('hi');
    expect(undeployed.type).toBe('SCW');
    expect(undeployed.type === 'SCW' && undeployed.getChainId()).toBe(8453n);
  });

  it('fails with RPC_UNAVAILABLE when the chain cannot be asked, instead of guessing', async () => {
    const down = async (): Promise<Hex> => {
      throw new Error('fetch failed');
    };
    await expect(chainWalletKind(contract, down)).rejects.toMatchObject({
      code: 'RPC_UNAVAILABLE',
    });
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
