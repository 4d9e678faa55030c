import { type Clock, systemClock } from '../core/clock.ts';

/** How long a server that failed is passed over before it is tried again. */
const DEFAULT_FAILED_FOR_MS = 5 * 60_000;

/** FNV-1a, 32 bits: small, stable across browsers, spreads short ids well enough for a handful of servers. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/**
 * Which of several configured media servers carries a room. Every member computes the same
 * answer from the room's key alone (a hash, no coordination), so rooms spread across the
 * servers and everyone in one room meets on the same one. A server that failed is passed over
 * for a while: the room moves to the next one in order, where the others who saw it fail go too.
 *
 * @example
 * const choice = new MediaServerChoice(['https://gate-a.example', 'https://gate-b.example']);
 * const server = choice.pick('7/lobby');
 * // later, when it went away:
 * choice.markFailed(server);
 * choice.pick('7/lobby'); // the other one
 */
export class MediaServerChoice {
  readonly #servers: readonly string[];
  readonly #clock: Clock;
  readonly #failedForMs: number;
  readonly #failedAt = new Map<string, number>();

  constructor(servers: readonly string[], options: { clock?: Clock; failedForMs?: number } = {}) {
    this.#servers = [...new Set(servers)];
    this.#clock = options.clock ?? systemClock;
    this.#failedForMs = options.failedForMs ?? DEFAULT_FAILED_FOR_MS;
  }

  /** No server configured: rooms stay on the mesh. */
  get empty(): boolean {
    return this.#servers.length === 0;
  }

  /**
   * The room's server now: its own by the hash, else the next that has not failed lately, else
   * the one that failed longest ago (a room with nowhere else to go keeps trying). `undefined`
   * only when none is configured.
   */
  pick(roomKey: string): string | undefined {
    const count = this.#servers.length;
    const start = count === 0 ? 0 : hash(roomKey) % count;
    const now = this.#clock.now();
    let oldest: { server: string; at: number } | undefined;
    for (let step = 0; step < count; step += 1) {
      const server = this.#servers[(start + step) % count] as string;
      const failedAt = this.#failedAt.get(server);
      if (failedAt === undefined || now - failedAt >= this.#failedForMs) return server;
      if (!oldest || failedAt < oldest.at) oldest = { server, at: failedAt };
    }
    return oldest?.server;
  }

  /** The server went away or refused: pass it over for a while. */
  markFailed(server: string): void {
    this.#failedAt.set(server, this.#clock.now());
  }
}
