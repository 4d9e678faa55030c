/** Members a room holds before its heartbeats slow down. */
const STEADY_MEMBERS = 50;
/** How much longer each member past {@link STEADY_MEMBERS} makes every member's interval. */
const PER_MEMBER_MS = 50;

/**
 * How often a member of a room of `members` (itself included) beats: `baseMs` up to 50
 * members, then 50 ms more per member. Every member verifies every other's beats, so at a fixed
 * interval a room's verifications grow with the square of its size; this keeps the beats each
 * member verifies per second nearly flat past 50 (10 a second at 50, 16 at 200), at the price
 * of noticing a member that vanished without a leave later (docs/decisions-gun.md).
 *
 * @example
 * heartbeatInterval(5_000, 6); // 5000
 * heartbeatInterval(5_000, 200); // 12500
 */
export function heartbeatInterval(baseMs: number, members: number): number {
  return baseMs + PER_MEMBER_MS * Math.max(0, members - STEADY_MEMBERS);
}
