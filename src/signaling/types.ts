import type { Address } from 'viem';
import type { Scope } from '../core/Scope.ts';

/** WebRTC signaling data as simple-peer produces it (offer, answer, candidate, renegotiate). */
export type SignalPayload = Readonly<Record<string, unknown>>;

/**
 * Private, verified signaling between two members of a room: payloads are encrypted to the
 * recipient's session key; only envelopes from verified, allowlisted senders are delivered.
 */
export interface SignalingChannel {
  send(to: Address, payload: SignalPayload): Promise<void>;
  onSignal(listener: (from: Address, payload: SignalPayload) => void, scope: Scope): void;
}
