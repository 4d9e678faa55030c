/**
 * The room a meeting is held in: one per meeting, so its occupancy says whether the meeting
 * is live and the calendar's Join button opens it.
 *
 * @example
 * meetingRoomId(3n); // 'meeting-3'
 */
export function meetingRoomId(meetingId: bigint): string {
  return `meeting-${meetingId}`;
}
