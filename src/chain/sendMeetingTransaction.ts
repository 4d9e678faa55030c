import type { ContractFunctionArgs, ContractFunctionName, Hash } from 'viem';
import { meetingSchedulerAbi } from './generated/meetingSchedulerAbi.ts';
import { type SenderClient, simulateAndWrite } from './simulateAndWrite.ts';

/** A state-changing MeetingScheduler function. */
export type MeetingSchedulerWrite = ContractFunctionName<typeof meetingSchedulerAbi, 'nonpayable'>;

/**
 * Simulates, then sends, one MeetingScheduler transaction from the client's account: a
 * refusal (not an admin, not a member, bad input) becomes an AppError in words before the
 * wallet is asked. Returns the transaction hash.
 *
 * @example
 * const hash = await sendMeetingTransaction(walletClient, contract, 'joinMeeting', [0n]);
 */
export async function sendMeetingTransaction<name extends MeetingSchedulerWrite>(
  client: SenderClient,
  contract: `0x${string}`,
  functionName: name,
  args: ContractFunctionArgs<typeof meetingSchedulerAbi, 'nonpayable', name>,
): Promise<Hash> {
  return simulateAndWrite(client, {
    address: contract,
    abi: meetingSchedulerAbi,
    functionName,
    args,
  });
}
