import { getAddress } from 'viem';
import { describe, expect, test } from 'vitest';
import {
  encodeRecordingClaim,
  GATE_WORD_GRACE_MS,
  parseRecordingClaim,
  type RecordingClaim,
  recordingStanding,
} from './recordingClaims.ts';

const MOD = getAddress('0x000000000000000000000000000000000000D00D');
const ADMIN = getAddress('0x000000000000000000000000000000000000ADad');

const claim = (recording: boolean, at: number, by = MOD, confirmed = true): RecordingClaim => ({
  recording,
  at,
  by,
  confirmed,
});

describe('recording claims', () => {
  test('a claim body round-trips; anything else is not a claim', () => {
    expect(parseRecordingClaim(encodeRecordingClaim(true))).toBe(true);
    expect(parseRecordingClaim(encodeRecordingClaim(false))).toBe(false);
    for (const body of [
      '',
      '{',
      '{"v":2,"recording":true}',
      '{"v":1,"recording":"yes"}',
      '{"v":1,"d":[]}',
    ]) {
      expect(parseRecordingClaim(body)).toBeUndefined();
    }
  });

  test('the latest claim wins, whoever signed it, and names who started', () => {
    expect(recordingStanding([])).toEqual({ recording: false });
    expect(recordingStanding([claim(true, 1_000)])).toEqual({
      recording: true,
      since: 1_000,
      by: MOD,
    });
    // An admin stops what the owner started.
    expect(recordingStanding([claim(true, 1_000), claim(false, 2_000, ADMIN)])).toEqual({
      recording: false,
    });
    expect(recordingStanding([claim(false, 1_000, ADMIN), claim(true, 2_000)]).recording).toBe(
      true,
    );
  });

  test('a tie goes to "recording"', () => {
    expect(recordingStanding([claim(false, 1_000, ADMIN), claim(true, 1_000)]).recording).toBe(
      true,
    );
    expect(recordingStanding([claim(true, 1_000), claim(false, 1_000, ADMIN)]).recording).toBe(
      true,
    );
  });

  test('an unconfirmed "stopped" cannot hide a recording; an unconfirmed "recording" warns', () => {
    expect(
      recordingStanding([claim(true, 1_000), claim(false, 2_000, ADMIN, false)]).recording,
    ).toBe(true);
    expect(recordingStanding([claim(true, 1_000, ADMIN, false)])).toEqual({
      recording: true,
      since: 1_000,
      by: ADMIN,
    });
  });

  test("the gate's 'recording' stands until a moderator's later 'stopped'", () => {
    const gate = { recording: true, at: 5_000 };
    expect(recordingStanding([], gate)).toEqual({ recording: true, since: 5_000, by: undefined });
    // A stop older than the grant (an earlier recording) does not hide this one.
    expect(recordingStanding([claim(false, 4_000)], gate).recording).toBe(true);
    expect(recordingStanding([claim(false, 6_000)], gate).recording).toBe(false);
    expect(recordingStanding([claim(false, 6_000, ADMIN, false)], gate).recording).toBe(true);
    expect(recordingStanding([claim(true, 4_000)], gate)).toEqual({
      recording: true,
      since: 4_000,
      by: MOD,
    });
  });

  test("the gate's 'not recording' clears only claims well older than it", () => {
    const at = 100_000;
    const gate = { recording: false, at };
    // Announced just before the gate was asked (or a clock ahead): still a warning.
    expect(recordingStanding([claim(true, at - 1_000)], gate).recording).toBe(true);
    expect(recordingStanding([claim(true, at + 1_000)], gate).recording).toBe(true);
    // A claim left behind long before the gate's word (a page that closed mid-start).
    expect(recordingStanding([claim(true, at - GATE_WORD_GRACE_MS - 1)], gate).recording).toBe(
      false,
    );
  });
});
