import type { Hex } from 'viem';
import type { SessionCertificate, SessionKeyPair } from '../../src/identity/types.ts';

/** A member as the main thread hands it to a worker: everything to rebuild its identity. */
export interface WorkerIdentity {
  privateKey: Hex;
  keys: SessionKeyPair;
  certificate: SessionCertificate;
}

/** Main thread -> worker. */
export type ToWorker =
  | {
      type: 'prepare';
      relayUrl: string;
      /** Room id; every worker builds the same `testRoom`-style namespace from it. */
      roomId: string;
      /** Members this worker runs, in the order they join. */
      members: WorkerIdentity[];
      /** Every address in the room (the allowlist). */
      allowed: Hex[];
      /** Heartbeat interval of these members (a roster's timeout is three of them). */
      heartbeatMs: number;
    }
  /** Join the next `count` members, answer once every joined member sees `expect` members. */
  | { type: 'join'; count: number; expect: number }
  | { type: 'stop' };

/** Worker -> main thread. */
export type FromWorker =
  | { type: 'ready' }
  | {
      type: 'converged';
      /** Wall-clock time (ms since epoch, sub-ms) when each member of this worker saw everyone. */
      seenAllAt: number[];
      /** CPU time of this worker's thread from join to its last member seeing everyone. */
      cpuMs: number;
    }
  | { type: 'stopped' }
  | { type: 'failed'; error: string };

/** Wall-clock time with sub-millisecond resolution, comparable across threads. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}
