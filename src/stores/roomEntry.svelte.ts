import type { Address, Hex } from 'viem';
import type { OpenRoom, RoomKit } from '../app/RoomKit.ts';
import type { Scope } from '../core/Scope.ts';
import type { Session } from '../identity/SessionManager.ts';

export type RoomEntryState =
  | { status: 'loading' }
  | { status: 'needs-signature'; explanation: string; error?: unknown }
  | { status: 'signing'; explanation: string }
  | { status: 'open'; room: OpenRoom }
  | { status: 'error'; error: unknown };

export interface RoomEntryParameters {
  kit: () => Promise<RoomKit>;
  signMessage: (message: string) => Promise<Hex>;
  communityId: bigint;
  roomId: string;
  address: Address;
}

/**
 * Entering a room: reuse the session certificate if one is valid, else explain and ask the
 * wallet for one signature; then open presence, signaling and the meeting. A declined
 * signature leaves the user at the explanation, with nothing stored.
 */
export class RoomEntry {
  state = $state.raw<RoomEntryState>({ status: 'loading' });
  readonly #parameters: RoomEntryParameters;
  readonly #scope: Scope;

  constructor(parameters: RoomEntryParameters, scope: Scope) {
    this.#parameters = parameters;
    this.#scope = scope;
  }

  async start(): Promise<void> {
    try {
      const kit = await this.#parameters.kit();
      const session = await kit.sessions.restore(this.#parameters.address);
      if (session) await this.#open(kit, session);
      else this.#set({ status: 'needs-signature', explanation: kit.explainSignature() });
    } catch (error) {
      this.#set({ status: 'error', error });
    }
  }

  async sign(): Promise<void> {
    const kit = await this.#parameters.kit();
    const explanation = kit.explainSignature();
    this.#set({ status: 'signing', explanation });
    let session: Session;
    try {
      session = await kit.sessions.signIn(this.#parameters.address, this.#parameters.signMessage);
    } catch (error) {
      this.#set({ status: 'needs-signature', explanation, error });
      return;
    }
    try {
      await this.#open(kit, session);
    } catch (error) {
      this.#set({ status: 'error', error });
    }
  }

  async #open(kit: RoomKit, session: Session): Promise<void> {
    const { communityId, roomId, address } = this.#parameters;
    const room = await kit.open({ communityId, roomId, address, session }, this.#scope);
    this.#set({ status: 'open', room });
  }

  #set(state: RoomEntryState): void {
    if (!this.#scope.ended) this.state = state;
  }
}
