import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ContractErrorName, getAddress, keccak256, toHex, zeroAddress, zeroHash } from 'viem';
import { deployCommunityAccess } from '../../scripts/chain/deployCommunityAccess.ts';
import { deployMeetingScheduler } from '../../scripts/chain/deployMeetingScheduler.ts';
import { seedDemoCommunity } from '../../scripts/chain/seedDemoCommunity.ts';
import { seedDemoMeeting } from '../../scripts/chain/seedDemoMeeting.ts';
import { meetingSchedulerAbi } from '../../src/chain/generated/meetingSchedulerAbi.ts';
import { createAccessTestbed } from './fixture.ts';

const { viem, networkHelpers, deploy, at, publicClient, accounts, loadWithCommunity } =
  await createAccessTestbed();
const { time } = networkHelpers;

const Status = { Scheduled: 0, Live: 1, Ended: 2, Cancelled: 3 } as const;
const Repeat = { None: 0, Weekly: 1, Biweekly: 2, Monthly: 3 } as const;
const HOUR = 3_600n;
const WEEK = 7n * 24n * HOUR;

/** Community 0 owned by alice (bob a member, carol an admin), and the scheduler beside it. */
async function deployScheduler() {
  const base = await loadWithCommunity();
  const { access, alice, bob, carol } = base;
  await access.write.addParticipantToCommunity([0n, bob.account.address], {
    account: alice.account,
  });
  await access.write.addCommunityAdmin([0n, carol.account.address], { account: alice.account });
  const scheduler = await deploy('MeetingScheduler', meetingSchedulerAbi, [access.address]);
  const now = BigInt(await time.latest());
  return { ...base, scheduler, now };
}
const load = () => networkHelpers.loadFixture(deployScheduler);

function input(now: bigint, overrides: Partial<ReturnType<typeof baseInput>> = {}) {
  return { ...baseInput(now), ...overrides };
}
function baseInput(now: bigint) {
  return {
    title: 'Weekly call',
    description: 'Agenda in the chat',
    scheduledTime: now + HOUR,
    duration: 45,
    repeat: Repeat.None as number,
    occurrences: 0,
    repeatUntil: 0n,
    streamCommitment: zeroHash as `0x${string}`,
  };
}

