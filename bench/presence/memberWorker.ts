import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join as joinPath } from 'node:path';
import { parentPort, threadId } from 'node:worker_threads';
import { privateKeyToAccount } from 'viem/accounts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import type { RoomRef } from '../../src/signaling/roomPaths.ts';
import { createNodeGraph, waitFor } from '../../tests/support/gunNode.ts';
import {
  joinTestMember,
  type MemoryAccess,
  sharedTestRoom,
  type TestMember,
} from '../../tests/support/gunRoom.ts';
import { type FromWorker, type ToWorker, type WorkerIdentity, wallClock } from './protocol.ts';

/**
 * One worker thread of the presence bench: runs a few members of a room, each exactly as a
 * browser tab runs it (its own Gun client, certificate verifier, envelope verifier, roster),
 * and reports when each of them saw the whole room. With `PRESENCE_PROFILE_DIR` set, each
 * join phase of the worker is recorded as a V8 CPU profile (`w<thread>-<n>.cpuprofile`) in
 * that folder, to see where a member's CPU goes.
 */
const port = parentPort;
if (!port) throw new Error('memberWorker runs as a worker thread');

interface Waiting {
  identity: WorkerIdentity;
  graph: GunGraph;
}

let waiting: Waiting[] = [];
let members: TestMember[] = [];
let room: { ref: RoomRef; access: MemoryAccess; heartbeatMs: number } | undefined;

const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  handle(message).catch((error: unknown) => post({ type: 'failed', error: String(error) }));
});

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'prepare') {
    room = { ...sharedTestRoom(message.roomId, message.allowed), heartbeatMs: message.heartbeatMs };
    waiting = await Promise.all(
      message.members.map(async (identity) => ({
        identity,
        graph: await createNodeGraph([message.relayUrl]),
      })),
    );
    const graphs = waiting.map((w) => w.graph);
    await waitFor(() => graphs.every((g) => g.relays()[0]?.state === 'up'), 20_000, 'connected');
    post({ type: 'ready' });
  } else if (message.type === 'join') {
    await join(message.count, message.expect);
  } else {
    for (const member of members) {
      member.scope.end();
      member.graph.close();
    }
    for (const { graph } of waiting) graph.close();
    members = [];
    waiting = [];
    post({ type: 'stopped' });
  }
}

/** When `member`'s roster first shows `size` members (wall clock); fails after 120 s. */
function seenEveryone(member: TestMember, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(notSeen(member, size))), 120_000);
    const check = () => {
      if (member.roster.members().length < size) return;
      clearTimeout(timer);
      resolve(wallClock());
    };
    member.roster.on('joined', check, member.scope);
    check();
  });
}

/** Why a run failed: how many members this one saw, and what it dropped. */
function notSeen(member: TestMember, size: number): string {
  const drops = Object.entries(member.counters.counts()).filter(([, count]) => count > 0);
  const dropped = drops.map(([reason, count]) => `${reason} ${count}`).join(', ') || 'nothing';
  return `a member saw ${member.roster.members().length} of ${size} after 120 s; dropped: ${dropped}`;
}

/** Joins the next `count` waiting members, then waits until every joined one sees `expect`. */
async function join(count: number, expect: number): Promise<void> {
  if (!room) throw new Error('join before prepare');
  const profiler = await startProfile();
  const cpu = process.threadCpuUsage();
  for (const { identity, graph } of waiting.splice(0, count)) {
    // No shared certificate cache: every member verifies every certificate, like a browser.
    members.push(
      await joinTestMember({
        graph,
        room: room.ref,
        access: room.access,
        identity: {
          account: privateKeyToAccount(identity.privateKey),
          keys: identity.keys,
          certificate: identity.certificate,
        },
        heartbeatMs: room.heartbeatMs,
        timeoutMs: room.heartbeatMs * 3,
      }),
    );
  }
  let seenAllAt: number[];
  let used: NodeJS.CpuUsage;
  try {
    seenAllAt = await Promise.all(members.map((member) => seenEveryone(member, expect)));
  } finally {
    used = process.threadCpuUsage(cpu);
    // A failed run's profile is saved too: it shows where a room too slow to converge went.
    await profiler?.();
  }
  post({ type: 'converged', seenAllAt, cpuMs: (used.user + used.system) / 1000 });
}

let profiles = 0;

/** Starts a CPU profile when `PRESENCE_PROFILE_DIR` is set; the function returned saves it. */
async function startProfile(): Promise<(() => Promise<void>) | undefined> {
  const dir = process.env.PRESENCE_PROFILE_DIR;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = joinPath(dir, `w${threadId}-${++profiles}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
  };
}
