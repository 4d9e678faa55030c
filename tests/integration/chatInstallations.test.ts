/**
 * Installations on the real SDK: each database is one installation of the wallet's inbox;
 * the factory lists them without a client and revokes old ones with one signature, and
 * reopens this browser's installation without asking for any.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startXmtpNode, type XmtpNode } from '../../scripts/xmtp-node/index.ts';
import type { ChatClient } from '../../src/chat/types.ts';
import { XmtpClientFactory } from '../../src/chat/xmtp/XmtpClientFactory.ts';
import { useOpfsDirectory } from '../support/xmtpInNode.ts';

let node: XmtpNode;
const clients: ChatClient[] = [];

beforeAll(async () => {
  node = await startXmtpNode({ port: 0 });
});

afterAll(async () => {
  for (const client of clients) client.close();
  await node?.close();
});

it('lists the installations of an inbox and revokes the old ones', async () => {
  const account = privateKeyToAccount(generatePrivateKey());
  const sign = (message: string) => account.signMessage({ message });
  const factory = new XmtpClientFactory({
    env: 'local',
    apiUrl: node.url,
    appVersion: 'chat-test/0',
    persist: false,
  });
  // Two browsers without a shared database: two installations of one inbox.
  const first = await factory.create(account.address, sign);
  const second = await factory.create(account.address, sign);
  clients.push(first, second);
  const listed = await factory.installations(account.address);
  expect(listed).toHaveLength(2);
  const seen = await second.installations();
  const old = seen.find((installation) => !installation.current);
  expect(seen.filter((installation) => installation.current)).toHaveLength(1);
  if (!old) throw new Error('no other installation');

  await factory.revokeInstallations(account.address, sign, [old.id]);
  const after = await factory.installations(account.address);
  expect(after.map((installation) => installation.id)).not.toContain(old.id);
  expect(after).toHaveLength(1);
});

it("reopens this browser's installation without a signature, and finds none where there is none", async () => {
  const account = privateKeyToAccount(generatePrivateKey());
  let signatures = 0;
  const sign = (message: string) => {
    signatures += 1;
    return account.signMessage({ message });
  };
  const dir = mkdtempSync(join(tmpdir(), 'chat-open-'));
  useOpfsDirectory(dir);
  try {
    const factory = new XmtpClientFactory({
      env: 'local',
      apiUrl: node.url,
      appVersion: 'chat-test/0',
      persist: true,
    });
    await expect(factory.open(account.address, sign)).resolves.toBeNull();
    const first = await factory.create(account.address, sign);
    const installation = (await first.installations()).find((i) => i.current)?.id;
    first.close();
    expect(signatures).toBe(1);

    const again = await factory.open(account.address, sign);
    if (!again) throw new Error('the installation was not found again');
    clients.push(again);
    expect(signatures).toBe(1);
    const current = (await again.installations()).find((i) => i.current)?.id;
    expect(current).toBe(installation);
  } finally {
    useOpfsDirectory(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
