import { Worker } from 'node:worker_threads';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createTestIdentity } from '../../tests/support/gunRoom.ts';
import { type FromWorker, type ToWorker, type WorkerIdentity, wallClock } from './protocol.ts';

/** One room run across the pool. */
export interface WorkerRoomResult {
  /** From the join order to the last member seeing everyone. */
  convergedMs: number;
  /** CPU time per member from join to convergence: what one client spends. */
  cpuMsPerMember: number;
  /**
   * Then one more member joins the converged room: from its join to it seeing everyone and
   * everyone seeing it.
   */
  lateJoinMs: number;
}

/**
 * Worker threads that each run a share of a room's members, so members are independent
 * clients (own event loop, own Gun client, own certificate cache) instead of taking turns on
 * one thread. The threads still share this machine's cores.
 *
 * @example
 * const pool = new WorkerPool(5);
 * const { convergedMs } = await pool.room(relay.url, 50);
 * await pool.close();
 */
export class WorkerPool {
  readonly #workers: Worker[];

  constructor(size: number) {
    const url = new URL('./memberWorker.ts', import.meta.url);
    this.#workers = Array.from({ length: size }, () => new Worker(url));
  }

  /**
   * Runs one room of `size` members spread round-robin over the workers, all joining at
   * once; then member `size + 1` joins late. Members beat every `heartbeatMs`.
   */
  async room(relayUrl: string, size: number, heartbeatMs = 10_000): Promise<WorkerRoomResult> {
    const identities = await Promise.all(Array.from({ length: size + 1 }, () => workerIdentity()));
    const allowed = identities.map((identity) => privateKeyToAccount(identity.privateKey).address);
    const roomId = `bench-workers-${size}-${Math.random().toString(36).slice(2, 10)}`;
    const late = identities.at(-1);
    const shares = this.#workers
      .map((worker, w) => ({
        worker,
        members: identities.slice(0, size).filter((_, i) => i % this.#workers.length === w),
      }))
      .filter((share) => share.members.length > 0);
    const lateShare = shares[size % shares.length];
    if (!late || !lateShare) throw new Error('no worker for the late member');
    lateShare.members.push(late);
    await Promise.all(
      shares.map(({ worker, members }) =>
        ask(worker, { type: 'prepare', relayUrl, roomId, members, allowed, heartbeatMs }, 'ready'),
      ),
    );
    const started = wallClock();
    const results = await Promise.all(
      shares.map(({ worker, members }) => {
        const count = members.length - (worker === lateShare.worker ? 1 : 0);
        return ask(worker, { type: 'join', count, expect: size }, 'converged');
      }),
    );
    const lastSeen = Math.max(...results.flatMap((result) => result.seenAllAt));
    const cpu = results.reduce((sum, result) => sum + result.cpuMs, 0);
    const lateStarted = wallClock();
    const lateResults = await Promise.all(
      shares.map(({ worker }) => {
        const count = worker === lateShare.worker ? 1 : 0;
        return ask(worker, { type: 'join', count, expect: size + 1 }, 'converged');
      }),
    );
    const lateSeen = Math.max(...lateResults.flatMap((result) => result.seenAllAt));
    await Promise.all(shares.map(({ worker }) => ask(worker, { type: 'stop' }, 'stopped')));
    return {
      convergedMs: lastSeen - started,
      cpuMsPerMember: cpu / size,
      lateJoinMs: lateSeen - lateStarted,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
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
function ask<T extends FromWorker['type']>(
  worker: Worker,
  message: ToWorker,
  type: T,
): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: FromWorker) => {
      if (reply.type !== type && reply.type !== 'failed') return;
      worker.off('message', onMessage);
      worker.off('error', onError);
      if (reply.type === 'failed') reject(new Error(reply.error));
      else resolve(reply as Extract<FromWorker, { type: T }>);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(message);
  });
}
