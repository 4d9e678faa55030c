import { describe, expect, it } from 'vitest';
import type { RosterMember } from '../presence/types.ts';
import { decodeMemberState, encodeMemberState, speakersWithinCap } from './memberStateWire.ts';
import { classifyQuality } from './quality.ts';
import { SPEAKING_HOLD_MS, SpeakingDetector } from './speaking.ts';

const member = (state: RosterMember['state']): RosterMember => ({
  address: '0x1111111111111111111111111111111111111111',
  sessionPub: 'p',
  sessionEpub: 'e',
  state,
  lastSeen: 0,
});

describe('member state', () => {
  it('round-trips and reads anything odd as a muted listener', () => {
    const state = {
      role: 'speaker',
      muted: false,
      hand: true,
      speakerSince: 5,
      declined: 3,
      onServer: true,
    } as const;
    expect(decodeMemberState(member(encodeMemberState(state)))).toEqual(state);
    expect(decodeMemberState(member({ role: 'admin', muted: 'no', onServer: 'yes' }))).toEqual({
      role: 'listener',
      muted: true,
      hand: false,
      speakerSince: Number.MAX_SAFE_INTEGER,
      declined: 0,
      onServer: false,
    });
  });

  it('keeps the earliest speakers under the cap, ties by address', () => {
    const kept = speakersWithinCap(
      [
        { address: '0xB', speakerSince: 1 },
        { address: '0xA', speakerSince: 1 },
        { address: '0xC', speakerSince: 0 },
      ],
      2,
    );
    expect([...kept].sort()).toEqual(['0xa', '0xc']);
  });
});

describe('connection quality and speaking', () => {
  const stats = {
    rttMs: 40,
    jitterMs: 5,
    packetsReceived: 1000,
    packetsLost: 0,
    bytesReceived: 0,
    bytesSent: 0,
    inboundAudioLevel: undefined,
  };

  it('grades by RTT, jitter and loss over the interval', () => {
    expect(classifyQuality(undefined, { ...stats, rttMs: undefined, packetsReceived: 0 })).toBe(
      'unknown',
    );
    expect(classifyQuality(undefined, stats)).toBe('good');
    expect(classifyQuality(undefined, { ...stats, rttMs: 200 })).toBe('fair');
    expect(classifyQuality(undefined, { ...stats, jitterMs: 150 })).toBe('poor');
    const later = { ...stats, packetsReceived: 1095, packetsLost: 5 };
    expect(classifyQuality(stats, later)).toBe('fair');
  });

  it('holds the speaking flag through short pauses', () => {
    const detector = new SpeakingDetector();
    expect(detector.update(0.001, 0)).toBe(false);
    expect(detector.update(0.2, 100)).toBe(true);
    expect(detector.update(0, 100 + SPEAKING_HOLD_MS)).toBe(true);
    expect(detector.update(0, 101 + SPEAKING_HOLD_MS)).toBe(false);
  });
});
