import type { Hash } from 'viem';
import type { MeetingSchedulerTarget } from './meetingTypes.ts';
import type { SenderClient } from './sendCommunityAccessTransaction.ts';
import { sendMeetingTransaction } from './sendMeetingTransaction.ts';

export interface RsvpMeetingParameters extends MeetingSchedulerTarget {
  meetingId: bigint;
  /** True says "I will attend" (`joinMeeting`); false withdraws it (`leaveMeeting`). */
  attending: boolean;
}

/**
 * Sends the account's RSVP to a meeting of a community it is a member of.
 *
 * @example
 * const hash = await rsvpMeeting(walletClient, { contract, meetingId: 3n, attending: true });
 */
export function rsvpMeeting(
  client: SenderClient,
  { contract, meetingId, attending }: RsvpMeetingParameters,
): Promise<Hash> {
  return sendMeetingTransaction(client, contract, attending ? 'joinMeeting' : 'leaveMeeting', [
    meetingId,
  ]);
}
