import { describe, expect, it, vi } from 'vitest';
import { Emitter } from './Emitter.ts';
import { Scope } from './Scope.ts';

describe('Scope', () => {
  it('ends timers, listeners and child scopes once, newest first', () => {
    vi.useFakeTimers();
    const scope = new Scope();
    const order: string[] = [];
    const ticks = vi.fn();
    scope.setInterval(ticks, 10);
    scope.add(() => order.push('first'));
    scope.child().add(() => order.push('child'));
    scope.add(() => order.push('last'));
    vi.advanceTimersByTime(25);
    scope.end();
    scope.end();
    vi.advanceTimersByTime(100);
    expect(ticks).toHaveBeenCalledTimes(2);
    expect(order).toEqual(['last', 'child', 'first']);
    expect(scope.signal.aborted).toBe(true);
    vi.useRealTimers();
  });

  it('runs a cleanup added after the end at once', () => {
    const scope = new Scope();
    scope.end();
    const cleanup = vi.fn();
    scope.add(cleanup);
    expect(cleanup).toHaveBeenCalledOnce();
  });

  it('keeps running cleanups when one throws, then reports it', () => {
    const scope = new Scope();
    const after = vi.fn();
    scope.add(after);
    scope.add(() => {
      throw new Error('boom');
    });
    expect(() => scope.end()).toThrow(AggregateError);
    expect(after).toHaveBeenCalledOnce();
  });
});

describe('Emitter', () => {
  it('delivers typed payloads until the owning scope ends', () => {
    const events = new Emitter<{ joined: { address: string } }>();
    const scope = new Scope();
    const seen: string[] = [];
    events.on('joined', ({ address }) => seen.push(address), scope);
    events.emit('joined', { address: '0xa' });
    scope.end();
    events.emit('joined', { address: '0xb' });
    expect(seen).toEqual(['0xa']);
    expect(events.listenerCount('joined')).toBe(0);
  });
});
