/**
 * Chat in Chromium through the whole local stack: two members chat in a room and DM each
 * other; after everyone left, the room's conversation and its history come back; a third
 * joins and is added to the group by the community's owner; a member taken off the
 * allowlist loses the room chat. Everything happens in the app's own room screen.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { createWalletClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { hardhatDevAccounts } from '../../scripts/chain/devAccounts.ts';
import { communityAccessAbi } from '../../src/chain/generated/communityAccessAbi.ts';
import { devAccount } from '../../src/wallet/createBurnerProvider.ts';
import { defaultExecutable } from './harness/browser.ts';
import { type Participant, useE2eWorld } from './harness/index.ts';
import { connectTestWallet } from './harness/testWallet.ts';
import { recordWalletRequests, walletRequests } from './harness/walletRequests.ts';

const world = useE2eWorld();

/** Dev account `index` enters the demo lobby (two signatures: the room's and chat's). */
async function openChat(label: string, index: number): Promise<Participant> {
  const participant = await world.joinAs(label, index);
  await participant.enterRoom(0, 'lobby');
  await startChat(participant);
  return participant;
}

/** Waits for chat in the room the participant is in, noting any error the chat panel shows. */
async function startChat(participant: Participant): Promise<void> {
  await participant.page.evaluate(() => {
    const panel = document.querySelector('[data-testid="chat-panel"]');
    const seen: string[] = [];
    Object.assign(window, { __chatErrors: seen });
    new MutationObserver(() => {
      const notice = panel?.querySelector('[data-testid="error-notice"]');
      if (notice?.textContent && !seen.includes(notice.textContent)) seen.push(notice.textContent);
    }).observe(panel ?? document.body, { subtree: true, childList: true });
  });
  await participant.startChat();
}

/** Errors the chat panel showed since `startChat`, even for a moment. */
function chatErrorsSeen(participant: Participant): Promise<string[]> {
  return participant.page.evaluate(
    () => (window as unknown as { __chatErrors: string[] }).__chatErrors,
  );
}

function roomMessages(p: Participant) {
  return p.byTestId('chat-panel').getByTestId('chat-message');
}

