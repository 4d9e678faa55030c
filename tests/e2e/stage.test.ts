import type { Page } from 'playwright-core';
import { getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { mediaRoomNumber } from '../../scripts/gate/mediaRoomIds.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Scope } from '../../src/core/Scope.ts';
import { GunRoster } from '../../src/presence/GunRoster.ts';
import { DropCounters } from '../../src/signaling/dropCounters.ts';
import { EnvelopeSigner } from '../../src/signaling/EnvelopeSigner.ts';
import { EnvelopeVerifier } from '../../src/signaling/EnvelopeVerifier.ts';
import { GunModerationChannel } from '../../src/signaling/GunModerationChannel.ts';
import { roomRef } from '../../src/signaling/roomPaths.ts';
import { devAccount } from '../../src/wallet/createBurnerProvider.ts';
import { createNodeGraph } from '../support/gunNode.ts';
import {
  HEARD,
  inboundBytes,
  loudestLevel,
  openWithProbe,
  PROBE,
  SILENT,
} from './harness/audioProbe.ts';
import {
  HACKED_MEDIA_CLIENT,
  outboundBytes,
  speakAgainstTheServer,
} from './harness/hackedMediaClient.ts';
import { type Participant, useE2eWorld } from './harness/index.ts';
import { overrideSiteConfig } from './harness/overrideSiteConfig.ts';
import { plantSession, sessionInPage } from './harness/plantSession.ts';

// A stage in real Chromium with the fake microphone: everyone joins listening, only the
// moderator (dev account #0 owns the demo community) has a Speak button and no Raise hand, a
// listener whose browser sends audio anyway is not heard, a raised hand reaches the
// moderator's queue (in view on a laptop and on a phone), an invite asks the listener first
// (a "no" keeps them silent and the moderator sees it; a "yes" makes them audible), a member without a role (#2) cannot forge moderator decisions,
// and a removed member who comes back after the removal envelope's max age is still out.
// What each page hears is measured by a probe wrapped around RTCPeerConnection before the
// app loads.

const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const BOB = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const CAROL = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
const ROOM = 'stage-town-hall';

/**
 * A hostile client: once the page's storage says so, every connection it offers carries the
 * microphone, whatever role the app chose. Plain JavaScript for addInitScript, like the probe.
 */
const HOSTILE_SPEAKER = `
(() => {
  try {
    if (localStorage.getItem('e2e-hostile-speaker') !== '1') return;
  } catch {
    return;
  }
  const Pc = window.RTCPeerConnection;
  const createOffer = Pc.prototype.createOffer;
  let microphone;
  Pc.prototype.createOffer = async function (...args) {
    microphone ??= navigator.mediaDevices.getUserMedia({ audio: true });
    const stream = await microphone;
    const [track] = stream.getAudioTracks();
    if (!this.getSenders().some((sender) => sender.track === track)) this.addTrack(track, stream);
    return createOffer.apply(this, args);
  };
})();
`;

/** A receive pipeline for a forger who only writes: it accepts nothing it reads. */
function inertVerifier(counters: DropCounters, namespace: string, chainId: number) {
  return new EnvelopeVerifier({
    room: namespace,
    communityId: 0n,
    chainId,
    verifyCertificate: async () => {
      throw new Error('the forger reads nothing');
    },
    access: { hasAccess: async () => false, onChange: () => {} },
    counters,
    clock: systemClock,
  });
}

/** Reloads the page and enters the room again with the same account and stored session. */
async function reenter(person: Participant, account: number): Promise<void> {
  await person.page.reload();
  await person.connectBurner(account);
  await person.enterRoom(0, ROOM, { chat: false });
}

async function hears(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction((heard) => (window.__meshProbe?.level() ?? 0) > heard, HEARD, {
    timeout: timeoutMs,
    polling: 20,
  });
}

/**
 * Whether `testId`'s element is on screen without scrolling: inside the window, and above the
 * call dock fixed to its bottom unless it is part of that dock.
 */
async function onScreen(person: Participant, testId: string): Promise<boolean> {
  const dock = person.byTestId('call-dock');
  const [box, dockBox, inDock] = await Promise.all([
    person.byTestId(testId).boundingBox(),
    dock.boundingBox(),
    dock.getByTestId(testId).count(),
  ]);
  const height = person.page.viewportSize()?.height ?? 0;
  if (!box || !dockBox) return false;
  const bottom = inDock > 0 ? height : Math.min(dockBox.y, height);
  return box.y >= 0 && box.y + box.height <= bottom;
}

/** How many envelopes the page dropped for `reason` (its diagnostics panel). */
async function dropped(person: Participant, reason: string): Promise<number> {
  const row = person.byTestId(`dropped-${reason}`);
  if ((await row.count()) === 0) return 0;
  return Number(await row.locator('td').textContent());
}

const world = useE2eWorld();

describe('stage mode', () => {
  it('only moderators and the invited are heard; forged decisions are ignored; a removed member is out', async () => {
    const alice = await openWithProbe(world, 'alice', 0);
    const bob = await openWithProbe(world, 'bob', 1);
    const carol = await openWithProbe(world, 'carol', 2);
    await carol.context.addInitScript({ content: HOSTILE_SPEAKER });
    const everyone = [
      [alice, ALICE],
      [bob, BOB],
      [carol, CAROL],
    ] as const;
    for (const [person] of everyone) await person.enterRoom(0, ROOM, { chat: false });
    for (const [person, self] of everyone) {
      await person.byTestId('stage-explainer').waitFor();
      // Read before the call, above it (not under the chat, off screen on a phone).
      const [explainer, grid] = await Promise.all([
        person.byTestId('stage-explainer').boundingBox(),
        person.byTestId('participants').boundingBox(),
      ]);
      expect(explainer?.y).toBeLessThan(grid?.y ?? 0);
      for (const [, other] of everyone) {
        if (other === self) continue;
        await person.byTestId(`participant-${other}`).waitFor({ timeout: 30_000 });
        await person.byTestId(`listener-${other}`).waitFor({ timeout: 15_000 });
      }
    }
    // Only the community owner gets the moderator controls and a Speak button; the others
    // can only raise a hand.
    await alice.byTestId('moderator-controls').waitFor({ timeout: 15_000 });
    await alice.byTestId('speak-button').waitFor({ timeout: 15_000 });
    for (const person of [bob, carol]) {
      await person.byTestId('hand-button').waitFor();
      expect(await person.byTestId('moderator-controls').count()).toBe(0);
      expect(await person.byTestId('speak-button').count()).toBe(0);
    }
    // A moderator speaks when she likes: she is never offered a hand to raise.
    expect(await alice.byTestId('hand-button').count()).toBe(0);

    // Everyone listens: nobody sends audio.
    await alice.page.waitForTimeout(1_500);
    const silentBytes = await Promise.all([alice, bob, carol].map((p) => inboundBytes(p.page)));
    const silentLevels = await Promise.all(
      [alice, bob, carol].map((p) => loudestLevel(p.page, 2_000)),
    );
    expect(silentBytes).toEqual([0, 0, 0]);
    for (const level of silentLevels) expect(level).toBeLessThan(SILENT);

    // Carol turns hostile: after a reload every connection her browser offers carries her
    // microphone (she has the lowest address, so she offers to both), and heartbeats signed
    // with her own session claim she is a speaker. The audio reaches Alice and Bob, who play
    // none of it, show her listening and count the refusal.
    const { config } = world.stack;
    const room = roomRef({
      appName: config.appName,
      chainId: config.chain.id,
      contract: config.chain.communityAccess,
      communityId: 0n,
      roomId: ROOM,
    });
    await carol.page.evaluate(() => localStorage.setItem('e2e-hostile-speaker', '1'));
    // Her page's own session key cannot be read out, so she gives it one she also holds.
    const app = {
      appName: config.appName,
      chainId: config.chain.id,
      contract: config.chain.communityAccess,
    };
    const session = await plantSession(carol.page, devAccount(2), {
      ...app,
      appUrl: world.stack.appUrl,
    });
    await reenter(carol, 2);
    expect((await sessionInPage(carol.page, CAROL, app))?.pub).toBe(session.keys.pub);
    const signer = new EnvelopeSigner({ ...session, room: room.namespace, clock: systemClock });
    const graph = await createNodeGraph(config.gun.relays);
    const claimScope = new Scope();
    const counters = new DropCounters();
    // A later start gives higher sequence numbers: peers now drop her page's own heartbeats.
    new GunRoster({
      graph,
      room,
      address: getAddress(CAROL),
      signer,
      verifier: inertVerifier(counters, room.namespace, config.chain.id),
      access: { hasAccess: async () => false, onChange: () => {} },
      counters,
      clock: systemClock,
      initialState: { role: 'speaker', muted: false, hand: false, speakerSince: Date.now() },
    }).join(claimScope);
    for (const person of [alice, bob]) {
      await person.page.waitForFunction(
        async () => ((await window.__meshProbe?.inboundBytes()) ?? 0) > 2_000,
        undefined,
        { timeout: 30_000, polling: 250 },
      );
      await person.byTestId('dropped-not-invited').waitFor({ state: 'attached', timeout: 15_000 });
    }
    const hostileLevels = await Promise.all([alice, bob].map((p) => loudestLevel(p.page, 2_500)));
    for (const level of hostileLevels) expect(level).toBeLessThan(SILENT);
    expect(await alice.byTestId(`listener-${CAROL}`).count()).toBe(1);
    expect(await bob.byTestId(`listener-${CAROL}`).count()).toBe(1);
    // One refusal for the audio, one for the speaker claim.
    await expect
      .poll(() => dropped(alice, 'not-invited'), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);

    // The moderator removes Carol: her view says so, and Alice's grid drops her.
    await alice.byTestId(`remove-${CAROL}`).click();
    await carol.byTestId('removed-notice').waitFor({ timeout: 15_000 });
    await alice.byTestId(`participant-${CAROL}`).waitFor({ state: 'detached', timeout: 15_000 });
    await alice.byTestId(`removed-${CAROL}`).waitFor({ timeout: 15_000 });
    await bob.byTestId(`participant-${CAROL}`).waitFor({ state: 'detached', timeout: 15_000 });

    // The moderator speaks through her own Speak button; Bob hears her, and she still hears
    // nothing from him.
    await alice.byTestId('speak-button').click();
    await hears(bob.page, 30_000);
    expect(await loudestLevel(alice.page, 2_000)).toBeLessThan(SILENT);

    // Bob raises his hand: it reaches the moderator's queue, in view without scrolling on her
    // laptop and on a phone.
    await bob.byTestId('hand-button').click();
    await alice.byTestId(`raised-hand-${BOB}`).waitFor({ timeout: 15_000 });
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 390, height: 844 },
    ]) {
      await alice.page.setViewportSize(viewport);
      await expect.poll(() => onScreen(alice, `raised-hand-${BOB}`)).toBe(true);
    }
    await alice.page.setViewportSize({ width: 1100, height: 800 });

    // Invited, Bob is asked first, by name, in plain sight: his microphone stays closed.
    await alice.byTestId(`hand-invite-${BOB}`).click();
    const invitation = bob.byTestId('speak-invitation');
    await invitation.waitFor({ timeout: 15_000 });
    await expect(invitation.textContent()).resolves.toContain('alice.eth invited you to speak');
    expect(await onScreen(bob, 'speak-invitation')).toBe(true);
    expect(await bob.byTestId('mute-button').count()).toBe(0);
    // He says no: he keeps listening, unheard, and Alice reads his answer.
    await bob.byTestId('invitation-decline').click();
    await alice.byTestId(`declined-${BOB}`).waitFor({ timeout: 15_000 });
    await expect(alice.byTestId(`invited-${BOB}`).getAttribute('data-answer')).resolves.toBe(
      'said no',
    );
    await alice.byTestId(`raised-hand-${BOB}`).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await invitation.count()).toBe(0);
    expect(await bob.byTestId('mute-button').count()).toBe(0);
    expect(await alice.byTestId(`listener-${BOB}`).count()).toBe(1);
    expect(await loudestLevel(alice.page, 2_000)).toBeLessThan(SILENT);

    // Invited again, Bob says yes and speaks: Alice hears him, and her controls list him as
    // invited.
    const before = await inboundBytes(alice.page);
    await alice.byTestId(`invite-${BOB}`).click();
    await invitation.waitFor({ timeout: 15_000 });
    await bob.byTestId('invitation-accept').click();
    await bob.byTestId('mute-button').waitFor({ timeout: 15_000 });
    // A screen reader hears that his microphone is now live.
    await expect
      .poll(() => bob.byTestId('room-announcer').textContent(), { timeout: 15_000 })
      .toContain('You are a speaker now');
    await alice.byTestId(`invited-${BOB}`).waitFor({ timeout: 15_000 });
    await hears(alice.page, 30_000);
    expect(await inboundBytes(alice.page)).toBeGreaterThan(before);
    await alice.byTestId(`listener-${BOB}`).waitFor({ state: 'detached', timeout: 15_000 });

    // Carol (a member without a role) signs decisions with her real session and writes them
    // through the app's own publish path: every peer verifies and ignores them.
    try {
      const forger = new GunModerationChannel({
        graph,
        room,
        address: getAddress(CAROL),
        signer,
        verifier: inertVerifier(counters, room.namespace, config.chain.id),
        moderators: { isModerator: async () => false },
        counters,
        clock: systemClock,
      });
      const at = Date.now();
      await forger.publish({
        decisions: [
          { target: getAddress(BOB), role: 'removed', at },
          { target: getAddress(CAROL), role: 'speaker', at },
        ],
      });
      await alice.byTestId('dropped-not-moderator').waitFor({ state: 'attached', timeout: 15_000 });
      await bob.byTestId('dropped-not-moderator').waitFor({ state: 'attached', timeout: 15_000 });
      expect(await dropped(bob, 'not-moderator')).toBeGreaterThanOrEqual(1);
    } finally {
      claimScope.end();
      graph.close();
    }
    // Bob is still in the room and still a speaker: Alice keeps hearing him.
    await alice.page.waitForTimeout(1_000);
    expect(await bob.byTestId('removed-notice').count()).toBe(0);
    expect(await bob.byTestId('room-status').getAttribute('data-state')).not.toBe('ended');
    expect(await alice.byTestId(`listener-${BOB}`).count()).toBe(0);
    expect(await loudestLevel(alice.page, 2_500)).toBeGreaterThan(HEARD);

    // That a removal outlives its envelope's max age while the moderator stays (Carol reloading
    // after it is still out) is checked against a real relay in
    // tests/integration/stageDecisions.test.ts, without the 31 s wait here.
    await Promise.all([alice, bob, carol].map((person) => person.close()));
  });
});

