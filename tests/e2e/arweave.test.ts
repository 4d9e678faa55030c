import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Arweave from 'arweave';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import {
  injectContentSecurityPolicy,
  stampServiceWorker,
} from '../../scripts/arweave/buildSite.ts';
import { deploySite } from '../../scripts/arweave/deploySite.ts';
import { type LocalArweave, startLocalArweave } from '../../scripts/arweave/startLocalArweave.ts';
import { gatewaySandboxUrl } from '../../src/app/gatewaySandboxUrl.ts';
import { Participant, useE2eWorld } from './harness/index.ts';

// The production build, published to ArLocal exactly as `npm run deploy:arweave` publishes
// to arweave.net (config.json and the Content Security Policy <meta> written as
// `build:arweave` writes them), opened at /<manifest id>/ like a gateway serves it.
const world = useE2eWorld();

describe('the site published to Arweave (ArLocal)', () => {
  let dir = '';
  let local: LocalArweave | undefined;
  let siteUrl = '';
  let manifestId = '';
  let gatewayHost = '';
  const participants: Participant[] = [];
  const open = async (label: string, url = siteUrl) => {
    const participant = await Participant.open(world.browser, url, label);
    participants.push(participant);
    onTestFailed(() => console.error(`--- ${label}\n${participant.logs.slice(-40).join('\n')}`));
    return participant;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-e2e-arweave-'));
    const distDir = join(dir, 'dist');
    await cp(inject('builtDir'), distDir, { recursive: true });
    local = await startLocalArweave();
    // ArLocal at `localhost:<port>` plays an ar.io gateway with sandbox subdomains (Chromium
    // resolves *.localhost to loopback); at 127.0.0.1 it stays a plain path gateway.
    gatewayHost = `localhost:${local.port}`;
    const config = { ...world.stack.config, arweaveGateways: [gatewayHost] };
    await writeFile(join(distDir, 'config.json'), JSON.stringify(config));
    await injectContentSecurityPolicy(distDir, config);
    await stampServiceWorker(distDir);
    const arweave = Arweave.init({});
    const wallet = await arweave.wallets.generate();
    await local.mint(await arweave.wallets.jwkToAddress(wallet), 10n ** 15n);
    const result = await deploySite({
      distDir,
      gatewayUrl: local.url,
      wallet,
      journalPath: join(dir, 'journal.json'),
      yes: true,
    });
    await local.mine();
    siteUrl = result.url as string;
    manifestId = result.manifestId as string;
  });

  afterAll(async () => {
    await Promise.all(participants.map((p) => p.close().catch(() => {})));
    await local?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens from /<manifest id>/, connects the burner wallet, enters the demo community and a room', async () => {
    const alice = await open('alice-arweave');
    await expect(alice.byTestId('network-name').textContent()).resolves.toBe('Local chain');
    await alice.connectBurner(0);
    await alice.byTestId('wallet-address').getByText('alice.eth').waitFor();
    const demo = alice.byTestId('my-communities').getByTestId('community-0');
    await demo.getByRole('link', { name: 'Demo Community' }).click();
    await expect(alice.byTestId('community-name').textContent()).resolves.toBe('Demo Community');
    await alice.byTestId('room-lobby').click();
    await alice.byTestId('sign-session').click();
    await alice.byTestId('room-screen').waitFor();
    // Hash routing: the gateway path stays /<manifest id>/ whatever the view.
    expect(alice.page.url().startsWith(siteUrl)).toBe(true);
    // Under the policy in index.html, nothing the app does was refused.
    expect(alice.logs.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
  });

  it('moves from <gateway>/<id>/ to the sandbox subdomain, keeping the route, and loads there', async () => {
    const pathUrl = `http://${gatewayHost}/${manifestId}/#/c/0`;
    const sandboxUrl = gatewaySandboxUrl(pathUrl, [gatewayHost]);
    expect(sandboxUrl).toMatch(
      new RegExp(`^http://[a-z2-7]{52}\\.${gatewayHost}/${manifestId}/#/c/0$`),
    );
    const carol = await open('carol-sandbox', pathUrl);
    await carol.page.waitForURL(sandboxUrl as string);
    await expect(carol.byTestId('network-name').textContent()).resolves.toBe('Local chain');
    await carol.connectBurner(2);
    await expect(carol.byTestId('community-name').textContent()).resolves.toBe('Demo Community');
    // Nothing was stored under the shared gateway origin.
    const stored = await carol.context.storageState();
    expect(stored.origins.map((entry) => entry.origin)).toEqual([
      new URL(sandboxUrl as string).origin,
    ]);
  });

  it('opens a second time with the gateway down, from the service worker', async () => {
    const bob = await open('bob-arweave');
    await bob.byTestId('network-name').waitFor();
    // Registered here too, so the test does not hang on main.ts calling it.
    const scope = await bob.page.evaluate(async () => {
      await navigator.serviceWorker.register('./sw.js', { scope: './' });
      const registration = await navigator.serviceWorker.ready;
      return registration.scope;
    });
    expect(scope).toBe(siteUrl);
    await local?.stop();
    local = undefined;
    await bob.page.reload();
    await expect(bob.byTestId('network-name').textContent()).resolves.toBe('Local chain');
    await bob.connectBurner(1);
    await bob.byTestId('wallet-address').getByText('bob.eth').waitFor();
  });
});
