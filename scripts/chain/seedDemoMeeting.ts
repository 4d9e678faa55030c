import { type Address, type PublicClient, parseEventLogs, zeroHash } from 'viem';
import { meetingSchedulerAbi } from '../../src/chain/generated/meetingSchedulerAbi.ts';
import type { DeployerClient } from './deployArtifact.ts';

/** Parameters of {@link seedDemoMeeting}. */
export interface SeedDemoMeetingParameters {
  meetingScheduler: Address;
  communityId: bigint;
  title?: string;
  /** Weeks the series runs. Default 12. */
  occurrences?: number;
}

const HOUR = 3_600n;

/**
 * Schedules a weekly call in the demo community (the wallet must own it or be an admin),
 * starting at the next full hour after the chain's latest block, so `npm start` shows one.
 *
 * @example
 * const { meetingId } = await seedDemoMeeting(walletClient, publicClient, {
 *   meetingScheduler, communityId: 0n,
 * });
 */
export async function seedDemoMeeting(
  walletClient: DeployerClient,
  publicClient: PublicClient,
  {
    meetingScheduler,
    communityId,
    title = 'Weekly community call',
    occurrences = 12,
  }: SeedDemoMeetingParameters,
): Promise<{ meetingId: bigint }> {
  const { timestamp } = await publicClient.getBlock();
  const hash = await walletClient.writeContract({
    address: meetingScheduler,
    abi: meetingSchedulerAbi,
    functionName: 'createMeeting',
    args: [
      communityId,
      {
        title,
        description: 'Open to every member: news, questions, and who is working on what.',
        scheduledTime: (timestamp / HOUR + 1n) * HOUR,
        duration: 60,
        repeat: 1,
        occurrences,
        repeatUntil: 0n,
        streamCommitment: zeroHash,
      },
    ],
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  const [event] = parseEventLogs({
    abi: meetingSchedulerAbi,
    eventName: 'MeetingCreated',
    logs: receipt.logs,
  });
  if (receipt.status !== 'success' || !event) throw new Error('Scheduling the demo meeting failed');
  return { meetingId: event.args.meetingId };
}