describe('MeetingScheduler: scheduling', () => {
  it("keeps the prototype's createMeeting: the owner schedules, the id comes back, the host has RSVPed", async () => {
    const { scheduler, alice, now } = await load();
    const aliceAddress = getAddress(alice.account.address);
    const args = [0n, 'Town hall', 'Quarterly', now + HOUR, 60n, '', ''] as const;
    const { result } = await scheduler.simulate.createMeeting(args, {
      account: alice.account.address,
    });
    assert.equal(result, 0n);
    await viem.assertions.emitWithArgs(
      scheduler.write.createMeeting(args, { account: alice.account }),
      scheduler,
      'MeetingCreated',
      [0n, 0n, aliceAddress, 'Town hall', now + HOUR],
    );
    const meeting = await scheduler.read.getMeeting([0n]);
    assert.deepEqual(meeting.slice(0, 9), [
      0n,
      0n,
      'Town hall',
      'Quarterly',
      now + HOUR,
      60n,
      aliceAddress,
      '',
      '',
    ]);
    assert.equal(meeting[9], false);
    assert.equal(meeting[10], Status.Scheduled);
    assert.equal(meeting[12], 1n);
    assert.equal(await scheduler.read.isParticipant([0n, aliceAddress]), true);
    assert.equal(await scheduler.read.meetingCount(), 1n);
    assert.deepEqual(await scheduler.read.getCommunityMeetings([0n]), [0n]);
    assert.deepEqual(await scheduler.read.getHostMeetings([aliceAddress]), [0n]);
  });

  it('lets an admin schedule a weekly series as one record with a commitment, never a URL', async () => {
    const { scheduler, carol, now } = await load();
    const commitment = keccak256(toHex('https://livepeer.studio/webrtc/secret-key'));
    await scheduler.write.createMeeting(
      [0n, input(now, { repeat: Repeat.Weekly, occurrences: 4, streamCommitment: commitment })],
      { account: carol.account },
    );
    const details = await scheduler.read.getMeetingDetails([0n]);
    assert.equal(details.repeat, Repeat.Weekly);
    assert.equal(details.occurrences, 4);
    assert.equal(details.streamCommitment, commitment);
    assert.equal(details.host, getAddress(carol.account.address));
    assert.equal((await scheduler.read.getMeeting([0n]))[9], true);
    assert.equal(await scheduler.read.seriesEnd([0n]), now + HOUR + 3n * WEEK + 45n * 60n);
    await viem.assertions.revertWithCustomError(
      scheduler.write.createMeeting([0n, 'x', '', now + HOUR, 30n, 'https://w/key', ''], {
        account: carol.account,
      }),
      scheduler,
      'StreamUrlInClear',
    );
    await viem.assertions.revertWithCustomError(
      scheduler.write.createMeeting([0n, 'x', '', now + HOUR, 30n, '', 'rtmp://r/live/key'], {
        account: carol.account,
      }),
      scheduler,
      'StreamUrlInClear',
    );
  });

  it('refuses a member who is not an admin, an outsider, an unknown and a deactivated community', async () => {
    const { scheduler, access, alice, bob, mallory, now } = await load();
    for (const who of [bob, mallory]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        scheduler.write.createMeeting([0n, input(now)], { account: who.account }),
        scheduler,
        'NotCommunityManager',
        [0n, getAddress(who.account.address)],
      );
    }
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.createMeeting([7n, input(now)], { account: alice.account }),
      scheduler,
      'CommunityNotFound',
      [7n],
    );
    await access.write.deactivateCommunity([0n], { account: alice.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.createMeeting([0n, input(now)], { account: alice.account }),
      scheduler,
      'CommunityInactive',
      [0n],
    );
  });

  it('refuses bad input in words: title, description, duration, time, repeat', async () => {
    const { scheduler, alice, now } = await load();
    const as = { account: alice.account };
    const refuse = async (
      overrides: Partial<ReturnType<typeof baseInput>>,
      error: ContractErrorName<typeof meetingSchedulerAbi>,
    ) =>
      viem.assertions.revertWithCustomError(
        scheduler.write.createMeeting([0n, input(now, overrides)], as),
        scheduler,
        error,
      );
    await refuse({ title: '' }, 'InvalidTitle');
    await refuse({ title: 't'.repeat(101) }, 'InvalidTitle');
    await refuse({ description: 'd'.repeat(1025) }, 'DescriptionTooLong');
    await refuse({ duration: 0 }, 'InvalidDuration');
    await refuse({ duration: 1441 }, 'InvalidDuration');
    await refuse({ scheduledTime: now - 1n }, 'InvalidScheduledTime');
    await refuse({ scheduledTime: now + 3651n * 24n * HOUR }, 'InvalidScheduledTime');
    await refuse({ occurrences: 3 }, 'InvalidRepeat');
    await refuse({ repeatUntil: now + WEEK }, 'InvalidRepeat');
    await refuse({ repeat: Repeat.Weekly }, 'InvalidRepeat');
    await refuse({ repeat: Repeat.Weekly, occurrences: 1 }, 'InvalidRepeat');
    await refuse({ repeat: Repeat.Weekly, occurrences: 521 }, 'InvalidRepeat');
    await refuse(
      { repeat: Repeat.Weekly, occurrences: 2, repeatUntil: now + WEEK },
      'InvalidRepeat',
    );
    await refuse({ repeat: Repeat.Monthly, repeatUntil: now }, 'InvalidRepeat');
    await refuse(
      { repeat: Repeat.Monthly, repeatUntil: now + 3651n * 24n * HOUR },
      'InvalidRepeat',
    );
    await viem.assertions.revertWithCustomError(
      scheduler.write.createMeeting([0n, 'x', '', now, 30n, '', ''], as),
      scheduler,
      'InvalidScheduledTime',
    );
    await viem.assertions.revertWithCustomError(
      scheduler.write.createMeeting([0n, 'x', '', now + HOUR, 0n, '', ''], as),
      scheduler,
      'InvalidDuration',
    );
    assert.equal(await scheduler.read.meetingCount(), 0n);
  });

  it('needs a CommunityAccess with code', async () => {
    await assert.rejects(deploy('MeetingScheduler', meetingSchedulerAbi, [zeroAddress]));
  });
});