describe('chat in the browser', () => {
  let alice: Participant;
  let bob: Participant;
  let carol: Participant;

  it('lets two members chat in a room', async () => {
    [alice, bob] = await Promise.all([world.joinAs('alice', 0), world.joinAs('bob', 1)]);
    await Promise.all([alice.enterRoom(0, 'lobby'), bob.enterRoom(0, 'lobby')]);
    // Each sees the other before enabling chat: the roster changed while chat was still off.
    await alice.byTestId(`participant-${hardhatDevAccounts[1].toLowerCase()}`).waitFor();
    await bob.byTestId(`participant-${hardhatDevAccounts[0].toLowerCase()}`).waitFor();
    await Promise.all([startChat(alice), startChat(bob)]);
    const panel = (p: Participant) => p.byTestId('chat-panel');
    await panel(alice).getByTestId('chat-input').fill('hello from alice');
    await panel(alice).getByTestId('chat-send').click();
    const seen = roomMessages(bob).filter({ hasText: 'hello from alice' });
    await seen.waitFor({ timeout: 60_000 });
    const mine = roomMessages(alice).filter({ hasText: 'hello from alice' });
    await expect
      .poll(() => mine.getByTestId('message-state').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('sent');
    await panel(bob).getByTestId('chat-input').fill('hi alice');
    await panel(bob).getByTestId('chat-send').click();
    await roomMessages(alice).filter({ hasText: 'hi alice' }).waitFor({ timeout: 20_000 });
    // Screen readers hear what came in from others, not one's own messages.
    const heard = (p: Participant) => panel(p).getByTestId('chat-live').textContent();
    await expect.poll(() => heard(alice)).toMatch(/bob\.eth: hi alice/);
    await expect(heard(bob)).resolves.toMatch(/alice\.eth: hello from alice/);
    await expect(chatErrorsSeen(alice)).resolves.toEqual([]);
    await expect(chatErrorsSeen(bob)).resolves.toEqual([]);
  });

  it('lets them DM each other, with an unread count', async () => {
    await alice
      .byTestId('dm-list')
      .getByRole('heading', { name: 'Direct messages' })
      .waitFor({ timeout: 20_000 });
    // Bob opens a DM from the sender's name on Alice's message.
    await roomMessages(bob)
      .filter({ hasText: 'hello from alice' })
      .getByTestId('message-sender')
      .click();
    const bobDm = bob.byTestId('dm-panel');
    await bobDm.getByTestId('chat-input').fill('a private word');
    await bobDm.getByTestId('chat-send').click();
    const unread = alice.byTestId('dm-list').getByTestId('dm-unread');
    await expect.poll(() => unread.textContent(), { timeout: 30_000 }).toBe('1');
    await alice.byTestId('dm-list').getByTestId('dm-open').first().click();
    const aliceDm = alice.byTestId('dm-panel');
    await aliceDm.getByTestId('chat-message').filter({ hasText: 'a private word' }).waitFor();
    await expect.poll(() => unread.count()).toBe(0);
    await aliceDm.getByTestId('chat-input').fill('got it');
    await aliceDm.getByTestId('chat-send').click();
    await bobDm
      .getByTestId('chat-message')
      .filter({ hasText: 'got it' })
      .waitFor({ timeout: 20_000 });
  });

  it('gives each message one tab stop; its reply and reactions answer the keyboard', async () => {
    const messages = roomMessages(bob);
    /** Tab stops inside each message: focusable, in the tab order, enabled. */
    const tabStops = () =>
      messages.evaluateAll((items) =>
        items.map(
          (item) =>
            [...item.querySelectorAll<HTMLElement>('button, a[href], input, textarea, [tabindex]')]
              .filter((element) => element.tabIndex >= 0)
              .filter((element) => !(element as HTMLButtonElement).disabled).length,
        ),
      );
    const before = await tabStops();
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...before)).toBe(1);

    // By keyboard alone: the stop is Reply; the right arrow moves to thumbs up, Enter reacts.
    const message = messages.filter({ hasText: 'hello from alice' });
    const toolbar = message.getByRole('toolbar');
    await toolbar.locator('[tabindex="0"]').focus();
    const focused = () => bob.page.evaluate(() => document.activeElement?.textContent?.trim());
    await expect(focused()).resolves.toBe('Reply');
    await bob.page.keyboard.press('ArrowRight');
    const label = () =>
      bob.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    await expect(label()).resolves.toBe('React with thumbs up');
    await bob.page.keyboard.press('Enter');
    const chip = message.getByTestId('message-reactions').getByRole('button');
    await expect.poll(() => chip.getAttribute('aria-pressed'), { timeout: 20_000 }).toBe('true');
    // Still one stop per message, and focus stays on the button pressed.
    expect(Math.max(...(await tabStops()))).toBe(1);
    await expect(label()).resolves.toBe('React with thumbs up');
    // Reply by keyboard: Home goes to the first button (now the reaction), then on to Reply.
    await bob.page.keyboard.press('Home');
    await expect(
      bob.page.evaluate(() =>
        Boolean(document.activeElement?.closest('[data-testid="message-reactions"]')),
      ),
    ).resolves.toBe(true);
    await bob.page.keyboard.press('ArrowRight');
    await expect(focused()).resolves.toBe('Reply');
    await bob.page.keyboard.press('Enter');
    await bob.byTestId('chat-panel').getByTestId('chat-replying').waitFor();
  });

  it('finds the same conversation and its history when everyone left and came back', async () => {
    for (const p of [alice, bob]) {
      await p.page.evaluate(() => {
        location.hash = '#/c/0';
      });
    }
    await Promise.all(
      [alice, bob].map((p) => p.byTestId('room-screen').waitFor({ state: 'detached' })),
    );
    // Bob, not an admin, comes back first to an empty room: the group is found from the
    // record an admin signed, not from whoever is online.
    await bob.enterRoom(0, 'lobby');
    await roomMessages(bob).filter({ hasText: 'hello from alice' }).waitFor({ timeout: 60_000 });
    await alice.enterRoom(0, 'lobby');
    await roomMessages(alice).filter({ hasText: 'hi alice' }).waitFor({ timeout: 60_000 });
    const panel = alice.byTestId('chat-panel');
    await panel.getByTestId('chat-input').fill('back in the same room');
    await panel.getByTestId('chat-send').click();
    await roomMessages(bob)
      .filter({ hasText: 'back in the same room' })
      .waitFor({ timeout: 30_000 });
  });

  // Only for `npm run bench -- chat`: delivery latency and client start, written to a file.
  // Timed in persistent profiles (the harness's incognito contexts make OPFS ~5x slower), and
  // run alone: the members of the tests above stay in the room, in an audio call, on the same
  // two cores, and made every step of these two browsers 3-7x slower (a user's machine runs
  // one browser).
  it.runIf(process.env.CHAT_BENCH_OUT)(
    'measures delivery and client start (bench)',
    async () => {
      // The owner opens the lobby's chat (only owners and admins may), timed from entering.
      const owner = await persistentMember('owner', 0);
      const dave = await persistentMember('dave', 3);
      const erin = await persistentMember('erin', 4);
      try {
        const joinFirst = await timeJoin(owner, 'sign');
        await owner.page.evaluate(() => {
          location.hash = '#/c/0';
        });
        await owner.page.reload();
        await connectIfAsked(owner.page, 0);
        const joinReturning = await timeJoin(owner, 'enter');
        persistentFreshStarts.push(await timeJoin(dave, 'sign'), await timeJoin(erin, 'sign'));
        await bothInGroup(dave, erin);
        const delivery = await deliveryTimes(dave, erin, 60);
        // Client start with the database this profile already has: reload, connected, ready.
        const starts: number[] = [];
        for (let run = 0; run < 3; run += 1) {
          await erin.page.reload();
          await connectIfAsked(erin.page, 4);
          const started = Date.now();
          await chatReady(erin.page);
          starts.push(Date.now() - started);
        }
        await writeFile(
          process.env.CHAT_BENCH_OUT ?? '',
          JSON.stringify({
            delivery,
            persistedStart: starts,
            freshStart: persistentFreshStarts,
            joinFirst: [joinFirst],
            joinReturning: [joinReturning],
          }),
        );
      } finally {
        await Promise.all([owner, dave, erin].map((m) => m.context.close()));
      }
    },
    300_000,
  );

  it('adds a third member to the group, who is told why earlier messages are missing', async () => {
    carol = await openChat('carol', 2);
    await carol.byTestId('chat-history-notice').waitFor({ timeout: 60_000 });
    await expect(roomMessages(carol).filter({ hasText: 'hello from alice' }).count()).resolves.toBe(
      0,
    );
    const panel = carol.byTestId('chat-panel');
    await panel.getByTestId('chat-input').fill('carol here');
    await panel.getByTestId('chat-send').click();
    await roomMessages(alice).filter({ hasText: 'carol here' }).waitFor({ timeout: 30_000 });
    await roomMessages(bob).filter({ hasText: 'carol here' }).waitFor({ timeout: 30_000 });
  });

  it('takes a member removed from the allowlist out of the room chat', async () => {
    const { rpcUrl } = world.stack.config.chain;
    const owner = createWalletClient({
      account: mnemonicToAccount('test test test test test test test test test test test junk'),
      chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } },
      transport: http(rpcUrl),
    });
    await owner.writeContract({
      address: world.stack.deployment.communityAccess,
      abi: communityAccessAbi,
      functionName: 'removeParticipantFromCommunity',
      args: [world.stack.deployment.demoCommunityId, hardhatDevAccounts[2]],
    });
    await carol.byTestId('chat-removed').waitFor({ timeout: 60_000 });
    const panel = alice.byTestId('chat-panel');
    await panel.getByTestId('chat-input').fill('after carol left');
    await panel.getByTestId('chat-send').click();
    await roomMessages(bob).filter({ hasText: 'after carol left' }).waitFor({ timeout: 30_000 });
    await expect(carol.byTestId('chat-messages').count()).resolves.toBe(0);
  });

  it('tells a member alone in a room that its chat opens when an owner or admin comes', async () => {
    await bob.enterRoom(0, 'quiet');
    const waiting = bob.byTestId('chat-panel').getByTestId('chat-waiting');
    await expect.poll(() => waiting.getAttribute('data-for'), { timeout: 30_000 }).toBe('no-admin');
    await expect(waiting.textContent()).resolves.toMatch(
      /opens when an owner or admin of the community is here/,
    );
    await alice.enterRoom(0, 'quiet');
    await waiting.waitFor({ state: 'detached', timeout: 60_000 });
    const panel = alice.byTestId('chat-panel');
    await panel.getByTestId('chat-input').fill('the owner is here');
    await panel.getByTestId('chat-send').click();
    await roomMessages(bob).filter({ hasText: 'the owner is here' }).waitFor({ timeout: 30_000 });
  });
});

