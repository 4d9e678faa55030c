import { SvelteMap } from 'svelte/reactivity';
import type { Address } from 'viem';
import type { Scope } from '../core/Scope.ts';
import type { DisplayName, NameService } from '../names/NameService.ts';

/**
 * Names and avatars for views: `get(address)` answers at once (cache or fallback) and
 * updates reactively when ENS answers.
 */
export class NamesStore {
  readonly #service: NameService;
  readonly #resolved = new SvelteMap<string, DisplayName>();

  constructor(service: NameService, scope: Scope) {
    this.#service = service;
    service.events.on(
      'resolved',
      (display) => this.#resolved.set(display.address.toLowerCase(), display),
      scope,
    );
  }

  get(address: Address): DisplayName {
    const known = this.#resolved.get(address.toLowerCase());
    if (known) return known;
    const now = this.#service.peek(address);
    if (!now.resolved) void this.#service.lookup(address);
    return now;
  }
}
