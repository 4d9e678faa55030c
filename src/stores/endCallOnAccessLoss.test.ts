import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import type { AccessAnswer, AccessServiceEvents } from '../access/events.ts';
import { Emitter } from '../core/Emitter.ts';
import type { AppError } from '../core/errors.ts';
import { describeError } from '../core/messages.ts';
import { Scope } from '../core/Scope.ts';
import { endCallOnAccessLoss } from './endCallOnAccessLoss.ts';

const bob: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const carol: Address = '0x00000000000000000000000000000000000000c3';

/** The allowlist as the access service tells it: an answer per address, change events. */
class FakeAccess {
  readonly events = new Emitter<AccessServiceEvents>();
  readonly answers = new Map<string, AccessAnswer>();

  async check(_communityId: bigint, address: Address): Promise<AccessAnswer> {
    return this.answers.get(address.toLowerCase()) ?? { allowed: true, source: 'chain' };
  }

  onChange(listener: (communityId: bigint, address: Address) => void, scope: Scope): void {
    this.events.on('changed', ({ communityId, address }) => listener(communityId, address), scope);
  }

  set(address: Address, answer: AccessAnswer): void {
    this.answers.set(address.toLowerCase(), answer);
  }
}

function setup() {
  const access = new FakeAccess();
  const scope = new Scope();
  const ended: AppError[] = [];
  endCallOnAccessLoss({ access, communityId: 0n, self: bob, end: (r) => ended.push(r) }, scope);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { access, scope, ended, settle };
}

describe('endCallOnAccessLoss', () => {
  it('ends the call, saying why, when the chain removes this member', async () => {
    const { access, ended, settle } = setup();
    await settle();
    expect(ended).toEqual([]);
    access.set(bob, { allowed: false, source: 'chain' });
    access.events.emit('changed', { communityId: 0n, address: bob });
    await settle();
    expect(ended.map((r) => r.code)).toEqual(['ACCESS_REVOKED']);
    expect(describeError(ended[0])).toContain('the call has ended');
  });

  it('follows a whole-community change (deactivation) and a global removal', async () => {
    for (const change of [
      { communityId: 0n, address: null },
      { communityId: null, address: bob },
    ]) {
      const { access, ended, settle } = setup();
      access.set(bob, { allowed: false, source: 'chain' });
      access.events.emit('invalidated', change);
      await settle();
      expect(ended.length).toBeGreaterThan(0);
    }
  });

  it('keeps the call for others’ removals, other communities and an unreachable chain', async () => {
    const { access, ended, settle } = setup();
    await settle();
    access.set(carol, { allowed: false, source: 'chain' });
    access.events.emit('changed', { communityId: 0n, address: carol });
    access.events.emit('changed', { communityId: 1n, address: bob });
    access.set(bob, { allowed: false, source: 'unavailable' });
    access.events.emit('changed', { communityId: 0n, address: bob });
    await settle();
    expect(ended).toEqual([]);
  });

  it('stops with its scope', async () => {
    const { access, scope, ended, settle } = setup();
    scope.end();
    access.set(bob, { allowed: false, source: 'chain' });
    access.events.emit('changed', { communityId: 0n, address: bob });
    await settle();
    expect(ended).toEqual([]);
  });
});
