import { type Address, getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifact } from '../../scripts/chain/readArtifact.ts';
import { createCommunity } from '../../src/chain/createCommunity.ts';
import { hasAccessMany } from '../../src/chain/hasAccessMany.ts';
import { listCommunities } from '../../src/chain/listCommunities.ts';
import { setCommunityTokenGate } from '../../src/chain/setCommunityTokenGate.ts';
import { TokenKind } from '../../src/chain/types.ts';
import { waitForTransaction } from '../../src/chain/waitForTransaction.ts';
import { startTestChain, type TestChain } from './chainFixture.ts';

// The home page reads communities a page (100) at a time. With more than one page, every
// community must be reachable, and one community gated on a hostile token must not spoil
// the page's batched access check for anyone.
const COMMUNITIES = 105;
const LATE_ID = 103n;
const HOSTILE_ID = 7n;

let chain: TestChain;
let contract: Address;

beforeAll(async () => {
  chain = await startTestChain();
  contract = await chain.deployAccess();
  const [creator, latecomer] = [chain.wallet(0), chain.wallet(1)];
  for (let id = 0n; id < COMMUNITIES; id++) {
    const hash = await createCommunity(id === LATE_ID ? latecomer : creator, {
      contract,
      name: `Community ${id}`,
      description: '',
      requireLivepeerRegistration: false,
    });
    if (id === BigInt(COMMUNITIES - 1)) await waitForTransaction(chain.publicClient, { hash });
  }
  const burner = await readArtifact('contracts/test/HostileTokens.sol', 'GasBurningToken');
  const receipt = await chain.publicClient.waitForTransactionReceipt({
    hash: await creator.deployContract({ abi: burner.abi, bytecode: burner.bytecode }),
  });
  const token = getAddress(receipt.contractAddress ?? '0x');
  await waitForTransaction(chain.publicClient, {
    hash: await setCommunityTokenGate(creator, {
      contract,
      communityId: HOSTILE_ID,
      gate: { kind: TokenKind.ERC20, token, tokenId: 0n, minBalance: 1n },
    }),
  });
});
afterAll(() => chain?.close());

describe('community pages', () => {
  it('reads every community a page at a time, and who may enter each', async () => {
    const first = await listCommunities(chain.appClient, { contract, limit: 100 });
    expect(first.total).toBe(COMMUNITIES);
    expect(first.communities.map(({ id }) => id)).toEqual(
      Array.from({ length: 100 }, (_, i) => BigInt(i)),
    );
    const second = await listCommunities(chain.appClient, { contract, offset: 100, limit: 100 });
    expect(second.communities.map(({ name }) => name)).toEqual(
      [100, 101, 102, 103, 104].map((id) => `Community ${id}`),
    );
    expect(await listCommunities(chain.appClient, { contract, offset: COMMUNITIES })).toEqual({
      communities: [],
      total: COMMUNITIES,
    });

    // The latecomer made community 103 only; the creator made all others, the hostile one too.
    for (const [who, expected] of [
      [chain.wallet(1).account.address, (id: bigint) => id === LATE_ID],
      [chain.wallet(0).account.address, (id: bigint) => id !== LATE_ID],
    ] as const) {
      for (const page of [first, second]) {
        const answers = await hasAccessMany(chain.appClient, {
          contract,
          queries: page.communities.map(({ id }) => ({ communityId: id, address: who })),
        });
        expect(answers).toEqual(page.communities.map(({ id }) => expected(id)));
      }
    }
  });
});
