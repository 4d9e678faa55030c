import { afterEach, describe, expect, it, vi } from 'vitest';
import { Scope } from '../core/Scope.ts';
import { TabClaim } from './TabClaim.ts';

// Real BroadcastChannels (Node has them): each instance is one tab. Messages from one tab
// arrive in the order it sent them, so a later message proves the earlier ones were handled.
const channels: BroadcastChannel[] = [];
function tab(id: string, now: () => number = Date.now): TabClaim {
  const channel = new BroadcastChannel('tab-claim-test');
  channels.push(channel);
  return new TabClaim(channel, id, now);
}
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

/** Resolves once `listener` tab has heard a claim of `account` from another tab. */
function heard(listener: TabClaim, account: string): Promise<void> {
  return new Promise((resolve) => listener.watch(account, resolve, new Scope()));
}

describe('TabClaim', () => {
  it('makes the first tab let go when a second tab claims the same account', async () => {
    const [first, second] = [tab('a'), tab('b')];
    const firstScope = new Scope();
    const lost = new Promise<void>((resolve) => first.claim('0xAbC', resolve, firstScope));
    second.claim('0xabc', () => {}, new Scope());
    await lost;
    expect(firstScope.ended).toBe(true);
  });

  it('leaves tabs of other accounts alone', async () => {
    const [first, second] = [tab('a'), tab('b')];
    const lost = vi.fn();
    first.claim('0xaaa', lost, new Scope());
    const sentinel = heard(first, '0xzzz');
    second.claim('0xbbb', () => {}, new Scope());
    second.claim('0xzzz', () => {}, new Scope());
    await sentinel;
    expect(lost).not.toHaveBeenCalled();
  });

  it('keeps exactly one of two claims made at the same moment', async () => {
    const [first, second] = [tab('a', () => 5), tab('b', () => 5)];
    const lostA = new Promise<void>((resolve) => first.claim('0xabc', resolve, new Scope()));
    const lostB = vi.fn();
    const sentinel = heard(second, '0xzzz');
    second.claim('0xabc', lostB, new Scope());
    first.claim('0xzzz', () => {}, new Scope());
    await Promise.all([lostA, sentinel]);
    expect(lostB).not.toHaveBeenCalled();
  });

  it('tells watchers of the account when another tab claims it, while they watch', async () => {
    const [first, second] = [tab('a'), tab('b')];
    const listener = vi.fn();
    const scope = new Scope();
    first.watch('0xabc', listener, scope);
    const once = heard(first, '0xabc');
    second.claim('0xABC', () => {}, new Scope());
    await once;
    scope.end();
    const again = heard(first, '0xabc');
    second.claim('0xabc', () => {}, new Scope());
    await again;
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
