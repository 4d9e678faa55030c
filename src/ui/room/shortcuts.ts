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
  /**
   * Lower-case addresses whose ENS name is still being looked up: their join is announced
   * once the name is known, so a screen reader hears "bob.eth joined", not "0x7099…79C8".
   */
  pending?: ReadonlySet<string>;
  muted: boolean;
  status: string;
  /** The local member's role: going on or off a stage is worth saying. */
  role?: string;
  /** Who invited this member to speak, while the invite waits for an answer. */
  invitedBy?: string | undefined;
}

/**
 * The sentence for a screen reader's live region: who joined or left, mute, role,
 * connection. Empty when nothing worth saying changed.
 *
 * @example
 * roomAnnouncement(before, after); // "alice.eth joined. You are muted."
 */
export function roomAnnouncement(before: RoomSnapshot, after: RoomSnapshot): string {
  const parts: string[] = [];
  const waiting = (snapshot: RoomSnapshot, address: string) =>
    snapshot.pending?.has(address) === true;
  for (const [address, name] of after.names) {
    const announcedBefore = before.names.has(address) && !waiting(before, address);
    if (!announcedBefore && !waiting(after, address)) parts.push(`${name} joined.`);
  }
  for (const [address, name] of before.names) {
    if (!after.names.has(address)) parts.push(`${name} left.`);
  }
  if (before.role !== after.role && before.role !== undefined) {
    if (after.role === 'speaker') parts.push('You are a speaker now: others can hear you.');
    else if (after.role === 'listener') parts.push('You are listening now.');
  }
  if (after.invitedBy && after.invitedBy !== before.invitedBy) {
    parts.push(`${after.invitedBy} invited you to speak: choose Speak or Stay a listener.`);
  }
  if (before.muted !== after.muted) parts.push(after.muted ? 'You are muted.' : 'You are unmuted.');
  if (before.status !== after.status) {
    if (after.status === 'reconnecting') parts.push('Reconnecting to someone in the room.');
    else if (before.status === 'reconnecting' && after.status === 'live')
      parts.push('Reconnected.');
  }
  return parts.join(' ');
}
