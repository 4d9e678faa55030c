import { describe, expect, test } from 'vitest';
import {
  encodeSignalBatch,
  MAX_SIGNALS_PER_BATCH,
  parseSignalBatch,
  splitSignals,
} from './signalBatch.ts';

describe('signal batches', () => {
  test('round trip, with and without the previous sequence', () => {
    const signals = [{ type: 'offer', sdp: 'v=0' }, { candidate: { candidate: 'c' } }];
    expect(parseSignalBatch(encodeSignalBatch({ signals }))).toEqual({ signals });
    expect(parseSignalBatch(encodeSignalBatch({ prev: 17, signals }))).toEqual({
      prev: 17,
      signals,
    });
  });

  test('anything else is refused', () => {
    for (const text of [
      'not json',
      '[]',
      '{"type":"offer"}',
      '{"signals":[]}',
      '{"signals":[1]}',
      '{"signals":[[]]}',
      '{"prev":-1,"signals":[{}]}',
      '{"prev":"3","signals":[{}]}',
      JSON.stringify({ signals: Array(MAX_SIGNALS_PER_BATCH + 1).fill({}) }),
    ]) {
      expect(parseSignalBatch(text), text).toBeUndefined();
    }
  });

  test('split keeps the order and each batch within the size', () => {
    const payloads = Array.from({ length: 30 }, (_, i) => ({ i, pad: 'x'.repeat(90) }));
    const batches = splitSignals(payloads, 1_000);
    expect(batches.flat()).toEqual(payloads);
    expect(batches.length).toBeGreaterThan(1);
    for (const signals of batches) {
      expect(encodeSignalBatch({ prev: Date.now() * 1000, signals }).length).toBeLessThanOrEqual(
        1_000,
      );
    }
  });

  test('a payload bigger than the size goes alone', () => {
    const big = { sdp: 'x'.repeat(2_000) };
    expect(splitSignals([{ a: 1 }, big, { b: 2 }], 1_000)).toEqual([[{ a: 1 }], [big], [{ b: 2 }]]);
  });
});
