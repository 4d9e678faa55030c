import { describe, expect, it } from 'vitest';
import { decodeMeshSignal, encodeMeshSignal } from './meshSignal.ts';

describe('mesh signal envelope', () => {
  it('round-trips a signal and a reconnect request', () => {
    const signal = { session: 's1', signal: { type: 'offer', sdp: 'v=0' } };
    expect(decodeMeshSignal(encodeMeshSignal(signal))).toEqual(signal);
    expect(decodeMeshSignal(encodeMeshSignal({ session: '', reconnect: true }))).toEqual({
      session: '',
      reconnect: true,
    });
  });

  it('rejects what is not ours or is malformed', () => {
    expect(decodeMeshSignal({ type: 'offer', sdp: 'x' })).toBeUndefined();
    expect(decodeMeshSignal({ mesh: 2, session: 's', reconnect: true })).toBeUndefined();
    expect(decodeMeshSignal({ mesh: 1, session: 7, reconnect: true })).toBeUndefined();
    expect(decodeMeshSignal({ mesh: 1, session: 's'.repeat(65), reconnect: true })).toBeUndefined();
    expect(decodeMeshSignal({ mesh: 1, session: 's', signal: ['x'] })).toBeUndefined();
    expect(decodeMeshSignal({ mesh: 1, session: 's', reconnect: 'yes' })).toBeUndefined();
  });
});
