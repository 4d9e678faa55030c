import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Address, encodeAbiParameters, type Hex, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployLocalEns } from '../../scripts/chain/deployLocalEns.ts';
import { devAccountNames, hardhatDevAccounts } from '../../scripts/chain/devAccounts.ts';
import { devAvatarDataUri } from '../../scripts/chain/devAvatar.ts';
import { localUniversalResolverAbi } from '../../src/chain/generated/localUniversalResolverAbi.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createEnsReader } from '../../src/names/EnsReader.ts';
import { generatedAvatar } from '../../src/names/generatedAvatar.ts';
import { NameService } from '../../src/names/NameService.ts';
import { startTestChain, type TestChain } from './chainFixture.ts';

let chain: TestChain;
let universalResolver: Address;
const records = hardhatDevAccounts.map((address, i) => {
  const name = devAccountNames[i] as string;
  return { address, name, avatar: devAvatarDataUri(address, name) };
});

beforeAll(async () => {
  chain = await startTestChain();
  ({ universalResolver } = await deployLocalEns(chain.wallet(0), chain.publicClient, records));
});
afterAll(() => chain?.close());

function storage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('NameService against the local ENS resolver', () => {
  it('shows the dev accounts by name and avatar, strangers by short address', async () => {
    const reader = createEnsReader(chain.appClient, { universalResolver });
    const names = new NameService({ reader, clock: systemClock, chainId: 31337 });
    const stranger: Address = '0x000000000000000000000000000000000000dEaD';
    const shown = await names.lookupMany([...hardhatDevAccounts, stranger]);
    expect(shown.map((d) => d.label)).toEqual([...devAccountNames, '0x0000…dEaD']);
    expect(shown[0]?.avatarUrl).toBe(records[0]?.avatar);
    expect(shown[5]?.avatarUrl).toBe(generatedAvatar(stranger));
    expect(await names.resolveAddressInput('bob.eth')).toBe(hardhatDevAccounts[1]);
    await expect(names.resolveAddressInput('nobody.eth')).rejects.toMatchObject({
      code: 'NAME_NOT_FOUND',
    });
  });

  it('makes no ENS lookups on a page load with a warm cache', async () => {
    const shared = storage();
    const reader = createEnsReader(chain.appClient, { universalResolver });
    const first = new NameService({ reader, clock: systemClock, storage: shared, chainId: 31337 });
    await first.lookupMany(hardhatDevAccounts);
    expect(first.lookups).toBe(hardhatDevAccounts.length);
    const reload = new NameService({ reader, clock: systemClock, storage: shared, chainId: 31337 });
    await reload.lookupMany(hardhatDevAccounts);
    expect(reload.lookups).toBe(0);
  });
});

/** An HTTP server on loopback that answers from `routes` and records every request. */
async function startHost(routes: Record<string, unknown> = {}) {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const body = routes[request.url ?? ''];
    if (body === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Runtime code that answers every call with `returnData`: CODECOPY the bytes that follow
 * the 14-byte prelude into memory and RETURN them. Stands in for an NFT's tokenURI.
 */
function answeringCode(returnData: Hex): Hex {
  const length = (returnData.length - 2) / 2;
  const len = toHex(length, { size: 2 }).slice(2);
  return `0x61${len}600e60003961${len}6000f3${returnData.slice(2)}`;
}

describe('avatars without asking the hosts members chose', () => {
  const CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
  const remote: Address = '0x00000000000000000000000000000000000a11ce';
  const nftOwner: Address = '0x00000000000000000000000000000000000000d5';
  const nft: Address = '0x000000000000000000000000000000000000ab01';
  let memberHost: Awaited<ReturnType<typeof startHost>>;
  let gateway: Awaited<ReturnType<typeof startHost>>;

  beforeAll(async () => {
    memberHost = await startHost({ '/me.png': {}, '/meta.json': { image: 'x' } });
    gateway = await startHost({
      [`/ipfs/${CID}/7.json`]: { name: 'Token 7', image: `${memberHost.url}/nft7.png` },
    });
    const set = async (account: Address, name: string, avatar: string) => {
      const hash = await chain.wallet(0).writeContract({
        address: universalResolver,
        abi: localUniversalResolverAbi,
        functionName: 'setRecord',
        args: [account, name, avatar],
      });
      await chain.publicClient.waitForTransactionReceipt({ hash });
    };
    await set(remote, 'remote.eth', `${memberHost.url}/me.png`);
    await set(nftOwner, 'collector.eth', `eip155:31337/erc721:${nft}/7`);
    await chain.connection.provider.request({
      method: 'hardhat_setCode',
      params: [
        nft,
        answeringCode(encodeAbiParameters([{ type: 'string' }], [`ipfs://${CID}/{id}.json`])),
      ],
    });
  });
  afterAll(async () => {
    await memberHost?.close();
    await gateway?.close();
  });

  it('shows an https avatar through the proxy and makes no request to its host', async () => {
    const hosts = { proxy: `${gateway.url}/proxy?url={url}`, ipfsGateway: gateway.url };
    const reader = createEnsReader(chain.appClient, { universalResolver, assetHosts: hosts });
    const names = new NameService({
      reader,
      clock: systemClock,
      chainId: 31337,
      avatars: { mode: 'proxy', hosts },
    });
    const shown = await names.lookup(remote);
    expect(shown.label).toBe('remote.eth');
    expect(shown.avatarUrl).toBe(
      `${gateway.url}/proxy?url=${encodeURIComponent(`${memberHost.url}/me.png`)}`,
    );
    expect(memberHost.requests).toEqual([]);
  });

  it('reads an NFT avatar: tokenURI from the chain, metadata through the gateway, image through the proxy', async () => {
    const hosts = { proxy: `${gateway.url}/proxy?url={url}`, ipfsGateway: gateway.url };
    const reader = createEnsReader(chain.appClient, { universalResolver, assetHosts: hosts });
    const names = new NameService({
      reader,
      clock: systemClock,
      chainId: 31337,
      avatars: { mode: 'proxy', hosts },
    });

    const shown = await names.lookup(nftOwner);
    expect(shown.label).toBe('collector.eth');
    expect(gateway.requests).toEqual([`GET /ipfs/${CID}/7.json`]);
    expect(shown.avatarUrl).toBe(
      `${gateway.url}/proxy?url=${encodeURIComponent(`${memberHost.url}/nft7.png`)}`,
    );
    expect(memberHost.requests).toEqual([]);
  });

  it('with no proxy or gateway configured, shows generated avatars and asks no host at all', async () => {
    gateway.requests.length = 0;
    const reader = createEnsReader(chain.appClient, { universalResolver });
    const names = new NameService({ reader, clock: systemClock, chainId: 31337 });
    const [a, b] = await names.lookupMany([remote, nftOwner]);
    expect(a?.avatarUrl).toBe(generatedAvatar(remote));
    expect(b?.avatarUrl).toBe(generatedAvatar(nftOwner));
    expect([...memberHost.requests, ...gateway.requests]).toEqual([]);
  });
});
