import { type Client, type Identifier, IdentifierKind } from '@xmtp/browser-sdk';
import type { Address } from 'viem';

/** The XMTP identifier of a wallet address: Ethereum, lower-cased. */
export function identifierOf(address: Address): Identifier {
  return { identifier: address.toLowerCase(), identifierKind: IdentifierKind.Ethereum };
}

const MISSING_TTL_MS = 5_000;

/**
 * Maps XMTP inbox ids to wallet addresses and back, remembering every answer: members
 * lists fill it for free, the network is asked only for strangers.
 */
export class Identities {
  readonly #client: Client<unknown>;
  readonly #addressOf = new Map<string, Address>();
  readonly #inboxOf = new Map<Address, string>();
  readonly #missing = new Map<Address, number>();

  constructor(client: Client<unknown>) {
    this.#client = client;
  }

  remember(inboxId: string, identifiers: readonly Identifier[]): void {
    const first = identifiers.find((i) => i.identifierKind === IdentifierKind.Ethereum);
    if (!first) return;
    const address = first.identifier.toLowerCase() as Address;
    this.#addressOf.set(inboxId, address);
    this.#inboxOf.set(address, inboxId);
  }

  /** The address of an inbox, asking the network if unknown; null if it has none. */
  async address(inboxId: string): Promise<Address | null> {
    const known = this.#addressOf.get(inboxId);
    if (known) return known;
    const [state] = await this.#client.preferences.getInboxStates([inboxId]);
    const states = state ? [state] : await this.#client.preferences.fetchInboxStates([inboxId]);
    for (const s of states) this.remember(s.inboxId, s.accountIdentifiers);
    return this.#addressOf.get(inboxId) ?? null;
  }

  /** The inbox id of an address, or null when it has never used XMTP. */
  async inboxId(address: Address): Promise<string | null> {
    const lower = address.toLowerCase() as Address;
    const known = this.#inboxOf.get(lower);
    if (known) return known;
    // Asked again only after a while: membership checks run every few seconds, and each
    // question is a network call queued in the same worker as incoming messages.
    const missedAt = this.#missing.get(lower);
    if (missedAt !== undefined && Date.now() - missedAt < MISSING_TTL_MS) return null;
    const inboxId = await this.#client.fetchInboxIdByIdentifier(identifierOf(lower));
    if (inboxId) {
      this.#inboxOf.set(lower, inboxId);
      this.#addressOf.set(inboxId, lower);
      this.#missing.delete(lower);
    } else {
      this.#missing.set(lower, Date.now());
    }
    return inboxId ?? null;
  }
}
