import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployLocalEns } from '../../scripts/chain/deployLocalEns.ts';
import { devAccountNames, hardhatDevAccounts } from '../../scripts/chain/devAccounts.ts';
import { devAvatarDataUri } from '../../scripts/chain/devAvatar.ts';
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
