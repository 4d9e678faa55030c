import { describe, expect, it } from 'vitest';
import { Scope } from '../core/Scope.ts';
import { FakePeer } from '../mesh/testing.ts';
import type { PeerFactory, PeerOptions } from '../peers/types.ts';
import { CallRoute } from './CallRoute.ts';
import { PrivacyPreference } from './PrivacyPreference.ts';
import { TurnCredentials } from './TurnCredentials.ts';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const STUN = { urls: 'stun:stun.example:3478' };
const grant = {
  urls: ['turn:turn.example:3478'],
  username: '9999999999:0xabc',
  credential: 'c',
  ttl: 3_600,
};

async function route(options: { gate: boolean; privacyDefault: boolean; storage?: MemoryStorage }) {
  const turn = new TurnCredentials({
    request: options.gate ? async () => grant : undefined,
    clock: { now: () => 0 },
    scope: new Scope(),
  });
  await turn.start();
  const storage = options.storage ?? new MemoryStorage();
  const privacy = new PrivacyPreference(storage, 'cc:privacy-mode', options.privacyDefault);
  return new CallRoute({ staticServers: [STUN], turn, privacy });
}

/** The options a peer would be made with. */
function madeWith(callRoute: CallRoute): PeerOptions {
  let seen: PeerOptions | undefined;
  const capture: PeerFactory = (options) => {
    seen = options;
    return new FakePeer(options);
  };
  callRoute.peerFactory(capture)({ initiator: true, iceServers: [STUN] });
  if (!seen) throw new Error('no peer made');
  return seen;
}

describe('CallRoute', () => {
  it('adds the gate’s TURN credentials to the site’s servers', async () => {
    const options = madeWith(await route({ gate: true, privacyDefault: false }));
    expect(options.iceServers).toEqual([
      STUN,
      { urls: grant.urls, username: grant.username, credential: grant.credential },
    ]);
    expect(options.iceTransportPolicy).toBe('all');
  });

  it('privacy mode makes every connection relay-only, from the community default or the member', async () => {
    const byDefault = await route({ gate: true, privacyDefault: true });
    expect(madeWith(byDefault).iceTransportPolicy).toBe('relay');
    expect(byDefault.problem()).toBeUndefined();

    const storage = new MemoryStorage();
    const chosen = await route({ gate: true, privacyDefault: false, storage });
    chosen.setPrivacyMode(true);
    expect(madeWith(chosen).iceTransportPolicy).toBe('relay');
    // Kept in this browser: a later room reads the member's choice over the default.
    expect((await route({ gate: true, privacyDefault: false, storage })).privacyMode).toBe(true);
  });

  it('says plainly that a call cannot connect privately without TURN, and still sends nothing direct', async () => {
    const noTurn = await route({ gate: false, privacyDefault: true });
    expect(noTurn.problem()?.code).toBe('PRIVATE_CALL_UNAVAILABLE');
    const options = madeWith(noTurn);
    expect(options.iceTransportPolicy).toBe('relay');
    expect(options.iceServers).toEqual([STUN]);
    expect((await route({ gate: false, privacyDefault: false })).problem()).toBeUndefined();
  });
});
