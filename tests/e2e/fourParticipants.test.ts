import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  HEARD,
  type Heard,
  type Hearing,
  hearing,
  type Listener,
  openWithProbe,
  SILENT,
} from './harness/audioProbe.ts';
import { type Participant, useE2eWorld } from './harness/index.ts';

// Four people in one (non-stage) room: real Chromium with the fake microphone (a beep every
// half second), real WebRTC inside the e2e network namespace, a full mesh of six connections.
// Each page's probe reads every connection on its own, and the harness pairs connections
// across pages, so every ordered pair (who hears whom) is checked separately. The same call
// then loses its relay (the stack's only one), and a network drop on top.

const ROOM = 'lobby';
const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const BOB = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const CAROL = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
const DAVE = '0x90f79bf6eb2c4f870365e785982e1f101e93b906';
const NAMES: Record<string, string> = {
  [ALICE]: 'alice',
  [BOB]: 'bob',
  [CAROL]: 'carol',
  [DAVE]: 'dave',
};

/** One listening window: two to four beeps of every speaker. */
const WINDOW_MS = 2_000;

type Verdict = 'hears' | 'silent' | 'faint' | 'no connection';

/** How a person would put it: they hear someone (bytes arrive and the beep is loud) or not. */
function verdict(heard: Heard | undefined): Verdict {
  if (!heard) return 'no connection';
  if (heard.bytesGained > 0 && heard.level > HEARD) return 'hears';
  return heard.level < SILENT ? 'silent' : 'faint';
}

/** The ICE username fragment of each open connection of each page (an ICE restart changes it). */
async function iceFragments(listeners: readonly Listener[]): Promise<string[][]> {
  return Promise.all(
    listeners.map(({ page }) =>
      page.evaluate(async () =>
        ((await window.__meshProbe?.listen(0)) ?? []).map((c) => c.localUfrag).sort(),
      ),
    ),
  );
}

/** Every ordered pair of `hearing`, as `"alice ← bob": verdict`. */
function summary(heard: Hearing): Record<string, Verdict> {
  const pairs: Record<string, Verdict> = {};
  for (const [listener, remotes] of heard) {
    for (const remote of heard.keys()) {
      if (remote === listener) continue;
      pairs[`${NAMES[listener]} ← ${NAMES[remote]}`] = verdict(remotes.get(remote));
    }
  }
  return pairs;
}

/** The pairs among `listeners`, each expected to hear the other unless `silent(remote)`. */
function expected(listeners: readonly Listener[], silent = new Set<string>()) {
  const pairs: Record<string, Verdict> = {};
  for (const { address: listener } of listeners) {
    for (const { address: remote } of listeners) {
      if (remote === listener) continue;
      pairs[`${NAMES[listener]} ← ${NAMES[remote]}`] = silent.has(remote) ? 'silent' : 'hears';
    }
  }
  return pairs;
}

/**
 * Listens window after window until every pair matches `want` or `timeoutMs` passes; returns
 * the last summary for the assertion (a wait on a condition, not a timed assertion).
 */
async function listenUntil(
  listeners: readonly Listener[],
  want: Record<string, Verdict>,
  timeoutMs: number,
): Promise<Record<string, Verdict>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = summary(await hearing(listeners, WINDOW_MS));
    if (Date.now() > deadline || JSON.stringify(last) === JSON.stringify(want)) return last;
  }
}

const world = useE2eWorld();

