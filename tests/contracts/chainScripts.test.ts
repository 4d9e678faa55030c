import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getAddress, type Hex, zeroAddress } from 'viem';
import { deployCommunityAccess } from '../../scripts/chain/deployCommunityAccess.ts';
import { deployLocalEns } from '../../scripts/chain/deployLocalEns.ts';
import { deployTestLivepeerRegistry } from '../../scripts/chain/deployTestLivepeerRegistry.ts';
import { devAccountNames, hardhatDevAccounts } from '../../scripts/chain/devAccounts.ts';
import { devAvatarDataUri } from '../../scripts/chain/devAvatar.ts';
import { knownLivepeerRegistry } from '../../scripts/chain/knownLivepeerRegistry.ts';
import { readArtifact } from '../../scripts/chain/readArtifact.ts';
import { seedDemoCommunity } from '../../scripts/chain/seedDemoCommunity.ts';
import { matchesRuntimeCode } from '../../scripts/chain/verifyDeployedBytecode.ts';
import { writeDeploymentRecord } from '../../scripts/chain/writeDeploymentRecord.ts';
import { createAccessTestbed } from './fixture.ts';

const { viem, publicClient, at, abis, accounts } = await createAccessTestbed();
const deployer = accounts.owner;

describe('scripts/chain', () => {
  it('deploys the local stack: registry, CommunityAccess, demo community, ENS', async () => {
    assert.deepEqual(
      hardhatDevAccounts.map((a) => a.toLowerCase()),
      (await viem.getWalletClients()).slice(0, 5).map((w) => w.account.address.toLowerCase()),
    );
    const registry = await deployTestLivepeerRegistry(deployer, publicClient);
    const deployed = await deployCommunityAccess(deployer, publicClient, {
      livepeerRegistry: registry.address,
    });
    assert.ok(deployed.blockNumber > registry.blockNumber);
    const access = at(abis.communityAccessAbi, deployed.address);
    assert.equal(await access.read.livepeerRegistry(), getAddress(registry.address));

    const { communityId } = await seedDemoCommunity(deployer, publicClient, {
      communityAccess: deployed.address,
    });
    assert.equal(communityId, 0n);
    const [name, , owner, , isActive, count] = await access.read.getCommunityInfo([0n]);
    assert.deepEqual(
      [name, owner, isActive, count],
      ['Demo Community', hardhatDevAccounts[0], true, 5n],
    );
    assert.deepEqual(await access.read.getCommunityParticipants([0n]), [...hardhatDevAccounts]);

    const records = hardhatDevAccounts.map((address, i) => ({
      address,
      name: devAccountNames[i] as string,
      avatar: devAvatarDataUri(address, devAccountNames[i] as string),
    }));
    const { universalResolver } = await deployLocalEns(deployer, publicClient, records);
    const resolver = at(abis.localUniversalResolverAbi, universalResolver);
    const [resolved] = await resolver.read.reverseWithGateways([hardhatDevAccounts[1], 60n, []]);
    assert.equal(resolved, 'bob.eth');
  });

  it('deploys without a registry, turning the Livepeer rule off', async () => {
    const { address } = await deployCommunityAccess(deployer, publicClient);
    const access = at(abis.communityAccessAbi, address);
    assert.equal(await access.read.livepeerRegistry(), zeroAddress);
  });

  it('matches runtime code only outside immutables, and rejects other code', async () => {
    const artifact = await readArtifact('contracts/CommunityAccess.sol', 'CommunityAccess');
    const { address } = await deployCommunityAccess(deployer, publicClient, {
      livepeerRegistry: hardhatDevAccounts[4],
    });
    const code = await publicClient.getCode({ address });
    assert.ok(code);
    assert.equal(matchesRuntimeCode(code, artifact), true);
    assert.notEqual(code, artifact.deployedBytecode);
    const other = await readArtifact('contracts/dev/MockTokens.sol', 'MockERC20');
    assert.equal(matchesRuntimeCode(code, other), false);
    const tampered: Hex = `0x${code.slice(2, -2)}${code.endsWith('00') ? '01' : '00'}`;
    assert.equal(matchesRuntimeCode(tampered, artifact), false);
    await assert.rejects(readArtifact('contracts/Nope.sol', 'Nope'), /npm run compile/);
  });

  it('makes small SVG data-URI avatars', () => {
    const uri = devAvatarDataUri(hardhatDevAccounts[0], 'alice.eth');
    assert.match(uri, /^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(uri.split(',')[1] as string, 'base64').toString();
    assert.match(svg, />A<\/text><\/svg>$/);
    assert.ok(uri.length < 600);
  });
});

describe('deployment records', () => {
  it('writes deployments/<chainId>.json and knows the Arbitrum One registry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deployments-'));
    const record = {
      address: hardhatDevAccounts[1],
      deploymentBlock: 7,
      chainId: 42161,
      livepeerRegistry: knownLivepeerRegistry(42161) ?? zeroAddress,
      deployedAt: '2026-01-01T00:00:00.000Z',
      txHash: `0x${'ab'.repeat(32)}`,
    } as const;
    const path = await writeDeploymentRecord(record, dir);
    assert.equal(path, join(dir, '42161.json'));
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), record);
    assert.equal(record.livepeerRegistry, '0xC92d3A360b8f9e083bA64DE15d95Cf8180897431');
    assert.equal(knownLivepeerRegistry(31337), undefined);
    await rm(dir, { recursive: true });
  });
});
