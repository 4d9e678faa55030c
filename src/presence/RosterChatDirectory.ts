import type { Address } from 'viem';
import type { RoomChatDirectory } from '../chat/types.ts';
import type { Scope } from '../core/scope.ts';
import type { Roster } from './types.ts';

/** XMTP group ids are hex; anything else in a heartbeat is ignored. */
const groupIdPattern = /^[0-9a-f]{16,128}$/;
const KEY = 'chatGroup';

/**
 * The room's chat group id, carried in the members' signed heartbeats: a member advertises
 * the group it follows, and everyone follows the id advertised by the lowest online address.
 * The id thus stays readable while any member who knows it is in the room, and is only
 * believed from verified, allowlisted members (the roster shows no one else).
 *
 * @example
 * const directory = new RosterChatDirectory(roster, self, (id) => parts.set('chat', { chatGroup: id }));
 */
export class RosterChatDirectory implements RoomChatDirectory {
  readonly #roster: Roster;
  readonly #self: string;
  readonly #advertise: (groupId: string) => void;
  #own: string | null = null;

  constructor(roster: Roster, self: Address, advertise: (groupId: string) => void) {
    this.#roster = roster;
    this.#self = self.toLowerCase();
    this.#advertise = advertise;
  }

  async publish(groupId: string): Promise<void> {
    this.#adopt(groupId);
  }

  async read(): Promise<string | null> {
    const groupId = this.#pick();
    if (groupId !== null) this.#adopt(groupId);
    return groupId;
  }

  watch(listener: (groupId: string | null) => void, scope: Scope): void {
    let last: string | null | undefined;
    const check = () => {
      const groupId = this.#pick();
      if (groupId === last) return;
      last = groupId;
      if (groupId !== null) this.#adopt(groupId);
      listener(groupId);
    };
    this.#roster.on('joined', check, scope);
    this.#roster.on('updated', check, scope);
    this.#roster.on('left', check, scope);
    check();
  }

  #pick(): string | null {
    const advertised = this.#roster
      .members()
      .map((member) => ({ address: member.address.toLowerCase(), groupId: member.state[KEY] }))
      .filter((entry): entry is { address: string; groupId: string } => {
        return typeof entry.groupId === 'string' && groupIdPattern.test(entry.groupId);
      });
    if (this.#own !== null) advertised.push({ address: this.#self, groupId: this.#own });
    advertised.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    return advertised[0]?.groupId ?? null;
  }

  #adopt(groupId: string): void {
    if (this.#own === groupId || !groupIdPattern.test(groupId)) return;
    this.#own = groupId;
    this.#advertise(groupId);
  }
}
