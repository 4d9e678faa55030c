import type { Hash } from 'viem';
import type { MeetingFields, MeetingSchedulerTarget } from './meetingTypes.ts';
import type { SenderClient } from './sendCommunityAccessTransaction.ts';
import { sendMeetingTransaction } from './sendMeetingTransaction.ts';

export interface CreateMeetingParameters extends MeetingSchedulerTarget {
  communityId: bigint;
  meeting: MeetingFields;
}

/**
 * Schedules a meeting, repeating or not (the community's owner or admins only).
 * Returns the transaction hash; refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await createMeeting(walletClient, { contract, communityId: 0n, meeting });
 * await waitForTransaction(publicClient, { hash });
 */
export function createMeeting(
  client: SenderClient,
  { contract, communityId, meeting }: CreateMeetingParameters,
): Promise<Hash> {
  return sendMeetingTransaction(client, contract, 'createMeeting', [communityId, meeting]);
}
