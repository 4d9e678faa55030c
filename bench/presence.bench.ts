import { loadavg } from 'node:os';
import { systemClock } from '../src/core/clock.ts';
import { createCertificateVerifier } from '../src/identity/createCertificateVerifier.ts';
import type { CertificateVerifier } from '../src/identity/types.ts';
import { DropCounters } from '../src/signaling/dropCounters.ts';
import { EnvelopeSigner } from '../src/signaling/EnvelopeSigner.ts';
import { EnvelopeVerifier } from '../src/signaling/EnvelopeVerifier.ts';
import { beatsKey } from '../src/signaling/roomPaths.ts';
import type { SignalPayload } from '../src/signaling/types.ts';
import { createNodeGraph, startRelayProcess, waitFor } from '../tests/support/gunNode.ts';
import {
  createTestIdentity,
  joinTestMember,
  MemoryAccess,
  TEST_APP_NAME,
  TEST_CHAIN_ID,
  TEST_CONTRACT,
  type TestIdentity,
  type TestMember,
  testRoom,
} from '../tests/support/gunRoom.ts';
import { type Figures, median, percentile } from './figures.ts';
import { signalsPerJoin } from './presence/signalsPerJoin.ts';
import { WorkerPool } from './presence/WorkerPool.ts';

/**
 * Presence and signaling over a Gun relay (its own process) on loopback:
 * - convergence: from every member joining at once to every roster showing every member,
 *   measured twice: `presence.converge_<n>` with every member in this one thread sharing one
 *   certificate cache (the first method), and `presence.workers.converge_<n>` with members
 *   spread over worker threads, each member a client of its own (own Gun instance, own
 *   certificate cache: it verifies every certificate itself, as a browser does), plus the CPU
 *   one such client spends until it sees everyone, and the time for one more member to join
 *   the converged room (seeing everyone, seen by everyone);
 * - signaling: offer sent -> answer received back, through the relay, sealed and signed;
 * - signals and envelopes one join sends, in Chromium (see `presence/signalsPerJoin.ts`);
 * - verify cost of one envelope whose certificate is already cached.
 */
export default async function presenceBench(): Promise<Figures> {
  const relay = await startRelayProcess();
  const verifyCertificate = sharedCertificateVerifier();
  try {
    const figures: Figures = {};
    const rtt = await offerAnswer(relay.url, 50);
    figures['signaling.offer_answer.median'] = {
      value: median(rtt),
      unit: 'ms',
      note: 'median of 50, offer sent to answer received, one relay (goal < 30)',
    };
    figures['signaling.offer_answer.p95'] = {
      value: percentile(rtt, 95),
      unit: 'ms',
      note: 'p95 of 50',
    };
    figures['signaling.verify_cached'] = {
      value: await verifyCost(1_000),
      unit: 'ms',
      note: 'per envelope, mean of 1000, certificate cached (goal < 1)',
    };
    Object.assign(figures, await signalsPerJoin());
    Object.assign(figures, await independentClients());
    for (const [size, runs] of [
      [2, 10],
      [10, 5],
      [50, 3],
    ] as const) {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        // A fresh relay per room: one relay's storage growing over 18 rooms is not the point.
        const roomRelay = await startRelayProcess();
        try {
          times.push(await converge(roomRelay.url, size, verifyCertificate));
        } finally {
          await roomRelay.stop();
        }
      }
      console.info(`presence: ${size} members: ${times.map(Math.round).join(', ')} ms`);
      figures[`presence.converge_${size}.median`] = {
        value: median(times),
        unit: 'ms',
        note: `median of ${runs} rooms of ${size}, all members in one thread, one shared certificate cache`,
      };
      figures[`presence.converge_${size}.p95`] = {
        value: percentile(times, 95),
        unit: 'ms',
        note: `p95 of ${runs} rooms of ${size}, one thread, shared certificate cache`,
      };
    }
    return figures;
  } finally {
    await relay.stop();
  }
}

/** Workers in the pool: a few members each, more threads than this machine's 2 cores. */
const WORKERS = 5;

/**
 * Convergence of independent clients: members spread round-robin over {@link WORKERS}
 * worker threads, each with its own certificate cache. The threads share the machine's cores,
 * so the wall time is bounded by the whole room's CPU (every member verifies every
 * certificate: n² secp256k1 recoveries); the CPU per member is what one client spends.
 */
