import { describe, expect, it } from 'vitest';
import { C, D, fakeMeeting, fakeRemoteAudio, speaker, useFakeTimersInEachTest } from './testing.ts';
import type { RoomAudio } from './types.ts';

useFakeTimersInEachTest();

describe('Meeting room audio (what a broadcast mixes)', () => {
  it('lists the microphone and every remote track, and says when a member comes or goes', async () => {
    const { meeting, roster, audio, peers, scope } = fakeMeeting();
    const seen: RoomAudio[] = [];
    meeting.events.on('audio', (room) => seen.push(room), scope);
    await meeting.join();
    expect(meeting.roomAudio()).toEqual({ local: audio.captures[0]?.track, remote: [] });

    roster.join(C, speaker);
    const fromC = fakeRemoteAudio();
    peers.last?.emitTrack(fromC);
    // A member joining later is in the next snapshot, and the event says so.
    roster.join(D, speaker);
    const fromD = fakeRemoteAudio();
    peers.last?.emitTrack(fromD);
    expect(meeting.roomAudio().remote).toEqual([fromC, fromD]);
    expect(seen.at(-1)?.remote).toEqual([fromC, fromD]);

    roster.leave(C);
    expect(meeting.roomAudio().remote).toEqual([fromD]);
    expect(seen.at(-1)?.remote).toEqual([fromD]);
  });

  it('follows the microphone: switched, closed for a listener', async () => {
    const { meeting, audio, scope } = fakeMeeting();
    const seen: RoomAudio[] = [];
    meeting.events.on('audio', (room) => seen.push(room), scope);
    await meeting.join();
    await meeting.setInputDevice('mic-2');
    expect(seen.at(-1)?.local).toBe(audio.captures[1]?.track);
    await meeting.setRole('listener');
    expect(seen.at(-1)?.local).toBeNull();
    expect(meeting.roomAudio().local).toBeNull();
  });
});
