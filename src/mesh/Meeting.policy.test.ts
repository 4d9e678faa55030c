import type { Address } from 'viem';
import { describe, expect, it, vi } from 'vitest';
import type { RosterMember } from '../presence/types.ts';
import type { MeetingOptions } from './Meeting.ts';
import {
  B,
  C,
  D,
  FakeSpeakerPolicy,
  fakeMeeting,
  fakeRemoteAudio,
  speaker,
  useFakeTimersInEachTest,
} from './testing.ts';

/** A stage meeting of B under a policy the test sets, recording whom it refused. */
function stageMeeting(options: Partial<MeetingOptions> = {}) {
  const policy = new FakeSpeakerPolicy();
  const refused: Address[] = [];
  const fixture = fakeMeeting({
    stage: true,
    policy,
    onRefused: (address) => refused.push(address),
    ...options,
  });
  const participant = (address: Address) =>
    fixture.meeting.participants().find((p) => p.address === address);
  return { ...fixture, policy, refused, participant };
}

/** A joined stage meeting in which C enters with `state` and sends its audio. */
async function audioFromC(state: RosterMember['state']) {
  const fixture = stageMeeting();
  await fixture.meeting.join();
  fixture.roster.join(C, state);
  const remote = fakeRemoteAudio();
  fixture.peers.last?.emitTrack(remote);
  return { ...fixture, remote };
}

useFakeTimersInEachTest();

describe('Meeting speaker policy', () => {
  it('a speaker claim without permission shows as a listener, silenced; claim and audio counted once each', async () => {
    const { remote, roster, refused, participant } = await audioFromC(speaker);
    expect(participant(C)?.role).toBe('listener');
    expect(remote.track.enabled).toBe(false);
    roster.join(C, { ...speaker, muted: true });
    expect(refused).toEqual([C, C]);
  });

  it('an invite lets the claim through: shown speaking and played; revoked, silenced again', async () => {
    const { remote, policy, participant } = await audioFromC(speaker);
    policy.allow(C);
    expect(participant(C)?.role).toBe('speaker');
    expect(remote.track.enabled).toBe(true);
    policy.allow(C, false);
    expect(participant(C)?.role).toBe('listener');
    expect(remote.track.enabled).toBe(false);
  });

  it('audio from a member that may not speak is not played, whatever it claims', async () => {
    const { remote, refused } = await audioFromC({ role: 'listener' });
    expect(remote.track.enabled).toBe(false);
    expect(refused).toEqual([C]);
  });

  it('a removed member gets no tile and no link, and comes back when re-admitted', async () => {
    const { meeting, roster, peers, policy, participant } = stageMeeting();
    await meeting.join();
    roster.join(C, { role: 'listener' });
    const first = peers.last;
    policy.remove(C);
    expect(participant(C)).toBeUndefined();
    expect(first?.destroyed).toBe(true);
    roster.join(C, { role: 'listener', hand: true });
    expect(participant(C)).toBeUndefined();
    policy.remove(C, false);
    expect(participant(C)).toMatchObject({ handRaised: true });
    expect(peers.open).toHaveLength(1);
  });

  it('refused speakers do not take places under the cap', async () => {
    const { meeting, roster, policy } = stageMeeting({ speakerCap: 1 });
    await meeting.join();
    roster.join(C, speaker);
    policy.allow(B);
    await meeting.setRole('speaker');
    expect(meeting.local().role).toBe('speaker');
  });
});

describe('Meeting speaker policy for this member', () => {
  it('on a stage it cannot become a speaker without permission', async () => {
    const { meeting, audio } = stageMeeting();
    await meeting.join();
    expect(meeting.local().maySpeak).toBe(false);
    await expect(meeting.setRole('speaker')).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    expect(audio.captures).toHaveLength(0);
  });

  it('invited it may speak; losing permission moves it back to listening', async () => {
    const { meeting, policy, roster, audio } = stageMeeting();
    await meeting.join();
    policy.allow(B);
    expect(meeting.local().maySpeak).toBe(true);
    await meeting.setRole('speaker');
    expect(roster.lastPublished).toMatchObject({ role: 'speaker' });
    policy.allow(B, false);
    await vi.advanceTimersByTimeAsync(0);
    expect(meeting.local().role).toBe('listener');
    expect(audio.openCaptures).toHaveLength(0);
  });

  it('declining an invite keeps it listening, lowers its hand and tells the others', async () => {
    const { meeting, policy, roster, audio } = stageMeeting();
    await meeting.join();
    meeting.raiseHand(true);
    policy.allow(B);
    meeting.declineInvite(1_234);
    expect(meeting.local()).toMatchObject({ role: 'listener', handRaised: false });
    expect(roster.lastPublished).toMatchObject({ role: 'listener', hand: false, declined: 1_234 });
    expect(audio.captures).toHaveLength(0);
  });

  it('a member who declined shows it to the others', async () => {
    const { meeting, roster, participant } = stageMeeting();
    await meeting.join();
    roster.join(C, { role: 'listener', declined: 99 });
    expect(participant(C)).toMatchObject({ role: 'listener', declinedInvite: 99 });
  });

  it('outside stages it speaks on entry when the policy allows', async () => {
    const { meeting, policy } = stageMeeting({ stage: false });
    policy.allow(B);
    await meeting.join();
    expect(meeting.local().role).toBe('speaker');
    const other = stageMeeting({ stage: false, self: D });
    await other.meeting.join();
    expect(other.meeting.local().role).toBe('listener');
  });
});
