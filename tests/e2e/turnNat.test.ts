import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../scripts/local-stack/stack.ts';
import { type RunningCoturn, startCoturn } from '../../scripts/local-stack/startCoturn.ts';
import { LoopbackProxy } from '../support/LoopbackProxy.ts';
import { makeNatLab, type NatHome, type NatLab } from '../support/natLab.ts';
import { HEARD, PROBE } from './harness/audioProbe.ts';
import { CHROMIUM_ARGS, defaultExecutable } from './harness/browser.ts';
import { Participant } from './harness/participant.ts';

// Two members, each in a Chromium behind its own NAT (separate namespaces, iptables
// MASQUERADE), which can never reach each other directly; coturn in a third namespace both
// reach. The app, relay, chain, gate and XMTP node run on this namespace's loopback and are
// reached through a proxy, so only WebRTC crosses the NATs. The call must go through TURN,
// come back after a NAT loses its link, and in privacy mode show neither side the other's
// addresses.

/** Records every peer connection of the page, for candidate stats and SDP. */
const CONNECTIONS = `
(() => {
  const Native = window.RTCPeerConnection;
  const all = [];
  window.__connections = all;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      all.push(this);
    }
  };
})();
`;

interface RouteReading {
  /** Candidate types of the selected pairs (local, remote), per open connection. */
  selected: Array<{ local: string; remote: string }>;
  /** Every candidate address in the stats (local and remote), with its type. */
  candidates: Array<{ address: string; type: string; side: 'local' | 'remote' }>;
  /** Local and remote SDP of every open connection. */
  sdp: string;
}

declare global {
  interface Window {
    __connections?: RTCPeerConnection[];
  }
}

async function readRoute(page: Page): Promise<RouteReading> {
  return page.evaluate(async () => {
    const reading: RouteReading = { selected: [], candidates: [], sdp: '' };
    for (const pc of window.__connections ?? []) {
      if (pc.connectionState === 'closed') continue;
      reading.sdp += `${pc.localDescription?.sdp ?? ''}\n${pc.remoteDescription?.sdp ?? ''}\n`;
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        stats.set(String(s.id), s);
      });
      for (const s of stats.values()) {
        if (s.type === 'local-candidate' || s.type === 'remote-candidate') {
          reading.candidates.push({
            address: String(s.address ?? s.ip ?? ''),
            type: String(s.candidateType),
            side: s.type === 'local-candidate' ? 'local' : 'remote',
          });
        }
        if (s.type === 'transport' && s.selectedCandidatePairId) {
          const pair = stats.get(String(s.selectedCandidatePairId));
          const local = stats.get(String(pair?.localCandidateId));
          const remote = stats.get(String(pair?.remoteCandidateId));
          reading.selected.push({
            local: String(local?.candidateType),
            remote: String(remote?.candidateType),
          });
        }
      }
    }
    return reading;
  });
}

async function firstAudio(page: Page, since: number, timeoutMs: number): Promise<number> {
  await page.waitForFunction((heard) => (window.__meshProbe?.level() ?? 0) > heard, HEARD, {
    timeout: timeoutMs,
    polling: 10,
  });
  return Date.now() - since;
}

const isLinux = process.platform === 'linux';
const timings: { join?: number[]; back?: number[]; privacyJoin?: number[] } = {};
let lab: NatLab;
let coturn: RunningCoturn;
let proxy: LoopbackProxy;
let stack: LocalStack;
let dir: string;
const browsers: Browser[] = [];
const people: Participant[] = [];

