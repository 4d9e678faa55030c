import { type Address, createPublicClient, createWalletClient, http } from 'viem';
import { hardhat } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { deployArtifact } from '../../scripts/chain/deployArtifact.ts';
import { readArtifact } from '../../scripts/chain/readArtifact.ts';
import { addParticipant } from '../../src/chain/addParticipant.ts';
import { createCommunity, createdCommunityId } from '../../src/chain/createCommunity.ts';
import { waitForTransaction } from '../../src/chain/waitForTransaction.ts';
import { devAccount } from '../../src/wallet/createBurnerProvider.ts';
import { type Participant, useE2eWorld } from './harness/index.ts';
import { connectTestWallet } from './harness/testWallet.ts';

const world = useE2eWorld();
const address = (index: number) => devAccount(index).address;

async function openConsole(participant: Participant, communityId: number | null): Promise<void> {
  await participant.page.evaluate((id) => {
    location.hash = id === null ? '#/admin' : `#/admin/${id}`;
  }, communityId);
  await participant.byTestId('admin-view').waitFor();
}

/** Waits until the newest transaction in the console's list reaches `status`. */
async function newestTransaction(participant: Participant, status: string): Promise<string> {
  const newest = participant.byTestId('transaction').first();
  await newest.and(participant.page.locator(`[data-status="${status}"]`)).waitFor();
  return (await newest.textContent()) ?? '';
}

function member(participant: Participant, index: number) {
  return participant.byTestId('member-list').locator(`[data-address="${address(index)}"]`);
}

/** Deploys a balance-only ERC-721 from dev account #19 and mints one token to `holder`. */
async function deployNftHeldBy(rpcUrl: string, holder: Address): Promise<Address> {
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
  const deployer = createWalletClient({ account: devAccount(19), chain, transport: http(rpcUrl) });
  const artifact = await readArtifact('contracts/dev/MockTokens.sol', 'MockERC721');
  const { address: nft } = await deployArtifact(deployer, publicClient, { artifact, args: [] });
  const hash = await deployer.writeContract({
    address: nft,
    abi: artifact.abi,
    functionName: 'mint',
    args: [holder],
  });
  await publicClient.waitForTransactionReceipt({ hash });
  return nft;
}

/** Creates a community owned by dev account `index`, straight on the chain; returns its id. */
async function communityOwnedBy(
  rpcUrl: string,
  index: number,
  name: string,
  requireLivepeerRegistration = false,
): Promise<number> {
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
  const owner = createWalletClient({ account: devAccount(index), chain, transport: http(rpcUrl) });
  const contract = world.stack.config.chain.communityAccess;
  const hash = await createCommunity(owner, {
    contract,
    name,
    description: '',
    requireLivepeerRegistration,
  });
  return Number(createdCommunityId(await waitForTransaction(publicClient, { hash })));
}

/**
 * Opens a test wallet that is dev account #0 but declines every signature and transaction
 * (code 4001, as a person pressing "Reject" would), on chain `chainId` (the stack's unless
 * given); reads go to the chain.
 */
async function connectRefusingWallet(
  participant: Participant,
  chainId = world.stack.config.chain.id,
): Promise<void> {
  await connectTestWallet(world.stack, participant, {
    info: {
      name: 'Refusing Test Wallet',
      uuid: '00000000-0000-4000-8000-000000000001',
      rdns: 'test.refusing',
    },
    account: address(0),
    chainId,
    signing: 'refuse',
  });
}

