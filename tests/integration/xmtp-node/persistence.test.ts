/**
 * A client that reopens its database (OPFS, stood in for by a directory under Node) keeps
 * its installation, so reloads do not use up the inbox's installation limit; one created
 * without a database registers a new installation every time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@xmtp/browser-sdk';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXmtpNode, type XmtpNode } from '../../../scripts/xmtp-node/index.ts';
import { useOpfsDirectory } from '../../support/xmtpInNode.ts';
import { clientOptions, eoaSigner } from './helpers.ts';

let node: XmtpNode;
let dir: string;

describe('persisted database', () => {
  beforeAll(async () => {
    node = await startXmtpNode({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'xmtp-opfs-'));
  });
  afterAll(async () => {
    useOpfsDirectory(undefined);
    await node.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reopening the same database keeps the installation; no database makes a new one', async () => {
    const signer = eoaSigner(privateKeyToAccount(generatePrivateKey()));
    useOpfsDirectory(dir);
    const installations: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const client = await Client.create(signer, clientOptions(node.url, 'chat.db3'));
      installations.push(client.installationId ?? '');
      client.close();
    }
    expect(installations[1]).toBe(installations[0]);
    expect(node.stats().calls['xmtp.mls.api.v1.MlsApi/UploadKeyPackage']).toBe(1);

    useOpfsDirectory(undefined);
    const ephemeral = await Client.create(signer, clientOptions(node.url, null));
    expect(ephemeral.installationId).not.toBe(installations[0]);
    ephemeral.close();
  });
});