async function independentClients(): Promise<Figures> {
  const figures: Figures = {};
  let pool = await warmPool();
  try {
    for (const [size, runs] of [
      [2, 10],
      [10, 5],
      [50, 5],
      [200, 3],
    ] as const) {
      const times: number[] = [];
      const cpu: number[] = [];
      const late: number[] = [];
      const load = loadAverage();
      let failed = 0;
      for (let run = 0; run < runs; run++) {
        const roomRelay = await startRelayProcess();
        try {
          const result = await pool.room(roomRelay.url, size, heartbeatFor(size));
          times.push(result.convergedMs);
          cpu.push(result.cpuMsPerMember);
          late.push(result.lateJoinMs);
        } catch (error) {
          // A room that does not converge counts as the wait it was given, and says why.
          console.info(`presence (workers): a room of ${size} failed: ${String(error)}`);
          failed += 1;
          times.push(SEEN_EVERYONE_WITHIN_MS);
          await pool.close();
          pool = await warmPool();
        } finally {
          await roomRelay.stop();
        }
      }
      console.info(
        `presence (workers): ${size} members: ${times.map(Math.round).join(', ')} ms, late join ${late.map(Math.round).join(', ')} ms`,
      );
      const failures = failed > 0 ? `; ${failed} of ${runs} did not converge within 120 s` : '';
      const where = `${Math.min(size, WORKERS)} worker threads on this 2-core machine`;
      figures[`presence.workers.converge_${size}.median`] = {
        value: median(times),
        unit: 'ms',
        note: `median of ${runs} rooms of ${size}, independent clients in ${where}${goals[size] ?? ''}, heartbeat ${heartbeatFor(size) / 1000} s, load average ${load} before${failures}`,
      };
      figures[`presence.workers.converge_${size}.p95`] = {
        value: percentile(times, 95),
        unit: 'ms',
        note: `p95 of ${runs} rooms of ${size}, independent clients in ${where}`,
      };
      figures[`presence.workers.late_join_${size}.median`] = {
        value: median(late),
        unit: 'ms',
        note: `median of ${runs}: one more member joins the converged room of ${size}, until it sees everyone and everyone sees it`,
      };
      figures[`presence.workers.late_join_${size}.p95`] = {
        value: percentile(late, 95),
        unit: 'ms',
        note: `p95 of ${runs}, member ${size + 1} joining a room of ${size}`,
      };
      figures[`presence.workers.client_cpu_${size}`] = {
        value: median(cpu),
        unit: 'ms',
        note: `CPU per member from join to seeing all ${size} (thread CPU time), median of ${runs} rooms`,
      };
    }
    return figures;
  } finally {
    await pool.close();
  }
}

/** How long a worker waits for its members to see everyone (`memberWorker.ts`). */
const SEEN_EVERYONE_WITHIN_MS = 120_000;

/** A pool whose workers have loaded Gun, viem and SEA and compiled them once (not counted). */
async function warmPool(): Promise<WorkerPool> {
  const pool = new WorkerPool(WORKERS);
  const relay = await startRelayProcess();
  try {
    await pool.room(relay.url, 2 * WORKERS);
  } finally {
    await relay.stop();
  }
  return pool;
}

/** Goals of the figures that have one. */
const goals: Record<number, string> = {
  50: ' (goal < 2000)',
  200: ' (goal < 3000; every member verifies 199 certificates and beats, all 200 on 2 cores)',
};

/**
 * Heartbeat interval of a bench room: 10 s, or 100 ms per member when longer. Every member
 * verifies every beat, so 200 members beating every 10 s cost ~4,000 verifications a second
 * on this machine's 2 cores, more than it has left while the first beats are still being
 * checked (they go stale after 30 s and the room never converges).
 */
function heartbeatFor(size: number): number {
  return Math.max(10_000, size * 100);
}

/** The machine's 1-minute load average, for the notes: the cores are shared. */
function loadAverage(): string {
  return loadavg()[0]?.toFixed(1) ?? '?';
}

/**
 * One certificate cache for every member of the process: each certificate costs ~4 ms to
 * verify (secp256k1 recovery), which separate machines do in parallel and one process would
 * do N² times in series.
 */
function sharedCertificateVerifier(): CertificateVerifier {
  return createCertificateVerifier({
    client: { verifyHash: async () => false },
    expectations: { appName: TEST_APP_NAME, chainId: TEST_CHAIN_ID, contract: TEST_CONTRACT },
    clock: systemClock,
  });
}

