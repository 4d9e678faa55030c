import type { Address, Hex } from 'viem';

/** Which MeetingScheduler deployment an action talks to. */
export interface MeetingSchedulerTarget {
  /** The MeetingScheduler contract. */
  contract: Address;
}

/** The contract's `MeetingStatus` enum. */
export const MeetingStatus = { Scheduled: 0, Live: 1, Ended: 2, Cancelled: 3 } as const;
export type MeetingStatus = (typeof MeetingStatus)[keyof typeof MeetingStatus];

/** The contract's `Repeat` enum. */
export const MeetingRepeat = { None: 0, Weekly: 1, Biweekly: 2, Monthly: 3 } as const;
export type MeetingRepeat = (typeof MeetingRepeat)[keyof typeof MeetingRepeat];

/** What an owner or admin sets on a meeting (the contract's `MeetingInput`). */
export interface MeetingFields {
  title: string;
  description: string;
  /** Unix seconds of the first occurrence. */
  scheduledTime: bigint;
  /** Minutes. */
  duration: number;
  repeat: MeetingRepeat;
  /** Occurrences of a series (COUNT), or 0 when `repeatUntil` ends it. */
  occurrences: number;
  /** Unix seconds after which no occurrence starts (UNTIL), or 0n. */
  repeatUntil: bigint;
  /** keccak256 of the stream URL, or the zero hash. */
  streamCommitment: Hex;
}

/** A meeting as the contract stores it (`getMeetingDetails`). */
export interface ChainMeeting extends MeetingFields {
  id: bigint;
  communityId: bigint;
  host: Address;
  status: MeetingStatus;
  /** Unix seconds. */
  createdAt: bigint;
  participantCount: bigint;
}