describe('signatures to talk and chat', () => {
  it('asks a first visit for two signatures back to back, and a returning member for none', async () => {
    const frank = await world.join('frank');
    await recordWalletRequests(frank.context);
    await connectTestWallet(world.stack, frank, {
      info: { name: 'Counting Test Wallet', uuid: crypto.randomUUID(), rdns: 'test.counting' },
      account: devAccount(0).address,
      signing: { signer: devAccount(0) },
    });
    const signatures = async () =>
      (await walletRequests(frank.page)).filter((method) => method === 'personal_sign').length;
    await frank.page.evaluate(() => {
      location.hash = '#/c/0/r/signatures';
    });
    // Both explained in one place, one short sentence each, before the wallet opens.
    await expect(frank.byTestId('signature-explanation').textContent()).resolves.toContain(
      'two messages',
    );
    await frank.byTestId('sign-session').click();
    await roomChatReady(frank);
    await expect(signatures()).resolves.toBe(2);

    // Back in the same browser: the wallet reconnects, the certificate and chat's
    // installation are reused, and nothing is signed.
    await frank.page.reload();
    await roomChatReady(frank);
    await expect(signatures()).resolves.toBe(0);
    const panel = frank.byTestId('chat-panel');
    await panel.getByTestId('chat-input').fill('no signature needed');
    await panel.getByTestId('chat-send').click();
    const mine = roomMessages(frank).filter({ hasText: 'no signature needed' });
    await expect
      .poll(() => mine.getByTestId('message-state').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('sent');
  });
});

/** Waits until the room's chat takes messages: the composer is there, the group joined. */
async function roomChatReady(participant: Participant): Promise<void> {
  const panel = participant.byTestId('chat-panel');
  await panel.getByTestId('chat-input').waitFor({ timeout: 60_000 });
  await panel.getByTestId('chat-connecting').waitFor({ state: 'detached', timeout: 60_000 });
}

/** Fresh starts in persistent profiles (for the bench). */
const persistentFreshStarts: number[] = [];

/** A member in its own persistent Chromium profile (inside the e2e network namespace), connected. */
async function persistentMember(
  label: string,
  index: number,
): Promise<{ context: BrowserContext; page: Page }> {
  if (!process.env.CC_E2E_NETNS) throw new Error('Chromium runs only inside the e2e namespace');
  const context = await chromium.launchPersistentContext(
    await mkdtemp(join(tmpdir(), `chat-bench-${label}-`)),
    {
      executablePath: defaultExecutable,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    },
  );
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(world.stack.appUrl);
  await connectIfAsked(page, index);
  return { context, page };
}

/** Connects dev account `index` unless the page reconnected it by itself. */
async function connectIfAsked(page: Page, index: number): Promise<void> {
  const badge = page.getByTestId('wallet-address');
  await badge.or(page.locator('[data-testid="connect-burner"]:enabled')).first().waitFor();
  if (await badge.isVisible()) return;
  await page.getByTestId('burner-account').selectOption(String(index));
  await page.getByTestId('connect-burner').click();
  await badge.waitFor();
}

/**
 * Enters the lobby, signing (`sign`: the first visit's button) or not (`enter`: a return),
 * and times it until the room's chat is ready: the composer shown, the room's group joined.
 */
async function timeJoin(member: { page: Page }, how: 'sign' | 'enter'): Promise<number> {
  const { page } = member;
  let started = Date.now();
  await page.evaluate(() => {
    location.hash = '#/c/0/r/lobby';
  });
  if (how === 'sign') {
    const sign = page.getByTestId('sign-session');
    await sign.waitFor({ timeout: 30_000 });
    started = Date.now();
    await sign.click();
  }
  await chatReady(page);
  return Date.now() - started;
}

/** Waits until the room's chat is ready, pressing "Enable chat" if the page offers it. */
async function chatReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const panel = document.querySelector('[data-testid="chat-panel"]');
      if (panel === null) return false;
      panel.querySelector<HTMLButtonElement>('[data-testid="chat-start"]')?.click();
      return (
        panel.querySelector('[data-testid="chat-input"]') !== null &&
        panel.querySelector('[data-testid="chat-connecting"]') === null &&
        panel.querySelector('[data-testid="chat-waiting"]') === null
      );
    },
    undefined,
    { timeout: 60_000, polling: 'raf' },
  );
}

