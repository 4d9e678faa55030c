import { type Address, getAddress } from 'viem';
import { afterEach, describe, expect, test } from 'vitest';
import { Emitter } from '../core/Emitter.ts';
import { Scope } from '../core/Scope.ts';
import type { ModeratorCheck } from '../signaling/GunModerationChannel.ts';
import { type DecisionMap, mergeDecisions, type StageDecision } from '../signaling/moderation.ts';
import { StagePolicy } from './StagePolicy.ts';

const MOD = getAddress('0x000000000000000000000000000000000000D00D');
const BOB = getAddress('0x0000000000000000000000000000000000000B0B');
const EVE = getAddress('0x00000000000000000000000000000000000000E5');

/** A fake of the channel's read side: effective decisions set by hand. */
class FakeDecisions {
  #decisions: DecisionMap = new Map();
  readonly #events = new Emitter<{ change: undefined }>();
  decisions(): DecisionMap {
    return this.#decisions;
  }
  onChange(listener: () => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
  }
  set(...decisions: StageDecision[]): void {
    this.#decisions = mergeDecisions(decisions);
    this.#events.emit('change', undefined);
  }
}

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

function setup(stage: boolean, moderators: ModeratorCheck) {
  const scope = new Scope();
  scopes.push(scope);
  const channel = new FakeDecisions();
  const policy = new StagePolicy({ channel, moderators, stage, scope, recheckMs: 20 });
  let changes = 0;
  policy.onChange(() => (changes += 1), scope);
  return { channel, policy, changes: () => changes };
}

const only =
  (...addresses: Address[]): ModeratorCheck['isModerator'] =>
  async (address) =>
    addresses.includes(address);
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
async function waitUntil(check: () => boolean): Promise<void> {
  const end = Date.now() + 1_000;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await settle();
  }
}

describe('StagePolicy', () => {
  test('on a stage a moderator may speak once the contract answers; until then nobody', async () => {
    const { policy, changes } = setup(true, { isModerator: only(MOD) });
    expect(policy.maySpeak(MOD)).toBe(false);
    expect(policy.maySpeak(BOB)).toBe(false);
    await settle();
    expect(policy.maySpeak(MOD)).toBe(true);
    expect(policy.maySpeak(BOB)).toBe(false);
    expect(changes()).toBe(1);
  });

  test('an invite lets a member speak; a later listener decision or removal takes it back', () => {
    const { channel, policy } = setup(true, { isModerator: only() });
    channel.set({ target: BOB, role: 'speaker', at: 1 });
    expect(policy.maySpeak(BOB)).toBe(true);
    channel.set({ target: BOB, role: 'listener', at: 2 });
    expect(policy.maySpeak(BOB)).toBe(false);
    channel.set({ target: BOB, role: 'removed', at: 3 });
    expect(policy.maySpeak(BOB)).toBe(false);
    expect(policy.isRemoved(BOB)).toBe(true);
    expect(policy.isRemoved(EVE)).toBe(false);
  });

  test('outside stages everyone speaks, and a removal still keeps a member out', () => {
    const { channel, policy } = setup(false, { isModerator: only() });
    expect(policy.maySpeak(EVE)).toBe(true);
    channel.set({ target: EVE, role: 'removed', at: 1 });
    expect(policy.isRemoved(EVE)).toBe(true);
  });

  test('a failing contract read fails closed', async () => {
    const { policy } = setup(true, { isModerator: () => Promise.reject(new Error('down')) });
    policy.maySpeak(MOD);
    await settle();
    expect(policy.maySpeak(MOD)).toBe(false);
  });

  test('answers are asked again: a moderator who loses the role stops speaking', async () => {
    let moderators = [MOD];
    const { policy } = setup(true, { isModerator: async (a) => moderators.includes(a) });
    policy.maySpeak(MOD);
    await settle();
    expect(policy.maySpeak(MOD)).toBe(true);
    moderators = [];
    await waitUntil(() => !policy.maySpeak(MOD));
  });

  test('one failed read does not silence a known moderator', async () => {
    let answers = [true, false, true];
    const { policy, changes } = setup(true, {
      isModerator: async () => {
        const [answer = true, ...rest] = answers;
        answers = rest;
        return answer;
      },
    });
    policy.maySpeak(MOD);
    await waitUntil(() => answers.length === 0);
    await settle();
    expect(policy.maySpeak(MOD)).toBe(true);
    // Only the first answer changed anything: no demotion in between.
    expect(changes()).toBe(1);
  });
});
