import type { Address } from 'viem';
import type { Scope } from '../core/Scope.ts';
import type { SignalPayload } from '../peers/types.ts';

/** Signaling data is what the peer connection produces; the channel carries it as is. */
export type { SignalPayload };

/**
 * Private, verified signaling between two members of a room: payloads are encrypted to the
 * recipient's session key; only envelopes from verified, allowlisted senders are delivered.
 */
export interface SignalingChannel {
  send(to: Address, payload: SignalPayload): Promise<void>;
  onSignal(listener: (from: Address, payload: SignalPayload) => void, scope: Scope): void;
}

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

/** What signaling reads of the room's verified roster (the presence layer's GunRoster). */
export interface SignalingRoster {
  members(): readonly RosterMember[];
  member(address: Address): RosterMember | undefined;
  on<K extends keyof RosterEvents>(
    event: K,
    listener: (payload: RosterEvents[K]) => void,
    scope: Scope,
  ): void;
}
