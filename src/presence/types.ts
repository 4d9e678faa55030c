import type { Address } from 'viem';
import type { Scope } from '../core/Scope.ts';
import type { RosterEvents, RosterMember } from '../signaling/types.ts';

/** Members and their events are what signaling reads of a roster; presence keeps the roster. */
export type { RosterEvents, RosterMember };

/** The verified roster of one room. */
export interface Roster {
  members(): readonly RosterMember[];
  on<K extends keyof RosterEvents>(
    event: K,
    listener: (payload: RosterEvents[K]) => void,
    scope: Scope,
  ): void;
  /** Replaces the state this member publishes with its heartbeats (sent at once). */
  setLocalState(state: Readonly<Record<string, string | number | boolean>>): void;
}

/** Stage role: speakers publish audio, listeners only receive. */
export type Role = 'speaker' | 'listener';

/**
 * Who may be heard, and who is kept out, as every peer computes it. A sync answer (fail
 * closed until known) plus a change notification when answers may have changed.
 */
export interface SpeakerPolicy {
  /** Whether `address` may publish audio: peers play it, and show it as a speaker. */
  maySpeak(address: Address): boolean;
  /** Whether `address` was removed from the room: no tile, no link. */
  isRemoved(address: Address): boolean;
  onChange(listener: () => void, scope: Scope): void;
}