/**
 * Waits until a message from `from` reaches `to`: whoever came second is in the room's group
 * only once the other added it, and messages sent before that cannot be read.
 */
async function bothInGroup(from: { page: Page }, to: { page: Page }): Promise<void> {
  const panel = from.page.getByTestId('chat-panel');
  const arrived = to.page
    .getByTestId('chat-panel')
    .getByTestId('message-text')
    .filter({ hasText: 'warm-up' })
    .first();
  const deadline = Date.now() + 60_000;
  for (let n = 0; Date.now() < deadline; n += 1) {
    await panel.getByTestId('chat-input').fill(`warm-up ${n}`);
    await panel.getByTestId('chat-send').click();
    const shown = await arrived.waitFor({ timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
  }
  throw new Error('the two bench members never shared the room chat');
}

/** Sends `count` room messages from `from` and times each until `to` shows it. */
async function deliveryTimes(
  from: { page: Page },
  to: { page: Page },
  count: number,
): Promise<number[]> {
  await to.page.evaluate(() => {
    const seen: Record<string, number> = {};
    Reflect.set(window, 'benchSeen', seen);
    const list = document.querySelector('[data-testid="chat-panel"] [data-testid="chat-messages"]');
    new MutationObserver(() => {
      for (const node of list?.querySelectorAll('[data-testid="message-text"]') ?? []) {
        const text = node.textContent ?? '';
        if (text.startsWith('bench ') && seen[text] === undefined) seen[text] = Date.now();
      }
    }).observe(list ?? document.body, { childList: true, subtree: true, characterData: true });
  });
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const text = await from.page.evaluate((n) => {
      const input = document.querySelector<HTMLTextAreaElement>(
        '[data-testid="chat-panel"] [data-testid="chat-input"]',
      );
      if (!input?.form) throw new Error('no chat input');
      const sent = `bench ${n} ${Date.now()}`;
      input.value = sent;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.form.requestSubmit();
      return sent;
    }, i);
    const shownAt = await to.page.waitForFunction(
      (t) => (Reflect.get(window, 'benchSeen') as Record<string, number>)[t],
      text,
      { timeout: 20_000, polling: 'raf' },
    );
    times.push(Number(await shownAt.jsonValue()) - Number(text.split(' ')[2]));
  }
  return times;
}
