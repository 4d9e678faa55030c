import type { Hash } from 'viem';
import type { MeetingSchedulerTarget } from './meetingTypes.ts';
import type { SenderClient } from './sendCommunityAccessTransaction.ts';
import { sendMeetingTransaction } from './sendMeetingTransaction.ts';

export interface CancelMeetingParameters extends MeetingSchedulerTarget {
  meetingId: bigint;
}

/**
 * Cancels a meeting (the contract's `deleteMeeting`; the record and its RSVPs stay).
 *
 * @example
 * const hash = await cancelMeeting(walletClient, { contract, meetingId: 3n });
 */
export function cancelMeeting(
  client: SenderClient,
  { contract, meetingId }: CancelMeetingParameters,
): Promise<Hash> {
  return sendMeetingTransaction(client, contract, 'deleteMeeting', [meetingId]);
}
