import type { DropReason } from '../../signaling/dropCounters.ts';

/**
 * Plain words for each reason the room dropped something from the graph. The panel shows
 * them with the reason's code, which is what a bug report needs.
 *
 * @example
 * dropReasonText['rate-limited']; // 'Sender over its rate limit'
 */
export const dropReasonText: Readonly<Record<DropReason, string>> = {
  malformed: 'Unreadable or for another room',
  oversize: 'Too large',
  'bad-signature': 'Signature does not match',
  'certificate-invalid': 'Session signature invalid',
  'certificate-expired': 'Session signature expired',
  'certificate-unknown': 'Session signature not seen yet',
  'certificate-mismatch': 'Session signature for another key',
  'not-allowed': 'Sender not on the allowlist',
  duplicate: 'Seen before (a replay)',
  stale: 'Too old (often the last heartbeat of someone who left) or dated in the future',
  'sequence-regressed': 'Older than the last one from its sender',
  'rate-limited': 'Sender over its rate limit',
  'node-full': 'Room data full (a flood of junk), not read',
  'chain-budget': 'Too many strangers to check on chain just now; checked again later',
  'not-moderator': 'Moderation from a non-moderator',
  'not-invited': 'Speaking on a stage without an invite',
};
