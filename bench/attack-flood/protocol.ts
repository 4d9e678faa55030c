import type { Hex } from 'viem';
import type { WorkerIdentity } from '../presence/protocol.ts';

/** Main thread -> flood member worker. */
export type FloodToWorker =
  | {
      type: 'join';
      relayUrl: string;
      roomId: string;
      identity: WorkerIdentity;
      /** Every address in the room (the allowlist). */
      allowed: Hex[];
      /** The other member: `joined` answers once the roster shows it. */
      peer: Hex;
    }
  /** Start counting this thread's CPU. */
  | { type: 'measure' }
  /** Send a signal to `to` carrying `sentAt` (wall clock). */
  | { type: 'send'; to: Hex; sentAt: number }
  | { type: 'report' }
  | { type: 'stop' };

/** Flood member worker -> main thread. */
export type FloodFromWorker =
  | { type: 'joined' }
  | { type: 'measuring' }
  | { type: 'sent' }
  /** A signal arrived: when it was sent and when it arrived (wall clock). */
  | { type: 'signal'; sentAt: number; arrivedAt: number }
  | {
      type: 'report';
      /** CPU of this thread since `measure`. */
      cpuMs: number;
      /** Fields of the graph this member dropped unread, or read and found malformed. */
      nodeFull: number;
      malformed: number;
      /** Roster `left` events since joining (a member lost during the flood). */
      left: number;
      seesPeer: boolean;
      /** V8 heap in use by this thread, MB. */
      heapMb: number;
    }
  | { type: 'stopped' }
  | { type: 'failed'; error: string };
