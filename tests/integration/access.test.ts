import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainAccessReader } from '../../src/access/AccessReader.ts';
import { AccessService } from '../../src/access/AccessService.ts';
import type { AccessStatus } from '../../src/access/events.ts';
import { addParticipants } from '../../src/chain/addParticipants.ts';
import { createCommunity, createdCommunityId } from '../../src/chain/createCommunity.ts';
import { deactivateCommunity } from '../../src/chain/deactivateCommunity.ts';
import { removeParticipant } from '../../src/chain/removeParticipant.ts';
import { waitForTransaction } from '../../src/chain/waitForTransaction.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Scope } from '../../src/core/Scope.ts';
import { startTestChain, type TestChain } from './chainFixture.ts';

let chain: TestChain;
let contract: Address;
let communityId: bigint;
let members: Address[];
const scope = new Scope();

beforeAll(async () => {
  chain = await startTestChain({ pollingInterval: 100 });
  contract = await chain.deployAccess();
  const owner = chain.wallet(0);
  communityId = createdCommunityId(
    await waitForTransaction(chain.publicClient, {
      hash: await createCommunity(owner, {
        contract,
        name: 'Room',
        description: '',
        requireLivepeerRegistration: false,
      }),
    }),
  );
  members = [1, 2, 3, 4].map((i) => chain.wallet(i).account.address);
  await addParticipants(owner, chain.publicClient, {
    contract,
    communityId,
    participants: members,
  });
});
afterAll(async () => {
  scope.end();
  await chain?.close();
});

function service(graceMs = 60_000) {
  return new AccessService({
    reader: createChainAccessReader(chain.appClient, { contract, pollingIntervalMs: 100 }),
    clock: systemClock,
    scope: scope.child(),
    graceMs,
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - start;
}

describe('AccessService on a real chain', () => {
  it('answers hasAccess from the contract, many questions in one read', async () => {
    const access = service();
    const stranger = chain.wallet(9).account.address;
    const answers = await Promise.all([
      ...members.map((m) => access.hasAccess(communityId, m)),
      access.hasAccess(communityId, stranger),
      access.hasAccess(42n, members[0] as Address),
    ]);
    expect(answers).toEqual([true, true, true, true, false, false]);
    expect(access.status).toBe('ok');
  });

  it('refuses a removed member within 2 s of the removal being mined', async () => {
    const access = service();
    const target = members[3] as Address;
    expect(await access.hasAccess(communityId, target)).toBe(true);
    const changed: Address[] = [];
    access.onChange((_, address) => changed.push(address), scope);
    const receipt = await waitForTransaction(chain.publicClient, {
      hash: await removeParticipant(chain.wallet(0), {
        contract,
        communityId,
        participant: target,
      }),
    });
    expect(receipt.status).toBe('success');
    const elapsed = await until(async () => !(await access.hasAccess(communityId, target)));
    expect(elapsed).toBeLessThan(2_000);
    expect(changed.map((a) => a.toLowerCase())).toContain(target.toLowerCase());
  });

  it('reuses a recent yes for the grace time when the RPC is down, refuses strangers', async () => {
    const access = service(60_000);
    const statuses: AccessStatus[] = [];
    access.events.on('status', ({ status }) => statuses.push(status), scope);
    const member = members[0] as Address;
    expect(await access.hasAccess(communityId, member)).toBe(true);
    access.invalidate(); // force the next answers to come from the chain
    chain.setReachable(false);
    try {
      expect(await access.check(communityId, member)).toEqual({ allowed: true, source: 'grace' });
      expect(await access.check(communityId, members[1] as Address)).toEqual({
        allowed: false,
        source: 'unavailable',
      });
      expect(access.status).toBe('degraded');
    } finally {
      chain.setReachable(true);
    }
    expect(await access.check(communityId, members[1] as Address)).toEqual({
      allowed: true,
      source: 'chain',
    });
    expect(statuses).toEqual(['degraded', 'ok']);
  });

  it('drops everyone when the community is deactivated', async () => {
    const access = service();
    const member = members[1] as Address;
    expect(await access.hasAccess(communityId, member)).toBe(true);
    await waitForTransaction(chain.publicClient, {
      hash: await deactivateCommunity(chain.wallet(0), { contract, communityId }),
    });
    await until(async () => !(await access.hasAccess(communityId, member)));
  });
});
