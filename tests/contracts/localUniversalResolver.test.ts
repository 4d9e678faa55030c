import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFunctionData, getAddress, namehash, parseAbi, toHex, zeroAddress } from 'viem';
import { createAccessTestbed } from './fixture.ts';

const { viem, networkHelpers, deploy, abis, accounts } = await createAccessTestbed();
const { alice, bob, carol } = accounts;

const resolverAbi = parseAbi([
  'function addr(bytes32 node) view returns (address)',
  'function addr(bytes32 node, uint256 coinType) view returns (bytes)',
  'function text(bytes32 node, string key) view returns (string)',
  'function contenthash(bytes32 node) view returns (bytes)',
]);
/** DNS wire format, as viem's packetToBytes makes it for short labels. */
function dns(name: string): `0x${string}` {
  const labels = name === '' ? [] : name.split('.');
  const bytes = labels.flatMap((label) => [label.length, ...new TextEncoder().encode(label)]);
  return toHex(new Uint8Array([...bytes, 0]));
}

async function deployResolver() {
  const resolver = await deploy('LocalUniversalResolver', abis.localUniversalResolverAbi);
  await resolver.write.setRecord([
    alice.account.address,
    'alice.eth',
    'data:image/svg+xml;base64,AA==',
  ]);
  return resolver;
}

describe('LocalUniversalResolver', () => {
  it('hashes names like ENS', async () => {
    const resolver = await networkHelpers.loadFixture(deployResolver);
    for (const name of ['', 'eth', 'alice.eth', 'a.b.c.eth']) {
      assert.equal(await resolver.read.namehash([name]), namehash(name));
      assert.equal(await resolver.read.dnsNamehash([dns(name)]), namehash(name));
    }
  });

  it('lets only its deployer set records', async () => {
    const resolver = await networkHelpers.loadFixture(deployResolver);
    const bobAddress = getAddress(bob.account.address);
    await viem.assertions.revertWithCustomErrorWithArgs(
      resolver.write.setRecord([bobAddress, 'bob.eth', ''], { account: bob.account }),
      resolver,
      'Unauthorized',
      [bobAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      resolver.write.setText(['bob.eth', 'url', 'x'], { account: bob.account }),
      resolver,
      'Unauthorized',
      [bobAddress],
    );
    await viem.assertions.emitWithArgs(
      resolver.write.setText(['alice.eth', 'url', 'https://alice.example']),
      resolver,
      'TextChanged',
      [namehash('alice.eth'), 'url', 'https://alice.example'],
    );
    assert.equal(await resolver.read.deployer(), getAddress(accounts.owner.account.address));
  });

  it('reverse-resolves addresses with a primary name that resolves back', async () => {
    const resolver = await networkHelpers.loadFixture(deployResolver);
    const a = alice.account.address;
    assert.deepEqual(await resolver.read.reverseWithGateways([a, 60n, []]), [
      'alice.eth',
      getAddress(resolver.address),
      getAddress(resolver.address),
    ]);
    const none = ['', zeroAddress, zeroAddress];
    assert.deepEqual(await resolver.read.reverseWithGateways([a, 2147483658n, []]), none);
    assert.deepEqual(await resolver.read.reverseWithGateways(['0x1234', 60n, []]), none);
    assert.deepEqual(await resolver.read.reverseWithGateways([bob.account.address, 60n, []]), none);
    // carol claims alice's name: her reverse record no longer resolves back to alice.
    await resolver.write.setRecord([carol.account.address, 'alice.eth', '']);
    await viem.assertions.revertWithCustomErrorWithArgs(
      resolver.read.reverseWithGateways([a, 60n, []]),
      resolver,
      'ReverseAddressMismatch',
      ['alice.eth', carol.account.address.toLowerCase() as `0x${string}`],
    );
  });

  it('answers addr, addr by coin type and text; refuses unknown names and profiles', async () => {
    const resolver = await networkHelpers.loadFixture(deployResolver);
    const node = namehash('alice.eth');
    const call = (data: `0x${string}`, name = 'alice.eth') =>
      resolver.read.resolveWithGateways([dns(name), data, []]);
    const [addrResult] = await call(
      encodeFunctionData({ abi: resolverAbi, functionName: 'addr', args: [node] }),
    );
    assert.equal(addrResult, toHex(BigInt(alice.account.address), { size: 32 }));
    const [ethResult] = await call(
      encodeFunctionData({ abi: resolverAbi, functionName: 'addr', args: [node, 60n] }),
    );
    assert.ok(ethResult.toLowerCase().includes(alice.account.address.slice(2).toLowerCase()));
    const [otherCoin] = await call(
      encodeFunctionData({ abi: resolverAbi, functionName: 'addr', args: [node, 0n] }),
    );
    assert.equal(otherCoin, toHex(BigInt(32), { size: 32 }) + '0'.repeat(64));
    const [avatar] = await call(
      encodeFunctionData({ abi: resolverAbi, functionName: 'text', args: [node, 'avatar'] }),
    );
    assert.ok(avatar.length > 130);
    const contenthash = encodeFunctionData({
      abi: resolverAbi,
      functionName: 'contenthash',
      args: [node],
    });
    await viem.assertions.revertWithCustomErrorWithArgs(
      call(contenthash),
      resolver,
      'UnsupportedResolverProfile',
      [contenthash.slice(0, 10) as `0x${string}`],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      call(contenthash, 'nobody.eth'),
      resolver,
      'ResolverNotFound',
      [dns('nobody.eth')],
    );
    // Malformed DNS names: a label running past the end, and no terminator.
    for (const bad of ['0x05616c6963', '0x03657468'] as const) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        resolver.read.resolveWithGateways([bad, contenthash, []]),
        resolver,
        'ResolverNotFound',
        [bad],
      );
    }
  });
});
