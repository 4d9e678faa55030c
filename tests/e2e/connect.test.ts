import { describe, expect, it } from 'vitest';
import { useE2eWorld } from './harness/index.ts';

const world = useE2eWorld();

describe('connecting a wallet', () => {
  it('gives two participants their own burner accounts', async () => {
    const alice = await world.joinAs('alice', 0);
    const bob = await world.joinAs('bob', 1);
    await expect(alice.byTestId('wallet-address').textContent()).resolves.toBe('0xf39F…2266');
    await expect(bob.byTestId('wallet-address').textContent()).resolves.toBe('0x7099…79C8');
    await expect(alice.byTestId('network-name').textContent()).resolves.toBe('Local chain');
  });
});
