/**
 * Smart-contract wallets on XMTP: the app's client factory (real browser SDK under Node)
 * registers an ERC-1271 wallet deployed on a real in-process Hardhat chain, the local node
 * checks its signature on that chain, and it chats with an EOA member; so does a wallet not
 * deployed yet (ERC-6492). A signature the wallet refuses registers nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Group, IdentifierKind } from '@xmtp/browser-sdk';
import { type Address, type Hex, hashMessage, hexToBytes, zeroAddress } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SCW_SIGNATURES_PER_REQUEST } from '../../../scripts/xmtp-node/identityMethods.ts';
import {
  chainSignatureVerifier,
  rpcSignatureVerifier,
  startXmtpNode,
  type XmtpNode,
} from '../../../scripts/xmtp-node/index.ts';
import { fromLong, identity, toLong } from '../../../scripts/xmtp-node/proto.ts';
import type { ChatConversation } from '../../../src/chat/types.ts';
import { chainWalletKind } from '../../../src/chat/walletKind.ts';
import { XmtpClientFactory } from '../../../src/chat/xmtp/XmtpClientFactory.ts';
import { AppError } from '../../../src/core/errors.ts';
import { useOpfsDirectory } from '../../support/xmtpInNode.ts';
import { startTestChain, type TestChain } from '../chainFixture.ts';
import { grpcCall } from './grpcWebClient.ts';
import {
  clientOptions,
  counterfactualWallet,
  createUser,
  deployContractWallet,
  eventually,
  type TestUser,
  textOf,
} from './helpers.ts';

const CHAIN_ID = 31337;
let chain: TestChain;
let node: XmtpNode;
let eoa: TestUser;
let factory: XmtpClientFactory;

const readCode = (address: Address) => chain.publicClient.getCode({ address });

function factoryFor(chainId: number): XmtpClientFactory {
  return new XmtpClientFactory({
    env: 'local',
    apiUrl: node.url,
    appVersion: 'scw-test/0',
    persist: false,
    chain: { id: chainId, readCode },
  });
}

/** A message each way between a wallet's room and the EOA member's group, both read. */
async function expectExchange(room: ChatConversation, group: Group, wallet: string) {
  const text = `hello from ${wallet}`;
  await room.send({ kind: 'text', text }, `${wallet}-1`);
  const heard = await eventually(async () => {
    await group.sync();
    const texts = (await group.messages()).map(textOf);
    return texts.includes(text) ? texts : undefined;
  }, `the EOA member to read ${wallet}`);
  expect(heard).toContain(text);

  const back = `hello back to ${wallet}`;
  await group.sendText(back);
  const reply = await eventually(async () => {
    await room.sync();
    return (await room.messages()).find(
      (m) => m.content.kind === 'text' && m.content.text === back,
    );
  }, `${wallet} to read the EOA`);
  expect(reply.sender).toBe(eoa.address);
}

beforeAll(async () => {
  chain = await startTestChain();
  node = await startXmtpNode({
    port: 0,
    verifySmartContractWalletSignature: chainSignatureVerifier(
      new Map([[CHAIN_ID, chain.publicClient]]),
    ),
  });
  eoa = await createUser(node.url);
  factory = factoryFor(CHAIN_ID);
});

afterAll(async () => {
  eoa?.client.close();
  if (node !== undefined) {
    console.info('xmtp-node calls (scw.test):', JSON.stringify(node.stats().calls));
    await node.close();
  }
  await chain?.close();
});

