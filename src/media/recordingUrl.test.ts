import { expect, test } from 'vitest';
import { recordingUrl } from './recordingUrl.ts';

test("a room's recording is served under the gate's path, whether the gate's URL has a path or not", () => {
  expect(recordingUrl('https://gate.example.org', 'lobby').href).toBe(
    'https://gate.example.org/media/recording/lobby',
  );
  expect(recordingUrl('https://example.org/gate/', 'stage-town-hall').href).toBe(
    'https://example.org/gate/media/recording/stage-town-hall',
  );
  expect(recordingUrl('http://127.0.0.1:8787', 'lobby').href).toBe(
    'http://127.0.0.1:8787/media/recording/lobby',
  );
});
