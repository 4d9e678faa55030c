import { type Address, getAddress, type Hex, hashMessage } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSessionCertificateMessage } from './certificateMessage.ts';
import { CertificateInvalidError, type CertificateInvalidReason } from './errors.ts';
import { createSessionKeyPair } from './sessionKeys.ts';
import type { SessionCertificate, SessionKeyPair } from './types.ts';
import {
  type CertificateExpectations,
  type SignatureVerifierClient,
  verifySessionCertificate,
} from './verifySessionCertificate.ts';

const account = privateKeyToAccount(generatePrivateKey());
const stranger = privateKeyToAccount(generatePrivateKey());
const contract: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const T0 = Date.parse('2026-11-22T03:00:00Z');
const HOUR = 3_600_000;

/** A chain that knows no contract wallets: every on-chain check says no. */
const noContractWallets: SignatureVerifierClient = { verifyHash: async () => false };

const expectations: CertificateExpectations = {
  appName: 'community-chats',
  chainId: 31337,
  contract,
  now: T0 + 1_000,
};

let keys: SessionKeyPair;
let otherKeys: SessionKeyPair;
beforeAll(async () => {
  keys = await createSessionKeyPair();
  otherKeys = await createSessionKeyPair();
});

function message(overrides: Partial<Parameters<typeof createSessionCertificateMessage>[0]> = {}) {
  return createSessionCertificateMessage({
    address: account.address,
    appName: 'community-chats',
    chainId: 31337,
    domain: 'localhost:5173',
    uri: 'http://localhost:5173/',
    contract,
    sessionPub: keys.pub,
    sessionEpub: keys.epub,
    issuedAt: new Date(T0),
    expiresAt: new Date(T0 + 24 * HOUR),
    ...overrides,
  });
}

async function signed(text: string, signer = account): Promise<SessionCertificate> {
  return { message: text, signature: await signer.signMessage({ message: text }) };
}

async function refusal(promise: Promise<unknown>): Promise<CertificateInvalidReason> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CertificateInvalidError);
  expect((error as CertificateInvalidError).code).toBe('CERTIFICATE_INVALID');
  return (error as CertificateInvalidError).reason;
}

