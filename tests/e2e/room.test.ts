import { createWalletClient, http } from 'viem';
import { hardhat } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { removeParticipant } from '../../src/chain/removeParticipant.ts';
import { devAccount } from '../../src/wallet/createBurnerProvider.ts';
import { useE2eWorld } from './harness/index.ts';

const world = useE2eWorld();
const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const BOB = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const CAROL = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';

describe('entering a room', () => {
  it('explains the one signature, then shows both members to each other by name', async () => {
    const alice = await world.joinAs('alice', 0);
    const bob = await world.joinAs('bob', 1);
    await alice.page.evaluate(() => {
      location.hash = '#/c/0/r/lobby';
    });
    await expect(alice.byTestId('signature-explanation').textContent()).resolves.toContain(
      'costs no gas',
    );
    await alice.byTestId('sign-session').click();
    await alice.byTestId('room-screen').waitFor();
    // The owner's moderation panel says the room is empty rather than showing a bare heading.
    await alice.byTestId('moderation-participants-empty').waitFor({ timeout: 15_000 });
    await bob.enterRoom(0, 'lobby', { chat: false });

    const bobOnAlice = alice.byTestId(`participant-${BOB}`);
    await bobOnAlice.waitFor({ timeout: 30_000 });
    await bobOnAlice.getByText('bob.eth', { exact: true }).waitFor();
    await bob
      .byTestId(`participant-${ALICE}`)
      .getByText('alice.eth', { exact: true })
      .waitFor({ timeout: 30_000 });
    await expect(alice.byTestId('relay-status').textContent()).resolves.toMatch(/1 of 1\s+relay/);
    // Relay URLs and drop counters wait behind a Diagnostics button, reachable by keyboard,
    // and Escape puts them away again.
    const diagnostics = alice.byTestId('diagnostics');
    expect(await diagnostics.isVisible()).toBe(false);
    await alice.byTestId('diagnostics-button').focus();
    await alice.page.keyboard.press('Enter');
    await diagnostics.getByTestId('relay-health-row').first().waitFor();
    // The page's own drops (frames over the size limit, full nodes) are there too.
    await diagnostics.getByTestId('graph-dropped-node-full').waitFor();
    await diagnostics.getByTestId('graph-dropped-oversize-frame').waitFor();
    await alice.page.keyboard.press('Escape');
    await diagnostics.waitFor({ state: 'hidden' });
    await expect(
      alice.page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    ).resolves.toBe('diagnostics-button');
    await alice.byTestId('moderation-participants-empty').waitFor({ state: 'detached' });

    // Bob reloads mid-call. Alice reads that it is Bob who is reconnecting, or sees him leave
    // (his page says goodbye on pagehide when the relay gets it in time), never that her own
    // connection was lost.
    const seen: string[] = [];
    await bob.page.reload();
    await expect
      .poll(
        async () => {
          const text = (await alice.byTestId('room-status').textContent()) ?? '';
          seen.push(text);
          const bobGone = (await bobOnAlice.count()) === 0;
          return text.includes('Reconnecting to bob.eth') || bobGone;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);
    expect(seen.filter((text) => text.includes('Connection lost'))).toEqual([]);
    // His tab reconnects the wallet it used and goes back into the room by itself.
    await bob.byTestId('room-screen').waitFor({ timeout: 30_000 });
    await expect(bob.byTestId('connect-burner').count()).resolves.toBe(0);
    await bobOnAlice.waitFor({ timeout: 30_000 });
  });

  it('forgets the session on sign-out: the next entry asks for the signature again', async () => {
    const dave = await world.joinAs('dave', 3);
    await dave.enterRoom(0, 'lobby', { chat: false });
    await dave.byTestId('disconnect').click();
    await dave.connectBurner(3);
    await dave.page.evaluate(() => {
      location.hash = '#/c/0/r/lobby';
    });
    await dave.byTestId('sign-session').waitFor({ timeout: 30_000 });
  });

  it('fits a 390 px phone: no sideways scrolling, chat right below the call, controls always in view', async () => {
    const erin = await world.joinAs('erin', 4);
    await erin.page.setViewportSize({ width: 390, height: 844 });
    await erin.enterRoom(0, 'lobby', { chat: false });
    await erin.byTestId('chat-panel').waitFor({ timeout: 30_000 });
    const width = await erin.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    // Measured once the room has settled (tiles and notices arrive as the roster fills in).
    const gap = async () => {
      const tiles = await erin.byTestId('participants').boundingBox();
      const chat = await erin.byTestId('chat-panel').boundingBox();
      return (chat?.y ?? 0) - ((tiles?.y ?? 0) + (tiles?.height ?? 0));
    };
    await expect.poll(gap, { timeout: 10_000, interval: 250 }).toBeLessThan(80);

    // With a DM open and read to its end, the call controls stay in view, on a phone and on a
    // laptop.
    const controls = erin.page.getByRole('toolbar', { name: 'Call controls' });
    /** The controls lie wholly inside the window, at its bottom edge: nothing empty below. */
    const inView = async () => {
      const box = await controls.boundingBox();
      const height = erin.page.viewportSize()?.height ?? 0;
      return box !== null && box.y >= 0 && height - (box.y + box.height) < 40;
    };
    await erin.byTestId('dm-open').first().click({ timeout: 30_000 });
    const dm = erin.byTestId('dm-panel');
    await dm.waitFor();
    // The reader scrolls on through the DM.
    await dm.scrollIntoViewIfNeeded();
    await erin.page.mouse.wheel(0, 2_000);
    await expect.poll(inView).toBe(true);
    await expect(erin.byTestId('leave-button').isVisible()).resolves.toBe(true);
    await erin.page.setViewportSize({ width: 1280, height: 720 });
    await dm.scrollIntoViewIfNeeded();
    await erin.page.mouse.wheel(0, 2_000);
    await expect.poll(inView).toBe(true);
  });

  it('tells a member removed during a call, and ends their call', async () => {
    const [alice, carol] = await Promise.all([
      world.joinAs('alice-removes', 0),
      world.joinAs('carol-removed', 2),
    ]);
    await Promise.all([
      alice.enterRoom(0, 'removal', { chat: false }),
      carol.enterRoom(0, 'removal', { chat: false }),
    ]);
    await carol.byTestId(`participant-${ALICE}`).waitFor({ timeout: 30_000 });

    // The owner removes carol straight on the chain, as the admin console would.
    const { rpcUrl, communityAccess } = world.stack.config.chain;
    const owner = createWalletClient({
      account: devAccount(0),
      chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } },
      transport: http(rpcUrl),
    });
    await removeParticipant(owner, {
      contract: communityAccess,
      communityId: 0n,
      participant: devAccount(2).address,
    });

    const status = carol.page.locator('[data-testid="room-status"][data-state="access-lost"]');
    await status.waitFor({ timeout: 15_000 });
    await expect(status.textContent()).resolves.toContain('the call has ended');
    // The call is over on carol's side: no tiles, no Mute or Leave, a way back.
    await expect(carol.byTestId('participants').count()).resolves.toBe(0);
    await expect(carol.page.getByRole('toolbar', { name: 'Call controls' }).count()).resolves.toBe(
      0,
    );
    await carol.byTestId('room-back-button').waitFor();
    await alice.byTestId(`participant-${CAROL}`).waitFor({ state: 'detached', timeout: 15_000 });
  });
});
