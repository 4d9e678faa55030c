import { describe, expect, it } from 'vitest';
import { defaultNodeLimits, NodeBound, type NodeLimits } from './NodeBound.ts';

function bound(limits: Partial<NodeLimits>, kept: readonly string[] = []) {
  const forgotten: string[] = [];
  const node = new NodeBound(
    { ...defaultNodeLimits, ...limits },
    { keep: (field) => kept.includes(field), forget: (field) => forgotten.push(field) },
  );
  return { node, forgotten };
}

describe('NodeBound', () => {
  it('drops oversize values and far-future states before holding them', () => {
    const { node } = bound({ maxValueChars: 10, maxFutureMs: 1_000 });
    expect(node.admit('a', 'x'.repeat(11), 0, 0)).toBe('oversize');
    expect(node.admit('b', 'ok', 1_001, 0)).toBe('stale');
    expect(node.admit('c', 'ok', 1_000, 0)).toBeUndefined();
    expect(node.size).toBe(1);
  });

  it('past the bound refuses new fields but keeps updating known ones', () => {
    const { node } = bound({ maxFields: 2, newFieldBurst: 0, newFieldsPerSecond: 0 });
    expect(node.admit('a', '1', 0, 0)).toBeUndefined();
    expect(node.admit('b', '1', 0, 0)).toBeUndefined();
    expect(node.admit('junk', '1', 0, 0)).toBe('node-full');
    expect(node.admit('a', '2', 0, 0)).toBeUndefined();
    expect(node.has('junk')).toBe(false);
  });

  it('bounds characters as well as fields', () => {
    const { node } = bound({ maxChars: 5, newFieldBurst: 0 });
    expect(node.admit('a', 'xxx', 0, 0)).toBeUndefined();
    expect(node.admit('b', 'xxx', 0, 0)).toBe('node-full');
  });

  it('lets a new field in at the token rate, forgetting the oldest field not kept', () => {
    const { node, forgotten } = bound({ maxFields: 3, newFieldBurst: 1, newFieldsPerSecond: 1 }, [
      'member',
    ]);
    node.admit('member', 'beat', 0, 0);
    node.admit('junk1', 'x', 0, 0);
    node.admit('junk2', 'x', 0, 0);
    expect(node.admit('newcomer', 'beat', 0, 0)).toBeUndefined();
    expect(forgotten).toEqual(['junk1']);
    expect(node.admit('junk3', 'x', 0, 0)).toBe('node-full');
    expect(node.admit('junk3', 'x', 0, 1_000)).toBeUndefined();
    expect(forgotten).toEqual(['junk1', 'junk2']);
    expect(node.has('member')).toBe(true);
  });

  it("lets a kept field in at once, without a token: a member's new slot is not lost", () => {
    const { node, forgotten } = bound({ maxFields: 2, newFieldBurst: 0, newFieldsPerSecond: 0 }, [
      'member/s2',
    ]);
    node.admit('junk1', 'x', 0, 0);
    node.admit('junk2', 'x', 0, 0);
    expect(node.admit('junk3', 'x', 0, 0)).toBe('node-full');
    expect(node.admit('member/s2', 'signal', 0, 0)).toBeUndefined();
    expect(forgotten).toEqual(['junk1']);
  });

  it('reports each value once: a repeated value is an echo', () => {
    const { node } = bound({});
    expect(node.deliver('a', 'v')).toBe(true);
    expect(node.deliver('a', 'v')).toBe(false);
    expect(node.deliver('a', { '#': 'x' })).toBe(true);
    expect(node.deliver('a', { '#': 'x' })).toBe(false);
  });
});
