import { parentPort } from 'node:worker_threads';
import { privateKeyToAccount } from 'viem/accounts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import { roomRef } from '../../src/signaling/roomPaths.ts';
import { createNodeGraph, waitFor } from '../../tests/support/gunNode.ts';
import {
  joinTestMember,
  MemoryAccess,
  TEST_CHAIN_ID,
  TEST_CONTRACT,
  type TestMember,
} from '../../tests/support/gunRoom.ts';
import { type FromWorker, type ToWorker, wallClock } from './protocol.ts';

/**
 * One worker thread of the presence bench: runs a few members of a room, each exactly as a
 * browser tab runs it (its own Gun client, certificate verifier, envelope verifier, roster),
 * and reports when each of them saw the whole room.
 */
const port = parentPort;
if (!port) throw new Error('memberWorker runs as a worker thread');

let graphs: GunGraph[] = [];
let members: TestMember[] = [];
let prepared: Extract<ToWorker, { type: 'prepare' }> | undefined;

const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  handle(message).catch((error: unknown) => post({ type: 'failed', error: String(error) }));
});

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'prepare') {
    prepared = message;
    graphs = await Promise.all(message.members.map(() => createNodeGraph([message.relayUrl])));
    await waitFor(() => graphs.every((g) => g.relays()[0]?.state === 'up'), 20_000, 'connected');
    post({ type: 'ready' });
  } else if (message.type === 'join') {
    await join();
  } else {
    for (const member of members) member.scope.end();
    for (const graph of graphs) graph.close();
    members = [];
    graphs = [];
    post({ type: 'stopped' });
  }
}

/** When `member`'s roster first shows `size` members (wall clock); fails after 60 s. */
function seenEveryone(member: TestMember, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a member did not see everyone')), 60_000);
    const check = () => {
      if (member.roster.members().length < size) return;
      clearTimeout(timer);
      resolve(wallClock());
    };
    member.roster.on('joined', check, member.scope);
    check();
  });
}

async function join(): Promise<void> {
  if (!prepared) throw new Error('join before prepare');
  const { roomId, allowed } = prepared;
  const room = roomRef({
    appName: 'cc-test',
    chainId: TEST_CHAIN_ID,
    contract: TEST_CONTRACT,
    communityId: 1n,
    roomId,
  });
  const access = new MemoryAccess(room.communityId);
  for (const address of allowed) access.allow(address);
  const cpu = process.threadCpuUsage();
  members = [];
  for (const [i, member] of prepared.members.entries()) {
    const graph = graphs[i];
    if (!graph) throw new Error('graph missing');
    const identity = {
      account: privateKeyToAccount(member.privateKey),
      keys: member.keys,
      certificate: member.certificate,
    };
    // No shared certificate cache: every member verifies every certificate, like a browser.
    members.push(
      await joinTestMember({
        graph,
        room,
        access,
        identity,
        heartbeatMs: 10_000,
        timeoutMs: 30_000,
      }),
    );
  }
  const seenAllAt = await Promise.all(
    members.map((member) => seenEveryone(member, allowed.length)),
  );
  const used = process.threadCpuUsage(cpu);
  post({ type: 'converged', seenAllAt, cpuMs: (used.user + used.system) / 1000 });
}
