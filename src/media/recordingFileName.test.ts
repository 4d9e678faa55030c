import { expect, test } from 'vitest';
import { recordingFileName } from './recordingFileName.ts';

test('a downloaded recording is named after its room and the time (UTC), as a WAV', () => {
  expect(recordingFileName('town-hall', Date.UTC(2026, 11, 7, 5, 42, 31))).toBe(
    'town-hall-2026-12-07-0542.wav',
  );
});
