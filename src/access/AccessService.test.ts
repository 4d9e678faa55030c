import type { Address } from 'viem';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChainReadBudget, ChainReadBudgetError } from '../chain/ChainReadBudget.ts';
import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import { Scope } from '../core/Scope.ts';
import type { AccessChange, AccessQuery, AccessReader } from './AccessReader.ts';
import { AccessService } from './AccessService.ts';
import type { AccessStatus } from './events.ts';

const alice: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const bob: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const carol: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

class ManualClock implements Clock {
  time = 1_000_000;
  now(): number {
    return this.time;
  }
}

/** A chain in memory: an allowlist, a switch to make it unreachable, and an event feed. */
class FakeAccessReader implements AccessReader {
  readonly members = new Set<string>();
  reachable = true;
  readonly batches: AccessQuery[][] = [];
  #onChanges: ((changes: AccessChange[]) => void) | null = null;
  #onError: ((error: Error) => void) | null = null;
  watching = false;

  async hasAccessMany(queries: readonly AccessQuery[]): Promise<boolean[]> {
    this.batches.push([...queries]);
    if (!this.reachable) throw AppError.rpcUnavailable(new Error('connection refused'));
    return queries.map((q) => this.members.has(`${q.communityId}:${q.address}`));
  }

  watch(onChanges: (changes: AccessChange[]) => void, onError: (error: Error) => void) {
    this.#onChanges = onChanges;
    this.#onError = onError;
    this.watching = true;
    return () => {
      this.watching = false;
    };
  }

  add(communityId: bigint, address: Address) {
    this.members.add(`${communityId}:${address}`);
    this.#onChanges?.([{ kind: 'member-added', communityId, address }]);
  }

  remove(communityId: bigint, address: Address, { emit = true } = {}) {
    this.members.delete(`${communityId}:${address}`);
    if (emit) this.#onChanges?.([{ kind: 'member-removed', communityId, address }]);
  }

  emit(changes: AccessChange[]) {
    this.#onChanges?.(changes);
  }

  fail() {
    this.#onError?.(new Error('filter lost'));
  }
}

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

function setup(options: { graceMs?: number; cacheTtlMs?: number } = {}) {
  const reader = new FakeAccessReader();
  const clock = new ManualClock();
  const scope = new Scope();
  scopes.push(scope);
  const access = new AccessService({
    reader,
    clock,
    scope,
    graceMs: options.graceMs ?? 30_000,
    cacheTtlMs: options.cacheTtlMs ?? 60_000,
  });
  const statuses: AccessStatus[] = [];
  access.events.on('status', ({ status }) => statuses.push(status), scope);
  return { reader, clock, scope, access, statuses };
}

