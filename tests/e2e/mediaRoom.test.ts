import { createPublicClient, createWalletClient, http } from 'viem';
import { hardhat } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { addParticipants } from '../../src/chain/addParticipants.ts';
import { devAccount } from '../../src/wallet/createBurnerProvider.ts';
import { HEARD, inboundBytes, loudestLevel, openConnections, PROBE } from './harness/audioProbe.ts';
import { type Participant, useE2eWorld } from './harness/index.ts';
import { overrideSiteConfig } from './harness/overrideSiteConfig.ts';
import { connectTestWallet } from './harness/testWallet.ts';

// A full room on the stack's Janus in real Chromium (fake microphones beeping): twelve members,
// three speaking and nine listening, each with one connection to the server, all hear the
// speakers through the server's mix. Every page's site config moves rooms onto the media server
// at 2 members (`media.moveAt`): a twelve-page mesh first would cost CI minutes and is the
// mesh's own tests' business.

const MEMBERS = 12;
/** The burner offers dev accounts #0-#9; the others come in through an injected test wallet. */
const BURNER_ACCOUNTS = 10;
const ROOM = 'media-twelve';
/** Members who speak; the others listen. */
const SPEAKERS = 3;

const world = useE2eWorld();

/** Opens the app for dev account `index` with the probe and `moveAt` 2. */
async function member(index: number): Promise<Participant> {
  const person = await world.join(`member${index}`, async (context) => {
    await overrideSiteConfig(context, { media: { moveAt: 2 } });
    await context.addInitScript({ content: PROBE });
  });
  if (index < BURNER_ACCOUNTS) {
    await person.connectBurner(index);
  } else {
    await connectTestWallet(world.stack, person, {
      info: {
        name: `Test Wallet ${index}`,
        uuid: crypto.randomUUID(),
        rdns: `test.member${index}`,
      },
      account: devAccount(index).address,
      signing: { signer: devAccount(index) },
    });
  }
  return person;
}

/** Waits until the page's room runs live on the media server. */
function onMediaServer(person: Participant): Promise<void> {
  return person.page
    .locator('[data-testid="media-notice"][data-state="live"]')
    .waitFor({ timeout: 45_000 });
}

describe('rooms on the media server', () => {
  it('twelve members in one room, each with one connection to the server, all hear the speakers', async (context) => {
    if (!world.stack.config.media) return context.skip();
    // The demo community holds dev accounts #0-#4; its owner (#0) adds the rest.
    const { rpcUrl, communityAccess } = world.stack.config.chain;
    const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
    await addParticipants(
      createWalletClient({ account: devAccount(0), chain, transport: http(rpcUrl) }),
      createPublicClient({ chain, transport: http(rpcUrl) }),
      {
        contract: communityAccess,
        communityId: 0n,
        participants: Array.from({ length: MEMBERS - 5 }, (_, i) => devAccount(5 + i).address),
      },
    );
    const people = await Promise.all(Array.from({ length: MEMBERS }, (_, i) => member(i)));
    // The first two arrive together and take the room onto the server (it moves at two); the
    // ten others then arrive at once and, seeing members there, go straight to the server
    // without a mesh. The first SPEAKERS speak; the others listen, as in a town hall.
    const arrive = async (person: Participant, index: number) => {
      await person.enterRoom(0, ROOM, { chat: false });
      await onMediaServer(person);
      // Past the speaker cap the room makes a member a listener by itself.
      const listen = person.byTestId('listen-button');
      if (index >= SPEAKERS && (await listen.isVisible())) await listen.click();
    };
    await Promise.all(people.slice(0, 2).map((person, i) => arrive(person, i)));
    await Promise.all(people.slice(2).map((person, i) => arrive(person, 2 + i)));
    for (const person of people) {
      await expect.poll(() => openConnections(person.page), { timeout: 20_000 }).toBe(1);
    }
    // Every member hears beeps in the server's mix, and its bytes keep arriving.
    const before = await Promise.all(people.map((person) => inboundBytes(person.page)));
    const levels = await Promise.all(people.map((person) => loudestLevel(person.page, 2_500)));
    const after = await Promise.all(people.map((person) => inboundBytes(person.page)));
    const heard = after.map((bytes, i) =>
      bytes > (before[i] ?? 0) && (levels[i] ?? 0) > HEARD ? 'hears' : 'does not hear',
    );
    expect(heard).toEqual(Array(MEMBERS).fill('hears'));
  }, 240_000);
});