describe('admin console', () => {
  it('the owner adds #6, who then sees the community as a member and enters', async () => {
    const alice = await world.joinAs('alice', 0);
    await alice.page.evaluate(() => {
      location.hash = '#/c/0';
    });
    await alice.byTestId('manage-link').click();
    await expect(alice.byTestId('admin-community-name').textContent()).resolves.toBe(
      'Demo Community',
    );
    // Names from the local ENS resolver show in the member list.
    await expect(member(alice, 1).getByTestId('identity-label').textContent()).resolves.toBe(
      'bob.eth',
    );

    await alice.byTestId('add-member-input').fill(address(6));
    await alice.byTestId('add-member-submit').click();
    await expect(newestTransaction(alice, 'confirmed')).resolves.toContain('Confirmed');
    await member(alice, 6).waitFor();

    const frank = await world.joinAs('frank', 6);
    const demo = frank.byTestId('my-communities').getByTestId('community-0');
    await demo.getByRole('link', { name: 'Demo Community' }).click();
    await frank.byTestId('room-lobby').click();
    // Past the allowlist gate: the room, or its one-time session signature, opens.
    const entry = frank
      .byTestId('room-screen')
      .or(frank.byTestId('room-title'))
      .or(frank.byTestId('sign-session'));
    await entry.first().waitFor();
    await expect(frank.byTestId('room-refused').count()).resolves.toBe(0);
  });

  it('the owner removes #3, who is then refused', async () => {
    const alice = await world.joinAs('alice-remove', 0);
    await openConsole(alice, 0);
    await expect(member(alice, 3).getByTestId('identity-label').textContent()).resolves.toBe(
      'dave.eth',
    );
    await member(alice, 3).getByTestId('remove-member').click();
    await expect(newestTransaction(alice, 'confirmed')).resolves.toContain('Remove');
    await member(alice, 3).waitFor({ state: 'detached' });

    const dave = await world.joinAs('dave', 3);
    const demo = dave.byTestId('other-communities').getByTestId('community-0');
    await expect(demo.textContent()).resolves.toContain('Members only');
    await dave.page.evaluate(() => {
      location.hash = '#/c/0/r/lobby';
    });
    await dave.byTestId('room-refused').waitFor();
  });

  it('a bulk list (CSV file) shows the bad line and the duplicate before anything is sent', async () => {
    const alice = await world.joinAs('alice-bulk', 0);
    await openConsole(alice, 0);
    const csv = [
      'address,name',
      `${address(8)},eight`,
      'not-an-address,oops',
      `${address(9)},nine`,
      `${address(8).toLowerCase()},eight again`,
    ].join('\n');
    await alice.byTestId('bulk-file').setInputFiles({
      name: 'members.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await expect.poll(() => alice.byTestId('bulk-input').inputValue()).toBe(csv);
    await alice.byTestId('bulk-check').click();

    await expect(alice.byTestId('bulk-summary').textContent()).resolves.toMatch(
      /2 to add · 1 duplicate · 1 bad line — 1 transaction/,
    );
    await expect(alice.byTestId('bulk-invalid').getAttribute('data-line')).resolves.toBe('3');
    await expect(alice.byTestId('bulk-duplicate').textContent()).resolves.toContain(
      'the same address as line 2',
    );
    await expect(alice.byTestId('transaction').count()).resolves.toBe(0);

    await alice.byTestId('bulk-send').click();
    await alice.page.locator('[data-testid="bulk-progress"][data-status="done"]').waitFor();
    await expect(alice.byTestId('bulk-progress-text').textContent()).resolves.toMatch(
      /2 of 2 added/,
    );
    await expect(alice.page.locator('progress').getAttribute('value')).resolves.toBe('2');
    await member(alice, 8).waitFor();
    await member(alice, 9).waitFor();
  });

  it('a member without a role (#2) sees no controls', async () => {
    const carol = await world.joinAs('carol', 2);
    await openConsole(carol, 0);
    await carol.byTestId('admin-no-rights').waitFor();
    await expect(carol.byTestId('member-controls').count()).resolves.toBe(0);
    await expect(carol.byTestId('owner-controls').count()).resolves.toBe(0);
    await expect(carol.byTestId('deactivate-start').count()).resolves.toBe(0);
    await openConsole(carol, null);
    await carol.byTestId('global-not-owner').waitFor();
    await expect(carol.byTestId('global-allowlist').count()).resolves.toBe(0);
    await carol.byTestId('create-name').waitFor();
  });

  it('a rejected signature says so and changes nothing', async () => {
    const alice = await world.join('alice-refusing');
    await connectRefusingWallet(alice);
    await openConsole(alice, 0);
    await member(alice, 0).waitFor();

    await alice.byTestId('add-member-input').fill(address(7));
    await alice.byTestId('add-member-submit').click();
    await expect(newestTransaction(alice, 'rejected')).resolves.toContain('Nothing was changed');
    await expect(alice.byTestId('add-member-input').inputValue()).resolves.toBe(address(7));

    await alice.byTestId('bulk-input').fill(address(7));
    await alice.byTestId('bulk-check').click();
    await alice.byTestId('bulk-send').click();
    await alice.page.locator('[data-testid="bulk-progress"][data-status="rejected"]').waitFor();
    await expect(alice.byTestId('bulk-progress-text').textContent()).resolves.toMatch(
      /0 of 1 added .* you declined/,
    );

    const grace = await world.joinAs('grace', 7);
    const demo = grace.byTestId('other-communities').getByTestId('community-0');
    await expect(demo.textContent()).resolves.toContain('Members only');
  });

  it('a wallet on another chain is told which, and a declined switch is put on the wallet', async () => {
    const alice = await world.join('alice-mainnet');
    await connectRefusingWallet(alice, 1);
    await alice.page.evaluate(() => {
      location.hash = '#/admin/0';
    });
    await alice.byTestId('wrong-chain').waitFor();
    await expect(alice.byTestId('admin-view').count()).resolves.toBe(0);
    await expect(alice.byTestId('add-member-input').count()).resolves.toBe(0);
    // The banner names the network; a declined switch is put on the wallet, in words.
    const banner = alice.byTestId('wrong-chain');
    await expect(banner.textContent()).resolves.toMatch(/Your wallet is on Ethereum\./);
    await alice.byTestId('switch-chain').click();
    const notice = banner.getByTestId('error-notice');
    await expect(notice.textContent()).resolves.toContain('You declined the network switch');
    await expect(notice.textContent()).resolves.not.toMatch(/inside the app|Details/);
  });

  it('creates a community, then deactivates it after a confirmation', async () => {
    const erin = await world.joinAs('erin', 4);
    await openConsole(erin, null);
    await erin.byTestId('create-name').fill('Night Owls');
    await erin.byTestId('create-description').fill('Late calls');
    await erin.byTestId('create-submit').click();
    await expect(erin.byTestId('create-done').textContent()).resolves.toContain('Community 1');
    await expect(erin.byTestId('owned-1').textContent()).resolves.toContain('Night Owls');
    await erin.byTestId('create-manage').click();
    await expect(erin.byTestId('admin-community-name').textContent()).resolves.toBe('Night Owls');

    await erin.byTestId('deactivate-start').click();
    await expect(erin.byTestId('deactivate-submit').isDisabled()).resolves.toBe(true);
    await erin.byTestId('deactivate-name').fill('Night Owls');
    await erin.byTestId('deactivate-submit').click();
    await erin.byTestId('admin-inactive').waitFor();
    await expect(erin.byTestId('member-controls').count()).resolves.toBe(0);
  });

  it('the owner appoints an admin, who may manage members but not the community', async () => {
    const alice = await world.joinAs('alice-admins', 0);
    await openConsole(alice, 0);
    await alice.byTestId('add-admin-input').fill('erin.eth');
    await alice.byTestId('add-admin-submit').click();
    await expect(newestTransaction(alice, 'confirmed')).resolves.toContain('as admin');
    const row = alice.byTestId('admin-list').locator(`[data-address="${address(4)}"]`);
    await expect(row.getByTestId('identity-label').textContent()).resolves.toBe('erin.eth');

    const erin = await world.joinAs('erin-admin', 4);
    await openConsole(erin, 0);
    await erin.byTestId('member-controls').waitFor();
    await expect(erin.byTestId('owner-controls').count()).resolves.toBe(0);
    await expect(erin.byTestId('deactivate-start').count()).resolves.toBe(0);
  });

  it('the contract owner adds to and removes from the global allowlist', async () => {
    const alice = await world.joinAs('alice-global', 0);
    await openConsole(alice, null);
    await alice.byTestId('add-global-input').fill(address(5));
    await alice.byTestId('add-global-submit').click();
    await expect(newestTransaction(alice, 'confirmed')).resolves.toContain('global allowlist');
    const row = alice.byTestId('global-allowlist').locator(`[data-address="${address(5)}"]`);
    await row.waitFor();

    const fifth = await world.joinAs('fifth', 5);
    await fifth.byTestId('my-communities').getByTestId('community-0').waitFor();

    await row.getByTestId('remove-global').click();
    await expect(newestTransaction(alice, 'confirmed')).resolves.toContain('from the global');
    await row.waitFor({ state: 'detached' });
  });

  it('the owner sets a token gate that lets a holder in, then removes it', async () => {
    const nft = await deployNftHeldBy(world.stack.config.chain.rpcUrl, address(7));
    const alice = await world.joinAs('alice-gate', 0);
    await openConsole(alice, 0);
    // An address without a contract: the contract's own check refuses it, in words.
    await alice.byTestId('gate-token').fill(address(9));
    await alice.byTestId('gate-submit').click();
    await expect(newestTransaction(alice, 'failed')).resolves.toContain(
      'That token gate does not fit together',
    );

    await alice.byTestId('gate-kind').selectOption({ label: 'ERC-721 NFT' });
    await alice.byTestId('gate-token').fill(nft);
    await alice.byTestId('gate-min-balance').fill('1');
    await alice.byTestId('gate-submit').click();
    await expect(newestTransaction(alice, 'confirmed')).resolves.toContain('Set the token gate');
    await alice.byTestId('gate-current').filter({ hasText: nft }).waitFor();

    const holder = await world.joinAs('holder', 7);
    await holder.byTestId('my-communities').getByTestId('community-0').waitFor();

    await alice.byTestId('gate-clear').click();
    await expect(newestTransaction(alice, 'confirmed')).resolves.toContain('Clear the token gate');
    await alice.byTestId('gate-current').filter({ hasText: 'No token gate' }).waitFor();
  });

  it('the owner names a relay, a bad one refused in words first, and it shows in Diagnostics', async () => {
    const id = await communityOwnedBy(world.stack.config.chain.rpcUrl, 0, 'Own relay');
    const alice = await world.joinAs('alice-servers', 0);
    await openConsole(alice, id);
    const relays = alice.byTestId('servers-relays');
    await relays.fill('ws://relay.community.example/gun');
    await alice.byTestId('servers-error').filter({ hasText: 'must start with wss://' }).waitFor();
    await expect(alice.byTestId('servers-submit').isDisabled()).resolves.toBe(true);
    await relays.fill('wss://relay.community.example/gun');
    await alice.byTestId('servers-submit').click();
    await expect(newestTransaction(alice, 'confirmed')).resolves.toContain('servers');

    await alice.enterRoom(id, 'lobby', { chat: false });
    await alice.byTestId('diagnostics-button').click();
    await alice
      .byTestId('community-server')
      .filter({ hasText: 'wss://relay.community.example/gun' })
      .waitFor();
  });

  it('a contract error appears in words', async () => {
    const alice = await world.joinAs('alice-errors', 0);
    await openConsole(alice, 0);
    // bob.eth resolves to #1, already a member: the contract's simulation refuses it.
    await alice.byTestId('add-member-input').fill('bob.eth');
    await alice.byTestId('add-member-submit').click();
    await expect(newestTransaction(alice, 'failed')).resolves.toContain(
      'is already a member of this community',
    );
  });

  it('pages through a member list longer than one page', async () => {
    const alice = await world.joinAs('alice-pages', 0);
    await openConsole(alice, 0);
    const many = Array.from(
      { length: 20 },
      (_, i) => `0x${'ab'.repeat(19)}${(i + 16).toString(16)}`,
    );
    await alice.byTestId('bulk-input').fill(many.join('\n'));
    await alice.byTestId('bulk-check').click();
    await alice.byTestId('bulk-send').click();
    await alice.page.locator('[data-testid="bulk-progress"][data-status="done"]').waitFor();

    const range = alice.byTestId('member-range');
    await range.filter({ hasText: /^\s*1–20 of 27/ }).waitFor();
    await expect(alice.byTestId('member').count()).resolves.toBe(20);
    await alice.byTestId('members-next').click();
    await range.filter({ hasText: /^\s*21–27 of 27/ }).waitFor();
    await expect.poll(() => alice.byTestId('member').count()).toBe(7);
    await expect(alice.byTestId('members-next').isDisabled()).resolves.toBe(true);
    await alice.byTestId('members-previous').click();
    await expect.poll(() => alice.byTestId('member').count()).toBe(20);
  });

  it('the owner offers the community to bob.eth, who accepts; the owner then sees it is not theirs', async () => {
    const id = await communityOwnedBy(world.stack.config.chain.rpcUrl, 9, 'Handover');
    const olivia = await world.joinAs('olivia', 9);
    await openConsole(olivia, id);
    await olivia.byTestId('admin-role').filter({ hasText: 'you own it' }).waitFor();

    // The owner cannot offer it to themselves; nothing is sent.
    await olivia.byTestId('transfer-owner-input').fill(address(9));
    await olivia.byTestId('transfer-owner-submit').click();
    await expect(olivia.byTestId('transfer-owner-problem').textContent()).resolves.toContain(
      'already owns this community',
    );
    await expect(olivia.byTestId('transaction').count()).resolves.toBe(0);

    // An offer to #11, withdrawn: Olivia stays the owner throughout.
    await olivia.byTestId('transfer-owner-input').fill(address(11));
    await olivia.byTestId('transfer-owner-submit').click();
    await olivia.byTestId('transfer-submit').click();
    await expect(newestTransaction(olivia, 'confirmed')).resolves.toContain(
      `Offer community ${id}`,
    );
    await olivia.byTestId('transfer-cancel').click();
    await expect(newestTransaction(olivia, 'confirmed')).resolves.toContain('Withdraw the offer');
    await olivia.byTestId('transfer-owner-input').waitFor();

    await olivia.byTestId('transfer-owner-input').fill('bob.eth');
    await olivia.byTestId('transfer-owner-submit').click();
    // The confirmation says who, that nothing changes until they accept, and what they get.
    const confirmation = (await olivia.byTestId('transfer-confirm').textContent()) ?? '';
    expect(confirmation.replace(/\s+/g, ' ')).toMatch(
      /bob\.eth.*You stay the owner until they accept.*rename the community, deactivate it, appoint and remove admins/,
    );
    await olivia.byTestId('transfer-submit').click();
    await expect(newestTransaction(olivia, 'confirmed')).resolves.toContain('to bob.eth');
    await expect(olivia.byTestId('transfer-pending').textContent()).resolves.toContain('bob.eth');
    await olivia.byTestId('admin-role').filter({ hasText: 'you own it' }).waitFor();

    // Bob finds the offer on the community's page and on his admin home.
    const bob = await world.joinAs('bob-new-owner', 1);
    await bob.page.evaluate((communityId) => {
      location.hash = `#/c/${communityId}`;
    }, id);
    await bob.byTestId('ownership-offer-link').waitFor();
    await openConsole(bob, null);
    const offer = bob.byTestId(`offered-${id}`);
    await expect(offer.textContent()).resolves.toContain('offered ownership of Handover');
    await offer.getByRole('link').click();
    await expect(bob.byTestId('ownership-offer').textContent()).resolves.toContain(
      'You have been offered ownership of Handover',
    );
    await expect(bob.byTestId('admin-no-rights').count()).resolves.toBe(0);
    await bob.byTestId('ownership-accept').click();
    await bob.byTestId('admin-role').filter({ hasText: 'you own it' }).waitFor();
    await bob.byTestId('owner-controls').waitFor();
    await expect(bob.byTestId('ownership-offer').count()).resolves.toBe(0);

    // Olivia's console, open all along, follows the chain without a reload.
    await olivia.byTestId('admin-role').filter({ hasText: 'you have no role here' }).waitFor();
    await expect(olivia.byTestId('owner-controls').count()).resolves.toBe(0);
    await olivia.byTestId('admin-no-rights').waitFor();
  });

  it('a bulk list names who is a member already, and the result counts what the chain did', async () => {
    const alice = await world.joinAs('alice-bulk-members', 0);
    await openConsole(alice, 0);
    // bob (#1) and carol (#2) are members of the demo community; #10 and #11 are not.
    const list = [address(1), address(10), address(2), address(11)].join('\n');
    await alice.byTestId('bulk-input').fill(list);
    await alice.byTestId('bulk-check').click();
    await expect(alice.byTestId('bulk-summary').textContent()).resolves.toMatch(
      /^2 to add · 2 already members · 0 duplicates · 0 bad lines — 1 transaction$/,
    );
    const members = alice.byTestId('bulk-member');
    await expect(members.evaluateAll((rows) => rows.map((r) => r.dataset.line))).resolves.toEqual([
      '1',
      '3',
    ]);

    // Someone adds #11 before the batch goes out: the contract skips it, and the result says so.
    const { rpcUrl, communityAccess } = world.stack.config.chain;
    const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
    const owner = createWalletClient({ account: devAccount(0), chain, transport: http(rpcUrl) });
    const hash = await addParticipant(owner, {
      contract: communityAccess,
      communityId: 0n,
      participant: address(11),
    });
    await waitForTransaction(createPublicClient({ chain, transport: http(rpcUrl) }), { hash });

    await alice.byTestId('bulk-send').click();
    await alice.page.locator('[data-testid="bulk-progress"][data-status="done"]').waitFor();
    await expect(alice.byTestId('bulk-progress-text').textContent()).resolves.toMatch(
      /^1 of 2 added · 1 already a member · transaction 1 of 1 — done\.$/,
    );
  });

  it('letting Livepeer orchestrators in is explained where it applies, and not shown elsewhere', async () => {
    const rpcUrl = world.stack.config.chain.rpcUrl;
    const explained = (p: Participant) =>
      p.byTestId('livepeer-hint').filter({ hasText: 'without being on its allowlist' });
    const mina = await world.joinAs('mina-livepeer', 8);
    // Creating a community: the option, and what it means one click away.
    await openConsole(mina, null);
    await mina.byTestId('create-livepeer').waitFor();
    await mina.byTestId('livepeer-hint').getByText('What are Livepeer orchestrators?').click();
    await expect(explained(mina).isVisible()).resolves.toBe(true);

    // A community without the rule says nothing of Livepeer; one with it says what it means.
    const plain = await communityOwnedBy(rpcUrl, 8, 'Plain Talk');
    await openConsole(mina, plain);
    await mina.byTestId('admin-role').waitFor();
    await expect(mina.byTestId('admin-view').textContent()).resolves.not.toContain('Livepeer');
    const open = await communityOwnedBy(rpcUrl, 8, 'Orchestrators Welcome', true);
    await openConsole(mina, open);
    await expect(mina.byTestId('admin-livepeer').textContent()).resolves.toContain(
      'Livepeer orchestrators may also enter, without being on the allowlist',
    );
    await expect(explained(mina).count()).resolves.toBe(1);
  });
});
