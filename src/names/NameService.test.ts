import { type Address, getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.ts';
import type { EnsReader } from './EnsReader.ts';
import { generatedAvatar, shortAddress } from './generatedAvatar.ts';
import { NameService, type NameServiceOptions, type NameStorage } from './NameService.ts';

const alice = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const bob = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
const carol = getAddress('0x90f79bf6eb2c4f870365e785982e1f101e93b906');
const dave = getAddress('0x15d34aaf54267db7d7c367839aaf71a00a2c6a65');
const PUNK = 'eip155:1/erc721:0xb47e3cd837dDF8e4c57F05d70Ab865de6e193BBB/1';
const proxy = 'https://images.example/?url={url}';
const HOUR = 3_600_000;

class ManualClock implements Clock {
  time = 0;
  now(): number {
    return this.time;
  }
}

class MemoryStorage implements NameStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/**
 * ENS in memory: alice has a name and a data: avatar, bob has none, carol's avatar is on a
 * host she chose, dave's is an NFT.
 */
class FakeEnsReader implements EnsReader {
  calls: string[] = [];
  reachable = true;
  async getProfile(address: Address) {
    this.calls.push(address);
    if (!this.reachable) throw new Error('ENS RPC down');
    if (address === alice) return { name: 'alice.eth', avatar: 'data:image/svg+xml,alice' };
    if (address === carol) return { name: 'carol.eth', avatar: 'https://carol.example/me.png' };
    if (address === dave) return { name: 'dave.eth', avatar: PUNK };
    return { name: null, avatar: null };
  }
  async getNftImage(record: string) {
    this.calls.push(record);
    return record === PUNK ? 'https://nft.example/punk1.png' : null;
  }
  async getAddress(name: string) {
    this.calls.push(name);
    return name === 'alice.eth' ? alice : null;
  }
}

function setup() {
  const reader = new FakeEnsReader();
  const clock = new ManualClock();
  const storage = new MemoryStorage();
  const make = (avatars?: NameServiceOptions['avatars']) =>
    new NameService({ reader, clock, storage, chainId: 1, ...(avatars ? { avatars } : {}) });
  return { reader, clock, storage, make };
}

describe('NameService', () => {
  it('shows a name and avatar, or a short checksummed address and a generated avatar', async () => {
    const { make } = setup();
    const names = make();
    expect(names.peek(alice)).toMatchObject({ label: '0x7099…79C8', resolved: false });
    const [a, b] = await names.lookupMany([alice, bob.toLowerCase() as Address]);
    expect(a).toMatchObject({ ensName: 'alice.eth', label: 'alice.eth', resolved: true });
    expect(a?.avatarUrl).toBe('data:image/svg+xml,alice');
    expect(b).toMatchObject({ address: bob, ensName: null, label: shortAddress(bob) });
    expect(b?.avatarUrl).toBe(generatedAvatar(bob));
  });

  it('de-duplicates concurrent lookups of one address', async () => {
    const { reader, make } = setup();
    const names = make();
    await Promise.all([names.lookup(alice), names.lookup(alice), names.lookup(alice)]);
    expect(reader.calls).toEqual([alice]);
    expect(names.lookups).toBe(1);
  });

  it('makes no lookups on a warm page load (storage), until the TTL runs out', async () => {
    const { reader, clock, make } = setup();
    await make().lookupMany([alice, bob]);
    expect(reader.calls).toHaveLength(2);

    const reloaded = make();
    expect(reloaded.peek(alice).label).toBe('alice.eth');
    await reloaded.lookupMany([alice, bob]);
    expect(reloaded.lookups).toBe(0);

    clock.time += HOUR; // "no name" expires after 1 h, a name after 24 h
    await make().lookupMany([alice, bob]);
    expect(reader.calls).toEqual([alice, bob, bob]);
    clock.time += 24 * HOUR;
    await make().lookup(alice);
    expect(reader.calls).toEqual([alice, bob, bob, alice]);
  });

  it('shows the fallback when ENS is down and caches nothing', async () => {
    const { reader, storage, make } = setup();
    reader.reachable = false;
    const names = make();
    expect(await names.lookup(alice)).toMatchObject({ label: '0x7099…79C8', ensName: null });
    expect(storage.items.size).toBe(0);
    reader.reachable = true;
    expect((await names.lookup(alice)).label).toBe('alice.eth');
  });

  it('ignores corrupt storage entries', async () => {
    const { storage, make } = setup();
    storage.setItem(`community-chats/ens/1/${alice.toLowerCase()}`, '{"name": 5}');
    expect((await make().lookup(alice)).label).toBe('alice.eth');
  });

  it('resolves typed input: addresses, ENS names, and says what is wrong', async () => {
    const { reader, make } = setup();
    const names = make();
    expect(await names.resolveAddressInput(` ${alice.toLowerCase()} `)).toBe(alice);
    expect(await names.resolveAddressInput('Alice.eth')).toBe(alice);
    expect(await names.resolveAddressInput('alice.eth')).toBe(alice);
    expect(reader.calls).toEqual(['alice.eth']);
    await expect(names.resolveAddressInput('nobody.eth')).rejects.toMatchObject({
      code: 'NAME_NOT_FOUND',
    });
    await expect(names.resolveAddressInput('hello')).rejects.toMatchObject({
      code: 'ADDRESS_INVALID',
    });
    await expect(
      names.resolveAddressInput('0x70997970C51812DC3A010C7D01B50E0D17DC79c8'),
    ).rejects.toMatchObject({
      code: 'ADDRESS_INVALID',
    });
  });

  it("loads a member's own avatar host only through the proxy, and not at all without one", async () => {
    const { make } = setup();
    const viaProxy = await make({ mode: 'proxy', hosts: { proxy } }).lookup(carol);
    expect(viaProxy.avatarUrl).toBe(
      'https://images.example/?url=https%3A%2F%2Fcarol.example%2Fme.png',
    );
    const noProxy = make().peek(carol);
    expect(noProxy.label).toBe('carol.eth');
    expect(noProxy.avatarUrl).toBe(generatedAvatar(carol));
  });

  it('lets a member turn remote avatars off: views update at once, the choice is kept', async () => {
    const { make } = setup();
    const names = make({ mode: 'proxy', hosts: { proxy } });
    await names.lookupMany([alice, carol]);
    const shown: string[] = [];
    names.events.on('resolved', (display) => shown.push(`${display.label} ${display.avatarUrl}`));
    names.setAvatarMode('off');
    expect(shown).toEqual([
      'alice.eth data:image/svg+xml,alice',
      `carol.eth ${generatedAvatar(carol)}`,
    ]);
    const reloaded = make({ mode: 'proxy', hosts: { proxy } });
    expect(reloaded.avatarMode).toBe('off');
    expect(reloaded.peek(carol).avatarUrl).toBe(generatedAvatar(carol));
    expect(reloaded.lookups).toBe(0);
  });

  it('resolves an NFT avatar only when it may be shown, then through the proxy', async () => {
    const { reader, make } = setup();
    const off = make({ mode: 'off', hosts: { proxy } });
    expect((await off.lookup(dave)).avatarUrl).toBe(generatedAvatar(dave));
    expect(reader.calls).toEqual([dave]);
    const updated = new Promise((resolve) => off.events.on('resolved', resolve));
    off.setAvatarMode('proxy');
    expect(await updated).toMatchObject({
      label: 'dave.eth',
      avatarUrl: 'https://images.example/?url=https%3A%2F%2Fnft.example%2Fpunk1.png',
    });
    expect(reader.calls).toEqual([dave, dave, PUNK]);
    // With no host that could carry it, the NFT is not even looked up.
    reader.calls = [];
    await make({ mode: 'proxy', hosts: {} }).lookup(dave);
    expect(reader.calls).toEqual([]);
  });

  it('generates a stable avatar per address', () => {
    expect(generatedAvatar(alice)).toBe(generatedAvatar(alice.toLowerCase() as Address));
    expect(generatedAvatar(alice)).not.toBe(generatedAvatar(bob));
    expect(generatedAvatar(alice)).toMatch(/^data:image\/svg\+xml,/);
  });
});
