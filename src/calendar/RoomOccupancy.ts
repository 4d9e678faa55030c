import { getAddress } from 'viem';
import type { Clock } from '../core/clock.ts';
import type { Scope } from '../core/Scope.ts';
import type { Graph } from '../graph/types.ts';
import type { EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import { beatsKey, type RoomRef } from '../signaling/roomPaths.ts';

/** Collaborators of {@link RoomOccupancy}. */
export interface RoomOccupancyOptions {
  graph: Graph;
  room: RoomRef;
  /** The room's receive pipeline: only verified, allowlisted members count. */
  verifier: EnvelopeVerifier;
  clock: Clock;
  /** A member silent this long no longer counts. Default 15 s (three heartbeats). */
  timeoutMs?: number;
}

const addressField = /^0x[0-9a-f]{40}$/;
/** Slots a room's beats node may hold that we track (the graph bounds the node too). */
const MAX_TRACKED = 512;

/**
 * How many verified members are in a room, read without joining it: the calendar's "live
 * now". It watches the room's heartbeat slots and checks each like the roster does, but
 * writes nothing, so looking at the calendar does not put you in the room.
 *
 * @example
 * new RoomOccupancy({ graph, room, verifier, clock }).watch(scope, (count) => show(count));
 */
export class RoomOccupancy {
  readonly #options: RoomOccupancyOptions;
  readonly #lastSeen = new Map<string, number>();

  constructor(options: RoomOccupancyOptions) {
    this.#options = options;
  }

  /** Calls `onChange` with the member count whenever it changes, until `scope` ends. */
  watch(scope: Scope, onChange: (count: number) => void): void {
    const { graph, room } = this.#options;
    const timeoutMs = this.#options.timeoutMs ?? 15_000;
    let reported = 0;
    const report = () => {
      const oldest = this.#options.clock.now() - timeoutMs;
      for (const [key, seen] of this.#lastSeen) if (seen < oldest) this.#lastSeen.delete(key);
      if (this.#lastSeen.size !== reported) {
        reported = this.#lastSeen.size;
        onChange(reported);
      }
    };
    graph.watch(
      beatsKey(room),
      (field, value) => void this.#read(field, value).then(report),
      scope,
      { keep: (field) => this.#lastSeen.has(field) },
    );
    scope.setInterval(report, Math.max(1_000, timeoutMs / 3));
  }

  async #read(field: string, value: unknown): Promise<void> {
    if (value === null || value === undefined || !addressField.test(field)) return;
    const verified = await this.#options.verifier.verify(value, {
      kinds: ['beat', 'leave'],
      stream: beatsKey(this.#options.room),
      window: 0,
      owner: getAddress(field),
    });
    if (!verified) return;
    if (verified.envelope.kind === 'leave') this.#lastSeen.delete(field);
    else if (this.#lastSeen.has(field) || this.#lastSeen.size < MAX_TRACKED) {
      this.#lastSeen.set(field, this.#options.clock.now());
    }
  }
}
