import { type Address, getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { chunk } from '../chain/addParticipants.ts';
import type { Clock } from '../core/clock.ts';
import type { EnsReader } from '../names/EnsReader.ts';
import { NameService } from '../names/NameService.ts';
import { parseAddressList } from './addressList.ts';

const alice = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const bob = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');

const clock: Clock = { now: () => 0 };
const reader: EnsReader = {
  getProfile: async () => ({ name: null, avatar: null }),
  getAddress: async (name) => ({ 'alice.eth': alice, 'bob.eth': bob })[name] ?? null,
  getNftImage: async () => null,
};
const names = new NameService({ reader, clock, chainId: 1 });
const resolve = (input: string) => names.resolveAddressInput(input);

describe('parseAddressList', () => {
  it('judges each line: valid, duplicate, bad with a reason', async () => {
    const text = [
      'address,note',
      `${alice},first`,
      '',
      '# a comment',
      `  "${bob.toLowerCase()}" ; second`,
      'alice.eth',
      'nobody.eth',
      '0x1234',
      `0x70997970C51812DC3A010C7D01B50E0D17DC79c8`,
      'BOB.eth',
    ].join('\r\n');
    const list = await parseAddressList(text, { resolve });
    expect(list.valid).toEqual([alice, bob]);
    expect(list.duplicates).toBe(2);
    expect(list.invalid).toBe(3);
    expect(list.lines.map((l) => [l.line, l.status])).toEqual([
      [2, 'valid'],
      [5, 'valid'],
      [6, 'duplicate'],
      [7, 'invalid'],
      [8, 'invalid'],
      [9, 'invalid'],
      [10, 'duplicate'],
    ]);
    const reasons = list.lines.flatMap((l) => (l.status === 'invalid' ? [l.reason] : []));
    expect(reasons[0]).toContain('does not point to an address');
    expect(reasons[1]).toContain('neither an address nor an ENS name');
    expect(reasons[2]).toContain('checksum');
    expect(list.lines[2]).toMatchObject({ status: 'duplicate', firstLine: 2 });
  });

  it('says which addresses are members already, asking about each unique address once', async () => {
    const asked: Address[][] = [];
    const list = await parseAddressList([alice, 'bob.eth', alice].join('\n'), {
      resolve,
      areMembers: async (addresses) => {
        asked.push([...addresses]);
        return addresses.map((a) => a === alice);
      },
    });
    expect(asked).toEqual([[alice, bob]]);
    expect(list.valid).toEqual([bob]);
    expect(list.members).toBe(1);
    expect(list.lines.map((l) => l.status)).toEqual(['member', 'valid', 'duplicate']);
  });

  it('refuses lists over the limit before resolving anything', async () => {
    let calls = 0;
    const counting = async (input: string): Promise<Address> => {
      calls++;
      return resolve(input);
    };
    const text = Array.from({ length: 11 }, () => alice).join('\n');
    await expect(parseAddressList(text, { resolve: counting, maxLines: 10 })).rejects.toMatchObject(
      { code: 'ADDRESS_INVALID' },
    );
    expect(calls).toBe(0);
  });

  it('splits the valid addresses into transactions', () => {
    const addresses = Array.from({ length: 250 }, (_, i) => i);
    expect(chunk(addresses, 100).map((c) => c.length)).toEqual([100, 100, 50]);
    expect(chunk([], 100)).toEqual([]);
  });
});
