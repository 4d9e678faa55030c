import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { FakeAdminTransactions } from '../admin/FakeAdminTransactions.ts';
import { TransactionTracker } from '../admin/TransactionTracker.ts';
import { AppError } from '../core/errors.ts';
import { Scope } from '../core/Scope.ts';
import { AdminTransactionsStore } from './admin.svelte.ts';

const bob: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('AdminTransactionsStore', () => {
  it('follows the tracker: busy while in the wallet or on its way, then settled', async () => {
    const fake = new FakeAdminTransactions();
    fake.gated = true;
    const store = new AdminTransactionsStore(new TransactionTracker(fake), new Scope());

    const done = store.run({ kind: 'addToGlobalAllowlist', participant: bob });
    expect(store.busy).toBe(true);
    expect(store.transactions[0]?.state.status).toBe('signing');
    await Promise.resolve();
    await Promise.resolve();
    fake.mine();
    await done;

    expect(store.busy).toBe(false);
    expect(store.transactions[0]?.state.status).toBe('confirmed');
  });

  it('shows a rejected bulk add and stops following when its scope ends', async () => {
    const fake = new FakeAdminTransactions();
    fake.sendErrors.push(AppError.walletRejected());
    const scope = new Scope();
    const store = new AdminTransactionsStore(new TransactionTracker(fake), scope);

    await store.addInBatches(0n, [bob]);
    expect(store.bulk).toMatchObject({ status: 'rejected', added: 0, total: 1 });

    scope.end();
    await store.addInBatches(0n, [bob]);
    expect(fake.sent).toHaveLength(1);
    expect(store.bulk?.status).toBe('rejected');
  });
});
