import { Worker } from 'node:worker_threads';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { beatsKey, roomRef } from '../src/signaling/roomPaths.ts';
import { startRelayProcess } from '../tests/support/gunNode.ts';
import { createTestIdentity, TEST_CHAIN_ID, TEST_CONTRACT } from '../tests/support/gunRoom.ts';
import { chunks, junkFields, RawGunSocket } from '../tests/support/RawGunSocket.ts';
import type { FloodFromWorker, FloodToWorker } from './attack-flood/protocol.ts';
import { type BenchModule, median, percentile } from './figures.ts';
import { type WorkerIdentity, wallClock } from './presence/protocol.ts';

// A room of two members (each in its own worker thread) on our relay in its own process; an
// attacker writes 10,000 junk fields (~2.7 MB, named like member addresses) to the room's
// beats node as raw frames, each a batch of 250 one-field messages (as Gun batches a client
// writing field by field, the costliest shape for readers), over 10 connections (our relay
// lets one connection send 1,000 messages at once). Member B signals A every 250 ms meanwhile.
const RUNS = 3;
const FIELDS = 10_000;
const SIGNAL_EVERY_MS = 250;

interface RunResult {
  cpuMs: number;
  delays: number[];
  left: number;
  /** The member's heap before and after the flood, MB. */
  heap: [number, number];
}

interface RelayHealth {
  rssMb: number;
  heapMb: number;
  refused: { oversize: number };
}

const attackFlood: BenchModule = async () => {
  const relay = await startRelayProcess();
  const health = async () =>
    (await (await fetch(relay.url.replace(/\/gun$/, '/health'))).json()) as RelayHealth;
  try {
    const before = await health();
    const runs: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await floodRun(relay.url));
    // Then 4 MB and 16 MB frames, which the relay refuses before buffering them whole.
    for (const mb of [4, 16]) {
      const socket = await RawGunSocket.open(relay.url);
      socket.send(RawGunSocket.putFrame('bench/oversize', { big: 'x'.repeat(mb << 20) }));
      await socket.closed;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await health();
    const delays = runs.flatMap((run) => run.delays);
    const left = runs.reduce((sum, run) => sum + run.left, 0);
    return {
      'attack: flood 10k fields, member CPU': {
        value: median(runs.map((run) => run.cpuMs)),
        unit: 'ms',
        note: `median of ${RUNS} floods (${runs.map((r) => Math.round(r.cpuMs)).join(', ')} ms): CPU of the member's own thread from the flood's first frame until it has dropped or read all ${FIELDS} fields, with its heartbeats and signals; ${left} roster losses; its heap ${runs.map((r) => r.heap.map((mb) => mb.toFixed(0)).join(' -> ')).join(', ')} MB`,
      },
      'attack: flood 10k fields, signal delay': {
        value: percentile(delays, 95),
        unit: 'ms',
        note: `p95 of ${delays.length} signals sent every ${SIGNAL_EVERY_MS} ms during ${RUNS} floods (median ${median(delays).toFixed(1)}, max ${Math.max(...delays).toFixed(1)} ms)`,
      },
      'attack: relay memory after flood': {
        value: after.rssMb - before.rssMb,
        unit: 'MB',
        note: `relay process RSS growth (${before.rssMb} -> ${after.rssMb} MB; V8 heap ${before.heapMb} -> ${after.heapMb} MB) after ${RUNS} floods of ${FIELDS} fields kept in its radisk store, and 4 + 16 MB frames it refused (${after.refused.oversize} refused)`,
      },
    };
  } finally {
    await relay.stop();
  }
};

export default attackFlood;

async function floodRun(relayUrl: string): Promise<RunResult> {
  const [a, b] = [await workerIdentity(), await workerIdentity()];
  const addresses = [a, b].map((identity) => privateKeyToAccount(identity.privateKey).address);
  const [aAddress, bAddress] = addresses as [`0x${string}`, `0x${string}`];
  const roomId = `bench-flood-${Math.random().toString(36).slice(2, 10)}`;
  const room = roomRef({
    appName: 'cc-test',
    chainId: TEST_CHAIN_ID,
    contract: TEST_CONTRACT,
    communityId: 1n,
    roomId,
  });
  const url = new URL('./attack-flood/floodMemberWorker.ts', import.meta.url);
  const [wa, wb] = [new Worker(url), new Worker(url)];
  const delays: number[] = [];
  wa.on('message', (message: FloodFromWorker) => {
    if (message.type === 'signal') delays.push(message.arrivedAt - message.sentAt);
  });
  try {
    await Promise.all([
      ask(
        wa,
        { type: 'join', relayUrl, roomId, identity: a, allowed: addresses, peer: bAddress },
        'joined',
      ),
      ask(
        wb,
        { type: 'join', relayUrl, roomId, identity: b, allowed: addresses, peer: aAddress },
        'joined',
      ),
    ]);
    // Frames are made before the clock starts: making them is the attacker's time.
    const frames = chunks(junkFields(FIELDS), 250).map((part) =>
      RawGunSocket.batchFrame(beatsKey(room), part),
    );
    // The relay lets a connection send 1,000 messages at once: 4 frames per connection.
    const sockets = await Promise.all(
      Array.from({ length: Math.ceil(frames.length / 4) }, () => RawGunSocket.open(relayUrl)),
    );
    const start = await ask(wa, { type: 'report' }, 'report');
    await ask(wa, { type: 'measure' }, 'measuring');
    let flooding = true;
    const signalling = (async () => {
      while (flooding) {
        await ask(wb, { type: 'send', to: aAddress, sentAt: wallClock() }, 'sent');
        await new Promise((resolve) => setTimeout(resolve, SIGNAL_EVERY_MS));
      }
    })();
    for (const [i, frame] of frames.entries()) {
      sockets[Math.floor(i / 4)]?.send(frame);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const deadline = performance.now() + 120_000;
    let report = await ask(wa, { type: 'report' }, 'report');
    while (report.nodeFull + report.malformed < FIELDS - 16) {
      if (performance.now() > deadline) throw new Error('the member never got through the flood');
      await new Promise((resolve) => setTimeout(resolve, 100));
      report = await ask(wa, { type: 'report' }, 'report');
    }
    flooding = false;
    await signalling;
    for (const socket of sockets) socket.close();
    if (!report.seesPeer) throw new Error('member A lost member B during the flood');
    return {
      cpuMs: report.cpuMs,
      delays,
      left: report.left,
      heap: [start.heapMb, report.heapMb],
    };
  } finally {
    await Promise.all([wa, wb].map((worker) => ask(worker, { type: 'stop' }, 'stopped')));
    await Promise.all([wa.terminate(), wb.terminate()]);
  }
}

async function workerIdentity(): Promise<WorkerIdentity> {
  const privateKey = generatePrivateKey();
  const { keys, certificate } = await createTestIdentity({
    account: privateKeyToAccount(privateKey),
  });
  return { privateKey, keys, certificate };
}

/** Sends `message` and waits for the reply of type `type` (or the worker's failure). */
function ask<T extends FloodFromWorker['type']>(
  worker: Worker,
  message: FloodToWorker,
  type: T,
): Promise<Extract<FloodFromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: FloodFromWorker) => {
      if (reply.type !== type && reply.type !== 'failed') return;
      worker.off('message', onMessage);
      if (reply.type === 'failed') reject(new Error(reply.error));
      else resolve(reply as Extract<FloodFromWorker, { type: T }>);
    };
    worker.on('message', onMessage);
    worker.postMessage(message);
  });
}
