import { describe, expect, it } from 'vitest';
import { useE2eWorld } from './harness/index.ts';

const world = useE2eWorld();

describe('connecting a wallet', () => {
  it('says who a dev account is before connecting with it', async () => {
    const visitor = await world.join('visitor');
    await visitor.byTestId('burner-account').selectOption('1');
    await visitor.byTestId('burner-preview').getByText('bob.eth').waitFor({ timeout: 15_000 });
    await visitor.byTestId('burner-account').selectOption('7');
    await visitor.byTestId('burner-preview').getByText('0x14dC…9955').waitFor({ timeout: 15_000 });
    // A first visit asks for nothing that is missing (a favicon, a chunk) and throws nothing.
    expect(visitor.logs.filter((line) => /^\[(error|pageerror)\]/.test(line))).toEqual([]);
  });

  it('gives each participant their own account, shown by ENS name', async () => {
    const alice = await world.joinAs('alice', 0);
    const bob = await world.joinAs('bob', 1);
    await expect(alice.byTestId('network-name').textContent()).resolves.toBe('Local chain');
    const aliceBadge = alice.byTestId('wallet-address');
    await expect(aliceBadge.getAttribute('data-address')).resolves.toBe(
      '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    );
    await aliceBadge.getByText('alice.eth').waitFor();
    await bob.byTestId('wallet-address').getByText('bob.eth').waitFor();
  });

  it('shows a short checksummed address when an account has no ENS name', async () => {
    const stranger = await world.joinAs('stranger', 7);
    await stranger.byTestId('wallet-address').getByText('0x14dC…9955').waitFor();
  });

  it('disconnects back to the wallet choice', async () => {
    const carol = await world.joinAs('carol', 2);
    await carol.byTestId('disconnect').click();
    await carol.byTestId('connect-burner').waitFor();
    await expect(carol.byTestId('wallet-address').count()).resolves.toBe(0);
  });
});
