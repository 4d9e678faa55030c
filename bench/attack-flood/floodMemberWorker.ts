import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { privateKeyToAccount } from 'viem/accounts';
import { createNodeGraph, waitFor } from '../../tests/support/gunNode.ts';
import { joinTestMember, sharedTestRoom, type TestMember } from '../../tests/support/gunRoom.ts';
import { wallClock } from '../presence/protocol.ts';
import type { FloodFromWorker, FloodToWorker } from './protocol.ts';

/**
 * One member of the flood bench in its own thread, exactly as a browser tab runs it (its own
 * Gun client, verifier, roster, signaling channel, production heartbeat), so the CPU it
 * spends reading a flood is its own.
 */
const port = parentPort;
if (!port) throw new Error('floodMemberWorker runs as a worker thread');

let member: TestMember | undefined;
let cpu: NodeJS.CpuUsage | undefined;
let left = 0;

const post = (message: FloodFromWorker) => port.postMessage(message);

port.on('message', (message: FloodToWorker) => {
  handle(message).catch((error: unknown) => post({ type: 'failed', error: String(error) }));
});

async function handle(message: FloodToWorker): Promise<void> {
  if (message.type === 'join') {
    const { ref: room, access } = sharedTestRoom(message.roomId, message.allowed);
    const { privateKey, keys, certificate } = message.identity;
    const graph = await createNodeGraph([message.relayUrl]);
    const joined = await joinTestMember({
      graph,
      room,
      access,
      identity: { account: privateKeyToAccount(privateKey), keys, certificate },
    });
    member = joined;
    joined.roster.on('left', () => (left += 1), joined.scope);
    joined.channel.onSignal((_from, payload) => {
      if (typeof payload.sentAt === 'number') {
        post({ type: 'signal', sentAt: payload.sentAt, arrivedAt: wallClock() });
      }
    }, joined.scope);
    await waitFor(() => joined.roster.member(message.peer) !== undefined, 30_000, 'peer');
    post({ type: 'joined' });
  } else if (message.type === 'measure') {
    cpu = process.threadCpuUsage();
    post({ type: 'measuring' });
  } else if (message.type === 'send') {
    await member?.channel.send(message.to, { type: 'candidate', sentAt: message.sentAt });
    post({ type: 'sent' });
  } else if (message.type === 'report') {
    const used = process.threadCpuUsage(cpu);
    const counts = member?.counters.counts();
    post({
      type: 'report',
      cpuMs: (used.user + used.system) / 1000,
      nodeFull: counts?.['node-full'] ?? 0,
      malformed: counts?.malformed ?? 0,
      left,
      seesPeer: member?.roster.members().length === 2,
      heapMb: getHeapStatistics().used_heap_size / 1e6,
    });
  } else {
    member?.scope.end();
    member?.graph.close();
    post({ type: 'stopped' });
  }
}
