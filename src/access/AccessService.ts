import { type Address, getAddress } from 'viem';
import { type ChainReadBudget, ChainReadBudgetError } from '../chain/ChainReadBudget.ts';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { AccessChange, AccessQuery, AccessReader } from './AccessReader.ts';
import type { AccessAnswer, AccessServiceEvents, AccessStatus } from './events.ts';
import type { AccessChecker, AccessCheckOptions } from './types.ts';

/** How long a budgeted question waits at least, so that those around it share one read. */
const GATHER_MS = 50;

export interface AccessServiceOptions {
  reader: AccessReader;
  clock: Clock;
  /** Owns the event watcher; the service stops when it ends. */
  scope: Scope;
  /** How long a recent positive answer is reused while the chain is unreachable (`config.access.graceMs`). */
  graceMs: number;
  /**
   * How long an answer is reused without asking the chain. Events invalidate earlier; the TTL
   * bounds staleness for what has no event (token balances, Livepeer registry). Default 60 s.
   */
  cacheTtlMs?: number;
  /** Most queries per multicall. Default 200. */
  maxBatchSize?: number;
  /**
   * Most remembered answers of each kind, allowed and refused, kept apart so that refusals
   * (which anyone can make us learn) never push out a member's answer. Default 10,000.
   */
  maxEntries?: number;
  /**
   * Pays for the reads graph input causes (checks with `budgeted`): such a check waits for a
   * read, shared with every other one waiting (one multicall), instead of making its own.
   * Without it, budgeted checks read at once like any other.
   */
  readBudget?: ChainReadBudget;
  /** Most budgeted checks waiting for a read; past it they fail with {@link ChainReadBudgetError}. Default 1,000. */
  maxWaiting?: number;
  /** While the chain is unreachable, how often to try it again (so the status recovers by itself). Default 5 s. */
  retryIntervalMs?: number;
}

interface Pending {
  query: AccessQuery;
  key: string;
  generation: number;
  resolve: (answer: AccessAnswer) => void;
}

/**
 * "May address A enter community C now?" from the contract: concurrent questions batched
 * into one multicall, answers cached, invalidated by the contract's events within a polling
 * interval. When the chain is unreachable (or throttles us) a positive answer is reused for
 * the grace time past its TTL; an address never seen allowed is refused (fail closed).
 * Questions graph input asks (`budgeted`) share reads from the read budget, except for
 * addresses seen allowed, whose answers are refreshed without waiting.
 *
 * @example
 * const access = new AccessService({
 *   reader: createChainAccessReader(publicClient, { contract, pollingIntervalMs: 500 }),
 *   clock: systemClock, scope: appScope, graceMs: config.access.graceMs,
 * });
 * if (await access.hasAccess(0n, peer)) showPeer(peer);
 * access.onChange((communityId, address) => recheck(communityId, address), roomScope);
 */
export class AccessService implements AccessChecker {
  readonly events = new Emitter<AccessServiceEvents>();
  readonly #reader: AccessReader;
  readonly #clock: Clock;
  readonly #graceMs: number;
  readonly #ttlMs: number;
  readonly #maxBatch: number;
  readonly #maxEntries: number;
  /** Cached answers: allowed ones (only members get here) apart from refusals. */
  readonly #allowed = new Map<string, number>();
  readonly #refused = new Map<string, number>();
  /** When each key was last seen allowed by the chain; what the grace rule reads. */
  readonly #lastAllowedAt = new Map<string, number>();
  /**
   * Bumped by every invalidation of a pair with a read in flight, so answers read before it
   * are not cached after it; forgotten once no read of the pair is in flight.
   */
  readonly #generations = new Map<string, number>();
  readonly #inFlight = new Map<string, { generation: number; answer: Promise<AccessAnswer> }>();
  #queue: Pending[] = [];
  /** Budgeted questions waiting for a read, oldest first. */
  readonly #waiting = new Map<string, Pending>();
  readonly #budget: ChainReadBudget | null;
  readonly #maxWaiting: number;
  #waitTimer: ReturnType<typeof setTimeout> | undefined;
  #flushScheduled = false;
  #status: AccessStatus = 'ok';
  #ended = false;
  readonly #scope: Scope;
  readonly #retryIntervalMs: number;
  #retryScope: Scope | null = null;
  #lastQuery: AccessQuery | null = null;

