import type { SignalPayload } from './types.ts';

/**
 * What one signal envelope carries, sealed to the recipient: the payloads the sender queued
 * within a few milliseconds (an offer and its first ICE candidates, say), in order, and the
 * sequence of the sender's previous envelope to this recipient, so the recipient can restore
 * the order (none on the first one the sender writes to this recipient's session).
 */
export interface SignalBatch {
  prev?: number;
  signals: SignalPayload[];
}

/** Most payloads in one batch. */
export const MAX_SIGNALS_PER_BATCH = 64;

/**
 * The text sealed into a signal envelope.
 *
 * @example
 * const text = encodeSignalBatch({ prev: 1732255, signals: [offer, candidate] });
 */
export function encodeSignalBatch(batch: SignalBatch): string {
  return JSON.stringify(batch.prev === undefined ? { signals: batch.signals } : batch);
}

/**
 * Parses an opened signal envelope, or `undefined` when it is not a batch.
 *
 * @example
 * const batch = parseSignalBatch(await box.open(epub, envelope.body) ?? '');
 */
export function parseSignalBatch(text: string): SignalBatch | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { prev, signals } = value;
  if (prev !== undefined && !(Number.isSafeInteger(prev) && Number(prev) >= 0)) return undefined;
  if (!Array.isArray(signals) || signals.length === 0) return undefined;
  if (signals.length > MAX_SIGNALS_PER_BATCH || !signals.every(isRecord)) return undefined;
  const payloads = signals.map((signal) => Object.fromEntries(Object.entries(signal)));
  return prev === undefined ? { signals: payloads } : { prev: Number(prev), signals: payloads };
}

/**
 * Splits queued payloads into batches whose encoded text stays within `maxChars` (and
 * {@link MAX_SIGNALS_PER_BATCH}), keeping their order; a payload too big on its own gets a
 * batch of its own (sealing it then fails loudly).
 *
 * @example
 * for (const signals of splitSignals(queue, 5_000)) await write({ prev, signals });
 */
export function splitSignals(
  payloads: readonly SignalPayload[],
  maxChars: number,
): SignalPayload[][] {
  const batches: SignalPayload[][] = [];
  let current: SignalPayload[] = [];
  // `{"prev":<16 digits>,"signals":[` + `]}`
  let size = 40;
  for (const payload of payloads) {
    const length = JSON.stringify(payload).length + 1;
    if (
      current.length > 0 &&
      (size + length > maxChars || current.length >= MAX_SIGNALS_PER_BATCH)
    ) {
      batches.push(current);
      current = [];
      size = 40;
    }
    current.push(payload);
    size += length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
