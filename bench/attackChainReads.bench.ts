import {
  allSeeEachOther,
  ChainReadRoom,
  createAttackIdentities,
} from '../tests/support/ChainReadRoom.ts';
import { waitFor } from '../tests/support/gunNode.ts';
import type { BenchModule } from './figures.ts';

// Three members on a plain Gun relay and the real CommunityAccess contract (in-process Hardhat
// behind a loopback JSON-RPC proxy that counts each member's requests). An attacker writes
// 2,000 heartbeats with certificates of fresh wallets (one in ten with a signature that does
// not recover, half of those naming a member) to the room's beats node; a fourth member joins
// meanwhile. Counted: the eth_call-like requests each member sent from the first write until
// it had read (or dropped) the whole flood.
const ATTACK = 2_000;

const attackChainReads: BenchModule = async () => {
  const room = await ChainReadRoom.start();
  try {
    const honest = [await room.join('a'), await room.join('b'), await room.join('c')];
    await waitFor(() => allSeeEachOther(honest), 30_000, 'honest room');
    const claimed = honest.map((m) => m.address);
    const attack = await createAttackIdentities(room.deployment.contract, ATTACK, claimed);
    const before = honest.map((m) => room.proxy.stateReads(m.rpc));
    const started = performance.now();
    await room.writeBeats(attack);
    const newcomer = await room.join('d');
    const everyone = [...honest, newcomer];
    await waitFor(() => allSeeEachOther(everyone), 120_000, 'the newcomer is seen');
    const joinedMs = performance.now() - started;
    await Promise.all(honest.map((m) => room.settled(m, 3_000, 120_000)));
    const reads = honest.map((m, i) => room.proxy.stateReads(m.rpc) - (before[i] ?? 0));
    const drops = honest[0]?.counters.counts();
    return {
      'attack: chain reads per member, 2,000 non-member certificates': {
        value: Math.max(...reads),
        unit: 'count',
        note: `most of 3 members (${reads.join(', ')}) JSON-RPC state reads from the first write until the flood was read; goal <= 50; member A dropped ${drops?.['not-allowed']} not-allowed, ${drops?.['chain-budget']} chain-budget, ${drops?.['node-full']} node-full; a member joining meanwhile seen by all after ${Math.round(joinedMs)} ms`,
      },
    };
  } finally {
    await room.close();
  }
};

export default attackChainReads;
