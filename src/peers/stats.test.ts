import { describe, expect, it } from 'vitest';
import { digestStats, type StatsEntry } from './stats.ts';

describe('digestStats', () => {
  it('reads RTT from the selected pair and audio figures from the RTP entries', () => {
    const report: StatsEntry[] = [
      { type: 'transport', id: 'T1', selectedCandidatePairId: 'CP2' },
      { type: 'candidate-pair', id: 'CP1', currentRoundTripTime: 0.5 },
      { type: 'candidate-pair', id: 'CP2', currentRoundTripTime: 0.042 },
      {
        type: 'inbound-rtp',
        id: 'IA',
        kind: 'audio',
        jitter: 0.003,
        packetsLost: 2,
        packetsReceived: 98,
        bytesReceived: 5000,
        audioLevel: 0.2,
      },
      { type: 'inbound-rtp', id: 'IV', kind: 'video', bytesReceived: 99999 },
      { type: 'outbound-rtp', id: 'OA', kind: 'audio', bytesSent: 4000 },
    ];
    expect(digestStats(report)).toEqual({
      rttMs: 42,
      jitterMs: 3,
      packetsReceived: 98,
      packetsLost: 2,
      bytesReceived: 5000,
      bytesSent: 4000,
      inboundAudioLevel: 0.2,
    });
  });

  it('falls back to a nominated pair and tolerates an empty report', () => {
    expect(
      digestStats([
        { type: 'candidate-pair', id: 'CP', nominated: true, currentRoundTripTime: 0.1 },
      ]).rttMs,
    ).toBe(100);
    expect(digestStats([]).rttMs).toBeUndefined();
  });
});