  constructor(options: AccessServiceOptions) {
    this.#reader = options.reader;
    this.#clock = options.clock;
    this.#graceMs = options.graceMs;
    this.#ttlMs = options.cacheTtlMs ?? 60_000;
    this.#maxBatch = options.maxBatchSize ?? 200;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#scope = options.scope;
    this.#retryIntervalMs = options.retryIntervalMs ?? 5_000;
    this.#budget = options.readBudget ?? null;
    this.#maxWaiting = options.maxWaiting ?? 1_000;
    const unwatch = this.#reader.watch(
      (changes) => this.#applyChanges(changes),
      (error) => this.#watchFailed(error),
    );
    options.scope.add(() => {
      this.#ended = true;
      unwatch();
      clearTimeout(this.#waitTimer);
      const waiting = [...this.#waiting.values()];
      this.#waiting.clear();
      if (waiting.length > 0) void this.#run(waiting);
    });
  }

  get status(): AccessStatus {
    return this.#status;
  }

  /**
   * True only when the chain (or, while it is unreachable, the grace rule) allows it. A
   * `budgeted` check rejects with {@link ChainReadBudgetError} when too many wait for a read.
   */
  async hasAccess(
    communityId: bigint,
    address: Address,
    options?: AccessCheckOptions,
  ): Promise<boolean> {
    return (await this.check(communityId, address, options)).allowed;
  }

  /** Like {@link hasAccess}, saying where the answer came from. */
  check(
    communityId: bigint,
    address: Address,
    options?: AccessCheckOptions,
  ): Promise<AccessAnswer> {
    const key = keyOf(communityId, address);
    const now = this.#clock.now();
    const allowedAt = this.#allowed.get(key);
    if (allowedAt !== undefined && now - allowedAt < this.#ttlMs) {
      return Promise.resolve({ allowed: true, source: 'cache' });
    }
    const refusedAt = this.#refused.get(key);
    if (refusedAt !== undefined && now - refusedAt < this.#ttlMs) {
      return Promise.resolve({ allowed: false, source: 'cache' });
    }
    const generation = this.#generations.get(key) ?? 0;
    const running = this.#inFlight.get(key);
    if (running && running.generation === generation) return running.answer;
    // A member seen allowed is refreshed at once; strangers wait for the budget.
    const wait =
      options?.budgeted === true && this.#budget !== null && !this.#lastAllowedAt.has(key);
    if (wait && this.#waiting.size >= this.#maxWaiting) {
      return Promise.reject(new ChainReadBudgetError());
    }
    this.#lastQuery = { communityId, address };
    const answer = new Promise<AccessAnswer>((resolve) => {
      // A question still waiting from before an invalidation gets this one's answer.
      const stale = this.#waiting.get(key);
      const both = (a: AccessAnswer) => {
        stale?.resolve(a);
        resolve(a);
      };
      const pending = { query: { communityId, address }, key, generation, resolve: both };
      this.#waiting.delete(key);
      if (wait) this.#waiting.set(key, pending);
      else this.#queue.push(pending);
    });
    this.#inFlight.set(key, { generation, answer });
    if (wait) this.#scheduleRelease();
    else this.#scheduleFlush();
    return answer;
  }

  onChange(listener: (communityId: bigint, address: Address) => void, scope: Scope): void {
    this.events.on('changed', ({ communityId, address }) => listener(communityId, address), scope);
  }

  /** Forgets cached answers (all, one community's, or one pair's); the next check asks the chain. */
  invalidate(communityId?: bigint, address?: Address): void {
    for (const key of [...this.#keysMatching(communityId ?? null, address ?? null)]) {
      this.#forget(key);
    }
  }

  /** Drops a pair's cached answers; a read in flight for it will not be cached. */
  #forget(key: string): void {
    this.#allowed.delete(key);
    this.#refused.delete(key);
    if (this.#inFlight.has(key)) {
      this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
    }
  }

  /** Waiting questions go out together when the budget gives a read, gathered a moment first. */
  #scheduleRelease(): void {
    if (this.#waitTimer !== undefined || this.#budget === null || this.#ended) return;
    // Never at once: every question of the next moment shares the read (a flood arrives as
    // one envelope per turn); a stranger's first check waits this much longer, no more.
    const delay = Math.max(GATHER_MS, this.#budget.msUntilNext());
    this.#waitTimer = setTimeout(() => {
      this.#waitTimer = undefined;
      this.#release();
    }, delay);
  }

