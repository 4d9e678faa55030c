/**
 * A smart-contract wallet (ERC-1271) in Chromium through the whole local stack: it is on the
 * demo community's allowlist, enters the lobby with a session certificate the other member
 * verifies on chain, is on the roster and in the call, and chats through an XMTP client
 * registered with an SCW signer (the local node calls the wallet's isValidSignature). A page
 * that claims the same wallet but signs with another key is refused at the door.
 */
import type { Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEARD, loudestLevel, openWithProbe, PROBE } from './harness/audioProbe.ts';
import { connectScriptedWallet, deployMemberContractWallet } from './harness/contractWallet.ts';
import { type Participant, useE2eWorld } from './harness/index.ts';

const world = useE2eWorld();
// Alice (dev #0) is the demo community's owner: a room's chat opens when an owner or admin is there.
const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const owner = privateKeyToAccount(generatePrivateKey());
let wallet: Address;

beforeAll(async () => {
  wallet = await deployMemberContractWallet(world.stack, owner.address);
});

/** Sends `text` in the room chat of `from` and waits until `to` shows it. */
async function chatAcross(from: Participant, to: Participant, text: string): Promise<void> {
  const panel = from.byTestId('chat-panel');
  await panel.getByTestId('chat-input').fill(text);
  await panel.getByTestId('chat-send').click();
  await to
    .byTestId('chat-panel')
    .getByTestId('chat-message')
    .filter({ hasText: text })
    .waitFor({ timeout: 60_000 });
}

describe('a smart-contract wallet', () => {
  let alice: Participant;

  it('enters the lobby, is on the roster and heard, and chats both ways', async () => {
    alice = await openWithProbe(world, 'alice', 0);
    const contract = await world.join('contract');
    await contract.context.addInitScript({ content: PROBE });
    await connectScriptedWallet(world.stack, contract, { account: wallet, signer: owner });
    await expect(contract.byTestId('wallet-address').getAttribute('data-address')).resolves.toBe(
      wallet,
    );

    await Promise.all([alice.enterRoom(0, 'lobby'), contract.enterRoom(0, 'lobby')]);
    await alice.byTestId(`participant-${wallet.toLowerCase()}`).waitFor({ timeout: 30_000 });
    await contract.byTestId(`participant-${ALICE}`).waitFor({ timeout: 30_000 });
    const levels = await Promise.all([
      loudestLevel(alice.page, 2_500),
      loudestLevel(contract.page, 2_500),
    ]);
    expect(levels[0]).toBeGreaterThan(HEARD);
    expect(levels[1]).toBeGreaterThan(HEARD);

    await Promise.all([alice.startChat(), contract.startChat()]);
    await chatAcross(contract, alice, 'hello from a contract wallet');
    await chatAcross(alice, contract, 'hi, contract wallet');
  });

  it('is refused to a page that signs for it with a key it does not accept', async () => {
    const impostor = await world.join('impostor');
    const intruder = privateKeyToAccount(generatePrivateKey());
    await connectScriptedWallet(world.stack, impostor, { account: wallet, signer: intruder });
    await impostor.page.evaluate(() => {
      location.hash = '#/c/0/r/lobby';
    });
    await impostor.byTestId('sign-session').click();

    const notice = impostor.byTestId('session-signature').getByTestId('error-notice');
    await notice.waitFor({ timeout: 30_000 });
    await expect(notice.getAttribute('data-code')).resolves.toBe('CERTIFICATE_INVALID');
    await expect(notice.textContent()).resolves.toContain(
      'The session signature could not be verified.',
    );
    // The technical line names the reason: the wallet contract did not accept the signature.
    await expect(notice.getByTestId('error-details').textContent()).resolves.toContain(
      'bad-signature',
    );
    await expect(impostor.byTestId('room-screen').count()).resolves.toBe(0);
    await expect(impostor.byTestId('sign-session').isEnabled()).resolves.toBe(true);
    // Alice's roster still holds just herself and the real contract wallet.
    await expect(
      alice.byTestId('participants').locator('[data-testid^="participant-"]').count(),
    ).resolves.toBe(2);
  });
});
