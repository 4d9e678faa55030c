import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Scope } from '../core/Scope.ts';
import { ReorderBuffer } from './ReorderBuffer.ts';

let scope: Scope;
let delivered: string[];
let buffer: ReorderBuffer<string>;

beforeEach(() => {
  vi.useFakeTimers();
  scope = new Scope();
  delivered = [];
  buffer = new ReorderBuffer<string>({
    waitMs: 250,
    capacity: 4,
    deliver: (stream, item) => delivered.push(`${stream}:${item}`),
    scope,
  });
});

afterEach(() => {
  scope.end();
  vi.useRealTimers();
});

describe('ReorderBuffer', () => {
  test('items in order are delivered at once', () => {
    buffer.push('a', 10, undefined, 'offer');
    buffer.push('a', 11, 10, 'candidate 1');
    expect(delivered).toEqual(['a:offer', 'a:candidate 1']);
  });

  test('an item that comes early waits for the one before it', () => {
    buffer.push('a', 10, undefined, 'offer');
    buffer.push('a', 12, 11, 'candidate 2');
    buffer.push('a', 13, 12, 'candidate 3');
    expect(delivered).toEqual(['a:offer']);
    buffer.push('a', 11, 10, 'candidate 1');
    expect(delivered).toEqual(['a:offer', 'a:candidate 1', 'a:candidate 2', 'a:candidate 3']);
  });

  test('the first item of a sender is held until the items before it come', () => {
    buffer.push('a', 11, 10, 'candidate');
    buffer.push('a', 10, undefined, 'offer');
    expect(delivered).toEqual(['a:offer', 'a:candidate']);
  });

  test('a gap is given up after the wait; the missing item is refused when it comes late', () => {
    buffer.push('a', 10, undefined, 'offer');
    buffer.push('a', 12, 11, 'candidate 2');
    vi.advanceTimersByTime(249);
    expect(delivered).toEqual(['a:offer']);
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual(['a:offer', 'a:candidate 2']);
    expect(buffer.push('a', 11, 10, 'candidate 1')).toBe(false);
    expect(buffer.push('a', 13, 12, 'candidate 3')).toBe(true);
    expect(delivered).toEqual(['a:offer', 'a:candidate 2', 'a:candidate 3']);
  });

  test('more held than the capacity gives the gap up at once', () => {
    buffer.push('a', 10, undefined, 'offer');
    for (let seq = 12; seq <= 16; seq++) buffer.push('a', seq, seq - 1, `c${seq}`);
    expect(delivered).toEqual(['a:offer', 'a:c12', 'a:c13', 'a:c14', 'a:c15', 'a:c16']);
  });

  test('a sender that starts again is followed from its new start', () => {
    buffer.push('a', 10, undefined, 'old offer');
    buffer.push('a', 500, undefined, 'new offer');
    buffer.push('a', 501, 500, 'new candidate');
    expect(delivered).toEqual(['a:old offer', 'a:new offer', 'a:new candidate']);
  });

  test('senders are independent: a gap of one holds nobody else', () => {
    buffer.push('a', 10, undefined, 'a offer');
    buffer.push('a', 12, 11, 'a candidate 2');
    buffer.push('b', 7, undefined, 'b offer');
    expect(delivered).toEqual(['a:a offer', 'b:b offer']);
  });

  test('nothing is delivered after the scope ends', () => {
    buffer.push('a', 11, 10, 'candidate');
    scope.end();
    vi.advanceTimersByTime(1_000);
    expect(delivered).toEqual([]);
    expect(buffer.push('a', 12, 11, 'late')).toBe(false);
  });
});
