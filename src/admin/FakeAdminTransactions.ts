import type { Hash, TransactionReceipt } from 'viem';
import type { AppError } from '../core/errors.ts';
import type { AdminTransactions } from './AdminTransactions.ts';
import type { AdminAction } from './adminAction.ts';

const sender = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

/** A recognisable transaction hash for the n-th send. */
export function hashOf(n: number): Hash {
  return `0x${n.toString(16).padStart(64, '0')}`;
}

/**
 * A fake of OUR chain boundary for unit tests: scripted answers (a rejected signature, a
 * contract refusal, a revert after sending), a record of what was sent, a gate that
 * holds confirmations until `mine()`, and members the contract would skip in a bulk add.
 *
 * @example
 * const fake = new FakeAdminTransactions();
 * fake.sendErrors.push(AppError.walletRejected());
 */
export class FakeAdminTransactions implements AdminTransactions {
  readonly sent: AdminAction[] = [];
  /** Per send, in order: undefined = success, or the error to throw. */
  readonly sendErrors: (AppError | undefined)[] = [];
  /** Per confirm, in order: undefined = success, or the error to throw. */
  readonly confirmErrors: (AppError | undefined)[] = [];
  /** Lower-case addresses already on the allowlist: a bulk add counts them as not added. */
  readonly members = new Set<string>();
  #release: (() => void) | null = null;
  gated = false;

  async send(action: AdminAction): Promise<Hash> {
    this.sent.push(action);
    const error = this.sendErrors.shift();
    if (error) throw error;
    return hashOf(this.sent.length);
  }

  async confirm(hash: Hash): Promise<TransactionReceipt> {
    if (this.gated) await new Promise<void>((resolve) => (this.#release = resolve));
    const error = this.confirmErrors.shift();
    if (error) throw error;
    return receipt(hash);
  }

  addedBy(receipt: TransactionReceipt): number {
    const action = this.sent[Number(BigInt(receipt.transactionHash)) - 1];
    if (action?.kind !== 'addParticipantsToCommunity') return 0;
    return action.participants.filter((a) => !this.members.has(a.toLowerCase())).length;
  }

  /** Lets a gated confirm finish. */
  mine(): void {
    this.#release?.();
  }
}

function receipt(hash: Hash): TransactionReceipt {
  return {
    transactionHash: hash,
    status: 'success',
    blockHash: hashOf(0),
    blockNumber: 1n,
    contractAddress: null,
    cumulativeGasUsed: 0n,
    effectiveGasPrice: 0n,
    from: sender,
    gasUsed: 0n,
    logs: [],
    logsBloom: '0x',
    to: sender,
    transactionIndex: 0,
    type: 'eip1559',
  };
}
