import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { B, FakeSpeakerPolicy, fakeMeeting, useFakeTimersInEachTest } from '../mesh/testing.ts';
import { MeetingStore } from './meeting.svelte.ts';

const other = '0x3333333333333333333333333333333333333333';

useFakeTimersInEachTest();

describe('MeetingStore', () => {
  it('mirrors the meeting and turns command errors into a notice', async () => {
    const { meeting, roster, scope } = fakeMeeting({ speakerCap: 1 });
    const store = new MeetingStore(meeting, scope);
    expect(store.status).toBe('idle');
    await store.join();
    expect(store.status).toBe('live');
    expect(store.local.role).toBe('speaker');
    expect(store.devices.inputs).toHaveLength(2);

    roster.join(other, { role: 'speaker', muted: true });
    expect(store.participants.map((p) => p.address)).toEqual([other]);
    expect(store.speakers).toBe(2);

    store.toggleMute();
    expect(store.local.muted).toBe(true);

    await store.setRole('listener');
    await store.setRole('speaker');
    expect(store.notice?.code).toBe('SPEAKER_LIMIT');
    store.dismissNotice();
    expect(store.notice).toBeUndefined();

    store.drop(other);
    expect(store.participants).toEqual([]);
    store.end(new AppError('NOT_A_MEMBER', 'removed', { category: 'trust' }));
    expect(store.status).toBe('left');
    expect(store.endReason?.code).toBe('NOT_A_MEMBER');
  });

  it('asks before an invite opens the microphone; a no keeps it listening and is published', async () => {
    const policy = new FakeSpeakerPolicy();
    const { meeting, roster, audio, scope } = fakeMeeting({ stage: true, policy });
    const store = new MeetingStore(meeting, scope);
    await store.join();
    store.offerToSpeak({ at: 500, by: other });
    // Not yet allowed by the room's policy: nothing to answer.
    expect(store.invitation).toBeUndefined();
    policy.allow(B);
    expect(store.invitation).toEqual({ at: 500, by: other });
    expect(audio.captures).toHaveLength(0);

    store.declineInvitation();
    expect(store.invitation).toBeUndefined();
    expect(store.local.role).toBe('listener');
    expect(roster.lastPublished).toMatchObject({ role: 'listener', declined: 500 });
    expect(audio.captures).toHaveLength(0);

    store.offerToSpeak({ at: 900, by: other });
    await store.acceptInvitation();
    expect(store.invitation).toBeUndefined();
    expect(store.local.role).toBe('speaker');
    expect(audio.captures).toHaveLength(1);
  });
});
