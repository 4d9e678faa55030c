import { type Hex, recoverMessageAddress } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareSignatureRecovery, recoverMessageSigner } from './recoverMessageSigner.ts';

const LIBSECP256K1 = '@bitauth/libauth/build/lib/crypto/secp256k1.js';

/** The same signature with v as 0/1 (yParity) instead of 27/28. */
function withYParity(signature: Hex): Hex {
  const v = Number.parseInt(signature.slice(130), 16);
  return `${signature.slice(0, 130)}${(v - 27).toString(16).padStart(2, '0')}` as Hex;
}

describe('recoverMessageSigner', () => {
  afterEach(() => {
    vi.doUnmock(LIBSECP256K1);
    vi.doUnmock('viem');
    vi.resetModules();
  });

  it('finds the signer of 40 personal messages from 40 keys, as viem does', async () => {
    await prepareSignatureRecovery();
    for (let i = 0; i < 40; i++) {
      const account = privateKeyToAccount(generatePrivateKey());
      const message = `certificate ${i}\nIssued At: 2026-11-22T08:00:00Z ${'x'.repeat(i * 7)}`;
      const signature = await account.signMessage({ message });
      await expect(recoverMessageSigner(message, signature)).resolves.toBe(account.address);
      await expect(recoverMessageSigner(message, withYParity(signature))).resolves.toBe(
        account.address,
      );
      expect(await recoverMessageAddress({ message, signature })).toBe(account.address);
    }
  });

  it('names another address when the message was changed after signing', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await account.signMessage({ message: 'room: main' });
    await expect(recoverMessageSigner('room: other', signature)).resolves.not.toBe(account.address);
  });

  it('throws for a signature no key made (r = 0), like viem', async () => {
    await prepareSignatureRecovery();
    const junk = `0x${'00'.repeat(64)}1b` as Hex;
    await expect(recoverMessageSigner('hello', junk)).rejects.toThrow();
    await expect(recoverMessageAddress({ message: 'hello', signature: junk })).rejects.toThrow();
  });

  it('recovers with WebAssembly where it runs, not with JavaScript', async () => {
    vi.resetModules();
    vi.doMock('viem', async (importOriginal) => ({
      ...(await importOriginal<typeof import('viem')>()),
      recoverMessageAddress: () => Promise.reject(new Error('JavaScript recovery used')),
    }));
    const fresh = await import('./recoverMessageSigner.ts');
    await fresh.prepareSignatureRecovery();
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await account.signMessage({ message: 'fast path' });
    await expect(fresh.recoverMessageSigner('fast path', signature)).resolves.toBe(account.address);
  });

  it('answers with JavaScript while WebAssembly is still loading', async () => {
    vi.resetModules();
    vi.doMock(LIBSECP256K1, () => ({ instantiateSecp256k1: () => new Promise(() => {}) }));
    const fresh = await import('./recoverMessageSigner.ts');
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await account.signMessage({ message: 'not loaded yet' });
    await expect(fresh.recoverMessageSigner('not loaded yet', signature)).resolves.toBe(
      account.address,
    );
  });

  it('falls back to JavaScript recovery when WebAssembly cannot be instantiated', async () => {
    vi.resetModules();
    vi.doMock(LIBSECP256K1, () => ({
      instantiateSecp256k1: () => Promise.reject(new Error('CompileError: wasm blocked by CSP')),
    }));
    const fresh = await import('./recoverMessageSigner.ts');
    await fresh.prepareSignatureRecovery();
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await account.signMessage({ message: 'no wasm here' });
    await expect(fresh.recoverMessageSigner('no wasm here', signature)).resolves.toBe(
      account.address,
    );
  });
});