  #release(): void {
    if (this.#waiting.size === 0) return;
    if (this.#budget?.take() !== true) {
      this.#scheduleRelease();
      return;
    }
    this.#queue.push(...this.#takeWaiting(this.#maxBatch));
    this.#scheduleFlush();
    if (this.#waiting.size > 0) this.#scheduleRelease();
  }

  /** Up to `count` waiting questions, oldest first. */
  #takeWaiting(count: number): Pending[] {
    const taken: Pending[] = [];
    for (const [key, pending] of this.#waiting) {
      if (taken.length >= count) break;
      this.#waiting.delete(key);
      taken.push(pending);
    }
    return taken;
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // A microtask: every question asked in the same turn goes into one multicall.
    queueMicrotask(() => {
      this.#flushScheduled = false;
      const queue = this.#queue;
      this.#queue = [];
      // Waiting questions ride free in the last multicall's spare room.
      const spare = (this.#maxBatch - (queue.length % this.#maxBatch)) % this.#maxBatch;
      queue.push(...this.#takeWaiting(spare));
      for (let i = 0; i < queue.length; i += this.#maxBatch) {
        void this.#run(queue.slice(i, i + this.#maxBatch));
      }
    });
  }

  async #run(batch: Pending[]): Promise<void> {
    let answers: boolean[] | null = null;
    let failure: AppError | null = null;
    if (this.#ended) {
      failure = AppError.internal('The access service has stopped');
    } else {
      try {
        answers = await this.#reader.hasAccessMany(batch.map((p) => p.query));
        if (answers.length !== batch.length) throw new Error('hasAccessMany answered out of step');
      } catch (error) {
        failure =
          error instanceof AppError && error.code === 'RPC_UNAVAILABLE'
            ? error
            : AppError.rpcUnavailable(error);
      }
    }
    const now = this.#clock.now();
    let graced = false;
    /** Members seen allowed whom the chain now refuses: a removal no event told of. */
    const removed: string[] = [];
    for (const [i, pending] of batch.entries()) {
      const current = this.#inFlight.get(pending.key);
      const fresh = (this.#generations.get(pending.key) ?? 0) === pending.generation;
      if (current?.generation === pending.generation) this.#inFlight.delete(pending.key);
      if (!this.#inFlight.has(pending.key)) this.#generations.delete(pending.key);
      const allowed = answers?.[i];
      if (allowed !== undefined) {
        if (fresh && !allowed && this.#lastAllowedAt.delete(pending.key)) removed.push(pending.key);
        if (fresh) this.#remember(pending.key, allowed, now);
        pending.resolve({ allowed, source: 'chain' });
        continue;
      }
      if (this.#inGrace(pending.key, now)) {
        graced = true;
        pending.resolve({ allowed: true, source: 'grace' });
      } else {
        pending.resolve({ allowed: false, source: 'unavailable' });
      }
    }
    if (failure) this.#setStatus(graced || this.#anyGraceLeft(now) ? 'degraded' : 'down', failure);
    else this.#setStatus('ok', null);
    // Found by a read (the event feed missed it, or told of it before a listener came): the
    // listeners learn of it as of an event, and a removed member gets no grace.
    for (const key of removed) this.events.emit('changed', parseKey(key));
  }

  #applyChanges(changes: readonly AccessChange[]): void {
    const touched = new Map<string, { communityId: bigint; address: Address }>();
    for (const change of changes) {
      const communityId = 'communityId' in change ? change.communityId : null;
      const address = 'address' in change ? change.address : null;
      const keys = [...this.#keysMatching(communityId, address)];
      if (communityId !== null && address !== null) keys.push(keyOf(communityId, address));
      for (const key of keys) {
        this.#forget(key);
        // A removal or deactivation ends any grace: never let a removed member in on old news.
        if (change.kind !== 'member-added' && change.kind !== 'global-added') {
          this.#lastAllowedAt.delete(key);
        }
        const pair = parseKey(key);
        touched.set(key, pair);
      }
      if (communityId === null || address === null) {
        this.events.emit('invalidated', { communityId, address });
      }
    }
    for (const pair of touched.values()) this.events.emit('changed', pair);
  }

  #watchFailed(error: Error): void {
    // Events may have been missed, a removal among them: stop trusting cached answers (keeping
    // the grace record), and have listeners check again every member they were told is allowed.
    // Only those: a missed addition costs a newcomer a retry, and outsiders' refusals are many.
    const allowed = [...this.#allowed.keys()];
    this.#allowed.clear();
    this.#refused.clear();
    const now = this.#clock.now();
    this.#setStatus(this.#anyGraceLeft(now) ? 'degraded' : 'down', AppError.rpcUnavailable(error));
    for (const key of allowed) this.events.emit('changed', parseKey(key));
  }

  *#keysMatching(communityId: bigint | null, address: Address | null): Iterable<string> {
    const seen = new Set<string>([
      ...this.#allowed.keys(),
      ...this.#refused.keys(),
      ...this.#lastAllowedAt.keys(),
      ...this.#inFlight.keys(),
    ]);
    const lower = address?.toLowerCase();
    for (const key of seen) {
      const [c, a] = key.split(':');
      if (communityId !== null && c !== communityId.toString()) continue;
      if (lower !== undefined && a !== lower) continue;
      yield key;
    }
  }

  /**
   * Whether a positive answer may stand in for the chain: the grace time counts from the end
   * of its TTL, so every member the cache vouched for when the chain stopped answering keeps
   * at least `graceMs` (with TTL = grace, counting from the answer would give some none).
   */
  #inGrace(key: string, now: number): boolean {
    const at = this.#lastAllowedAt.get(key);
    return at !== undefined && now - at <= this.#ttlMs + this.#graceMs;
  }

  #anyGraceLeft(now: number): boolean {
    for (const key of this.#lastAllowedAt.keys()) if (this.#inGrace(key, now)) return true;
    return false;
  }

  #remember(key: string, allowed: boolean, now: number): void {
    if (allowed) {
      this.#refused.delete(key);
      setBounded(this.#allowed, key, now, this.#maxEntries);
      setBounded(this.#lastAllowedAt, key, now, this.#maxEntries);
    } else {
      this.#allowed.delete(key);
      setBounded(this.#refused, key, now, this.#maxEntries);
    }
  }

  #setStatus(status: AccessStatus, error: AppError | null): void {
    if (status === this.#status) return;
    this.#status = status;
    if (status === 'ok') {
      this.#retryScope?.end();
      this.#retryScope = null;
    } else if (this.#retryScope === null && !this.#ended) {
      this.#retryScope = this.#scope.child();
      this.#retryScope.setInterval(() => this.#retry(), this.#retryIntervalMs);
    }
    this.events.emit('status', { status, error });
  }

  /** Asks the chain again about the last question, so the status recovers without callers. */
  #retry(): void {
    const query = this.#lastQuery;
    if (query === null) return;
    this.invalidate(query.communityId, query.address);
    void this.check(query.communityId, query.address);
  }
}

/** Sets `key` as the newest entry, forgetting the oldest past `max`. */
function setBounded(map: Map<string, number>, key: string, value: number, max: number): void {
  map.delete(key);
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

function keyOf(communityId: bigint, address: Address): string {
  return `${communityId}:${address.toLowerCase()}`;
}

function parseKey(key: string): { communityId: bigint; address: Address } {
  const [c = '0', a = '0x'] = key.split(':');
  return { communityId: BigInt(c), address: getAddress(a) };
}
