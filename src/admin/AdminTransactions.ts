import type { Address, Client, Hash, TransactionReceipt } from 'viem';
import { acceptCommunityOwnership } from '../chain/acceptCommunityOwnership.ts';
import { addCommunityAdmin } from '../chain/addCommunityAdmin.ts';
import { addParticipant } from '../chain/addParticipant.ts';
import { addToGlobalAllowlist } from '../chain/addToGlobalAllowlist.ts';
import { cancelCommunityOwnershipTransfer } from '../chain/cancelCommunityOwnershipTransfer.ts';
import { countParticipantsAdded } from '../chain/countParticipantsAdded.ts';
import { createCommunity } from '../chain/createCommunity.ts';
import { deactivateCommunity } from '../chain/deactivateCommunity.ts';
import { removeCommunityAdmin } from '../chain/removeCommunityAdmin.ts';
import { removeFromGlobalAllowlist } from '../chain/removeFromGlobalAllowlist.ts';
import { removeParticipant } from '../chain/removeParticipant.ts';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from '../chain/sendCommunityAccessTransaction.ts';
import { setCommunityServers } from '../chain/setCommunityServers.ts';
import { setCommunityTokenGate } from '../chain/setCommunityTokenGate.ts';
import { transferCommunityOwnership } from '../chain/transferCommunityOwnership.ts';
import { updateCommunity } from '../chain/updateCommunity.ts';
import { waitForTransaction } from '../chain/waitForTransaction.ts';
import type { AdminAction } from './adminAction.ts';

/**
 * The chain boundary of the admin console: send one action from the wallet, then wait for
 * it to be mined. Both reject with AppErrors (WALLET_REJECTED, contract errors in words).
 */
export interface AdminTransactions {
  /** Asks the wallet to sign and send; resolves with the hash once it is broadcast. */
  send(action: AdminAction): Promise<Hash>;
  /** Resolves when the transaction is mined and succeeded. */
  confirm(hash: Hash): Promise<TransactionReceipt>;
  /**
   * How many members a mined transaction really added to `communityId` (the contract skips
   * addresses already on the list without a word).
   */
  addedBy(receipt: TransactionReceipt, communityId: bigint): number;
}

/** Where {@link ChainAdminTransactions} sends and reads. */
export interface ChainAdminTransactionsOptions {
  /** The connected wallet as a viem client on the app's chain (asked at each send). */
  sender: () => Promise<SenderClient>;
  /** Reads receipts (the app's public client). */
  receipts: Client;
  contract: Address;
}

/**
 * {@link AdminTransactions} over viem and the CommunityAccess actions in `src/chain/`.
 *
 * @example
 * const transactions = new ChainAdminTransactions({
 *   sender: () => wallet.senderClient(), receipts: chainClient, contract,
 * });
 * const hash = await transactions.send({ kind: 'deactivateCommunity', communityId: 3n });
 */
export class ChainAdminTransactions implements AdminTransactions {
  readonly #options: ChainAdminTransactionsOptions;

  constructor(options: ChainAdminTransactionsOptions) {
    this.#options = options;
  }

  async send(action: AdminAction): Promise<Hash> {
    const client = await this.#options.sender();
    const contract = this.#options.contract;
    switch (action.kind) {
      case 'createCommunity':
        return createCommunity(client, { contract, ...action });
      case 'updateCommunity':
        return updateCommunity(client, { contract, ...action });
      case 'deactivateCommunity':
        return deactivateCommunity(client, { contract, ...action });
      case 'addCommunityAdmin':
        return addCommunityAdmin(client, { contract, ...action });
      case 'removeCommunityAdmin':
        return removeCommunityAdmin(client, { contract, ...action });
      case 'transferCommunityOwnership':
        return transferCommunityOwnership(client, { contract, ...action });
      case 'cancelCommunityOwnershipTransfer':
        return cancelCommunityOwnershipTransfer(client, { contract, ...action });
      case 'acceptCommunityOwnership':
        return acceptCommunityOwnership(client, { contract, ...action });
      case 'addParticipantToCommunity':
        return addParticipant(client, { contract, ...action });
      case 'addParticipantsToCommunity':
        // One chunk; the tracker splits and paces the batch (see `chunk` in addParticipants).
        return sendCommunityAccessTransaction(client, contract, 'addParticipantsToCommunity', [
          action.communityId,
          action.participants,
        ]);
      case 'removeParticipantFromCommunity':
        return removeParticipant(client, { contract, ...action });
      case 'setCommunityTokenGate':
        return setCommunityTokenGate(client, { contract, ...action });
      case 'setCommunityServers':
        return setCommunityServers(client, { contract, ...action });
      case 'addToGlobalAllowlist':
        return addToGlobalAllowlist(client, { contract, ...action });
      case 'removeFromGlobalAllowlist':
        return removeFromGlobalAllowlist(client, { contract, ...action });
    }
  }

  confirm(hash: Hash): Promise<TransactionReceipt> {
    return waitForTransaction(this.#options.receipts, { hash });
  }

  addedBy(receipt: TransactionReceipt, communityId: bigint): number {
    return countParticipantsAdded(receipt, { contract: this.#options.contract, communityId });
  }
}