describe('MeetingScheduler: editing and status', () => {
  it('lets owner and admins edit a scheduled meeting with either update, keeping the repeat rule', async () => {
    const { scheduler, alice, carol, bob, now } = await load();
    await scheduler.write.createMeeting(
      [0n, input(now, { repeat: Repeat.Biweekly, repeatUntil: now + 10n * WEEK })],
      { account: alice.account },
    );
    await viem.assertions.emitWithArgs(
      scheduler.write.updateMeeting([0n, 'Renamed', 'New', now + 2n * HOUR, 30n, '', ''], {
        account: carol.account,
      }),
      scheduler,
      'MeetingUpdated',
      [0n, 'Renamed'],
    );
    const details = await scheduler.read.getMeetingDetails([0n]);
    assert.equal(details.title, 'Renamed');
    assert.equal(details.repeat, Repeat.Biweekly);
    assert.equal(details.repeatUntil, now + 10n * WEEK);
    assert.equal(await scheduler.read.seriesEnd([0n]), now + 10n * WEEK + 30n * 60n);
    await viem.assertions.revertWithCustomError(
      scheduler.write.updateMeeting([0n, 'x', '', now + 2n * HOUR, 30n, 'https://k', ''], {
        account: carol.account,
      }),
      scheduler,
      'StreamUrlInClear',
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.updateMeeting([0n, input(now)], { account: bob.account }),
      scheduler,
      'NotCommunityManager',
      [0n, getAddress(bob.account.address)],
    );
    // Once the series has begun its start lies in the past; an edit keeping it is allowed.
    await time.increaseTo(now + 3n * HOUR);
    const kept = input(now, {
      title: 'Kept start',
      scheduledTime: now + 2n * HOUR,
      duration: 30,
      repeat: Repeat.Monthly,
      occurrences: 3,
    });
    await scheduler.write.updateMeeting([0n, kept], { account: alice.account });
    assert.equal((await scheduler.read.getMeetingDetails([0n])).title, 'Kept start');
    assert.equal(
      await scheduler.read.seriesEnd([0n]),
      now + 2n * HOUR + 2n * 31n * 24n * HOUR + 30n * 60n,
    );
    await viem.assertions.revertWithCustomError(
      scheduler.write.updateMeeting([0n, { ...kept, title: '' }], { account: alice.account }),
      scheduler,
      'InvalidTitle',
    );
    await viem.assertions.revertWithCustomError(
      scheduler.write.updateMeeting([0n, { ...kept, scheduledTime: now + HOUR }], {
        account: alice.account,
      }),
      scheduler,
      'InvalidScheduledTime',
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.updateMeeting([9n, kept], { account: alice.account }),
      scheduler,
      'MeetingNotFound',
      [9n],
    );
  });

  it('moves Scheduled -> Live -> Ended, refuses going back, and freezes edits', async () => {
    const { scheduler, alice, bob, now } = await load();
    await scheduler.write.createMeeting([0n, input(now)], { account: alice.account });
    await viem.assertions.revertWithCustomError(
      scheduler.write.changeMeetingStatus([0n, Status.Live], { account: bob.account }),
      scheduler,
      'NotCommunityManager',
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.changeMeetingStatus([0n, Status.Scheduled], { account: alice.account }),
      scheduler,
      'InvalidStatusChange',
      [0n, Status.Scheduled, Status.Scheduled],
    );
    await viem.assertions.emitWithArgs(
      scheduler.write.changeMeetingStatus([0n, Status.Live], { account: alice.account }),
      scheduler,
      'MeetingStatusChanged',
      [0n, Status.Live],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.updateMeeting([0n, input(now)], { account: alice.account }),
      scheduler,
      'MeetingNotEditable',
      [0n, Status.Live],
    );
    await viem.assertions.revertWithCustomError(
      scheduler.write.changeMeetingStatus([0n, Status.Scheduled], { account: alice.account }),
      scheduler,
      'InvalidStatusChange',
    );
    await scheduler.write.changeMeetingStatus([0n, Status.Ended], { account: alice.account });
    await viem.assertions.revertWithCustomError(
      scheduler.write.changeMeetingStatus([0n, Status.Cancelled], { account: alice.account }),
      scheduler,
      'InvalidStatusChange',
    );
  });

  it('deleteMeeting cancels (record kept), only once, only by owner or admins', async () => {
    const { scheduler, alice, carol, mallory, now } = await load();
    await scheduler.write.createMeeting([0n, input(now)], { account: alice.account });
    await viem.assertions.revertWithCustomError(
      scheduler.write.deleteMeeting([0n], { account: mallory.account }),
      scheduler,
      'NotCommunityManager',
    );
    await viem.assertions.emitWithArgs(
      scheduler.write.deleteMeeting([0n], { account: carol.account }),
      scheduler,
      'MeetingDeleted',
      [0n],
    );
    assert.equal((await scheduler.read.getMeetingDetails([0n])).status, Status.Cancelled);
    await viem.assertions.revertWithCustomError(
      scheduler.write.deleteMeeting([0n], { account: carol.account }),
      scheduler,
      'MeetingNotEditable',
    );
  });
});

