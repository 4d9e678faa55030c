import type { Address, Client } from 'viem';
import { readContract } from 'viem/actions';
import { meetingSchedulerAbi } from './generated/meetingSchedulerAbi.ts';
import type {
  ChainMeeting,
  MeetingRepeat,
  MeetingSchedulerTarget,
  MeetingStatus,
} from './meetingTypes.ts';
import { toChainError } from './toChainError.ts';

/** The contract's largest page (`MAX_PAGE`). */
const PAGE = 100n;

export interface GetCommunityMeetingsParameters extends MeetingSchedulerTarget {
  communityId: bigint;
  /** Whose RSVPs to read. */
  account: Address;
  /** Most meetings read, the newest ones. Default 500 (only admins create, so lists grow slowly). */
  max?: number;
}

export interface GetCommunityMeetingsReturnType {
  /** Newest `max` meetings of the community, in creation order. */
  meetings: (ChainMeeting & { attending: boolean })[];
  /** How many the community has had in all. */
  total: number;
}

/**
 * Reads a community's meetings and whether `account` RSVPed each, 100 per `eth_call`
 * (pages in parallel, after one call for the count).
 *
 * @example
 * const { meetings } = await getCommunityMeetings(client, { contract, communityId: 0n, account });
 */
export async function getCommunityMeetings(
  client: Client,
  { contract, communityId, account, max = 500 }: GetCommunityMeetingsParameters,
): Promise<GetCommunityMeetingsReturnType> {
  const base = { address: contract, abi: meetingSchedulerAbi } as const;
  try {
    const total = await readContract(client, {
      ...base,
      functionName: 'communityMeetingCount',
      args: [communityId],
    });
    const first = total > BigInt(max) ? total - BigInt(max) : 0n;
    const offsets: bigint[] = [];
    for (let offset = first; offset < total; offset += PAGE) offsets.push(offset);
    // Pages are read one eth_call each: a deployless multicall caps answers at 24,576 bytes.
    const pages = await Promise.all(
      offsets.map((offset) =>
        readContract(client, {
          ...base,
          functionName: 'getCommunityMeetingDetails',
          args: [communityId, offset, PAGE, account],
        }),
      ),
    );
    return {
      total: Number(total),
      meetings: pages.flatMap(([views, attending]) =>
        views.map((view, i) => ({
          ...view,
          repeat: view.repeat as MeetingRepeat,
          status: view.status as MeetingStatus,
          attending: attending[i] === true,
        })),
      ),
    };
  } catch (error) {
    throw toChainError(error);
  }
}
