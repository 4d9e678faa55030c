import { type Address, getAddress, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCertificateMessage } from '../../src/identity/certificateMessage.ts';
import { SessionManager } from '../../src/identity/SessionManager.ts';
import type { SessionStore, StoredSession } from '../../src/identity/SessionStore.ts';
import { createSessionKeyPair } from '../../src/identity/sessionKeys.ts';
import { verifySessionCertificate } from '../../src/identity/verifySessionCertificate.ts';
import type { SignalPayload } from '../../src/signaling/types.ts';
import { type AccessChain, startAccessChain } from '../support/gunChain.ts';
import { createNodeGraph, TestRelay, waitFor } from '../support/gunNode.ts';
import {
  createTestIdentity,
  joinTestMember,
  TEST_APP_NAME,
  type TestMember,
  testRoom,
} from '../support/gunRoom.ts';
import { counterfactualWallet, deployContractWallet, type TestChain } from './chainFixture.ts';

let deployment: AccessChain;
let chain: TestChain;
let walletContract: Address;
const relay = new TestRelay();
const walletOwner = privateKeyToAccount(generatePrivateKey());
let app: { appName: string; chainId: number; contract: Address; domain: string; uri: string };

beforeAll(async () => {
  deployment = await startAccessChain();
  chain = deployment.chain;
  app = {
    appName: TEST_APP_NAME,
    chainId: 31337,
    contract: deployment.contract,
    domain: 'localhost:5173',
    uri: 'http://localhost:5173/',
  };
  walletContract = await deployContractWallet(chain, walletOwner.address);
  await relay.start();
});
afterAll(async () => {
  await relay.stop();
  await deployment?.close();
});

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

/** Keeps records by structured clone, as IndexedDB does. */
class MemorySessionStore implements SessionStore {
  readonly items = new Map<string, unknown>();
  async get(id: string): Promise<unknown> {
    return structuredClone(this.items.get(id));
  }
  async put(id: string, session: StoredSession): Promise<void> {
    this.items.set(id, structuredClone(session));
  }
  async delete(id: string): Promise<void> {
    this.items.delete(id);
  }
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
    let prompts = 0;
    const sign = (message: string) => {
      prompts++;
      return wallet.signMessage({ message });
    };
    const sessions = new SessionManager({
      store: new MemorySessionStore(),
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

describe('members signed in on different hosts', () => {
  const members: TestMember[] = [];
  afterAll(() => {
    for (const member of members) {
      member.scope.end();
      member.graph.close();
    }
  });

  async function join(options: { domain: string; appName?: string }): Promise<TestMember> {
    const room = roomOnce();
    const member = await joinTestMember({
      graph: await createNodeGraph([relay.url]),
      room,
      access: deployment.access,
      contract: deployment.contract,
      signatureClient: chain.appClient,
      identity: await createTestIdentity({ contract: deployment.contract, ...options }),
      heartbeatMs: 500,
    });
    members.push(member);
    return member;
  }

  let room: ReturnType<typeof testRoom> | undefined;
  function roomOnce() {
    room ??= testRoom('gateways', deployment.communityId, deployment.contract);
    return room;
  }

  it('see and reach each other, while a certificate for another app is refused', async () => {
    // One signed in on a gateway's shared origin, one on another gateway's per-site
    // subdomain: the same app, so the same room.
    const onArweave = await join({ domain: 'arweave.net' });
    const onArIo = await join({ domain: 'bafy0site.ar-io.net' });
    const otherApp = await join({ domain: 'arweave.net', appName: 'other-chats' });
    await deployment.allow([onArweave.address, onArIo.address, otherApp.address]);

    await waitFor(
      () =>
        onArweave.roster.member(onArIo.address) !== undefined &&
        onArIo.roster.member(onArweave.address) !== undefined,
      10_000,
      'members on two gateways see each other',
    );
    const received: SignalPayload[] = [];
    onArIo.channel.onSignal(
      (from, payload) => from === onArweave.address && received.push(payload),
      onArIo.scope,
    );
    await onArweave.channel.send(onArIo.address, { type: 'offer', sdp: 'across gateways' });
    await waitFor(() => received.length > 0, 10_000, 'signal delivered across gateways');
    expect(received[0]).toMatchObject({ type: 'offer', sdp: 'across gateways' });

    // A member of the community, but its certificate names another app: dropped, not shown.
    await waitFor(
      () => (onArweave.counters.counts()['certificate-invalid'] ?? 0) > 0,
      10_000,
      'certificate for another app refused',
    );
    expect(onArweave.roster.member(otherApp.address)).toBeUndefined();
    expect(onArIo.roster.member(otherApp.address)).toBeUndefined();
  });
});
