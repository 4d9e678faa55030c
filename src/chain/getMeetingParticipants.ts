import type { Address, Client } from 'viem';
import { readContract } from 'viem/actions';
import { meetingSchedulerAbi } from './generated/meetingSchedulerAbi.ts';
import type { MeetingSchedulerTarget } from './meetingTypes.ts';
import { toChainError } from './toChainError.ts';

const PAGE = 100n;

export interface GetMeetingParticipantsParameters extends MeetingSchedulerTarget {
  meetingId: bigint;
  /** Most addresses read. Default 300. */
  max?: number;
}

/**
 * Who RSVPed a meeting, in RSVP order, read 100 per call up to `max`.
 *
 * @example
 * const coming = await getMeetingParticipants(client, { contract, meetingId: 0n });
 */
export async function getMeetingParticipants(
  client: Client,
  { contract, meetingId, max = 300 }: GetMeetingParticipantsParameters,
): Promise<Address[]> {
  const participants: Address[] = [];
  try {
    for (let offset = 0n; offset < BigInt(max); offset += PAGE) {
      const page = await readContract(client, {
        address: contract,
        abi: meetingSchedulerAbi,
        functionName: 'getMeetingParticipantsPage',
        args: [meetingId, offset, PAGE],
      });
      participants.push(...page);
      if (BigInt(page.length) < PAGE) break;
    }
  } catch (error) {
    throw toChainError(error);
  }
  return participants.slice(0, max);
}
