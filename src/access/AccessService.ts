import { type Address, getAddress } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/scope.ts';
import type { AccessChange, AccessQuery, AccessReader } from './AccessReader.ts';
import type { AccessAnswer, AccessServiceEvents, AccessStatus } from './events.ts';
import type { AccessChecker } from './types.ts';

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
  /** Most remembered answers (the graph is public: anyone can make us ask). Default 10,000. */
  maxEntries?: number;
  /** While the chain is unreachable, how often to try it again (so the status recovers by itself). Default 5 s. */
  retryIntervalMs?: number;
}

interface Entry {
  allowed: boolean;
  checkedAt: number;
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
 * interval. When the chain is unreachable a recent positive answer is reused for the grace
 * time; an address never seen allowed is refused (fail closed).
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
  readonly #entries = new Map<string, Entry>();
  /** When each key was last seen allowed by the chain; what the grace rule reads. */
  readonly #lastAllowedAt = new Map<string, number>();
  /** Bumped by every invalidation, so answers read before it are not cached after it. */
  readonly #generations = new Map<string, number>();
  readonly #inFlight = new Map<string, { generation: number; answer: Promise<AccessAnswer> }>();
  #queue: Pending[] = [];
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
    const unwatch = this.#reader.watch(
      (changes) => this.#applyChanges(changes),
      (error) => this.#watchFailed(error),
    );
    options.scope.add(() => {
      this.#ended = true;
      unwatch();
    });
  }

  get status(): AccessStatus {
    return this.#status;
  }

  /** True only when the chain (or, while it is unreachable, the grace rule) allows it. */
  async hasAccess(communityId: bigint, address: Address): Promise<boolean> {
    return (await this.check(communityId, address)).allowed;
  }

  /** Like {@link hasAccess}, saying where the answer came from. */
  check(communityId: bigint, address: Address): Promise<AccessAnswer> {
    const key = keyOf(communityId, address);
    const now = this.#clock.now();
    const entry = this.#entries.get(key);
    if (entry && now - entry.checkedAt < this.#ttlMs) {
      return Promise.resolve({ allowed: entry.allowed, source: 'cache' });
    }
    this.#lastQuery = { communityId, address };
    const generation = this.#generations.get(key) ?? 0;
    const running = this.#inFlight.get(key);
    if (running && running.generation === generation) return running.answer;
    const answer = new Promise<AccessAnswer>((resolve) => {
      this.#queue.push({ query: { communityId, address }, key, generation, resolve });
    });
    this.#inFlight.set(key, { generation, answer });
    this.#scheduleFlush();
    return answer;
  }

  onChange(listener: (communityId: bigint, address: Address) => void, scope: Scope): void {
    this.events.on('changed', ({ communityId, address }) => listener(communityId, address), scope);
  }

  /** Forgets cached answers (all, one community's, or one pair's); the next check asks the chain. */
  invalidate(communityId?: bigint, address?: Address): void {
    for (const key of this.#keysMatching(communityId ?? null, address ?? null)) {
      this.#entries.delete(key);
      this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
    }
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // A microtask: every question asked in the same turn goes into one multicall.
    queueMicrotask(() => {
      this.#flushScheduled = false;
      const queue = this.#queue;
      this.#queue = [];
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
    for (const [i, pending] of batch.entries()) {
      const current = this.#inFlight.get(pending.key);
      if (current?.generation === pending.generation) this.#inFlight.delete(pending.key);
      const allowed = answers?.[i];
      if (allowed !== undefined) {
        if ((this.#generations.get(pending.key) ?? 0) === pending.generation) {
          this.#remember(pending.key, { allowed, checkedAt: now });
          if (allowed) this.#lastAllowedAt.set(pending.key, now);
        }
        pending.resolve({ allowed, source: 'chain' });
        continue;
      }
      const lastAllowed = this.#lastAllowedAt.get(pending.key);
      if (lastAllowed !== undefined && now - lastAllowed <= this.#graceMs) {
        graced = true;
        pending.resolve({ allowed: true, source: 'grace' });
      } else {
        pending.resolve({ allowed: false, source: 'unavailable' });
      }
    }
    if (failure) this.#setStatus(graced || this.#anyGraceLeft(now) ? 'degraded' : 'down', failure);
    else this.#setStatus('ok', null);
  }

  #applyChanges(changes: readonly AccessChange[]): void {
    const touched = new Map<string, { communityId: bigint; address: Address }>();
    for (const change of changes) {
      const communityId = 'communityId' in change ? change.communityId : null;
      const address = 'address' in change ? change.address : null;
      const keys = [...this.#keysMatching(communityId, address)];
      if (communityId !== null && address !== null) keys.push(keyOf(communityId, address));
      for (const key of keys) {
        this.#entries.delete(key);
        this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
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
    // Events may have been missed: stop trusting cached answers, keep the grace record.
    for (const entry of this.#entries.values()) entry.checkedAt = Number.NEGATIVE_INFINITY;
    const now = this.#clock.now();
    this.#setStatus(this.#anyGraceLeft(now) ? 'degraded' : 'down', AppError.rpcUnavailable(error));
  }

  *#keysMatching(communityId: bigint | null, address: Address | null): Iterable<string> {
    const seen = new Set<string>([
      ...this.#entries.keys(),
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

  #anyGraceLeft(now: number): boolean {
    for (const at of this.#lastAllowedAt.values()) if (now - at <= this.#graceMs) return true;
    return false;
  }

  #remember(key: string, entry: Entry): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
    if (this.#lastAllowedAt.size > this.#maxEntries) {
      const oldest = this.#lastAllowedAt.keys().next();
      if (!oldest.done) this.#lastAllowedAt.delete(oldest.value);
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

function keyOf(communityId: bigint, address: Address): string {
  return `${communityId}:${address.toLowerCase()}`;
}

function parseKey(key: string): { communityId: bigint; address: Address } {
  const [c = '0', a = '0x'] = key.split(':');
  return { communityId: BigInt(c), address: getAddress(a) };
}
