/**
 * The app under its Content Security Policy (sent by the local stack from its config, as
 * the build puts it into index.html): a room and its chat work with nothing blocked, and an
 * avatar a member points at their own host is never requested from it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWalletClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardhatDevAccounts } from '../../scripts/chain/devAccounts.ts';
import { localUniversalResolverAbi } from '../../src/chain/generated/localUniversalResolverAbi.ts';
import { type Participant, useE2eWorld } from './harness/index.ts';

const world = useE2eWorld();

/** Collects the page's `securitypolicyviolation` events from the next load on. */
async function watchPolicy(participant: Participant): Promise<void> {
  await participant.page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __violations: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  await participant.page.reload();
}

function violations(participant: Participant): Promise<string[]> {
  return participant.page.evaluate(
    () => (window as unknown as { __violations: string[] }).__violations,
  );
}

/** Logged refusals, from the page and its workers (XMTP runs in one). */
function refusalsLogged(participant: Participant): string[] {
  return participant.logs.filter((line) => /Content Security Policy/i.test(line));
}

describe('the app under its Content Security Policy', () => {
  const requests: string[] = [];
  const memberHost = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'image/png' }).end();
  });
  let memberUrl = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => memberHost.listen(0, '127.0.0.1', resolve));
    memberUrl = `http://127.0.0.1:${(memberHost.address() as AddressInfo).port}`;
    // bob points his ENS avatar at a host he runs, to learn who looks at it.
    const deployer = createWalletClient({
      account: mnemonicToAccount('test test test test test test test test test test test junk'),
      chain: hardhat,
      transport: http(world.stack.config.chain.rpcUrl),
    });
    await deployer.writeContract({
      address: world.stack.deployment.universalResolver,
      abi: localUniversalResolverAbi,
      functionName: 'setText',
      args: ['bob.eth', 'avatar', `${memberUrl}/bob.png`],
    });
  });
  afterAll(() => new Promise<void>((resolve) => memberHost.close(() => resolve())));

  it('runs a room and its chat with nothing blocked, and never asks the avatar host', async () => {
    const [alice, bob] = await Promise.all([world.join('alice-csp'), world.join('bob-csp')]);
    await Promise.all([watchPolicy(alice), watchPolicy(bob)]);
    await Promise.all([alice.connectBurner(0), bob.connectBurner(1)]);
    await Promise.all([alice.enterRoom(0, 'lobby'), bob.enterRoom(0, 'lobby')]);
    const bobTile = alice.byTestId(`participant-${hardhatDevAccounts[1].toLowerCase()}`);
    await bobTile.getByText('bob.eth', { exact: true }).waitFor({ timeout: 30_000 });
    await bob.byTestId(`participant-${hardhatDevAccounts[0].toLowerCase()}`).waitFor();

    await Promise.all([alice, bob].map((p) => p.startChat()));
    // Only what is sent after bob is in the group reaches him (MLS).
    await alice
      .byTestId('chat-panel')
      .getByText('bob.eth joined the chat')
      .waitFor({ timeout: 60_000 });
    await alice.byTestId('chat-panel').getByTestId('chat-input').fill('hello under CSP');
    await alice.byTestId('chat-panel').getByTestId('chat-send').click();
    await bob
      .byTestId('chat-panel')
      .getByTestId('chat-message')
      .filter({ hasText: 'hello under CSP' })
      .waitFor({ timeout: 60_000 });

    // bob shows with the generated avatar: this stack configures no image proxy.
    const sources = await alice.page.$$eval('img', (images) => images.map((img) => img.src));
    expect(sources.filter((src) => src.startsWith(memberUrl))).toEqual([]);
    expect(sources.length).toBeGreaterThan(0);
    expect(requests).toEqual([]);
    expect(await violations(alice)).toEqual([]);
    expect(await violations(bob)).toEqual([]);
    expect([...refusalsLogged(alice), ...refusalsLogged(bob)]).toEqual([]);

    // The policy is in force: an image from a host not in the config is refused.
    await alice.page.evaluate((url) => {
      const probe = new Image();
      probe.src = url;
      document.body.append(probe);
    }, `${memberUrl}/probe.png`);
    await expect.poll(() => violations(alice)).toEqual([`img-src ${memberUrl}/probe.png`]);
    expect(requests).toEqual([]);
  });
});
