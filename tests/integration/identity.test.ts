import { type Address, getAddress, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCertificateMessage } from '../../src/identity/certificateMessage.ts';
import { SessionManager } from '../../src/identity/SessionManager.ts';
import { createSessionKeyPair } from '../../src/identity/sessionKeys.ts';
import { verifySessionCertificate } from '../../src/identity/verifySessionCertificate.ts';
import {
  counterfactualWallet,
  deployContractWallet,
  startTestChain,
  type TestChain,
} from './chainFixture.ts';

let chain: TestChain;
let walletContract: Address;
const walletOwner = privateKeyToAccount(generatePrivateKey());
const contract: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const app = { domain: 'localhost:5173', uri: 'http://localhost:5173/', chainId: 31337, contract };

beforeAll(async () => {
  chain = await startTestChain();
  walletContract = await deployContractWallet(chain, walletOwner.address);
});
afterAll(() => chain?.close());

async function certificateFor(address: Address, sign: (message: string) => Promise<Hex>) {
  const keys = await createSessionKeyPair();
  const now = Date.now();
  const message = createSessionCertificateMessage({
    ...app,
    address,
    sessionPub: keys.pub,
    sessionEpub: keys.epub,
    issuedAt: new Date(now),
    expiresAt: new Date(now + 3_600_000),
  });
  return { message, signature: await sign(message) };
}

describe('session certificates on a real chain', () => {
  it('verifies a certificate signed by a smart-contract wallet (ERC-1271)', async () => {
    const certificate = await certificateFor(walletContract, (message) =>
      walletOwner.signMessage({ message }),
    );
    const verified = await verifySessionCertificate(chain.appClient, certificate, {
      ...app,
      now: Date.now(),
    });
    expect(verified.address).toBe(walletContract);
  });

  it('refuses a contract-wallet certificate signed by a key the wallet does not accept', async () => {
    const intruder = privateKeyToAccount(generatePrivateKey());
    const certificate = await certificateFor(walletContract, (message) =>
      intruder.signMessage({ message }),
    );
    await expect(
      verifySessionCertificate(chain.appClient, certificate, { ...app, now: Date.now() }),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_INVALID', reason: 'bad-signature' });
  });

  it('signs in through a real JSON-RPC wallet (personal_sign) and reuses the session', async () => {
    const wallet = chain.wallet(1);
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
    let prompts = 0;
    const sign = (message: string) => {
      prompts++;
      return wallet.signMessage({ message });
    };
    const sessions = new SessionManager({
      storage,
      clock: { now: () => Date.now() },
      client: chain.appClient,
      app,
    });
    const session = await sessions.signIn(wallet.account.address, sign);
    expect(session.verified.address).toBe(getAddress(wallet.account.address));
    await sessions.signIn(wallet.account.address, sign);
    expect(prompts).toBe(1);
  });

  it('verifies a certificate from a wallet not deployed yet (ERC-6492)', async () => {
    const counterfactual = await counterfactualWallet(chain, walletOwner, `0x${'ab'.repeat(32)}`);
    expect(await chain.publicClient.getCode({ address: counterfactual.address })).toBeUndefined();
    const certificate = await certificateFor(counterfactual.address, counterfactual.sign);
    const verified = await verifySessionCertificate(chain.appClient, certificate, {
      ...app,
      now: Date.now(),
    });
    expect(verified.address).toBe(counterfactual.address);
  });
});
