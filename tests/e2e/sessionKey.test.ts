import { afterAll, describe, expect, it } from 'vitest';
import { Participant, useE2eWorld } from './harness/index.ts';
import { sessionInPage } from './harness/plantSession.ts';

// The session key in real Chromium: kept in IndexedDB as non-extractable CryptoKeys (nothing
// readable in localStorage), and bound to the app rather than the host: two members who
// opened the site under two host names (as on two gateways) sign certificates naming two
// domains, and still meet in the same room.

const world = useE2eWorld();
const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const BOB = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const CAROL = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
const opened: Participant[] = [];
afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
});

describe('session keys in the browser', () => {
  it('keeps the private keys unreadable, and members on two hosts see each other', async () => {
    const { config, appUrl } = world.stack;
    const app = {
      appName: config.appName,
      chainId: config.chain.id,
      contract: config.chain.communityAccess,
    };
    const alice = await world.joinAs('alice', 0);
    // The same site under another host name: its certificate names another domain.
    const otherHost = appUrl.replace('127.0.0.1', 'localhost');
    const bob = await Participant.open(world.browser, otherHost, 'bob');
    opened.push(bob);
    await bob.connectBurner(1);
    // A session as versions before IndexedDB left it: private keys as text, readable by any
    // page of the origin. The next load removes it.
    await alice.page.evaluate(() => {
      const key = 'A'.repeat(43);
      localStorage.setItem(
        `community-chats/session/${location.host}/31337/0xcontract/0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266`,
        JSON.stringify({
          keys: { pub: `${key}.${key}`, priv: key, epub: `${key}.${key}`, epriv: key },
        }),
      );
    });
    await alice.page.reload();
    await alice.connectBurner(0);
    await alice.enterRoom(0, 'gateways', { chat: false });
    await bob.enterRoom(0, 'gateways', { chat: false });

    for (const [person, address, host] of [
      [alice, ALICE, '127.0.0.1'],
      [bob, BOB, 'localhost'],
    ] as const) {
      const stored = await sessionInPage(person.page, address, app);
      expect(stored?.exportable).toBe(false);
      expect(stored?.leakedToLocalStorage).toEqual([]);
      expect(new URL(person.page.url()).hostname).toBe(host);
    }
    await alice.byTestId(`participant-${BOB}`).waitFor({ timeout: 30_000 });
    await bob.byTestId(`participant-${ALICE}`).waitFor({ timeout: 30_000 });

    // A reload restores the session from IndexedDB: no second signature.
    await alice.page.reload();
    await alice.connectBurner(0);
    await alice.page.evaluate(() => {
      location.hash = '#/c/0/r/gateways';
    });
    await alice.byTestId('room-screen').waitFor({ timeout: 30_000 });
    expect(await alice.byTestId('sign-session').count()).toBe(0);
    // The session store and Gun's IndexedDB storage do not get in each other's way.
    const storageErrors = [...alice.logs, ...bob.logs].filter(
      (line) => /^\[(error|pageerror)\]/.test(line) && /IndexedDB|IDB|object store/.test(line),
    );
    expect(storageErrors).toEqual([]);
  });

  it('keeps an account in one call per browser: a second tab joining takes the call over', async () => {
    const carol = await world.joinAs('carol', 2);
    const dave = await world.joinAs('dave', 3);
    await carol.enterRoom(0, 'first-tab', { chat: false });
    await dave.enterRoom(0, 'first-tab', { chat: false });
    const carolOnDave = dave.byTestId(`participant-${CAROL}`);
    await carolOnDave.waitFor({ timeout: 30_000 });

    // Carol opens another room in a second tab: it connects and enters without asking, and
    // her first tab leaves its call and says why.
    const second = await carol.context.newPage();
    await second.goto(`${world.stack.appUrl}#/c/0/r/second-tab`);
    await second.getByTestId('room-screen').waitFor({ timeout: 30_000 });
    await carol.byTestId('call-elsewhere').waitFor({ timeout: 15_000 });
    await expect(carol.byTestId('call-elsewhere').textContent()).resolves.toContain(
      'You joined from another tab',
    );
    await expect(carol.byTestId('room-screen').count()).resolves.toBe(0);
    await carolOnDave.waitFor({ state: 'detached', timeout: 30_000 });

    // She comes back to the first tab: it takes the call back, and the second one leaves.
    await carol.byTestId('call-come-back').click();
    await carol.byTestId('room-screen').waitFor({ timeout: 30_000 });
    await second.getByTestId('call-elsewhere').waitFor({ timeout: 15_000 });
    await carolOnDave.waitFor({ timeout: 30_000 });
    await second.close();
  });
});
