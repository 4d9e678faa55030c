import type { MemberState } from './memberState.ts';
import type { Roster } from './types.ts';

/**
 * Lets several parts of a room (the meeting, the chat) publish their own keys in one
 * heartbeat: each part replaces only its own entries, the roster gets the union.
 *
 * @example
 * const parts = new LocalStateParts(roster);
 * new Meeting({ roster: parts.rosterFor('mesh'), ... });
 * parts.set('chat', { chatGroup: id });
 */
export class LocalStateParts {
  readonly #roster: Roster;
  readonly #parts = new Map<string, MemberState>();

  constructor(roster: Roster) {
    this.#roster = roster;
  }

  set(part: string, state: MemberState): void {
    this.#parts.set(part, state);
    this.#roster.setLocalState(Object.assign({}, ...this.#parts.values()));
  }

  /** The roster as one part sees it: its `setLocalState` touches only that part's keys. */
  rosterFor(part: string): Roster {
    const roster = this.#roster;
    return {
      members: () => roster.members(),
      on: (event, listener, scope) => roster.on(event, listener, scope),
      setLocalState: (state) => this.set(part, state),
    };
  }
}
