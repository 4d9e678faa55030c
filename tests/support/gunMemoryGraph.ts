import type { Scope } from '../../src/core/Scope.ts';
import type { FieldListener, Graph, RelayStatus } from '../../src/graph/types.ts';

/** A fake of our Graph interface for unit tests: one shared in-memory graph, synchronous. */
export class MemoryGraph implements Graph {
  readonly nodes = new Map<string, Map<string, string | null>>();
  readonly #watchers = new Map<string, Set<FieldListener>>();

  put(key: string, field: string, value: string | null): void {
    let node = this.nodes.get(key);
    if (!node) {
      node = new Map();
      this.nodes.set(key, node);
    }
    node.set(field, value);
    for (const listener of [...(this.#watchers.get(key) ?? [])]) listener(field, value);
  }

  watch(key: string, listener: FieldListener, scope: Scope): void {
    let set = this.#watchers.get(key);
    if (!set) {
      set = new Set();
      this.#watchers.set(key, set);
    }
    set.add(listener);
    scope.add(() => set.delete(listener));
    for (const [field, value] of this.nodes.get(key) ?? []) listener(field, value);
  }

  relays(): readonly RelayStatus[] {
    return [{ url: 'memory', state: 'up', since: 0 }];
  }

  onRelay(): void {}

  close(): void {}
}
