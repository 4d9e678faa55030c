/** True when a key press belongs to a form field, so room shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName.toUpperCase())
  );
}

/** What the room screen says out loud between two renders. */
export interface RoomSnapshot {
  /** Lower-case address -> display name of each remote member. */
  names: ReadonlyMap<string, string>;
  muted: boolean;
  status: string;
}

/**
 * The sentence for a screen reader's live region: who joined or left, mute, connection.
 * Empty when nothing worth saying changed.
 *
 * @example
 * roomAnnouncement(before, after); // "alice.eth joined. You are muted."
 */
export function roomAnnouncement(before: RoomSnapshot, after: RoomSnapshot): string {
  const parts: string[] = [];
  for (const [address, name] of after.names) {
    if (!before.names.has(address)) parts.push(`${name} joined.`);
  }
  for (const [address, name] of before.names) {
    if (!after.names.has(address)) parts.push(`${name} left.`);
  }
  if (before.muted !== after.muted) parts.push(after.muted ? 'You are muted.' : 'You are unmuted.');
  if (before.status !== after.status) {
    if (after.status === 'reconnecting') parts.push('Connection lost, reconnecting.');
    else if (before.status === 'reconnecting' && after.status === 'live')
      parts.push('Reconnected.');
  }
  return parts.join(' ');
}
