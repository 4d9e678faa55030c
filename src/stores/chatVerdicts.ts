import type { Address } from 'viem';
import type { AccessAnswer } from '../access/events.ts';
import type { Verdict } from '../chat/planRoomGroup.ts';
import type { VerdictsOf } from '../chat/RoomChat.ts';

/**
 * Allowlist answers for the room's chat: 'no' only when the chain (or its cached answer)
 * refused, 'yes' also for a grace answer, and 'unknown' when the chain could not be asked,
 * so an RPC outage never takes anyone out of the chat.
 *
 * @example
 * const access = chatAccessVerdicts((a) => accessService.check(communityId, a));
 * await access([alice]); // Map { alice => 'yes' }
 */
export function chatAccessVerdicts(check: (address: Address) => Promise<AccessAnswer>): VerdictsOf {
  return (addresses) =>
    verdicts(addresses, async (address) => {
      const answer = await check(address);
      if (answer.source === 'unavailable') return 'unknown';
      return answer.allowed ? 'yes' : 'no';
    });
}

/**
 * "Owner or admin of the community" answers for the room's chat: null from the contract
 * reader (it could not ask) is 'unknown'.
 *
 * @example
 * const moderators = chatModeratorVerdicts((a) => contractModerators.answer(a));
 */
export function chatModeratorVerdicts(
  answer: (address: Address) => Promise<boolean | null>,
): VerdictsOf {
  return (addresses) =>
    verdicts(addresses, async (address) => {
      const moderator = await answer(address);
      if (moderator === null) return 'unknown';
      return moderator ? 'yes' : 'no';
    });
}

async function verdicts(
  addresses: readonly Address[],
  one: (address: Address) => Promise<Verdict>,
): Promise<ReadonlyMap<Address, Verdict>> {
  const unique = [...new Set(addresses.map((a) => a.toLowerCase() as Address))];
  const answers = await Promise.all(unique.map((a) => one(a).catch((): Verdict => 'unknown')));
  return new Map(unique.map((a, i) => [a, answers[i] ?? 'unknown']));
}
