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
