import type { Address } from 'viem';
import { deployLocalEns } from '../scripts/chain/deployLocalEns.ts';
import { devAccountNames, hardhatDevAccounts } from '../scripts/chain/devAccounts.ts';
import { devAvatarDataUri } from '../scripts/chain/devAvatar.ts';
import { createChainAccessReader } from '../src/access/AccessReader.ts';
import { AccessService } from '../src/access/AccessService.ts';
import { addParticipants } from '../src/chain/addParticipants.ts';
import { createCommunity, createdCommunityId } from '../src/chain/createCommunity.ts';
import { removeParticipant } from '../src/chain/removeParticipant.ts';
import { waitForTransaction } from '../src/chain/waitForTransaction.ts';
import { systemClock } from '../src/core/clock.ts';
import { Scope } from '../src/core/Scope.ts';
import { createEnsReader } from '../src/names/EnsReader.ts';
import { NameService } from '../src/names/NameService.ts';
import { startTestChain } from '../tests/integration/chainFixture.ts';
import { type Figures, median, percentile } from './figures.ts';

const REMOVALS = 12;
/** What the app uses (createChainAccessReader's default). */
const POLLING_MS = 1_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Access and names on an in-process Hardhat chain (automine: a transaction is mined when its
 * send returns):
 * - time from a ParticipantRemoved being mined to AccessService refusing the address, as a
 *   room sees it (onChange fires, the re-check answers false), event polling every 1 s;
 * - one batched check of 100 addresses (one multicall);
 * - ENS lookups on a second page load with a warm storage cache.
 */
export default async function accessBench(): Promise<Figures> {
  const chain = await startTestChain({ pollingInterval: POLLING_MS });
  const scope = new Scope();
  try {
    const contract = await chain.deployAccess();
    const owner = chain.wallet(0);
    const communityId = createdCommunityId(
      await waitForTransaction(chain.publicClient, {
        hash: await createCommunity(owner, {
          contract,
          name: 'Bench',
          description: '',
          requireLivepeerRegistration: false,
        }),
      }),
    );
    const members = Array.from(
      { length: 100 },
      (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as Address,
    );
    await addParticipants(owner, chain.publicClient, {
      contract,
      communityId,
      participants: members,
    });

    const access = new AccessService({
      reader: createChainAccessReader(chain.appClient, { contract, pollingIntervalMs: POLLING_MS }),
      clock: systemClock,
      scope,
      graceMs: 30_000,
    });

    const batchStart = performance.now();
    const answers = await Promise.all(members.map((m) => access.hasAccess(communityId, m)));
    const batchMs = performance.now() - batchStart;
    if (!answers.every(Boolean)) throw new Error('bench setup: members not allowed');

    const latencies: number[] = [];
    for (const target of members.slice(0, REMOVALS)) {
      await sleep(Math.random() * POLLING_MS); // land anywhere in the polling cycle
      const refused = new Promise<number>((resolve) => {
        const watch = scope.child();
        access.onChange((_, address) => {
          if (address.toLowerCase() !== target.toLowerCase()) return;
          void access.hasAccess(communityId, target).then((allowed) => {
            if (allowed) return;
            watch.end();
            resolve(performance.now());
          });
        }, watch);
      });
      await removeParticipant(owner, { contract, communityId, participant: target });
      const minedAt = performance.now();
      latencies.push((await refused) - minedAt);
    }

    const records = hardhatDevAccounts.map((address, i) => {
      const name = devAccountNames[i] as string;
      return { address, name, avatar: devAvatarDataUri(address, name) };
    });
    const { universalResolver } = await deployLocalEns(owner, chain.publicClient, records);
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
    const reader = createEnsReader(chain.appClient, { universalResolver });
    const cold = new NameService({ reader, clock: systemClock, storage, chainId: 31337 });
    await cold.lookupMany(hardhatDevAccounts);
    const warm = new NameService({ reader, clock: systemClock, storage, chainId: 31337 });
    await warm.lookupMany(hardhatDevAccounts);

    return {
      'access removal to refusal (median)': {
        value: median(latencies),
        unit: 'ms',
        note: `median of ${REMOVALS}, events polled every ${POLLING_MS} ms, in-process Hardhat`,
      },
      'access removal to refusal (p95)': {
        value: percentile(latencies, 95),
        unit: 'ms',
        note: `p95 of ${REMOVALS}; goal < 2000`,
      },
      'access check, 100 addresses batched': {
        value: batchMs,
        unit: 'ms',
        note: 'one multicall (deployless on the local chain)',
      },
      'ENS lookups per page load, cold cache': {
        value: cold.lookups,
        unit: 'count',
        note: `${hardhatDevAccounts.length} addresses shown`,
      },
      'ENS lookups per page load, warm cache': {
        value: warm.lookups,
        unit: 'count',
        note: `${hardhatDevAccounts.length} addresses shown; goal 0`,
      },
    };
  } finally {
    scope.end();
    await chain.close();
  }
}
