/** Bounds of a {@link HeldFields}. */
export interface HeldFieldsLimits {
  /** Fields kept per sender (its ring's slots); the oldest goes first. */
  perSender: number;
  /** Senders kept; the one held longest goes first. */
  maxSenders: number;
  /** Characters kept in all; senders held longest go first. */
  maxChars: number;
}

/**
 * Unread inbox fields of senders the roster does not show yet, kept unverified until it
 * does (a signal written just before the sender's first heartbeat was verified is not lost),
 * within fixed bounds, since anyone can write anything into an inbox.
 *
 * @example
 * const held = new HeldFields({ perSender: 16, maxSenders: 64, maxChars: 1_000_000 });
 * held.hold('0xabc…', '0xabc…/s3', envelopeText);
 * for (const [field, value] of held.take('0xabc…')) read(field, value);
 */
export class HeldFields {
  readonly #limits: HeldFieldsLimits;
  readonly #senders = new Map<string, Map<string, string>>();
  #chars = 0;

  constructor(limits: HeldFieldsLimits) {
    this.#limits = limits;
  }

  /** Characters held in all. */
  get chars(): number {
    return this.#chars;
  }

  /** Keeps `value` of `field` from `sender`, replacing what that field held. */
  hold(sender: string, field: string, value: string): void {
    let fields = this.#senders.get(sender);
    if (!fields) {
      fields = new Map();
      this.#senders.set(sender, fields);
    }
    this.#chars += value.length - (fields.get(field)?.length ?? 0);
    fields.delete(field);
    fields.set(field, value);
    const first = fields.entries().next();
    if (fields.size > this.#limits.perSender && !first.done) {
      fields.delete(first.value[0]);
      this.#chars -= first.value[1].length;
    }
    while (this.#senders.size > this.#limits.maxSenders || this.#chars > this.#limits.maxChars) {
      const oldest = this.#senders.keys().next();
      if (oldest.done) break;
      this.take(oldest.value);
    }
  }

  /** Removes and returns what is held from `sender`, oldest first. */
  take(sender: string): [field: string, value: string][] {
    const fields = this.#senders.get(sender);
    if (!fields) return [];
    this.#senders.delete(sender);
    for (const value of fields.values()) this.#chars -= value.length;
    return [...fields];
  }

  clear(): void {
    this.#senders.clear();
    this.#chars = 0;
  }
}
