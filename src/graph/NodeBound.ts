import type { GraphDropReason } from './types.ts';

/** Bounds of one watched node (see {@link NodeBound}). */
export interface NodeLimits {
  /** Fields held at most. */
  maxFields: number;
  /** Characters of values held at most, over all fields. */
  maxChars: number;
  /** A longer value is dropped (our largest envelope is 16 KB). */
  maxValueChars: number;
  /** A state (Gun's per-field timestamp) further ahead than this is dropped. */
  maxFutureMs: number;
  /** Once full, new fields let in per second, each replacing the least recently updated. */
  newFieldsPerSecond: number;
  /** ... and at most this many at once. */
  newFieldBurst: number;
}

/**
 * 512 fields: a room's beats node holds one field per member who ever came, and 512 is more
 * than a mesh room holds at once; 1 MiB is 512 heartbeats with a certificate (~2 KB each).
 * 16 KiB is `EnvelopeVerifier`'s `maxEnvelopeChars`: no longer value can be read anyway.
 */
export const defaultNodeLimits: NodeLimits = {
  maxFields: 512,
  maxChars: 1_048_576,
  maxValueChars: 16_384,
  maxFutureMs: 60_000,
  newFieldsPerSecond: 4,
  newFieldBurst: 16,
};

interface HeldField {
  chars: number;
  /** The value last delivered (`undefined`: none yet). */
  delivered: unknown;
}

/** What a {@link NodeBound} asks of its node's owner. */
export interface NodeBoundHooks {
  /**
   * Fields never forgotten to make room, and let in at once (verified members' slots); must be
   * bounded in number, or a full node stops taking anything.
   */
  keep(field: string): boolean;
  /** The field was forgotten to make room: drop it from every cache. */
  forget(field: string): void;
}

/**
 * The bound of one watched node: which fields it holds, how many characters, and how fast new
 * fields may come in once it is full. Every check is O(1) per field, so reading a node costs
 * in proportion to what changed. Past the bound a new field is refused, unless it is one the
 * reader keeps or a token lets it in; it then replaces the least recently updated field not
 * kept: a flood's junk ages out while members who keep beating stay, and a newcomer to a
 * flooded node still gets their next heartbeats.
 *
 * @example
 * const bound = new NodeBound(defaultNodeLimits, { keep: (f) => verified.has(f), forget });
 * const reason = bound.admit(field, value, state, Date.now()); // undefined: let it in
 */
export class NodeBound {
  readonly #limits: NodeLimits;
  readonly #hooks: NodeBoundHooks;
  /** Insertion order is update order: the first entry is the least recently updated. */
  readonly #fields = new Map<string, HeldField>();
  #chars = 0;
  #tokens: number;
  #refilledAt = 0;

  constructor(limits: NodeLimits, hooks: NodeBoundHooks) {
    this.#limits = limits;
    this.#hooks = hooks;
    this.#tokens = limits.newFieldBurst;
  }

  /** Fields held. */
  get size(): number {
    return this.#fields.size;
  }

  /** Whether `field` is held. */
  has(field: string): boolean {
    return this.#fields.has(field);
  }

  /**
   * Checks one field heard from a peer before Gun reads it; returns why it is dropped, or
   * `undefined` to let it in (and then holds it).
   */
  admit(field: string, value: unknown, state: unknown, now: number): GraphDropReason | undefined {
    const chars = charsOf(value);
    if (chars > this.#limits.maxValueChars) return 'oversize';
    if (typeof state === 'number' && state > now + this.#limits.maxFutureMs) return 'stale';
    const held = this.#fields.get(field);
    if (held) {
      this.#update(field, held, chars);
      this.#shrink(field);
      return undefined;
    }
    if (this.#fits(chars)) {
      this.#add(field, chars);
      return undefined;
    }
    // A field the reader keeps (a verified member's slot) does not wait for a token: a
    // member's new ring slot must not be lost to junk arriving at the same moment.
    const kept = this.#hooks.keep(field);
    if (!(kept || this.#takeToken(now)) || !this.#makeRoom(field, chars)) return 'node-full';
    this.#add(field, chars);
    return undefined;
  }

  /**
   * Records a value about to be delivered; false when it is the value delivered last (an
   * echo). Fields this instance wrote itself are held here without a bound.
   */
  deliver(field: string, value: unknown): boolean {
    const held = this.#fields.get(field) ?? this.#add(field, charsOf(value));
    const seen = comparable(value);
    if (held.delivered === seen) return false;
    held.delivered = seen;
    return true;
  }

  #fits(chars: number): boolean {
    return (
      this.#fields.size < this.#limits.maxFields && this.#chars + chars <= this.#limits.maxChars
    );
  }

  #add(field: string, chars: number): HeldField {
    const held: HeldField = { chars, delivered: undefined };
    this.#fields.set(field, held);
    this.#chars += chars;
    return held;
  }

  #update(field: string, held: HeldField, chars: number): void {
    this.#chars += chars - held.chars;
    held.chars = chars;
    this.#fields.delete(field);
    this.#fields.set(field, held);
  }

  /** After an update grew the node past its characters, forgets others to get back under. */
  #shrink(except: string): void {
    while (this.#chars > this.#limits.maxChars && this.#forgetOldest(except)) {}
  }

  #makeRoom(field: string, chars: number): boolean {
    while (!this.#fits(chars)) if (!this.#forgetOldest(field)) return false;
    return true;
  }

  #forgetOldest(except: string): boolean {
    for (const [field, held] of this.#fields) {
      if (field === except || this.#hooks.keep(field)) continue;
      this.#fields.delete(field);
      this.#chars -= held.chars;
      this.#hooks.forget(field);
      return true;
    }
    return false;
  }

  #takeToken(now: number): boolean {
    const { newFieldsPerSecond, newFieldBurst } = this.#limits;
    this.#tokens = Math.min(
      newFieldBurst,
      this.#tokens + ((now - this.#refilledAt) / 1_000) * newFieldsPerSecond,
    );
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Size of a value as held: a string's length; other JSON values (links, numbers) are small. */
function charsOf(value: unknown): number {
  return typeof value === 'string' ? value.length : 16;
}

/** Strings and scalars compare as they are; objects (Gun links) by content. */
function comparable(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}