describe('smart-contract wallets on the local XMTP node', () => {
  it('tells a contract wallet from a key by the code on the chain', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const wallet = await deployContractWallet(chain, owner.address);
    expect(await chainWalletKind(wallet, readCode)).toBe('SCW');
    expect(await chainWalletKind(owner.address, readCode)).toBe('unknown');
  });

  it('registers a contract wallet that then chats both ways with an EOA in a group', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const wallet = await deployContractWallet(chain, owner.address);
    const scw = await factory.create(wallet, (message) => owner.signMessage({ message }));
    try {
      expect(node.store.inboxIdFor(wallet.toLowerCase())).toBe(scw.inboxId);
      expect(
        node.stats().calls['xmtp.identity.api.v1.IdentityApi/VerifySmartContractWalletSignatures'],
      ).toBeGreaterThan(0);

      // The EOA member's SDK validates the wallet's identity (the node asks the chain again).
      const group = await eoa.client.conversations.createGroupWithIdentifiers([
        { identifier: wallet.toLowerCase(), identifierKind: IdentifierKind.Ethereum },
      ]);
      const room = await eventually(
        async () => (await scw.conversation(group.id)) ?? undefined,
        'the contract wallet to join the group',
      );
      const addresses = (await room.members()).flatMap((member) => member.addresses);
      expect(addresses).toEqual(expect.arrayContaining([wallet.toLowerCase(), eoa.address]));

      await expectExchange(room, group, 'the contract wallet');
    } finally {
      scw.close();
    }
  });

  it('refuses a signature the wallet rejects: a clear error, nothing registered, retry works', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const stranger = privateKeyToAccount(generatePrivateKey());
    const wallet = await deployContractWallet(chain, owner.address);
    const published = () =>
      node.stats().calls['xmtp.identity.api.v1.IdentityApi/PublishIdentityUpdate'] ?? 0;
    const before = published();

    const refused = await factory
      .create(wallet, (message) => stranger.signMessage({ message }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('CHAT_SIGNATURE_INVALID');
    expect(node.store.inboxIdFor(wallet.toLowerCase())).toBeUndefined();
    expect(published()).toBe(before);

    const accepted = await factory.create(wallet, (message) => owner.signMessage({ message }));
    expect(node.store.inboxIdFor(wallet.toLowerCase())).toBe(accepted.inboxId);
    accepted.close();
  });

  it('in a persisted database: a refused signature, then the right one, then reopening asks nothing', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const stranger = privateKeyToAccount(generatePrivateKey());
    const wallet = await deployContractWallet(chain, owner.address);
    const dir = mkdtempSync(join(tmpdir(), 'xmtp-scw-opfs-'));
    useOpfsDirectory(dir);
    try {
      const browser = new XmtpClientFactory({
        env: 'local',
        apiUrl: node.url,
        appVersion: 'scw-test/0',
        persist: true,
        chain: { id: CHAIN_ID, readCode },
      });
      let signatures = 0;
      const signBy = (key: typeof owner) => (message: string) => {
        signatures += 1;
        return key.signMessage({ message });
      };
      await expect(browser.create(wallet, signBy(stranger))).rejects.toMatchObject({
        code: 'CHAT_SIGNATURE_INVALID',
      });
      const first = await browser.create(wallet, signBy(owner));
      first.close();
      expect(signatures).toBe(2);
      const reopened = await browser.create(wallet, signBy(owner));
      reopened.close();
      expect(signatures).toBe(2);
      expect(reopened.inboxId).toBe(first.inboxId);
      expect(node.store.inboxIdFor(wallet.toLowerCase())).toBe(first.inboxId);
    } finally {
      useOpfsDirectory(undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('registers a wallet not deployed yet with an ERC-6492 signature (SDK SCW signer)', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const wallet = await counterfactualWallet(chain, owner, `0x${'6492'.repeat(16)}`);
    expect(await readCode(wallet.address)).toBeUndefined();
    const client = await Client.create(
      {
        type: 'SCW',
        getIdentifier: () => ({
          identifier: wallet.address.toLowerCase(),
          identifierKind: IdentifierKind.Ethereum,
        }),
        signMessage: async (message) => hexToBytes(await wallet.sign(message)),
        getChainId: () => BigInt(CHAIN_ID),
      },
      clientOptions(node.url),
    );
    try {
      expect(node.store.inboxIdFor(wallet.address.toLowerCase())).toBe(client.inboxId);
      // Another member validates it too: the node checks the 6492 signature again.
      const dm = await eoa.client.conversations.createDmWithIdentifier({
        identifier: wallet.address.toLowerCase(),
        identifierKind: IdentifierKind.Ethereum,
      });
      expect(await dm.peerInboxId()).toBe(client.inboxId);
    } finally {
      client.close();
    }
  });

  it("registers a wallet not deployed yet through the app's factory, then chats with an EOA", async () => {
    // Guards the SDK reading `signer.type` only after signing (see wallet-signer.ts).
    const owner = privateKeyToAccount(generatePrivateKey());
    const wallet = await counterfactualWallet(chain, owner, `0x${'64a2'.repeat(16)}`);
    const lower = wallet.address.toLowerCase();
    expect(await readCode(wallet.address)).toBeUndefined();
    const scw = await factory.create(wallet.address, wallet.sign);
    try {
      expect(node.store.inboxIdFor(lower)).toBe(scw.inboxId);
      const group = await eoa.client.conversations.createGroupWithIdentifiers([
        { identifier: lower, identifierKind: IdentifierKind.Ethereum },
      ]);
      const room = await eventually(
        async () => (await scw.conversation(group.id)) ?? undefined,
        'the undeployed wallet to join the group',
      );
      await expectExchange(room, group, 'the undeployed wallet');
    } finally {
      scw.close();
    }
  });

  it('registers a key without code as an EOA through the same factory path', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const key = await factory.create(owner.address, (message) => owner.signMessage({ message }));
    expect(node.store.inboxIdFor(owner.address.toLowerCase())).toBe(key.inboxId);
    key.close();
  });

  it('refuses a contract wallet on a chain the node has no RPC for', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const wallet = await deployContractWallet(chain, owner.address);
    const refused = await factoryFor(1)
      .create(wallet, (message) => owner.signMessage({ message }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect((refused as AppError).code).toBe('CHAT_SIGNATURE_INVALID');
    expect(node.store.inboxIdFor(wallet.toLowerCase())).toBeUndefined();
  });
});

describe('VerifySmartContractWalletSignatures on the wire', () => {
  const METHOD = 'xmtp.identity.api.v1.IdentityApi/VerifySmartContractWalletSignatures';

  async function verify(
    signatures: { accountId: string; hash: Hex; signature: Hex; blockNumber?: bigint }[],
  ) {
    const request = identity.VerifySmartContractWalletSignaturesRequest.encode({
      signatures: signatures.map((s) => ({
        accountId: s.accountId,
        hash: hexToBytes(s.hash),
        signature: hexToBytes(s.signature),
        ...(s.blockNumber === undefined ? {} : { blockNumber: toLong(s.blockNumber) }),
      })),
    }).finish();
    const reply = await grpcCall(node.url, METHOD, request);
    const [message] = reply.messages;
    const responses =
      message === undefined
        ? []
        : identity.VerifySmartContractWalletSignaturesResponse.decode(message).responses.map(
            (r) => ({
              isValid: r.isValid,
              blockNumber: r.blockNumber === undefined ? undefined : fromLong(r.blockNumber),
              error: r.error,
            }),
          );
    return { status: reply.status, message: reply.message, responses };
  }

  it('checks at the block asked (before deployment: not valid) and names the block used', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const before = await chain.publicClient.getBlockNumber();
    const wallet = await deployContractWallet(chain, owner.address);
    const hash = hashMessage('XMTP : Authenticate to inbox');
    const signature = await owner.signMessage({ message: 'XMTP : Authenticate to inbox' });
    const accountId = `eip155:${CHAIN_ID}:${wallet}`;
    const latest = await chain.publicClient.getBlockNumber();

    const { status, responses } = await verify([
      { accountId, hash, signature },
      { accountId, hash, signature, blockNumber: before },
      {
        accountId,
        hash,
        signature: await privateKeyToAccount(generatePrivateKey()).signMessage({ message: 'x' }),
      },
    ]);
    expect(status).toBe(0);
    expect(responses).toEqual([
      { isValid: true, blockNumber: latest, error: undefined },
      { isValid: false, blockNumber: before, error: undefined },
      { isValid: false, blockNumber: latest, error: undefined },
    ]);
  });

  it('answers "not valid" with the reason for unknown chains and malformed account ids', async () => {
    const hash = hashMessage('x');
    const signature = await privateKeyToAccount(generatePrivateKey()).signMessage({ message: 'x' });
    const { responses } = await verify([
      { accountId: `eip155:1:${zeroAddress}`, hash, signature },
      { accountId: 'solana:mainnet:abc', hash, signature },
    ]);
    expect(responses[0]?.isValid).toBe(false);
    expect(responses[0]?.error).toMatch(/no RPC for chain 1 \(serves: 31337\)/);
    expect(responses[1]?.isValid).toBe(false);
    expect(responses[1]?.error).toMatch(/not eip155 CAIP-10/);
  });

  it('says why when the RPC serves another chain or does not answer', async () => {
    const request = {
      accountId: `eip155:5:${zeroAddress}`,
      hash: hexToBytes(hashMessage('x')),
      signature: new Uint8Array(65),
      blockNumber: undefined,
    };
    const misconfigured = chainSignatureVerifier(new Map([[5, chain.publicClient]]));
    expect(await misconfigured(request)).toEqual({
      isValid: false,
      error: 'cannot verify on chain 5: its RPC serves chain 31337',
    });
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const unreachable = rpcSignatureVerifier(new Map([[5, 'http://127.0.0.1:9']]));
    const answer = await unreachable(request);
    expect(answer.isValid).toBe(false);
    expect(answer.error).toMatch(/^cannot verify on chain 5: /);
  });

  it('refuses more signatures per request than the cap, without touching the chain', async () => {
    const one = {
      accountId: `eip155:${CHAIN_ID}:${zeroAddress}`,
      hash: hashMessage('x'),
      signature: '0x01' as Hex,
    };
    const { status, message } = await verify(
      Array.from({ length: MAX_SCW_SIGNATURES_PER_REQUEST + 1 }, () => one),
    );
    expect(status).toBe(3);
    expect(message).toMatch(`at most ${MAX_SCW_SIGNATURES_PER_REQUEST}`);
  });
});
