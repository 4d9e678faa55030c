import type { Address, Hash, TransactionReceipt } from 'viem';
import { chunk } from '../chain/addParticipants.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { AdminTransactions } from './AdminTransactions.ts';
import { type AddressLabel, type AdminAction, describeAdminAction } from './adminAction.ts';

/** Where one transaction is: in the wallet, on its way, mined, or not sent / failed. */
export type TransactionState =
  | { status: 'signing' }
  | { status: 'pending'; hash: Hash }
  | { status: 'confirmed'; hash: Hash }
  | { status: 'rejected'; error: AppError }
  | { status: 'failed'; error: AppError; hash: Hash | null };

/** One transaction the console sent or tried to send. */
export interface TrackedTransaction {
  id: number;
  action: AdminAction;
  /** What it does, in words. */
  label: string;
  state: TransactionState;
}

/** The result of {@link TransactionTracker.run}: never throws, the error is in `state` too. */
export type TransactionOutcome =
  | { ok: true; receipt: TransactionReceipt }
  | { ok: false; error: AppError };

/** How far a bulk add has come. */
export interface BulkProgress {
  communityId: bigint;
  /** Addresses to add in all. */
  total: number;
  /** Members the confirmed transactions added, as their events tell. */
  added: number;
  /** Addresses in confirmed transactions that the contract skipped: already members. */
  skipped: number;
  /** Transactions in the batch. */
  chunks: number;
  /** Confirmed transactions. */
  chunksDone: number;
  status: 'running' | 'done' | 'rejected' | 'failed';
  error: AppError | null;
}

/** Options of {@link TransactionTracker.addInBatches}. */
export interface AddInBatchesOptions {
  /** Addresses per transaction. Default 100 (about 4.8 M gas; under every block limit). */
  chunkSize?: number;
  /** Stops before the next transaction once aborted. */
  signal?: AbortSignal;
}

/** Events of {@link TransactionTracker}. */
export interface TransactionTrackerEvents {
  /** The list changed (newest first). */
  transactions: readonly TrackedTransaction[];
  /** The bulk add moved on, or was cleared (null). */
  bulk: BulkProgress | null;
}

/** Options of {@link TransactionTracker}. */
export interface TransactionTrackerOptions {
  /** How many settled transactions the list keeps. Default 20. */
  keep?: number;
  /** Names addresses in transaction labels (e.g. by ENS). Default: short addresses. */
  label?: AddressLabel;
}

/**
 * Sends admin actions through {@link AdminTransactions} and follows each from the wallet
 * prompt to its receipt, so the console can show signing, pending, confirmed, rejected and
 * failed states. Bulk adds go out as sequential chunks with progress.
 *
 * @example
 * const tracker = new TransactionTracker(transactions);
 * tracker.events.on('transactions', (list) => render(list), scope);
 * const outcome = await tracker.run({ kind: 'removeParticipantFromCommunity', communityId: 0n, participant });
 * if (outcome.ok) reloadMembers();
 */
export class TransactionTracker {
  readonly events = new Emitter<TransactionTrackerEvents>();
  readonly #transactions: AdminTransactions;
  readonly #keep: number;
  readonly #label: AddressLabel | undefined;
  #list: TrackedTransaction[] = [];
  #bulk: BulkProgress | null = null;
  #nextId = 1;

  constructor(transactions: AdminTransactions, options: TransactionTrackerOptions = {}) {
    this.#transactions = transactions;
    this.#keep = options.keep ?? 20;
    this.#label = options.label;
  }

  /** Newest first. */
  get transactions(): readonly TrackedTransaction[] {
    return this.#list;
  }

  get bulk(): BulkProgress | null {
    return this.#bulk;
  }

  /** True while a transaction waits for the wallet or for the chain. */
  get busy(): boolean {
    return this.#list.some((t) => t.state.status === 'signing' || t.state.status === 'pending');
  }

  /** Sends one action and waits for it to be mined. */
  async run(action: AdminAction): Promise<TransactionOutcome> {
    const id = this.#nextId++;
    const tracked: TrackedTransaction = {
      id,
      action,
      label: describeAdminAction(action, this.#label),
      state: { status: 'signing' },
    };
    this.#list = [tracked, ...this.#list].slice(0, this.#keep);
    this.#emitList();
    let hash: Hash | null = null;
    try {
      hash = await this.#transactions.send(action);
      this.#update(id, { status: 'pending', hash });
      const receipt = await this.#transactions.confirm(hash);
      this.#update(id, { status: 'confirmed', hash });
      return { ok: true, receipt };
    } catch (caught) {
      const error = AppError.from(caught);
      this.#update(
        id,
        error.code === 'WALLET_REJECTED'
          ? { status: 'rejected', error }
          : { status: 'failed', error, hash },
      );
      return { ok: false, error };
    }
  }

  /**
   * Adds validated, de-duplicated addresses in transactions of `chunkSize`, one after the
   * other; stops at the first one refused, rejected or failed (earlier ones stay added, and
   * the contract skips members already present, so trying again is safe). When `signal`
   * aborts (the admin left the console), no further transaction is asked for.
   */
  async addInBatches(
    communityId: bigint,
    participants: readonly Address[],
    { chunkSize = 100, signal }: AddInBatchesOptions = {},
  ): Promise<BulkProgress> {
    const chunks = chunk(participants, chunkSize);
    let progress: BulkProgress = {
      communityId,
      total: participants.length,
      added: 0,
      skipped: 0,
      chunks: chunks.length,
      chunksDone: 0,
      status: chunks.length === 0 ? 'done' : 'running',
      error: null,
    };
    this.#setBulk(progress);
    for (const addresses of chunks) {
      if (signal?.aborted) {
        progress = { ...progress, status: 'failed', error: AppError.from(signal.reason) };
        this.#setBulk(progress);
        return progress;
      }
      const outcome = await this.run({
        kind: 'addParticipantsToCommunity',
        communityId,
        participants: addresses,
      });
      // What the chain did, not what was sent: someone may have added a member meanwhile.
      const added = outcome.ok ? this.#transactions.addedBy(outcome.receipt, communityId) : 0;
      progress = outcome.ok
        ? {
            ...progress,
            added: progress.added + added,
            skipped: progress.skipped + addresses.length - added,
            chunksDone: progress.chunksDone + 1,
          }
        : {
            ...progress,
            status: outcome.error.code === 'WALLET_REJECTED' ? 'rejected' : 'failed',
            error: outcome.error,
          };
      this.#setBulk(progress);
      if (!outcome.ok) return progress;
    }
    progress = { ...progress, status: 'done' };
    this.#setBulk(progress);
    return progress;
  }

  /** Forgets the bulk progress (after the admin has read it). */
  clearBulk(): void {
    this.#setBulk(null);
  }

  /** Removes settled transactions from the list. */
  clearSettled(): void {
    this.#list = this.#list.filter(
      (t) => t.state.status === 'signing' || t.state.status === 'pending',
    );
    this.#emitList();
  }

  #update(id: number, state: TransactionState): void {
    this.#list = this.#list.map((t) => (t.id === id ? { ...t, state } : t));
    this.#emitList();
  }

  #emitList(): void {
    this.events.emit('transactions', this.#list);
  }

  #setBulk(progress: BulkProgress | null): void {
    this.#bulk = progress;
    this.events.emit('bulk', progress);
  }
}
