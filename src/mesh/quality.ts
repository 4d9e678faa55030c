import type { PeerStats } from '../peers/types.ts';
import type { ConnectionQuality } from './types.ts';

/**
 * Grades a connection from two consecutive stats samples: loss is measured over the
 * interval between them, RTT and jitter are the latest values. Thresholds follow the usual
 * VoIP budgets (ITU-T G.114: under 150 ms one way is good; loss above a few percent is audible).
 *
 * @example
 * quality = classifyQuality(previous, await peer.getStats());
 */
export function classifyQuality(
  previous: PeerStats | undefined,
  current: PeerStats,
): ConnectionQuality {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = current.packetsLost - (previous?.packetsLost ?? 0);
  const loss = received + lost > 0 ? Math.max(0, lost) / (received + lost) : 0;
  const rtt = current.rttMs;
  const jitter = current.jitterMs ?? 0;
  if (rtt === undefined && received <= 0) return 'unknown';
  if ((rtt ?? 0) > 400 || jitter > 100 || loss > 0.1) return 'poor';
  if ((rtt ?? 0) > 150 || jitter > 30 || loss > 0.02) return 'fair';
  return 'good';
}
