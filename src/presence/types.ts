import type { Address } from 'viem';
import type { Scope } from '../core/Scope.ts';

/** A member shown in a room: verified certificate and allowlisted. */
export interface RosterMember {
  address: Address;
  sessionPub: string;
  sessionEpub: string;
  /** Free-form state the member publishes with each heartbeat (muted, hand raised, role...). */
  state: Readonly<Record<string, string | number | boolean>>;
  lastSeen: number;
}

export interface RosterEvents {
  joined: RosterMember;
  updated: RosterMember;
  left: { address: Address };
}

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