describe('AccessService', () => {
  it('batches concurrent questions into one read and de-duplicates them', async () => {
    const { reader, access } = setup();
    reader.members.add(`0:${alice}`);
    const answers = await Promise.all([
      access.hasAccess(0n, alice),
      access.hasAccess(0n, bob),
      access.hasAccess(0n, alice),
      access.hasAccess(1n, alice),
    ]);
    expect(answers).toEqual([true, false, true, false]);
    expect(reader.batches).toHaveLength(1);
    expect(reader.batches[0]).toHaveLength(3);
  });

  it('answers from the cache within the TTL, then asks again', async () => {
    const { reader, clock, access } = setup({ cacheTtlMs: 10_000 });
    reader.members.add(`0:${alice}`);
    expect(await access.check(0n, alice)).toEqual({ allowed: true, source: 'chain' });
    expect(await access.check(0n, alice)).toEqual({ allowed: true, source: 'cache' });
    clock.time += 10_000;
    expect(await access.check(0n, alice)).toEqual({ allowed: true, source: 'chain' });
    expect(reader.batches).toHaveLength(2);
  });

  it('forgets a removed member on the event and tells listeners', async () => {
    const { reader, access, scope } = setup();
    reader.members.add(`0:${alice}`);
    expect(await access.hasAccess(0n, alice)).toBe(true);
    const changed: [bigint, Address][] = [];
    access.onChange((c, a) => changed.push([c, a]), scope);
    reader.remove(0n, alice);
    expect(changed).toEqual([[0n, alice]]);
    expect(await access.check(0n, alice)).toEqual({ allowed: false, source: 'chain' });
  });

  it('does not cache an answer read before a removal event arrived', async () => {
    const { reader, access } = setup();
    reader.members.add(`0:${alice}`);
    const stale = access.hasAccess(0n, alice); // read queued while alice is still a member
    reader.remove(0n, alice); // event arrives before the answer
    reader.members.add(`0:${alice}`); // (the read itself still sees the old state)
    expect(await stale).toBe(true);
    reader.members.delete(`0:${alice}`);
    expect(await access.hasAccess(0n, alice)).toBe(false);
  });

  it('reuses a positive answer for the grace time past its TTL while the chain is down', async () => {
    const { reader, clock, access, statuses } = setup({ graceMs: 30_000, cacheTtlMs: 5_000 });
    reader.members.add(`0:${alice}`);
    expect(await access.hasAccess(0n, alice)).toBe(true);
    reader.reachable = false;
    clock.time += 10_000;
    expect(await access.check(0n, alice)).toEqual({ allowed: true, source: 'grace' });
    expect(access.status).toBe('degraded');
    clock.time += 25_001; // TTL + grace over
    expect(await access.check(0n, alice)).toEqual({ allowed: false, source: 'unavailable' });
    expect(access.status).toBe('down');
    reader.reachable = true;
    expect(await access.hasAccess(0n, alice)).toBe(true);
    expect(statuses).toEqual(['degraded', 'down', 'ok']);
  });

  it('keeps a member whose answer expired just as the chain stopped answering (TTL = grace)', async () => {
    const { reader, clock, access } = setup({ graceMs: 60_000, cacheTtlMs: 60_000 });
    reader.members.add(`0:${alice}`);
    expect(await access.hasAccess(0n, alice)).toBe(true);
    reader.reachable = false; // e.g. the RPC answers 429
    clock.time += 60_001;
    expect(await access.check(0n, alice)).toEqual({ allowed: true, source: 'grace' });
  });

  it('refuses an address never seen allowed while the chain is down (fail closed)', async () => {
    const { reader, access } = setup();
    reader.members.add(`0:${bob}`);
    reader.reachable = false;
    expect(await access.check(0n, bob)).toEqual({ allowed: false, source: 'unavailable' });
    expect(access.status).toBe('down');
  });

  it('gives no grace to a member whose removal was seen', async () => {
    const { reader, clock, access } = setup({ cacheTtlMs: 1_000 });
    reader.members.add(`0:${alice}`);
    expect(await access.hasAccess(0n, alice)).toBe(true);
    reader.remove(0n, alice);
    reader.reachable = false;
    clock.time += 2_000;
    expect(await access.check(0n, alice)).toEqual({ allowed: false, source: 'unavailable' });
  });

  it('stops trusting the cache when the event feed fails, and has listeners check again', async () => {
    const { reader, access, scope } = setup();
    reader.members.add(`0:${alice}`);
    expect(await access.hasAccess(0n, alice)).toBe(true);
    expect(await access.hasAccess(0n, bob)).toBe(false);
    const changed: [bigint, Address][] = [];
    access.onChange((c, a) => changed.push([c, a]), scope);
    reader.remove(0n, alice, { emit: false }); // a removal the feed missed
    reader.fail();
    // Every member seen allowed is to be checked again; a refused address is not.
    expect(changed).toEqual([[0n, alice]]);
    expect(access.status).toBe('degraded');
    expect(await access.check(0n, alice)).toEqual({ allowed: false, source: 'chain' });
    expect(access.status).toBe('ok');
  });

  it('tells listeners of a removal a fresh read finds when no event told of it, and gives it no grace', async () => {
    const { reader, clock, access, scope } = setup({ cacheTtlMs: 10_000 });
    reader.members.add(`0:${alice}`);
    expect(await access.hasAccess(0n, alice)).toBe(true);
    expect(await access.hasAccess(0n, carol)).toBe(false);
    const changed: [bigint, Address][] = [];
    access.onChange((c, a) => changed.push([c, a]), scope);
    reader.remove(0n, alice, { emit: false });
    clock.time += 10_000;
    expect(await access.hasAccess(0n, alice)).toBe(false);
    expect(await access.hasAccess(0n, carol)).toBe(false);
    expect(changed).toEqual([[0n, alice]]);
    // The chain then stops answering: the removed member is not let back in on grace.
    reader.reachable = false;
    access.invalidate();
    expect(await access.check(0n, alice)).toEqual({ allowed: false, source: 'unavailable' });
  });

  it('drops every cached member of a deactivated community', async () => {
    const { reader, access, scope } = setup();
    reader.members.add(`0:${alice}`);
    reader.members.add(`0:${bob}`);
    reader.members.add(`1:${carol}`);
    await Promise.all([
      access.hasAccess(0n, alice),
      access.hasAccess(0n, bob),
      access.hasAccess(1n, carol),
    ]);
    const changed: string[] = [];
    access.onChange((c, a) => changed.push(`${c}:${a}`), scope);
    reader.members.clear();
    reader.members.add(`1:${carol}`);
    reader.emit([{ kind: 'community-deactivated', communityId: 0n }]);
    expect(changed.sort()).toEqual([`0:${alice}`, `0:${bob}`].sort());
    expect(await access.hasAccess(0n, alice)).toBe(false);
    expect(await access.check(1n, carol)).toEqual({ allowed: true, source: 'cache' });
  });

  it('stops watching when its scope ends', () => {
    const { reader, scope } = setup();
    expect(reader.watching).toBe(true);
    scope.end();
    expect(reader.watching).toBe(false);
  });
});

