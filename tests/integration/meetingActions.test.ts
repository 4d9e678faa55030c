import { zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployMeetingScheduler } from '../../scripts/chain/deployMeetingScheduler.ts';
import { seedDemoCommunity } from '../../scripts/chain/seedDemoCommunity.ts';
import { cancelMeeting } from '../../src/chain/cancelMeeting.ts';
import { createMeeting } from '../../src/chain/createMeeting.ts';
import { getCommunityMeetings } from '../../src/chain/getCommunityMeetings.ts';
import { getMeetingParticipants } from '../../src/chain/getMeetingParticipants.ts';
import { type MeetingFields, MeetingRepeat, MeetingStatus } from '../../src/chain/meetingTypes.ts';
import { rsvpMeeting } from '../../src/chain/rsvpMeeting.ts';
import { updateMeeting } from '../../src/chain/updateMeeting.ts';
import { waitForTransaction } from '../../src/chain/waitForTransaction.ts';
import { startTestChain, type TestChain } from './chainFixture.ts';

let chain: TestChain;
let scheduler: `0x${string}`;

beforeAll(async () => {
  chain = await startTestChain();
  const communityAccess = await chain.deployAccess();
  // Community 0: owned by wallet 0, wallets 0-4 on its allowlist.
  await seedDemoCommunity(chain.wallet(0), chain.publicClient, { communityAccess });
  ({ address: scheduler } = await deployMeetingScheduler(chain.wallet(0), chain.publicClient, {
    communityAccess,
  }));
});
afterAll(() => chain?.close());

const fields = (title: string, start: bigint): MeetingFields => ({
  title,
  description: '',
  scheduledTime: start,
  duration: 30,
  repeat: MeetingRepeat.Weekly,
  occurrences: 4,
  repeatUntil: 0n,
  streamCommitment: zeroHash,
});

describe('MeetingScheduler actions on a real chain', () => {
  it('reads a calendar of 105 meetings in pages, with the RSVPs of the reader', async () => {
    const { publicClient } = chain;
    const owner = chain.wallet(0);
    const member = chain.wallet(2);
    const { timestamp } = await publicClient.getBlock();
    let hash: `0x${string}` = zeroHash;
    for (let i = 0; i < 105; i++) {
      hash = await createMeeting(owner, {
        contract: scheduler,
        communityId: 0n,
        meeting: fields(`Call ${i}`, timestamp + 3_600n + BigInt(i)),
      });
    }
    await waitForTransaction(publicClient, { hash });
    await waitForTransaction(publicClient, {
      hash: await rsvpMeeting(member, { contract: scheduler, meetingId: 101n, attending: true }),
    });

    const { meetings, total } = await getCommunityMeetings(chain.appClient, {
      contract: scheduler,
      communityId: 0n,
      account: member.account.address,
    });
    expect(total).toBe(105);
    expect(meetings.map((m) => m.title)).toEqual(
      Array.from({ length: 105 }, (_, i) => `Call ${i}`),
    );
    expect(meetings.filter((m) => m.attending).map((m) => m.id)).toEqual([101n]);
    const newest = await getCommunityMeetings(chain.appClient, {
      contract: scheduler,
      communityId: 0n,
      account: member.account.address,
      max: 5,
    });
    expect(newest.meetings.map((m) => m.id)).toEqual([100n, 101n, 102n, 103n, 104n]);
    const coming = await getMeetingParticipants(chain.appClient, {
      contract: scheduler,
      meetingId: 101n,
    });
    expect(coming.map((a) => a.toLowerCase())).toEqual(
      [owner.account.address, member.account.address].map((a) => a.toLowerCase()),
    );
  });

  it('edits and cancels as the owner; refuses a member in words before the wallet is asked', async () => {
    const { publicClient } = chain;
    const owner = chain.wallet(0);
    const member = chain.wallet(2);
    const { timestamp } = await publicClient.getBlock();
    await expect(
      createMeeting(member, {
        contract: scheduler,
        communityId: 0n,
        meeting: fields('Mine', timestamp + 600n),
      }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    await waitForTransaction(publicClient, {
      hash: await updateMeeting(owner, {
        contract: scheduler,
        meetingId: 0n,
        meeting: { ...fields('Renamed', timestamp + 7_200n), repeat: MeetingRepeat.Monthly },
      }),
    });
    await waitForTransaction(publicClient, {
      hash: await cancelMeeting(owner, { contract: scheduler, meetingId: 0n }),
    });
    const { meetings } = await getCommunityMeetings(chain.appClient, {
      contract: scheduler,
      communityId: 0n,
      account: owner.account.address,
      max: 200,
    });
    expect(meetings[0]).toMatchObject({
      title: 'Renamed',
      repeat: MeetingRepeat.Monthly,
      status: MeetingStatus.Cancelled,
    });
    await expect(
      rsvpMeeting(member, { contract: scheduler, meetingId: 0n, attending: true }),
    ).rejects.toMatchObject({
      message: 'This meeting is over or cancelled; it takes no more RSVPs.',
    });
  });
});
