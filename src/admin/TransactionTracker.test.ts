import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import type { AdminAction } from './adminAction.ts';
import { FakeAdminTransactions, hashOf } from './FakeAdminTransactions.ts';
import { type TrackedTransaction, TransactionTracker } from './TransactionTracker.ts';

const bob: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const remove: AdminAction = {
  kind: 'removeParticipantFromCommunity',
  communityId: 0n,
  participant: bob,
};

const rejected = () => AppError.walletRejected(new Error('User rejected the request.'));
const notAdmin = () =>
  new AppError('NOT_AUTHORIZED', '0x3C44…93BC is not the owner or an admin of this community.', {
    category: 'chain',
  });

function statuses(list: readonly TrackedTransaction[]): string[] {
  return list.map((t) => t.state.status);
}

describe('TransactionTracker.run', () => {
  it('shows signing, then pending with the hash, then confirmed', async () => {
    const fake = new FakeAdminTransactions();
    fake.gated = true;
    const tracker = new TransactionTracker(fake);
    const seen: string[][] = [];
    tracker.events.on('transactions', (list) => seen.push(statuses(list)));

    const done = tracker.run(remove);
    expect(tracker.busy).toBe(true);
    await waitUntil(() => tracker.transactions[0]?.state.status === 'pending');
    expect(tracker.transactions[0]?.state).toEqual({ status: 'pending', hash: hashOf(1) });
    fake.mine();
    const outcome = await done;

    expect(outcome.ok).toBe(true);
    expect(seen).toEqual([['signing'], ['pending'], ['confirmed']]);
    expect(tracker.transactions[0]?.label).toBe('Remove 0x7099…79C8');
    expect(tracker.busy).toBe(false);
  });

  it('a rejected signature is "rejected", sends nothing further, and says so in words', async () => {
    const fake = new FakeAdminTransactions();
    fake.sendErrors.push(rejected());
    const tracker = new TransactionTracker(fake);

    const outcome = await tracker.run(remove);

    expect(outcome).toMatchObject({ ok: false, error: { code: 'WALLET_REJECTED' } });
    expect(tracker.transactions[0]?.state.status).toBe('rejected');
    expect(fake.sent).toHaveLength(1);
  });

  it('a contract refusal is "failed" with the contract words and no hash', async () => {
    const fake = new FakeAdminTransactions();
    fake.sendErrors.push(notAdmin());
    const tracker = new TransactionTracker(fake);

    await tracker.run(remove);

    const state = tracker.transactions[0]?.state;
    expect(state).toMatchObject({ status: 'failed', hash: null });
    expect(state?.status === 'failed' && state.error.message).toMatch(/not the owner or an admin/);
  });

  it('a revert after sending keeps the hash', async () => {
    const fake = new FakeAdminTransactions();
    fake.confirmErrors.push(new AppError('CONTRACT_REVERTED', 'reverted', { category: 'chain' }));
    const tracker = new TransactionTracker(fake);

    await tracker.run(remove);

    expect(tracker.transactions[0]?.state).toMatchObject({ status: 'failed', hash: hashOf(1) });
  });

  it('wraps foreign errors into AppErrors', async () => {
    const fake = new FakeAdminTransactions();
    fake.sendErrors.push(AppError.from(new TypeError('boom')));
    const tracker = new TransactionTracker(fake);

    const outcome = await tracker.run(remove);

    expect(outcome).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('keeps the newest transactions first, up to `keep`, and clears settled ones', async () => {
    const tracker = new TransactionTracker(new FakeAdminTransactions(), { keep: 2 });
    await tracker.run({ kind: 'deactivateCommunity', communityId: 1n });
    await tracker.run({ kind: 'deactivateCommunity', communityId: 2n });
    await tracker.run({ kind: 'deactivateCommunity', communityId: 3n });

    expect(tracker.transactions.map((t) => t.label)).toEqual([
      'Deactivate community 3',
      'Deactivate community 2',
    ]);
    tracker.clearSettled();
    expect(tracker.transactions).toEqual([]);
  });
});

describe('TransactionTracker.addInBatches', () => {
  const addresses = Array.from(
    { length: 5 },
    (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as Address,
  );

  it('sends chunks in order and reports progress after each', async () => {
    const fake = new FakeAdminTransactions();
    const tracker = new TransactionTracker(fake);
    const seen: (string | null)[] = [];
    tracker.events.on('bulk', (p) => seen.push(p && `${p.status} ${p.added}/${p.total}`));

    const result = await tracker.addInBatches(0n, addresses, { chunkSize: 2 });

    expect(
      fake.sent.map((a) => (a.kind === 'addParticipantsToCommunity' ? a.participants : [])),
    ).toEqual([addresses.slice(0, 2), addresses.slice(2, 4), addresses.slice(4)]);
    expect(seen).toEqual(['running 0/5', 'running 2/5', 'running 4/5', 'running 5/5', 'done 5/5']);
    expect(result).toMatchObject({ status: 'done', added: 5, chunks: 3, chunksDone: 3 });
  });

  it('counts what the chain added: members already present are skipped, not added', async () => {
    const fake = new FakeAdminTransactions();
    fake.members.add(addresses[1]?.toLowerCase() ?? '');
    fake.members.add(addresses[4]?.toLowerCase() ?? '');
    const tracker = new TransactionTracker(fake);

    const result = await tracker.addInBatches(0n, addresses, { chunkSize: 2 });

    expect(result).toMatchObject({ status: 'done', total: 5, added: 3, skipped: 2 });
  });

  it('stops at a rejected chunk; earlier chunks stay counted', async () => {
    const fake = new FakeAdminTransactions();
    fake.sendErrors.push(undefined, rejected());
    const tracker = new TransactionTracker(fake);

    const result = await tracker.addInBatches(0n, addresses, { chunkSize: 2 });

    expect(fake.sent).toHaveLength(2);
    expect(result).toMatchObject({ status: 'rejected', added: 2, chunksDone: 1 });
    expect(result.error?.code).toBe('WALLET_REJECTED');
  });

  it('stops at a failed chunk', async () => {
    const fake = new FakeAdminTransactions();
    fake.sendErrors.push(notAdmin());
    const tracker = new TransactionTracker(fake);

    const result = await tracker.addInBatches(0n, addresses, { chunkSize: 2 });

    expect(fake.sent).toHaveLength(1);
    expect(result).toMatchObject({ status: 'failed', added: 0 });
    tracker.clearBulk();
    expect(tracker.bulk).toBeNull();
  });

  it('asks for no further transaction once the signal aborts', async () => {
    const fake = new FakeAdminTransactions();
    const tracker = new TransactionTracker(fake);
    const leave = new AbortController();
    tracker.events.on('bulk', (p) => {
      if (p?.chunksDone === 1) leave.abort(new Error('left the console'));
    });

    const result = await tracker.addInBatches(0n, addresses, {
      chunkSize: 2,
      signal: leave.signal,
    });

    expect(fake.sent).toHaveLength(1);
    expect(result).toMatchObject({ status: 'failed', added: 2, chunksDone: 1 });
  });

  it('an empty list is done at once without asking the wallet', async () => {
    const fake = new FakeAdminTransactions();
    const result = await new TransactionTracker(fake).addInBatches(0n, []);
    expect(result).toMatchObject({ status: 'done', total: 0, chunks: 0 });
    expect(fake.sent).toEqual([]);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !condition(); i++) await Promise.resolve();
  if (!condition()) throw new Error('condition not met');
}
