import { describe, expect, it } from 'vitest';
import { Outbox, WebOutboxStorage } from './Outbox.ts';

class MapStorage implements Storage {
  readonly #map = new Map<string, string>();
  get length(): number {
    return this.#map.size;
  }
  clear(): void {
    this.#map.clear();
  }
  getItem(key: string): string | null {
    return this.#map.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#map.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#map.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#map.set(key, value);
  }
}

let ids = 0;
const newId = () => `local-${++ids}`;

describe('Outbox', () => {
  it('keeps what was typed across a reload until the network confirms it', () => {
    const storage = new MapStorage();
    const first = new Outbox(new WebOutboxStorage(storage, 'k'), newId);
    const entry = first.add('dm:0xb', { kind: 'text', text: 'hi' }, 5);
    first.mark(entry.id, 'sending');
    first.mark(entry.id, 'failed');

    const reloaded = new Outbox(new WebOutboxStorage(storage, 'k'), newId);
    expect(reloaded.entries('dm:0xb')).toEqual([{ ...entry, state: 'sending', attempts: 1 }]);
    reloaded.remove(entry.id);
    expect(new Outbox(new WebOutboxStorage(storage, 'k'), newId).entries('dm:0xb')).toEqual([]);
  });

  it('tells listeners which thread changed and ignores a corrupt store', () => {
    const storage = new MapStorage();
    storage.setItem('k', '{not json');
    const outbox = new Outbox(new WebOutboxStorage(storage, 'k'), newId);
    const changed: string[] = [];
    outbox.events.on('changed', ({ thread }) => changed.push(thread));
    outbox.add('room:a', { kind: 'text', text: 'x' }, 1);
    outbox.add('room:b', { kind: 'text', text: 'y' }, 2);
    expect(changed).toEqual(['room:a', 'room:b']);
    expect(outbox.entries('room:a').map((e) => e.content)).toEqual([{ kind: 'text', text: 'x' }]);
  });
});