async function converge(
  relayUrl: string,
  size: number,
  verifyCertificate: CertificateVerifier,
): Promise<number> {
  const room = testRoom(`bench-${size}`);
  const access = new MemoryAccess(room.communityId);
  const identities: TestIdentity[] = [];
  for (let i = 0; i < size; i++) identities.push(await createTestIdentity());
  for (const identity of identities) access.allow(identity.account.address);
  const graphs = await Promise.all(identities.map(() => createNodeGraph([relayUrl])));
  await waitFor(() => graphs.every((g) => g.relays()[0]?.state === 'up'), 10_000, 'connected');
  const started = performance.now();
  const members: TestMember[] = [];
  for (const [i, identity] of identities.entries()) {
    const graph = graphs[i];
    if (!graph) throw new Error('graph missing');
    members.push(
      await joinTestMember({
        graph,
        room,
        access,
        identity,
        verifyCertificate,
        heartbeatMs: 10_000,
        timeoutMs: 30_000,
      }),
    );
  }
  await waitFor(() => members.every((m) => m.roster.members().length === size), 60_000, 'all');
  const elapsed = performance.now() - started;
  for (const m of members) {
    m.scope.end();
    m.graph.close();
  }
  return elapsed;
}

async function offerAnswer(relayUrl: string, samples: number): Promise<number[]> {
  const room = testRoom('bench-signal');
  const access = new MemoryAccess(room.communityId);
  const [a, b] = await Promise.all(
    [0, 1].map(async () => {
      const graph = await createNodeGraph([relayUrl]);
      const member = await joinTestMember({ graph, room, access, heartbeatMs: 5_000 });
      access.allow(member.address);
      return member;
    }),
  );
  if (!a || !b) throw new Error('members missing');
  try {
    await waitFor(
      () => a.roster.member(b.address) !== undefined && b.roster.member(a.address) !== undefined,
      10_000,
      'pair',
    );
    b.channel.onSignal((from, payload) => {
      if (payload.type === 'offer') void b.channel.send(from, { type: 'answer', sdp: payload.sdp });
    }, b.scope);
    let answered: ((payload: SignalPayload) => void) | undefined;
    a.channel.onSignal((_from, payload) => answered?.(payload), a.scope);
    const sdp = `v=0\r\n${'a=x\r\n'.repeat(300)}`;
    const times: number[] = [];
    for (let i = 0; i < samples + 5; i++) {
      const started = performance.now();
      const answer = new Promise<SignalPayload>((resolve) => {
        answered = resolve;
      });
      await a.channel.send(b.address, { type: 'offer', sdp });
      await answer;
      if (i >= 5) times.push(performance.now() - started);
      // Keep under the per-sender rate limit, as a real negotiation does.
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    return times;
  } finally {
    for (const m of [a, b]) {
      m.scope.end();
      m.graph.close();
    }
  }
}

async function verifyCost(count: number): Promise<number> {
  const room = testRoom('bench-verify');
  const access = new MemoryAccess(room.communityId);
  const identity = await createTestIdentity();
  access.allow(identity.account.address);
  const verifier = new EnvelopeVerifier({
    room: room.namespace,
    communityId: room.communityId,
    chainId: TEST_CHAIN_ID,
    verifyCertificate: createCertificateVerifier({
      client: { verifyHash: async () => false },
      expectations: { appName: TEST_APP_NAME, chainId: TEST_CHAIN_ID, contract: TEST_CONTRACT },
      clock: systemClock,
    }),
    access,
    counters: new DropCounters(),
    clock: systemClock,
    limits: { rateBurst: count * 2, ratePerSecond: count },
  });
  const signer = new EnvelopeSigner({
    keys: identity.keys,
    certificate: identity.certificate,
    room: room.namespace,
    clock: systemClock,
  });
  const source = { kinds: ['beat'] as const, stream: beatsKey(room), window: 0 };
  const sign = () =>
    signer.sign({ kind: 'beat', stream: source.stream, body: '{}', withCertificate: true });
  // Warm up: the first envelope verifies and caches the certificate.
  await verifier.verify(JSON.stringify(await sign()), source);
  const values: string[] = [];
  for (let i = 0; i < count; i++) values.push(JSON.stringify(await sign()));
  const started = performance.now();
  for (const value of values) {
    if (!(await verifier.verify(value, source))) throw new Error('bench envelope refused');
  }
  return (performance.now() - started) / count;
}
