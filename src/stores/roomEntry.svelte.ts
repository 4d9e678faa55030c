import type { Address, Hex } from 'viem';
import type { Scope } from '../core/Scope.ts';
import type { Session } from '../identity/SessionManager.ts';
import type { ChatStore } from './chat.svelte.ts';
import type { OpenRoom, RoomKit } from './RoomKit.ts';

export type RoomEntryState =
  | { status: 'loading' }
  /** `explanation`: one short sentence per line; two signatures when chat was never set up here. */
  | { status: 'needs-signature'; explanation: string[]; error?: unknown }
  | { status: 'signing'; explanation: string[] }
  | { status: 'open'; room: OpenRoom }
  /** Another tab of this browser joined a room as this account: this one left the call. */
  | { status: 'elsewhere' }
  | { status: 'error'; error: unknown };

export interface RoomEntryParameters {
  kit: () => Promise<RoomKit>;
  signMessage: (message: string) => Promise<Hex>;
  communityId: bigint;
  roomId: string;
  address: Address;
}

/**
 * Entering a room with as few wallet signatures as the protocols allow: the session
 * certificate is reused while it lasts (any room, reload or tab of this browser) and chat's
 * installation once made here needs none. A first visit explains both in one place and asks
 * them back to back; chat starts while the call connects, not after. A declined certificate
 * leaves the user at the explanation, with nothing stored. The tab that joined last holds the
 * account's call: an earlier tab leaves it and can take it back.
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
    // Marks of the join's phases (DevTools' performance panel; bench/meshApp.bench.ts).
    performance.mark('cc:entry');
    try {
      const kit = await this.#parameters.kit();
      performance.mark('cc:kit');
      const chat = this.#chat(kit);
      const session = await kit.sessions.restore(this.#parameters.address);
      if (session) {
        chat.service.autoStart();
        await this.#open(kit, session);
      } else {
        this.#set({ status: 'needs-signature', explanation: this.#explain(kit, chat) });
        // The chat code loads while the explanation is read, so its signature follows at once;
        // the room's graph connects and its members are checked meanwhile, too.
        void chat.service.prepare();
        const { communityId, roomId } = this.#parameters;
        // A failure here is met again, and shown, when the room opens.
        kit.prepare(communityId, roomId, this.#scope).catch(() => {});
      }
    } catch (error) {
      this.#set({ status: 'error', error });
    }
  }

  /**
   * Asks for the room session's signature, then (unless `withChat` is false: the member chose
   * to set chat up later, from the chat panel) chat's, while the call connects.
   */
  async sign(withChat = true): Promise<void> {
    const kit = await this.#parameters.kit();
    const chat = this.#chat(kit);
    const explanation = this.#explain(kit, chat);
    this.#set({ status: 'signing', explanation });
    performance.mark('cc:sign');
    let session: Session;
    try {
      session = await kit.sessions.signIn(this.#parameters.address, this.#parameters.signMessage);
      performance.mark('cc:signed');
    } catch (error) {
      this.#set({ status: 'needs-signature', explanation, error });
      return;
    }
    // Chat's signature (first time in this browser) comes right after, while the call connects.
    if (withChat) void chat.start();
    try {
      await this.#open(kit, session);
    } catch (error) {
      this.#set({ status: 'error', error });
    }
  }

  /** Takes the call back from the other tab (which then leaves it). */
  comeBack(): Promise<void> {
    this.#set({ status: 'loading' });
    return this.start();
  }

  #chat(kit: RoomKit): ChatStore {
    return kit.chatFor(this.#parameters.address, this.#parameters.signMessage);
  }

  #explain(kit: RoomKit, chat: ChatStore): string[] {
    return kit.explainSignatures(!chat.service.startedBefore);
  }

  async #open(kit: RoomKit, session: Session): Promise<void> {
    const { communityId, roomId, address } = this.#parameters;
    // The call lives in a scope of its own: another tab taking the account ends it alone.
    const scope = this.#scope.child();
    kit.tabs.claim(address, () => this.#set({ status: 'elsewhere' }), scope);
    const room = await kit.open({ communityId, roomId, address, session }, scope);
    performance.mark('cc:room-open');
    if (!scope.ended) this.#set({ status: 'open', room });
  }

  #set(state: RoomEntryState): void {
    if (!this.#scope.ended) this.state = state;
  }
}
