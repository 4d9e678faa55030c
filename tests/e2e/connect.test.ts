import { createWalletClient, http } from 'viem';
import { hardhat } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { addParticipant } from '../../src/chain/addParticipant.ts';
import { devAccount } from '../../src/wallet/createBurnerProvider.ts';
import { useE2eWorld } from './harness/index.ts';
import { connectTestWallet } from './harness/testWallet.ts';
import { recordWalletRequests, walletRequests } from './harness/walletRequests.ts';

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

  it('opens a new tab of the same browser connected to the burner chosen before', async () => {
    const erin = await world.joinAs('erin', 4);
    // The admin console opens in a new tab.
    const tab = await erin.context.newPage();
    await tab.goto(`${world.stack.appUrl}#/admin`);
    const badge = tab.getByTestId('wallet-address');
    await badge.waitFor({ timeout: 15_000 });
    await expect(badge.getAttribute('data-address')).resolves.toBe(devAccount(4).address);
    await expect(tab.getByTestId('connect-burner').count()).resolves.toBe(0);
    await tab.close();
  });

  it('opens a new tab connected to a browser wallet without asking it for accounts', async () => {
    const frank = await world.join('frank');
    await recordWalletRequests(frank.context);
    await connectTestWallet(world.stack, frank, {
      info: { name: 'Tab Test Wallet', uuid: crypto.randomUUID(), rdns: 'test.tabs' },
      account: devAccount(5).address,
      signing: { signer: devAccount(5) },
    });
    const tab = await frank.context.newPage();
    await tab.goto(world.stack.appUrl);
    const badge = tab.getByTestId('wallet-address');
    await badge.waitFor({ timeout: 15_000 });
    await expect(badge.getAttribute('data-address')).resolves.toBe(devAccount(5).address);
    const calls = await walletRequests(tab);
    expect(calls).toContain('eth_accounts');
    // eth_requestAccounts is what makes a wallet open its connect prompt.
    expect(calls).not.toContain('eth_requestAccounts');
    await tab.close();
  });

  it('lets a refused visitor copy their address, and lets them in once an admin adds them', async () => {
    const grace = await world.joinAs('grace', 8);
    await grace.context.grantPermissions(['microphone', 'clipboard-read', 'clipboard-write']);
    await grace.page.evaluate(() => {
      location.hash = '#/c/0/r/lobby';
    });
    await grace.byTestId('room-refused').waitFor({ timeout: 15_000 });
    const address = devAccount(8).address;
    // The whole address, to send to an admin.
    await expect(grace.byTestId('refused-address').textContent()).resolves.toBe(address);
    await grace.byTestId('copy-address').click();
    await expect
      .poll(() => grace.page.evaluate(() => navigator.clipboard.readText()))
      .toBe(address);

    // The community's owner adds her; her page follows the allowlist and lets her in.
    const { rpcUrl } = world.stack.config.chain;
    const owner = createWalletClient({
      account: devAccount(0),
      chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } },
      transport: http(rpcUrl),
    });
    await addParticipant(owner, {
      contract: world.stack.deployment.communityAccess,
      communityId: world.stack.deployment.demoCommunityId,
      participant: address,
    });
    await grace.byTestId('sign-session').waitFor({ timeout: 30_000 });
    await expect(grace.byTestId('room-refused').count()).resolves.toBe(0);
  });
});