/** A Chromium inside `home`'s namespace, reaching this namespace's loopback through the proxy. */
async function browserIn(home: NatHome): Promise<Browser> {
  const wrapper = join(dir, `chromium-${home.host}.sh`);
  const chromiumPath = defaultExecutable;
  await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec ${home.host} ${chromiumPath} "$@"\n`);
  await chmod(wrapper, 0o755);
  const browser = await chromium.launch({
    executablePath: wrapper,
    headless: true,
    args: [...CHROMIUM_ARGS, `--proxy-server=${proxy.url}`, '--proxy-bypass-list=<-loopback>'],
  });
  browsers.push(browser);
  return browser;
}

async function member(browser: Browser, label: string, account: number, privacy: boolean) {
  const person = await Participant.open(browser, stack.appUrl, label);
  people.push(person);
  await person.context.addInitScript({ content: PROBE });
  await person.context.addInitScript({ content: CONNECTIONS });
  await person.page.evaluate(
    (on) => localStorage.setItem('community-chats-local:privacy-mode', on ? 'on' : 'off'),
    privacy,
  );
  await person.page.reload();
  await person.connectBurner(account);
  return person;
}

describe.skipIf(!isLinux)('calls between two NATs', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-turn-nat-'));
    lab = makeNatLab(String(process.pid));
    const secret = randomBytes(24).toString('base64url');
    coturn = await startCoturn({
      ip: lab.turnIp,
      port: 3478,
      relayPorts: { min: 49_160, max: 49_300 },
      secret,
      dataDir: join(dir, 'coturn'),
      wrapper: ['ip', 'netns', 'exec', lab.turn],
    });
    proxy = await LoopbackProxy.start(lab.serviceIp);
    stack = await startLocalStack({
      app: { builtDir: inject('builtDir') },
      dataDir: join(dir, 'stack'),
      turn: { urls: coturn.urls, secret },
    });
  });

  afterAll(async () => {
    const out = process.env.CC_TURN_BENCH_OUT;
    if (out) await writeFile(out, JSON.stringify(timings));
    await Promise.all(people.map((person) => person.close().catch(() => {})));
    await Promise.all(browsers.map((browser) => browser.close().catch(() => {})));
    await stack?.stop();
    await proxy?.close();
    await coturn?.stop();
    lab?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('connects through TURN, and comes back after a NAT loses its link', async () => {
    const [browserA, browserB] = [await browserIn(lab.a), await browserIn(lab.b)];
    const alice = await member(browserA, 'alice-nat', 0, false);
    const bob = await member(browserB, 'bob-nat', 1, false);
    await alice.enterRoom(0, 'across-nats', { chat: false });
    const joinedAt = Date.now();
    await bob.enterRoom(0, 'across-nats', { chat: false });
    timings.join = [
      await firstAudio(bob.page, joinedAt, 60_000),
      await firstAudio(alice.page, joinedAt, 60_000),
    ];
    const [routeA, routeB] = [await readRoute(alice.page), await readRoute(bob.page)];
    expect(routeA.selected.length).toBeGreaterThan(0);
    for (const pair of [...routeA.selected, ...routeB.selected]) {
      expect([pair.local, pair.remote]).toContain('relay');
    }
    // Without privacy mode the other side's own address is offered (so the privacy test
    // below can fail): Bob is told Alice's host address.
    expect(routeB.candidates.map((c) => c.address)).toContain(lab.a.hostIp);
    // Diagnostics says where the credentials came from and that the relay answers.
    const attached = { state: 'attached', timeout: 10_000 } as const;
    await alice.page.locator('[data-testid="turn-status"][data-status="ready"]').waitFor(attached);
    await alice.page.locator('[data-testid="relay-health-row"][data-state="up"]').waitFor(attached);

    lab.unplug(lab.a);
    try {
      await alice.page.waitForTimeout(4_000);
    } finally {
      lab.plugIn(lab.a);
    }
    const back = Date.now();
    timings.back = [
      await firstAudio(alice.page, back, 40_000),
      await firstAudio(bob.page, back, 40_000),
    ];
    expect(Math.max(...timings.back)).toBeLessThan(40_000);
  });

  it('in privacy mode, neither side sees a host or server-reflexive address of the other', async () => {
    const carol = await member(browsers[0] ?? (await browserIn(lab.a)), 'carol-private', 2, true);
    const dave = await member(browsers[1] ?? (await browserIn(lab.b)), 'dave-private', 3, true);
    await carol.enterRoom(0, 'private-call', { chat: false });
    const joinedAt = Date.now();
    await dave.enterRoom(0, 'private-call', { chat: false });
    timings.privacyJoin = [
      await firstAudio(dave.page, joinedAt, 60_000),
      await firstAudio(carol.page, joinedAt, 60_000),
    ];
    expect(await carol.byTestId('privacy-mode').isChecked()).toBe(true);
    for (const [page, other] of [
      [carol.page, lab.b],
      [dave.page, lab.a],
    ] as const) {
      const route = await readRoute(page);
      expect(route.candidates.length).toBeGreaterThan(0);
      expect(route.candidates.every((c) => c.type === 'relay')).toBe(true);
      const seen = route.candidates.map((c) => c.address);
      expect(seen).not.toContain(other.hostIp);
      expect(seen).not.toContain(other.outsideIp);
      expect(route.sdp).not.toContain(other.hostIp);
      expect(route.sdp).not.toContain(other.outsideIp);
    }
  });
});
