type Cleanup = () => void;

/**
 * Owns everything that must end together: listeners, timers, peers, child scopes.
 * Ending a scope runs its cleanups in reverse order, once.
 *
 * @example
 * const scope = new Scope();
 * scope.setInterval(beat, 5_000);
 * scope.end(); // the interval is cleared
 */
export class Scope {
  #cleanups: Cleanup[] = [];
  #ended = false;
  readonly #abort = new AbortController();

  get ended(): boolean {
    return this.#ended;
  }

  /** Aborted when the scope ends; pass it to fetch and addEventListener. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Registers a cleanup; runs it at once if the scope has already ended. */
  add(cleanup: Cleanup): void {
    if (this.#ended) {
      cleanup();
      return;
    }
    this.#cleanups.push(cleanup);
  }

  setInterval(callback: () => void, ms: number): void {
    const id = setInterval(callback, ms);
    this.add(() => clearInterval(id));
  }

  setTimeout(callback: () => void, ms: number): void {
    const id = setTimeout(callback, ms);
    this.add(() => clearTimeout(id));
  }

  /** A scope that ends with this one, or earlier on its own. */
  child(): Scope {
    const child = new Scope();
    this.add(() => child.end());
    return child;
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#abort.abort();
    const errors: unknown[] = [];
    for (const cleanup of this.#cleanups.reverse()) {
      try {
        cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    this.#cleanups = [];
    if (errors.length > 0) throw new AggregateError(errors, 'Scope cleanup failed');
  }
}