describe('audio mesh, four participants', () => {
  it('everyone hears everyone; mute silences one for all; a device switch keeps the call; leave removes the tile; with the relay killed and the network dropped, the call, the roster and a moderator’s mute go on; back, a relay lets a newcomer in', async () => {
    const accounts = [ALICE, BOB, CAROL, DAVE];
    const people: Participant[] = await Promise.all(
      accounts.map((address, i) => openWithProbe(world, NAMES[address] ?? '', i)),
    );
    const [alice, bob, carol, dave] = people as [
      Participant,
      Participant,
      Participant,
      Participant,
    ];
    const everyone = people.map((person, i) => ({ address: accounts[i] ?? '', page: person.page }));
    await Promise.all(people.map((person) => person.enterRoom(0, ROOM, { chat: false })));
    await Promise.all(
      people.flatMap((person, i) =>
        accounts
          .filter((_, j) => j !== i)
          .map((other) => person.byTestId(`participant-${other}`).waitFor({ timeout: 30_000 })),
      ),
    );

    // Every ordered pair: inbound bytes grow and the remote's own stream beeps.
    const all = expected(everyone);
    expect(await listenUntil(everyone, all, 30_000)).toEqual(all);

    // Dave mutes: the three others see the mark and stop hearing him, but still hear each other.
    await dave.byTestId('mute-button').click();
    await expect(dave.byTestId('mute-button').getAttribute('aria-pressed')).resolves.toBe('true');
    await Promise.all(
      [alice, bob, carol].map((person) =>
        person.byTestId(`muted-${DAVE}`).waitFor({ timeout: 15_000 }),
      ),
    );
    const daveMuted = expected(everyone, new Set([DAVE]));
    expect(await listenUntil(everyone, daveMuted, 15_000)).toEqual(daveMuted);

    // Dave unmutes and Carol switches microphones mid-call: everyone hears everyone again.
    await dave.byTestId('mute-button').click();
    await carol.byTestId('devices-button').click();
    const input = carol.byTestId('input-select');
    const options = input.locator('option');
    const lastInput = (await options.nth((await options.count()) - 1).getAttribute('value')) ?? '';
    expect(lastInput).not.toBe(await input.inputValue());
    await input.selectOption(lastInput);
    await carol.byTestId('devices-button').click();
    expect(await listenUntil(everyone, all, 15_000)).toEqual(all);

    // Bob leaves: his tile goes from the three other screens, who keep hearing each other.
    await bob.byTestId('leave-button').click();
    await Promise.all(
      [alice, carol, dave].map((person) =>
        person.byTestId(`participant-${BOB}`).waitFor({ state: 'detached', timeout: 20_000 }),
      ),
    );
    const remaining = everyone.filter(({ address }) => address !== BOB);
    const three = expected(remaining);
    expect(await listenUntil(remaining, three, 15_000)).toEqual(three);

    // The relay dies mid-call. Each page says so, and that the call goes on with those in it.
    const trio = [alice, carol, dave];
    await world.stack.relay.stop();
    const down = Date.now();
    await Promise.all(trio.map((person) => person.byTestId('relays-down').waitFor()));

    // The owner mutes Carol: the signed order reaches her over their data channel, and her
    // signed heartbeat shows Dave the mark.
    await alice.byTestId(`mute-${CAROL}`).click();
    await expect
      .poll(() => carol.byTestId('mute-button').getAttribute('aria-pressed'), { timeout: 15_000 })
      .toBe('true');
    await dave.byTestId(`muted-${CAROL}`).waitFor({ timeout: 15_000 });

    // 10 s with every packet dropped, long enough for ICE to restart; macOS runs have no
    // namespace to drop it in. With no relay, the restarts can only cross the data channels.
    const namespaced = process.env.CC_E2E_NETNS !== undefined;
    const fragments = await iceFragments(remaining);
    if (namespaced) {
      execFileSync('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'pfifo', 'limit', '0']);
      try {
        await alice.page.waitForTimeout(10_000);
      } finally {
        execFileSync('tc', ['qdisc', 'del', 'dev', 'lo', 'root']);
      }
    }
    const carolMuted = expected(remaining, new Set([CAROL]));
    expect(await listenUntil(remaining, carolMuted, 25_000)).toEqual(carolMuted);
    if (namespaced) {
      const after = await iceFragments(remaining);
      expect(after.map((page) => page.length)).toEqual([2, 2, 2]);
      after.forEach((page, i) => {
        for (const fragment of page) expect(fragments[i]).not.toContain(fragment);
      });
    }

    // Past the roster's 15 s timeout with no relay, everyone still sees everyone. The bench
    // (bench/relaysDown.bench.ts) runs this with the relay down a full minute.
    const benchOut = process.env.CC_RELAYS_DOWN_BENCH_OUT;
    const holdMs = benchOut ? 60_000 : 20_000;
    await alice.page.waitForTimeout(Math.max(0, holdMs - (Date.now() - down)));
    const shown = await Promise.all(
      remaining.map(async ({ address: self }, i) => {
        const others = remaining.filter(({ address }) => address !== self);
        const tiles = await Promise.all(
          others.map(({ address }) => trio[i]?.byTestId(`participant-${address}`).count()),
        );
        return tiles.reduce<number>((sum, n) => sum + (n ?? 0), 0);
      }),
    );
    if (benchOut) await writeFile(benchOut, JSON.stringify({ shown, downMs: Date.now() - down }));
    expect(shown).toEqual([2, 2, 2]);

    // The relay comes back: Bob enters through it, and he and the three find each other.
    await world.stack.relay.start();
    await bob.enterRoom(0, ROOM, { chat: false });
    await Promise.all([
      ...trio.map((person) => person.byTestId(`participant-${BOB}`).waitFor({ timeout: 30_000 })),
      ...[ALICE, CAROL, DAVE].map((other) =>
        bob.byTestId(`participant-${other}`).waitFor({ timeout: 30_000 }),
      ),
    ]);
    await alice.byTestId('relays-down').waitFor({ state: 'detached' });
  }, 240_000);
});
