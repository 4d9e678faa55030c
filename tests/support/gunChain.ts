import type { Address } from 'viem';
import { createChainAccessReader } from '../../src/access/AccessReader.ts';
import { AccessService } from '../../src/access/AccessService.ts';
import { addParticipants } from '../../src/chain/addParticipants.ts';
import { createCommunity, createdCommunityId } from '../../src/chain/createCommunity.ts';
import { removeParticipant } from '../../src/chain/removeParticipant.ts';
import { waitForTransaction } from '../../src/chain/waitForTransaction.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Scope } from '../../src/core/Scope.ts';
import { startTestChain, type TestChain } from '../integration/chainFixture.ts';

/** The real allowlist for room tests: CommunityAccess on an in-process Hardhat chain. */
export interface AccessChain {
  chain: TestChain;
  contract: Address;
  communityId: bigint;
  /** The app's AccessService on that chain (batched, cached, event-invalidated). */
  access: AccessService;
  /** Adds members to the community (mined). */
  allow(addresses: readonly Address[]): Promise<void>;
  /** Removes a member from the community (mined). */
  remove(address: Address): Promise<void>;
  close(): Promise<void>;
}

/** Deploys CommunityAccess, creates a community and starts an AccessService reading it. */
export async function startAccessChain(): Promise<AccessChain> {
  const chain = await startTestChain({ pollingInterval: 100 });
  const contract = await chain.deployAccess();
  const owner = chain.wallet(0);
  const communityId = createdCommunityId(
    await waitForTransaction(chain.publicClient, {
      hash: await createCommunity(owner, {
        contract,
        name: 'Room tests',
        description: '',
        requireLivepeerRegistration: false,
      }),
    }),
  );
  const scope = new Scope();
  const access = new AccessService({
    reader: createChainAccessReader(chain.appClient, { contract, pollingIntervalMs: 100 }),
    clock: systemClock,
    scope,
    graceMs: 0,
  });
  return {
    chain,
    contract,
    communityId,
    access,
    async allow(addresses) {
      await addParticipants(owner, chain.publicClient, {
        contract,
        communityId,
        participants: addresses,
      });
    },
    async remove(address) {
      await waitForTransaction(chain.publicClient, {
        hash: await removeParticipant(owner, { contract, communityId, participant: address }),
      });
    },
    async close() {
      scope.end();
      await chain.close();
    },
  };
}