describe('verifySessionCertificate', () => {
  it('accepts a certificate signed by the named EOA, without asking the chain', async () => {
    const certificate = await signed(message());
    const throwingClient: SignatureVerifierClient = {
      verifyHash: () => Promise.reject(new Error('no chain reads for EOAs')),
    };
    const verified = await verifySessionCertificate(throwingClient, certificate, expectations);
    expect(verified).toEqual({
      address: account.address,
      chainId: 31337,
      sessionPub: keys.pub,
      sessionEpub: keys.epub,
      issuedAt: T0,
      expiresAt: T0 + 24 * HOUR,
    });
  });

  it('states the session keys, app, chain and contract in the signed text', () => {
    const text = message();
    expect(text).toContain(`urn:community-chats:session-pub:${keys.pub}`);
    expect(text).toContain(`urn:community-chats:session-epub:${keys.epub}`);
    expect(text).toContain(`urn:community-chats:app:community-chats:eip155:31337:${contract}`);
    expect(text).toContain('This is not a transaction');
  });

  it('refuses an expired certificate', async () => {
    const certificate = await signed(message());
    const later = { ...expectations, now: T0 + 24 * HOUR };
    expect(await refusal(verifySessionCertificate(noContractWallets, certificate, later))).toBe(
      'expired',
    );
  });

  it('refuses a certificate that is not valid yet', async () => {
    const certificate = await signed(message({ issuedAt: new Date(T0 + HOUR) }));
    expect(
      await refusal(verifySessionCertificate(noContractWallets, certificate, expectations)),
    ).toBe('not-yet-valid');
  });

  it('accepts a certificate signed on another host: the same app on another gateway', async () => {
    // Signed on one gateway's per-site subdomain, checked by a member on another gateway.
    const certificate = await signed(
      message({ domain: 'abc123.ar-io.net', uri: 'https://abc123.ar-io.net/' }),
    );
    const verified = await verifySessionCertificate(noContractWallets, certificate, expectations);
    expect(verified.address).toBe(account.address);
  });

  it('refuses a certificate made for another app', async () => {
    const certificate = await signed(message({ appName: 'other-chats' }));
    expect(
      await refusal(verifySessionCertificate(noContractWallets, certificate, expectations)),
    ).toBe('wrong-app');
  });

  it('refuses a certificate made for another chain', async () => {
    const certificate = await signed(message({ chainId: 42161 }));
    expect(
      await refusal(verifySessionCertificate(noContractWallets, certificate, expectations)),
    ).toBe('wrong-chain');
    // The SIWE chain id right but the app resource naming another chain: refused too.
    const mixed = message().replace(':eip155:31337:', ':eip155:42161:');
    expect(
      await refusal(verifySessionCertificate(noContractWallets, await signed(mixed), expectations)),
    ).toBe('wrong-app');
  });

  it('refuses a certificate made for another contract', async () => {
    const other: Address = '0x0000000000000000000000000000000000000001';
    const certificate = await signed(message({ contract: other }));
    expect(
      await refusal(verifySessionCertificate(noContractWallets, certificate, expectations)),
    ).toBe('wrong-app');
  });

  it('refuses a certificate whose session key was swapped after signing', async () => {
    const certificate = await signed(message());
    const tampered = {
      ...certificate,
      message: certificate.message.replace(keys.pub, otherKeys.pub),
    };
    expect(await refusal(verifySessionCertificate(noContractWallets, tampered, expectations))).toBe(
      'bad-signature',
    );
  });

  it('refuses a certificate signed by someone other than the named address', async () => {
    const certificate = await signed(message(), stranger);
    expect(
      await refusal(verifySessionCertificate(noContractWallets, certificate, expectations)),
    ).toBe('bad-signature');
  });

  it('refuses an envelope key that is not the certified one', async () => {
    const certificate = await signed(message());
    const envelopeKey = { ...expectations, sessionPub: otherKeys.pub };
    expect(
      await refusal(verifySessionCertificate(noContractWallets, certificate, envelopeKey)),
    ).toBe('key-mismatch');
  });

  it('refuses lifetimes over the limit and malformed text', async () => {
    const long = await signed(message({ expiresAt: new Date(T0 + 30 * 24 * HOUR) }));
    expect(await refusal(verifySessionCertificate(noContractWallets, long, expectations))).toBe(
      'lifetime-too-long',
    );
    const junk = await signed('hello');
    expect(await refusal(verifySessionCertificate(noContractWallets, junk, expectations))).toBe(
      'malformed',
    );
    const noSig = { message: message(), signature: '0x1234' as Hex };
    expect(await refusal(verifySessionCertificate(noContractWallets, noSig, expectations))).toBe(
      'malformed',
    );
  });

  it('asks the chain for contract wallets (ERC-1271 / ERC-6492)', async () => {
    const wallet = getAddress('0x00000000000000000000000000000000000c0de1');
    const text = message({ address: wallet });
    // The wallet contract would accept its owner's signature of the message hash.
    const signature = await account.signMessage({ message: text });
    const seen: { address: Address; hash: Hex }[] = [];
    const chain: SignatureVerifierClient = {
      verifyHash: async ({ address, hash }) => {
        seen.push({ address, hash });
        return address === wallet && hash === hashMessage(text);
      },
    };
    const verified = await verifySessionCertificate(
      chain,
      { message: text, signature },
      expectations,
    );
    expect(verified.address).toBe(wallet);
    expect(seen).toEqual([{ address: wallet, hash: hashMessage(text) }]);
  });

  it('reports an unreachable chain as RPC_UNAVAILABLE, not as a forgery', async () => {
    const wallet = getAddress('0x00000000000000000000000000000000000c0de1');
    const text = message({ address: wallet });
    const certificate = { message: text, signature: await account.signMessage({ message: text }) };
    const down: SignatureVerifierClient = { verifyHash: () => Promise.reject(new Error('down')) };
    await expect(verifySessionCertificate(down, certificate, expectations)).rejects.toMatchObject({
      code: 'RPC_UNAVAILABLE',
    });
  });
});
