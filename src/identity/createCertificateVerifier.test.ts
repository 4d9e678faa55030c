import { type Address, getAddress } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChainReadBudget, ChainReadBudgetError } from '../chain/ChainReadBudget.ts';
import { createSessionCertificateMessage } from './certificateMessage.ts';
import { createCertificateVerifier } from './createCertificateVerifier.ts';
import { createSessionKeyPair } from './sessionKeys.ts';
import type { SessionCertificate, SessionKeyPair } from './types.ts';
import type { SignatureVerifierClient } from './verifySessionCertificate.ts';

const contract: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const expectations = { appName: 'community-chats', chainId: 31337, contract };
const clock = { now: () => Date.now() };
/** A contract wallet: its owner's key signs, the wallet's address is certified. */
const wallet: Address = getAddress('0x000000000000000000000000000000000000c0de');
const owner = privateKeyToAccount(generatePrivateKey());
let keys: SessionKeyPair;

beforeAll(async () => {
  keys = await createSessionKeyPair();
});

function messageFor(address: Address): string {
  const now = Date.now();
  return createSessionCertificateMessage({
    ...expectations,
    address,
    domain: 'localhost:5173',
    uri: 'http://localhost:5173/',
    sessionPub: keys.pub,
    sessionEpub: keys.epub,
    issuedAt: new Date(now - 60_000),
    expiresAt: new Date(now + 3_600_000),
  });
}

/** A certificate of `address` signed by the owner's key: only the wallet contract can vouch. */
async function contractWalletCertificate(address: Address): Promise<SessionCertificate> {
  const message = messageFor(address);
  return { message, signature: await owner.signMessage({ message }) };
}

async function eoaCertificate(): Promise<SessionCertificate> {
  const account = privateKeyToAccount(generatePrivateKey());
  const message = messageFor(account.address);
  return { message, signature: await account.signMessage({ message }) };
}

/** The chain: only `wallet` accepts the owner's signatures; counts reads. */
function chain() {
  const reads: Address[] = [];
  const client: SignatureVerifierClient = {
    verifyHash: async ({ address }) => {
      reads.push(address);
      return address === wallet;
    },
  };
  return { client, reads };
}

describe('createCertificateVerifier and chain reads', () => {
  it('asks the chain about a contract-wallet signature only for an admitted address', async () => {
    const { client, reads } = chain();
    const verify = createCertificateVerifier({ client, clock, expectations });
    const stranger = privateKeyToAccount(generatePrivateKey()).address;
    const certificate = await contractWalletCertificate(stranger);
    await expect(verify(certificate, { admit: async () => false })).rejects.toMatchObject({
      code: 'NOT_A_MEMBER',
    });
    expect(reads).toEqual([]);
    // Not cached as refused: admitted later, it is checked (and refused by the chain).
    await expect(verify(certificate, { admit: async () => true })).rejects.toMatchObject({
      reason: 'bad-signature',
    });
    expect(reads).toEqual([stranger]);
  });

  it('makes no read past the budget, and caches nothing for it', async () => {
    const { client, reads } = chain();
    const readBudget = new ChainReadBudget({ burst: 1, perSecond: 0.001, clock });
    const verify = createCertificateVerifier({ client, clock, expectations, readBudget });
    const admit = async () => true;
    const first = await contractWalletCertificate(wallet);
    const second = await contractWalletCertificate(wallet);
    expect((await verify(first, { admit })).address).toBe(wallet);
    await expect(verify(second, { admit })).rejects.toBeInstanceOf(ChainReadBudgetError);
    expect(reads).toHaveLength(1);
  });

  it("keeps an admitted member's certificate while outsiders' come and go", async () => {
    const { client, reads } = chain();
    const verify = createCertificateVerifier({ client, clock, expectations, maxEntries: 5 });
    const member = await contractWalletCertificate(wallet);
    const admit = async (address: Address) => address === wallet;
    expect((await verify(member, { admit })).address).toBe(wallet);
    for (let i = 0; i < 20; i++) await verify(await eoaCertificate(), { admit });
    expect((await verify(member, { admit })).address).toBe(wallet);
    expect(reads).toHaveLength(1);
  });
});
