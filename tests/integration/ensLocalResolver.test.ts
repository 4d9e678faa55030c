import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  zeroAddress,
} from 'viem';
import { hardhat } from 'viem/chains';
import { getEnsAddress, getEnsAvatar, getEnsName, getEnsText, normalize } from 'viem/ens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployLocalEns } from '../../scripts/chain/deployLocalEns.ts';
import { devAccountNames, hardhatDevAccounts } from '../../scripts/chain/devAccounts.ts';
import { devAvatarDataUri } from '../../scripts/chain/devAvatar.ts';

// viem's own ENS actions against LocalUniversalResolver on a `hardhat node` bound to
// loopback, as the local stack runs it. Needs compiled artifacts (`npm run compile`).
const root = resolve(import.meta.dirname, '../..');
let node: ChildProcess | undefined;
let publicClient: PublicClient;
let universalResolverAddress: Address;

const records = hardhatDevAccounts.map((address, i) => {
  const name = devAccountNames[i] as string;
  return { address, name, avatar: devAvatarDataUri(address, name) };
});

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startHardhatNode(port: number): Promise<ChildProcess> {
  // Run Hardhat with this process's Node (22 under npm scripts), whatever is on PATH.
  const child = spawn(
    process.execPath,
    [
      resolve(root, 'node_modules/hardhat/dist/src/cli.js'),
      'node',
      '--hostname',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((done, fail) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('JSON-RPC server at')) done();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`hardhat node exited (${code}): ${output}`)));
  });
  return child;
}

beforeAll(async () => {
  const port = await freePort();
  node = await startHardhatNode(port);
  const transport = http(`http://127.0.0.1:${port}`);
  publicClient = createPublicClient({ chain: hardhat, transport });
  const walletClient = createWalletClient({
    account: hardhatDevAccounts[0],
    chain: hardhat,
    transport,
  });
  ({ universalResolver: universalResolverAddress } = await deployLocalEns(
    walletClient,
    publicClient,
    records,
  ));
});

afterAll(() => {
  node?.kill('SIGTERM');
});

describe('LocalUniversalResolver through viem ENS actions', () => {
  it('getEnsName gives each dev account its name', async () => {
    for (const { address, name } of records) {
      expect(await getEnsName(publicClient, { address, universalResolverAddress })).toBe(name);
    }
  });

  it('getEnsAddress resolves each name back', async () => {
    for (const { address, name } of records) {
      const resolved = await getEnsAddress(publicClient, {
        name: normalize(name),
        universalResolverAddress,
      });
      expect(resolved).toBe(address);
      const byCoinType = await getEnsAddress(publicClient, {
        name: normalize(name),
        coinType: 60n,
        universalResolverAddress,
      });
      // By coin type the record is raw bytes, so viem gives lower-case hex, as on mainnet.
      expect(byCoinType).toBe(address.toLowerCase());
    }
  });

  it('getEnsAvatar returns the data: URI without fetching anything', async () => {
    const alice = records[0];
    const avatar = await getEnsAvatar(publicClient, {
      name: normalize(alice?.name ?? ''),
      universalResolverAddress,
    });
    expect(avatar).toBe(alice?.avatar);
    expect(avatar).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('answers null for unknown addresses, names and text keys', async () => {
    const stranger = '0x000000000000000000000000000000000000dEaD';
    expect(
      await getEnsName(publicClient, { address: stranger, universalResolverAddress }),
    ).toBeNull();
    expect(
      await getEnsAddress(publicClient, { name: 'nobody.eth', universalResolverAddress }),
    ).toBeNull();
    expect(
      await getEnsAvatar(publicClient, { name: 'nobody.eth', universalResolverAddress }),
    ).toBeNull();
    expect(
      await getEnsText(publicClient, { name: 'bob.eth', key: 'url', universalResolverAddress }),
    ).toBeNull();
    expect(universalResolverAddress).not.toBe(zeroAddress);
  });
});
