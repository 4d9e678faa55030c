import { beforeAll, describe, expect, it } from 'vitest';
import { createSessionKeyPair } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import { SessionBox } from './sessionBox.ts';

let alice: SessionKeyPair;
let bob: SessionKeyPair;
let eve: SessionKeyPair;
beforeAll(async () => {
  [alice, bob, eve] = await Promise.all([
    createSessionKeyPair(),
    createSessionKeyPair(),
    createSessionKeyPair(),
  ]);
});

const offer = JSON.stringify([{ type: 'offer', sdp: 'v=0 c=IN IP4 192.0.2.7 — ünïcödé' }]);

describe('SessionBox', () => {
  it('opens on the other side what one side sealed, both ways, and hides the text', async () => {
    const atAlice = new SessionBox(alice);
    const atBob = new SessionBox(bob);
    const sealed = await atAlice.seal(bob.epub, offer);
    expect(sealed).not.toContain('192.0.2.7');
    expect(await atBob.open(alice.epub, sealed)).toBe(offer);
    const reply = await atBob.seal(alice.epub, 'answer');
    expect(await atAlice.open(bob.epub, reply)).toBe('answer');
    // A fresh IV each time: the same text never seals the same way twice.
    expect(await atAlice.seal(bob.epub, offer)).not.toBe(sealed);
  });

  it('does not open for anyone else, nor once altered, nor junk', async () => {
    const sealed = await new SessionBox(alice).seal(bob.epub, offer);
    expect(await new SessionBox(eve).open(alice.epub, sealed)).toBeUndefined();
    const atBob = new SessionBox(bob);
    expect(await atBob.open(eve.epub, sealed)).toBeUndefined();
    const last = sealed.at(-3) === 'A' ? 'B' : 'A';
    const altered = `${sealed.slice(0, -3)}${last}${sealed.slice(-2)}`;
    expect(await atBob.open(alice.epub, altered)).toBeUndefined();
    for (const junk of ['', 'SEA{}', 'cc1.', 'cc1.AAAA.AAAA', `${sealed}.x`, 'cc1.!!.??']) {
      expect(await atBob.open(alice.epub, junk)).toBeUndefined();
    }
    expect(await atBob.open('not.a-point-on-the-curve-at-all', sealed)).toBeUndefined();
  });

  it('refuses to seal for a key that is not a P-256 point', async () => {
    await expect(
      new SessionBox(alice).seal('AAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA', offer),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('keeps at most maxSecrets peer secrets, and still opens for a peer it let go', async () => {
    const peers = await Promise.all(Array.from({ length: 6 }, () => createSessionKeyPair()));
    const atAlice = new SessionBox(alice, { maxSecrets: 3 });
    const sealedFor = await Promise.all(
      peers.map((peer) => new SessionBox(peer).seal(alice.epub, `hello from ${peer.pub}`)),
    );
    for (const [i, peer] of peers.entries()) {
      expect(await atAlice.open(peer.epub, sealedFor[i] as string)).toBe(`hello from ${peer.pub}`);
      expect(atAlice.size).toBeLessThanOrEqual(3);
    }
    expect(atAlice.size).toBe(3);
    // The first peer's secret was let go; it is derived again when needed.
    const first = peers[0] as SessionKeyPair;
    expect(await atAlice.open(first.epub, sealedFor[0] as string)).toBe(`hello from ${first.pub}`);
    expect(atAlice.size).toBe(3);
  });
});
