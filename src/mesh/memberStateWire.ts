import type { RosterMember } from '../presence/types.ts';
import type { Role } from './types.ts';

/** What each member publishes about itself with its roster heartbeats. */
export interface MemberState {
  role: Role;
  muted: boolean;
  hand: boolean;
  /** When this member became a speaker (ms); orders speakers when the cap is exceeded. */
  speakerSince: number;
  /** The time (ms) of the last moderator invite this member declined; 0 when none. */
  declined: number;
  /** This member's audio runs through the room's media server (src/media), not the mesh. */
  onServer: boolean;
}

/** Encodes for Roster.setLocalState (flat string/number/boolean record). */
export function encodeMemberState(state: MemberState): Record<string, string | number | boolean> {
  return {
    role: state.role,
    muted: state.muted,
    hand: state.hand,
    speakerSince: state.speakerSince,
    declined: state.declined,
    onServer: state.onServer,
  };
}

/**
 * Reads a remote member's published state. Anything missing or malformed reads as a
 * muted listener without a hand: the graph is untrusted, so default to the least.
 */
export function decodeMemberState(member: RosterMember): MemberState {
  const { role, muted, hand, speakerSince, declined, onServer } = member.state;
  return {
    role: role === 'speaker' ? 'speaker' : 'listener',
    muted: muted !== false,
    hand: hand === true,
    speakerSince: typeof speakerSince === 'number' ? speakerSince : Number.MAX_SAFE_INTEGER,
    declined: typeof declined === 'number' && Number.isSafeInteger(declined) ? declined : 0,
    onServer: onServer === true,
  };
}

/**
 * Speakers that keep their place under the cap: earliest `speakerSince` first,
 * ties broken by address so every peer computes the same answer.
 */
export function speakersWithinCap(
  speakers: readonly { address: string; speakerSince: number }[],
  cap: number,
): Set<string> {
  const ordered = [...speakers].sort(
    (a, b) =>
      a.speakerSince - b.speakerSince ||
      (a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1),
  );
  return new Set(ordered.slice(0, cap).map((s) => s.address.toLowerCase()));
}
