import type { PeerStats } from './types.ts';

/** One entry of an `RTCStatsReport`, loosely typed: browsers differ in which fields they fill. */
export type StatsEntry = Readonly<Record<string, unknown>> & { readonly type: string };

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Reduces a getStats report to the figures the mesh uses: RTT of the selected candidate pair,
 * inbound audio jitter/loss/bytes, and bytes sent.
 *
 * @example
 * const stats = digestStats((await pc.getStats()).values());
 */
export function digestStats(entries: Iterable<StatsEntry>): PeerStats {
  const all = [...entries];
  const byId = new Map(all.map((entry) => [entry.id, entry]));
  const stats: PeerStats = {
    rttMs: undefined,
    jitterMs: undefined,
    packetsReceived: 0,
    packetsLost: 0,
    bytesReceived: 0,
    bytesSent: 0,
    inboundAudioLevel: undefined,
  };
  // The transport names the selected pair; older reports mark it `selected` or `nominated`.
  const selectedId = all.find((e) => e.type === 'transport')?.selectedCandidatePairId;
  const pair =
    (typeof selectedId === 'string' ? byId.get(selectedId) : undefined) ??
    all.find((e) => e.type === 'candidate-pair' && (e.selected === true || e.nominated === true));
  const rtt = num(pair?.currentRoundTripTime);
  if (rtt !== undefined) stats.rttMs = rtt * 1000;

  for (const entry of all) {
    if (entry.kind !== undefined && entry.kind !== 'audio') continue;
    if (entry.type === 'inbound-rtp') {
      stats.packetsReceived += num(entry.packetsReceived) ?? 0;
      stats.packetsLost += Math.max(0, num(entry.packetsLost) ?? 0);
      stats.bytesReceived += num(entry.bytesReceived) ?? 0;
      const jitter = num(entry.jitter);
      if (jitter !== undefined) stats.jitterMs = Math.max(stats.jitterMs ?? 0, jitter * 1000);
      const level = num(entry.audioLevel);
      if (level !== undefined) stats.inboundAudioLevel = level;
    } else if (entry.type === 'outbound-rtp') {
      stats.bytesSent += num(entry.bytesSent) ?? 0;
    }
  }
  return stats;
}
