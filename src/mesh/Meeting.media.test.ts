import { describe, expect, it, vi } from 'vitest';
import { C, D, fakeMeeting, speaker, useFakeTimersInEachTest } from './testing.ts';

useFakeTimersInEachTest();

const E = '0x5555555555555555555555555555555555555555';

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

  it('hands links over one member at a time: a moved member opens no new link and says so', async () => {
    const { meeting, roster, peers } = fakeMeeting();
    await meeting.join();
    roster.join(C, speaker);
    roster.join(D, speaker);
    expect(peers.open).toHaveLength(2);
    meeting.moveToServer();
    expect(roster.lastPublished).toMatchObject({ onServer: true });
    // D is heard through the server now; C is still moving and keeps its link.
    meeting.closeLinks([D]);
    expect(peers.open).toHaveLength(1);
    // A member who comes later gets a tile but no link.
    roster.join(E, speaker);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(peers.open).toHaveLength(1);
    meeting.closeLinks();
    expect(peers.open).toHaveLength(0);
    expect(meeting.participants().map((p) => p.address)).toEqual([C, D, E]);
  });

  it('reads who says it runs through the media server', async () => {
    const { meeting, roster } = fakeMeeting();
    await meeting.join();
    roster.join(C, { ...speaker, onServer: true });
    roster.join(D, speaker);
    expect(meeting.participants().map((p) => p.onServer)).toEqual([true, false]);
  });

  it('reads no microphone meter on the server, which says who speaks', async () => {
    const { meeting, audio } = fakeMeeting({ timing: { levelIntervalMs: 100 } });
    await meeting.join();
    const capture = audio.captures[0];
    if (!capture) throw new Error('no capture');
    capture.currentLevel = 0.5;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(meeting.local().speaking).toBe(true);
    meeting.moveToServer();
    const reads = capture.reads;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(capture.reads).toBe(reads);
    expect(meeting.local().speaking).toBe(false);
  });

  it('keeps mute and roles going through the roster', async () => {
    const { meeting, roster } = fakeMeeting();
    await meeting.join();
    meeting.closeLinks();
    meeting.setMuted(true);
    expect(roster.lastPublished).toMatchObject({ muted: true });
  });
});