describe('MeetingScheduler: RSVPs and reads', () => {
  it('lets members RSVP once and withdraw; refuses outsiders and closed meetings', async () => {
    const { scheduler, alice, bob, mallory, now } = await load();
    await scheduler.write.createMeeting([0n, input(now)], { account: alice.account });
    const bobAddress = getAddress(bob.account.address);
    await viem.assertions.emitWithArgs(
      scheduler.write.joinMeeting([0n], { account: bob.account }),
      scheduler,
      'ParticipantJoined',
      [0n, bobAddress],
    );
    assert.deepEqual(await scheduler.read.getMeetingParticipants([0n]), [
      getAddress(alice.account.address),
      bobAddress,
    ]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.joinMeeting([0n], { account: bob.account }),
      scheduler,
      'AlreadyParticipant',
      [0n, bobAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.joinMeeting([0n], { account: mallory.account }),
      scheduler,
      'NotCommunityMember',
      [0n, getAddress(mallory.account.address)],
    );
    await viem.assertions.emitWithArgs(
      scheduler.write.leaveMeeting([0n], { account: bob.account }),
      scheduler,
      'ParticipantLeft',
      [0n, bobAddress],
    );
    await viem.assertions.revertWithCustomError(
      scheduler.write.leaveMeeting([0n], { account: bob.account }),
      scheduler,
      'NotParticipant',
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.joinMeeting([5n], { account: bob.account }),
      scheduler,
      'MeetingNotFound',
      [5n],
    );
    // Over: the meeting has ended by the clock.
    await time.increaseTo(now + 2n * HOUR);
    await viem.assertions.revertWithCustomErrorWithArgs(
      scheduler.write.joinMeeting([0n], { account: bob.account }),
      scheduler,
      'MeetingClosed',
      [0n],
    );
  });

  it('takes no RSVP for a cancelled meeting', async () => {
    const { scheduler, alice, bob, now } = await load();
    await scheduler.write.createMeeting([0n, input(now)], { account: alice.account });
    await scheduler.write.deleteMeeting([0n], { account: alice.account });
    await viem.assertions.revertWithCustomError(
      scheduler.write.joinMeeting([0n], { account: bob.account }),
      scheduler,
      'MeetingClosed',
    );
  });

  it('pages every list, capped at 100, and lists upcoming meetings (series until their end)', async () => {
    const { scheduler, alice, bob, now } = await load();
    const as = { account: alice.account };
    await scheduler.write.createMeeting([0n, input(now, { title: 'm0' })], as);
    await scheduler.write.createMeeting(
      [0n, input(now, { title: 'm1', repeat: Repeat.Weekly, occurrences: 3 })],
      as,
    );
    await scheduler.write.createMeeting([0n, input(now, { title: 'm2' })], as);
    await scheduler.write.deleteMeeting([2n], as);
    await scheduler.write.createMeeting(
      [0n, input(now, { title: 'm3', scheduledTime: now + 4n * WEEK })],
      as,
    );
    await scheduler.write.changeMeetingStatus([3n, Status.Live], as);
    assert.deepEqual(await scheduler.read.getUpcomingCommunityMeetings([0n, 10n]), [0n, 1n, 3n]);
    assert.deepEqual(await scheduler.read.getUpcomingCommunityMeetings([0n, 2n]), [0n, 1n]);
    await time.increaseTo(now + 2n * HOUR);
    assert.deepEqual(await scheduler.read.getUpcomingCommunityMeetings([0n, 10n]), [1n, 3n]);
    assert.deepEqual(await scheduler.read.getUpcomingCommunityMeetingsPage([0n, 2n, 1_000n, 10n]), [
      3n,
    ]);
    assert.deepEqual(await scheduler.read.getUpcomingCommunityMeetingsPage([0n, 9n, 5n, 5n]), []);
    await time.increaseTo(now + 3n * WEEK);
    assert.deepEqual(await scheduler.read.getUpcomingCommunityMeetings([0n, 10n]), [3n]);

    assert.equal(await scheduler.read.communityMeetingCount([0n]), 4n);
    assert.deepEqual(await scheduler.read.getCommunityMeetingsPage([0n, 1n, 2n]), [1n, 2n]);
    assert.deepEqual(await scheduler.read.getCommunityMeetingsPage([0n, 3n, 5n]), [3n]);
    assert.deepEqual(await scheduler.read.getCommunityMeetingsPage([0n, 4n, 5n]), []);
    const aliceAddress = getAddress(alice.account.address);
    assert.deepEqual(await scheduler.read.getHostMeetingsPage([aliceAddress, 0n, 10_000n]), [
      0n,
      1n,
      2n,
      3n,
    ]);
    const [details, attending] = await scheduler.read.getCommunityMeetingDetails([
      0n,
      1n,
      2n,
      getAddress(alice.account.address),
    ]);
    assert.deepEqual(attending, [true, true]);
    assert.deepEqual(
      details.map((m) => [m.id, m.title, m.status]),
      [
        [1n, 'm1', Status.Scheduled],
        [2n, 'm2', Status.Cancelled],
      ],
    );
    await scheduler.write.joinMeeting([3n], { account: bob.account });
    assert.deepEqual(await scheduler.read.getMeetingParticipantsPage([3n, 1n, 1_000n]), [
      getAddress(bob.account.address),
    ]);
    await viem.assertions.revertWithCustomError(
      scheduler.read.getMeeting([4n]),
      scheduler,
      'MeetingNotFound',
    );
  });

  it('caps pages at MAX_PAGE and the prototype upcoming scan at the newest 500', async () => {
    const { scheduler, alice, now } = await load();
    const as = { account: alice.account };
    for (let i = 0; i < 101; i++) {
      await scheduler.write.createMeeting([0n, input(now, { title: `m${i}` })], as);
    }
    const [page, attending] = await scheduler.read.getCommunityMeetingDetails([
      0n,
      0n,
      1_000n,
      zeroAddress,
    ]);
    assert.equal(page.length, 100);
    assert.equal(attending.length, 100);
    assert.equal((await scheduler.read.getCommunityMeetingsPage([0n, 0n, 1_000n])).length, 100);
    assert.equal((await scheduler.read.getUpcomingCommunityMeetings([0n, 1_000n])).length, 100);
    assert.equal(await scheduler.read.MAX_UPCOMING_SCAN(), 500n);
  });
});

describe('scripts/chain: meetings', () => {
  it('deploys MeetingScheduler beside CommunityAccess and seeds a weekly demo call', async () => {
    const deployer = accounts.owner;
    const access = await deployCommunityAccess(deployer, publicClient);
    const { communityId } = await seedDemoCommunity(deployer, publicClient, {
      communityAccess: access.address,
    });
    const deployed = await deployMeetingScheduler(deployer, publicClient, {
      communityAccess: access.address,
    });
    const scheduler = at(meetingSchedulerAbi, deployed.address);
    assert.equal(await scheduler.read.communityAccess(), getAddress(access.address));
    const { meetingId } = await seedDemoMeeting(deployer, publicClient, {
      meetingScheduler: deployed.address,
      communityId,
    });
    const meeting = await scheduler.read.getMeetingDetails([meetingId]);
    assert.equal(meeting.title, 'Weekly community call');
    assert.equal(meeting.repeat, Repeat.Weekly);
    assert.equal(meeting.occurrences, 12);
    assert.equal(meeting.scheduledTime % HOUR, 0n);
    assert.ok(meeting.scheduledTime > BigInt(await time.latest()));
  });
});