/**
 * A member whose site moves rooms onto the media server at 3 members (`media.moveAt`), as in
 * audioMesh.test.ts, so three pages make a stage that runs through the stack's Janus.
 */
async function openOnMediaServer(
  label: string,
  account: number,
  hacked = false,
): Promise<Participant> {
  const person = await world.join(label, async (context) => {
    await overrideSiteConfig(context, { media: { moveAt: 3 } });
    await context.addInitScript({ content: PROBE });
    if (hacked) await context.addInitScript({ content: HACKED_MEDIA_CLIENT });
  });
  await person.connectBurner(account);
  return person;
}

describe('a stage on the media server', () => {
  it('a listener the moderator invites is heard through the server, moved back is not, and a hacked listener is heard by no one', async (context) => {
    // The stack runs Janus when it is installed (`apt-get install janus`; .ci/run does).
    if (!world.stack.config.media?.servers[0]) return context.skip();
    const people = await Promise.all(
      ['alice', 'bob', 'carol'].map((label, i) => openOnMediaServer(`${label}-media`, i, i === 2)),
    );
    const [alice, bob, carol] = people as [Participant, Participant, Participant];
    const room = 'stage-media';
    await Promise.all(people.map((person) => person.enterRoom(0, room, { chat: false })));
    await Promise.all(
      people.map((person) =>
        person.page
          .locator('[data-testid="media-notice"][data-state="live"]')
          .waitFor({ timeout: 30_000 }),
      ),
    );
    // Alice (the owner) invites Bob, a listener; he says yes. The server now mixes him: Alice
    // hears him in the speakers' room, Carol through the listeners' room it feeds.
    await alice.byTestId(`invite-${BOB}`).click({ timeout: 15_000 });
    await bob.byTestId('speak-invitation').waitFor({ timeout: 15_000 });
    await bob.byTestId('invitation-accept').click();
    await Promise.all([hears(alice.page, 20_000), hears(carol.page, 20_000)]);

    // Moved back to the listeners, Bob is put out of the speakers' room by the server itself:
    // nobody hears him, and he is listening again on the server.
    await alice.byTestId(`move-to-listener-${BOB}`).click({ timeout: 15_000 });
    await bob.byTestId('mute-button').waitFor({ state: 'detached', timeout: 15_000 });
    await bob.page
      .locator('[data-testid="media-notice"][data-state="live"]')
      .waitFor({ timeout: 15_000 });
    await alice.page.waitForTimeout(500);
    const levels = await Promise.all([alice, carol].map((p) => loudestLevel(p.page, 2_000)));
    expect(levels.map((level) => level < SILENT)).toEqual([true, true]);

    // Carol, a listener, edits her app: her microphone goes out on her connection to the
    // server, and in her own session she asks the server to unmute her, to unmute her room and
    // to move her into the speakers' room (its number is a hash of public names). The server
    // refuses what a listener may not do and mixes none of her audio: nobody hears her.
    const { id: chainId, communityAccess } = world.stack.config.chain;
    const speakersRoom = mediaRoomNumber(
      `${chainId}/${communityAccess.toLowerCase()}`,
      0n,
      room,
      'speakers',
    );
    const sentBefore = await outboundBytes(carol.page);
    const answers = await speakAgainstTheServer(carol.page, speakersRoom);
    expect(answers).toMatchObject({
      'unmute-room': expect.stringMatching(/^refused/),
      changeroom: expect.stringMatching(/^refused/),
    });
    const hacked = await Promise.all([alice, bob].map((p) => loudestLevel(p.page, 2_500)));
    expect(await outboundBytes(carol.page)).toBeGreaterThan(sentBefore + 2_000);
    expect(hacked.map((level) => level < SILENT)).toEqual([true, true]);
    await Promise.all(people.map((person) => person.close()));
  });
});
