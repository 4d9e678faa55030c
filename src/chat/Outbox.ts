import { Emitter } from '../core/Emitter.ts';
import type { OutgoingContent } from './types.ts';

/** A message typed but not yet confirmed by the network. */
export interface OutboxEntry {
  /** Local id; also the idempotency key, so a retry never sends twice. */
  id: string;
  /** The thread it belongs to (`room:<id>` or `dm:<address>`). */
  thread: string;
  content: OutgoingContent;
  createdAt: number;
  state: 'sending' | 'failed';
  attempts: number;
}

/** Where the outbox is kept between visits (localStorage in the browser). */
export interface OutboxStorage {
  load(): OutboxEntry[];
  save(entries: readonly OutboxEntry[]): void;
}

/** Events of an {@link Outbox}: the thread whose entries changed. */
export interface OutboxEvents {
  changed: { thread: string };
}

/**
 * Messages typed and not yet sent, persisted at once so nothing typed is lost to a reload,
 * a closed tab or a lost connection. Threads send their entries and remove them when the
 * network confirms.
 *
 * @example
 * const outbox = new Outbox(new MemoryOutboxStorage(), () => crypto.randomUUID());
 * const entry = outbox.add('dm:0xabc…', { kind: 'text', text: 'hi' }, Date.now());
 */
export class Outbox {
  readonly events = new Emitter<OutboxEvents>();
  readonly #storage: OutboxStorage;
  readonly #newId: () => string;
  #entries: OutboxEntry[];

  constructor(storage: OutboxStorage, newId: () => string) {
    this.#storage = storage;
    this.#newId = newId;
    // Anything left from an earlier visit is retried; none of it is "sending" any more.
    this.#entries = storage.load().map((entry) => ({ ...entry, state: 'sending' }));
  }

  /** Entries of `thread`, oldest first. */
  entries(thread: string): OutboxEntry[] {
    return this.#entries.filter((entry) => entry.thread === thread);
  }

  add(thread: string, content: OutgoingContent, now: number): OutboxEntry {
    const entry: OutboxEntry = {
      id: this.#newId(),
      thread,
      content,
      createdAt: now,
      state: 'sending',
      attempts: 0,
    };
    this.#entries = [...this.#entries, entry];
    this.#commit(thread);
    return entry;
  }

  /** Marks an attempt starting (`sending`) or failing (`failed`). */
  mark(id: string, state: OutboxEntry['state']): void {
    const entry = this.#entries.find((candidate) => candidate.id === id);
    if (!entry) return;
    const attempts = state === 'sending' ? entry.attempts + 1 : entry.attempts;
    this.#entries = this.#entries.map((candidate) =>
      candidate.id === id ? { ...candidate, state, attempts } : candidate,
    );
    this.#commit(entry.thread);
  }

  /** Drops an entry the network has confirmed. */
  remove(id: string): void {
    const entry = this.#entries.find((candidate) => candidate.id === id);
    if (!entry) return;
    this.#entries = this.#entries.filter((candidate) => candidate.id !== id);
    this.#commit(entry.thread);
  }

  #commit(thread: string): void {
    this.#storage.save(this.#entries);
    this.events.emit('changed', { thread });
  }
}

/** Keeps the outbox in memory only (tests, and browsers without storage). */
export class MemoryOutboxStorage implements OutboxStorage {
  #saved: OutboxEntry[] = [];

  constructor(initial: readonly OutboxEntry[] = []) {
    this.#saved = [...initial];
  }

  load(): OutboxEntry[] {
    return [...this.#saved];
  }

  save(entries: readonly OutboxEntry[]): void {
    this.#saved = [...entries];
  }
}

/**
 * Keeps the outbox in `localStorage` under one key per wallet address.
 *
 * @example
 * new Outbox(new WebOutboxStorage(localStorage, 'community-chats:outbox:0xabc…'), uuid);
 */
export class WebOutboxStorage implements OutboxStorage {
  readonly #storage: Storage;
  readonly #key: string;

  constructor(storage: Storage, key: string) {
    this.#storage = storage;
    this.#key = key;
  }

  load(): OutboxEntry[] {
    const raw = this.#storage.getItem(this.#key);
    if (raw === null) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      // A corrupt value cannot be sent anyway; start clean rather than fail every visit.
      return [];
    }
  }

  save(entries: readonly OutboxEntry[]): void {
    this.#storage.setItem(this.#key, JSON.stringify(entries));
  }
}

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<OutboxEntry>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.thread === 'string' &&
    typeof entry.createdAt === 'number' &&
    typeof entry.content === 'object' &&
    entry.content !== null
  );
}
