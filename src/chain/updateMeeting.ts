import type { Hash } from 'viem';
import type { MeetingFields, MeetingSchedulerTarget } from './meetingTypes.ts';
import type { SenderClient } from './sendCommunityAccessTransaction.ts';
import { sendMeetingTransaction } from './sendMeetingTransaction.ts';

export interface UpdateMeetingParameters extends MeetingSchedulerTarget {
  meetingId: bigint;
  meeting: MeetingFields;
}

/**
 * Replaces what is set on a scheduled meeting (the community's owner or admins only).
 *
 * @example
 * const hash = await updateMeeting(walletClient, { contract, meetingId: 3n, meeting });
 */
export function updateMeeting(
  client: SenderClient,
  { contract, meetingId, meeting }: UpdateMeetingParameters,
): Promise<Hash> {
  return sendMeetingTransaction(client, contract, 'updateMeeting', [meetingId, meeting]);
}
