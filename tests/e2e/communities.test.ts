import { createPublicClient, createWalletClient, http } from 'viem';
import { hardhat } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { communityAccessAbi } from '../../src/chain/generated/communityAccessAbi.ts';
import { devAccount } from '../../src/wallet/createBurnerProvider.ts';
import { useE2eWorld } from './harness/index.ts';

const world = useE2eWorld();

describe('picking a community', () => {
  it('tells a newcomer what the app is before the wallet choice, in plain words', async () => {
    const visitor = await world.join('newcomer');
    await visitor.byTestId('connect-burner').waitFor();
    await expect(visitor.page.locator('h1').allTextContents()).resolves.toEqual([
      'Audio rooms and chat for on-chain communities',
    ]);
    const intro = visitor.byTestId('app-intro');
    await expect(intro.textContent()).resolves.toMatch(/allowlist[\s\S]*no account/);
    // The explanation comes before the wallet choice.
    const introFirst = await intro.evaluate(
      (node) =>
        !!(
          node.compareDocumentPosition(document.querySelector('#connect-title') as Node) &
          Node.DOCUMENT_POSITION_FOLLOWING
        ),
    );
    expect(introFirst).toBe(true);
    await expect(visitor.page.locator('body').textContent()).resolves.not.toMatch(/EIP|6963/);
  });

  it('shows the address a typed room name becomes, and why, before going there', async () => {
    const alice = await world.joinAs('alice-room-name', 0);
    await alice.page.evaluate(() => {
      location.hash = '#/c/0';
    });
    const address = alice.byTestId('room-address');
    await alice.byTestId('room-name').fill('My Room!! ☕');
    await expect(address.textContent()).resolves.toContain('Room address: my-room.');
    await expect(address.textContent()).resolves.toContain('letters, digits and dashes only');
    await alice.byTestId('room-name').fill('Stage Town Hall');
    await expect(address.textContent()).resolves.toContain('stage-town-hall (a stage)');
    await alice.byTestId('room-name').fill('weekly-call');
    await expect(address.textContent()).resolves.toMatch(/^\s*Room address: weekly-call\.\s*$/);
    await alice.byTestId('room-name').fill('My Room!! ☕');
    await alice.byTestId('open-room').click();
    await alice.page.waitForFunction(() => location.hash === '#/c/0/r/my-room');
  });

  it('shows members their community and lets them into its rooms', async () => {
    const alice = await world.joinAs('alice', 0);
    const demo = alice.byTestId('my-communities').getByTestId('community-0');
    await expect(demo.getByTestId('member-count').textContent()).resolves.toMatch(/5\s+members/);
    await demo.getByRole('link', { name: 'Demo Community' }).click();
    await expect(alice.byTestId('community-name').textContent()).resolves.toBe('Demo Community');
    await alice.byTestId('manage-link').waitFor();
    // The one naming rule with a consequence is told where rooms are named.
    await expect(alice.byTestId('stage-hint').textContent()).resolves.toContain('“stage-”');
    await alice.byTestId('room-lobby').click();
    await alice.byTestId('session-signature').waitFor();
  });

  it('keeps a non-member out of the rooms, even by direct link', async () => {
    const outsider = await world.joinAs('outsider', 7);
    const demo = outsider.byTestId('other-communities').getByTestId('community-0');
    await expect(demo.textContent()).resolves.toContain('Members only');
    await expect(demo.getByRole('link').count()).resolves.toBe(0);
    await outsider.page.evaluate(() => {
      location.hash = '#/c/0/r/lobby';
    });
    await outsider.byTestId('room-refused').waitFor();
    await expect(outsider.byTestId('session-signature').count()).resolves.toBe(0);
    await expect(outsider.byTestId('room-screen').count()).resolves.toBe(0);
  });

  it('shows every community a page at a time, a member finding theirs on a later page', async () => {
    const rpcUrl = world.stack.config.chain.rpcUrl;
    const contract = world.stack.config.chain.communityAccess;
    const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
    const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
    const create = (index: number, name: string) =>
      createWalletClient({ account: devAccount(index), chain, transport: http(rpcUrl) })
        .writeContract({
          address: contract,
          abi: communityAccessAbi,
          functionName: 'createCommunity',
          args: [name, '', false],
        })
        .then((hash) => publicClient.waitForTransactionReceipt({ hash }));
    // 105 communities, the last one made by the latecomer (dev account #8).
    const existing = Number(
      await publicClient.readContract({
        address: contract,
        abi: communityAccessAbi,
        functionName: 'communityCount',
      }),
    );
    for (let id = existing; id < 104; id++) await create(18, `Filler ${id}`);
    await create(8, 'Late Community');

    const latecomer = await world.joinAs('latecomer', 8);
    await expect(latecomer.byTestId('communities-shown').textContent()).resolves.toBe(
      '100 of 105 shown',
    );
    await expect(latecomer.byTestId('no-communities').textContent()).resolves.toContain(
      'None of the first 100 communities',
    );
    await expect(latecomer.byTestId('community-104').count()).resolves.toBe(0);
    await latecomer.byTestId('show-more-communities').click();
    const late = latecomer.byTestId('my-communities').getByTestId('community-104');
    await late.getByRole('link', { name: 'Late Community' }).waitFor();
    await expect(
      latecomer.byTestId('other-communities').getByTestId('community-100').count(),
    ).resolves.toBe(1);
    // Every community is shown, so the button is gone.
    await expect(latecomer.byTestId('show-more-communities').count()).resolves.toBe(0);
  });
});