describe('AccessService recovery', () => {
  it('retries the chain on its own while it is unreachable, and says when it is back', async () => {
    vi.useFakeTimers();
    try {
      const reader = new FakeAccessReader();
      const scope = new Scope();
      scopes.push(scope);
      const access = new AccessService({
        reader,
        clock: new ManualClock(),
        scope,
        graceMs: 0,
        retryIntervalMs: 1_000,
      });
      reader.reachable = false;
      expect(await access.hasAccess(0n, alice)).toBe(false);
      expect(access.status).toBe('down');
      reader.reachable = true;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(access.status).toBe('ok');
      const reads = reader.batches.length;
      await vi.advanceTimersByTimeAsync(5_000);
      expect(reader.batches.length).toBe(reads); // no more retries once ok
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('AccessService read budget (questions graph input asks)', () => {
  const strangers = Array.from(
    { length: 300 },
    (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as Address,
  );

  function budgeted(options: { burst: number; maxWaiting?: number; maxEntries?: number }) {
    const reader = new FakeAccessReader();
    const scope = new Scope();
    scopes.push(scope);
    const clock: Clock = { now: () => Date.now() };
    const budget = new ChainReadBudget({ burst: options.burst, perSecond: 1, clock });
    const access = new AccessService({
      reader,
      clock,
      scope,
      graceMs: 0,
      readBudget: budget,
      ...(options.maxWaiting === undefined ? {} : { maxWaiting: options.maxWaiting }),
      ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
    });
    return { reader, access, budget };
  }

  /** Asks each address in its own turn, as envelopes verified one by one do. */
  async function askOneByOne(access: AccessService, addresses: readonly Address[]) {
    const answers: Promise<boolean>[] = [];
    for (const address of addresses) {
      answers.push(access.hasAccess(0n, address, { budgeted: true }));
      await vi.advanceTimersByTimeAsync(1);
    }
    return answers;
  }

  it('300 strangers asked one by one cost a few shared reads, and each gets its answer', async () => {
    vi.useFakeTimers();
    try {
      const { reader, access } = budgeted({ burst: 2 });
      reader.members.add(`0:${strangers[299]}`);
      const answers = await askOneByOne(access, strangers);
      await vi.advanceTimersByTimeAsync(3_000);
      const settled = await Promise.all(answers);
      expect(settled.filter(Boolean)).toHaveLength(1);
      expect(settled[299]).toBe(true);
      expect(reader.batches.length).toBeLessThanOrEqual(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses to queue more than it may wait for, without caching a refusal', async () => {
    vi.useFakeTimers();
    try {
      const { reader, access, budget } = budgeted({ burst: 1, maxWaiting: 10 });
      budget.take();
      reader.members.add(`0:${strangers[20]}`);
      const waiting = await askOneByOne(access, strangers.slice(0, 10));
      await expect(
        access.hasAccess(0n, strangers[20] as Address, { budgeted: true }),
      ).rejects.toThrow(ChainReadBudgetError);
      await vi.advanceTimersByTimeAsync(1_000);
      await Promise.all(waiting);
      // Not remembered as refused: asked again, it is answered.
      const again = access.hasAccess(0n, strangers[20] as Address, { budgeted: true });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await again).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refreshes a member seen allowed at once, even with the budget spent', async () => {
    vi.useFakeTimers();
    try {
      const { reader, access, budget } = budgeted({ burst: 1 });
      reader.members.add(`0:${alice}`);
      expect(await access.hasAccess(0n, alice)).toBe(true);
      await vi.advanceTimersByTimeAsync(60_000); // the answer's TTL is over
      while (budget.take()); // strangers spent every read
      expect(await access.hasAccess(0n, alice, { budgeted: true })).toBe(true);
      expect(budget.msUntilNext()).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never lets refusals push a member out of the cache', async () => {
    vi.useFakeTimers();
    try {
      const { reader, access } = budgeted({ burst: 100, maxEntries: 5 });
      reader.members.add(`0:${alice}`);
      expect(await access.hasAccess(0n, alice)).toBe(true);
      const refused = await askOneByOne(access, strangers.slice(0, 50));
      await vi.advanceTimersByTimeAsync(100);
      expect((await Promise.all(refused)).some(Boolean)).toBe(false);
      const reads = reader.batches.length;
      expect(await access.check(0n, alice, { budgeted: true })).toEqual({
        allowed: true,
        source: 'cache',
      });
      expect(reader.batches.length).toBe(reads);
    } finally {
      vi.useRealTimers();
    }
  });
});
