import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Scope } from '../../src/core/Scope.ts';
import {
  type AttackIdentity,
  allSeeEachOther,
  ChainReadRoom,
  createAttackIdentities,
  type MeteredMember,
} from '../support/ChainReadRoom.ts';
import { waitFor } from '../support/gunNode.ts';

// Honest members A, B, C on a real Gun relay and the real CommunityAccess contract, each with
// its own RPC endpoint (a loopback proxy that counts JSON-RPC requests and can answer 429).
// An attacker writes 2,000 certificates of fresh wallets to the room's beats node.
const ATTACK = 2_000;
const MOST_READS = 50;
let room: ChainReadRoom;
let honest: MeteredMember[];
let attack: AttackIdentity[];

const sees = (member: MeteredMember, other: MeteredMember) =>
  member.roster.member(other.address) !== undefined;

beforeAll(async () => {
  room = await ChainReadRoom.start();
  honest = [await room.join('a'), await room.join('b'), await room.join('c')];
  await waitFor(() => allSeeEachOther(honest), 20_000, 'honest room');
  const claimed: Address[] = honest.map((m) => m.address);
  attack = await createAttackIdentities(room.deployment.contract, ATTACK, claimed);
}, 180_000);

afterAll(async () => {
  await room?.close();
});

describe('chain reads an outsider can cause', () => {
  test(`${ATTACK} non-member certificates cost each member at most ${MOST_READS} chain reads; members keep seeing each other and a newcomer gets in`, async () => {
    const before = honest.map((m) => room.proxy.stateReads(m.rpc));
    await room.writeBeats(attack);
    // A member joins while the flood is being read.
    const newcomer = await room.join('d');
    const everyone = [...honest, newcomer];
    await waitFor(() => allSeeEachOther(everyone), 60_000, 'everyone sees everyone in the flood');
    await Promise.all(honest.map((m) => room.settled(m, 3_000, 90_000)));
    const reads = honest.map((m, i) => room.proxy.stateReads(m.rpc) - (before[i] ?? 0));
    for (const m of honest) {
      const drops = m.counters.counts();
      // The flood was read, refused and counted, not shown.
      expect(drops['not-allowed'] + drops['chain-budget'] + drops['node-full']).toBeGreaterThan(
        400,
      );
      expect(m.roster.members()).toHaveLength(everyone.length);
    }
    for (const count of reads) expect(count).toBeLessThanOrEqual(MOST_READS);
  }, 180_000);

  test('a throttled RPC (429) does not drop a member already verified', async () => {
    const watcher = await room.join('throttled', { cacheTtlMs: 1_000, graceMs: 60_000 });
    await waitFor(() => honest.every((m) => sees(watcher, m)), 30_000, 'the watcher sees the room');
    const left: string[] = [];
    const scope = new Scope();
    watcher.roster.on('left', ({ address }) => left.push(address), scope);
    room.proxy.throttle(watcher.rpc, true);
    try {
      // Longer than the roster's timeout: a member refused for the throttle would be gone.
      await waitFor(() => room.proxy.refused(watcher.rpc) >= 3, 10_000, 'throttled reads');
      await new Promise((resolve) => setTimeout(resolve, 8_000));
    } finally {
      room.proxy.throttle(watcher.rpc, false);
      scope.end();
    }
    expect(left).toEqual([]);
    for (const m of honest) expect(sees(watcher, m)).toBe(true);
  }, 120_000);
});
