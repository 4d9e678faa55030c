import { describe, expect, it, vi } from 'vitest';
import { C, D, fakeMeeting, speaker, useFakeTimersInEachTest } from './testing.ts';

useFakeTimersInEachTest();

describe('Meeting after the room moved onto a media server', () => {
  it('closes every peer link, opens none for later members, and keeps their tiles', async () => {
    const { meeting, roster, peers } = fakeMeeting();
    await meeting.join();
    roster.join(C, speaker);
    expect(peers.open).toHaveLength(1);
    meeting.closeLinks();
    expect(peers.open).toHaveLength(0);
    roster.join(D, speaker);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(peers.open).toHaveLength(0);
    expect(meeting.participants().map((p) => p.address)).toEqual([C, D]);
    expect(meeting.status).toBe('live');
  });

  it('keeps mute and roles going through the roster', async () => {
    const { meeting, roster } = fakeMeeting();
    await meeting.join();
    meeting.closeLinks();
    meeting.setMuted(true);
    expect(roster.lastPublished).toMatchObject({ muted: true });
  });
});
