import { type Address, getAddress } from 'viem';
import * as z from 'zod/mini';
import type { RoomRef } from './roomPaths.ts';

/** What a moderator can do to a member (the buttons of the moderator controls). */
export const moderationActions = ['invite', 'move-to-listener', 'mute', 'remove'] as const;

/** One moderator action (see {@link moderationActions}). */
export type ModerationAction = (typeof moderationActions)[number];

/** Where a moderator put a member: invited to speak, back to listening, or out of the room. */
export type StageRole = 'speaker' | 'listener' | 'removed';

/** One standing decision about one member; `at` (ms) orders decisions (last writer wins). */
export interface StageDecision {
  target: Address;
  role: StageRole;
  at: number;
}

/** A one-shot "mute" of one member, obeyed once, when fresh. */
export interface StageMute {
  target: Address;
  at: number;
}

/** The body of a `moderate` envelope: one moderator's current view of the room. */
export interface StageView {
  decisions: readonly StageDecision[];
  mute?: StageMute;
}

/** Merged decisions, by lower-case target address. */
export type DecisionMap = ReadonlyMap<string, StageDecision>;

/**
 * Most decisions one view carries: 100 entries encode to about 5.2 KB, well under the
 * verifier's 8 KB body limit (see {@link encodeStageView}).
 */
export const MAX_DECISIONS = 100;

/** Rooms whose id starts with this are stages: everyone joins listening. */
export const STAGE_PREFIX = 'stage-';

/**
 * Whether a room is a stage. A stage is chosen by its name, so every member agrees on it
 * without any extra (forgeable) flag on the graph.
 *
 * @example
 * isStageRoom('stage-town-hall'); // true
 * isStageRoom('lobby'); // false
 */
export function isStageRoom(roomId: string): boolean {
  return roomId.startsWith(STAGE_PREFIX);
}

/**
 * The flat node of moderator views: one field per moderator address, overwritten by its
 * next view, so the node never holds more than one slot per moderator.
 *
 * @example
 * graph.put(moderationKey(room), me.toLowerCase(), JSON.stringify(envelope));
 */
export function moderationKey(room: RoomRef): string {
  return `${room.namespace}/moderation`;
}

const roleCodes: Record<StageRole, string> = { speaker: 's', listener: 'l', removed: 'r' };
const codeRoles: Record<string, StageRole> = { s: 'speaker', l: 'listener', r: 'removed' };
/** Later in this list wins a tie of `at`: a tie settles on the more restrictive role. */
const roleRank: Record<StageRole, number> = { speaker: 0, listener: 1, removed: 2 };

// Compact entries: 40 hex digits of the address, a role letter, `at` in base 36.
const decisionPattern = /^([0-9a-f]{40})([slr])([0-9a-z]{1,11})$/;
const mutePattern = /^([0-9a-f]{40})([0-9a-z]{1,11})$/;

const viewSchema = z.object({
  v: z.literal(1),
  d: z.array(z.string().check(z.regex(decisionPattern))).check(z.maxLength(MAX_DECISIONS)),
  m: z.optional(z.string().check(z.regex(mutePattern))),
});

const hex = (address: string) => address.toLowerCase().slice(2);
const fromHex = (digits: string) => getAddress(`0x${digits}`);

/**
 * Encodes a view as the body of a `moderate` envelope (compact: about 52 characters a
 * decision). Callers bound the list first ({@link boundDecisions}).
 *
 * @example
 * const body = encodeStageView({ decisions: [{ target, role: 'removed', at: Date.now() }] });
 */
export function encodeStageView(view: StageView): string {
  const body: z.infer<typeof viewSchema> = {
    v: 1,
    d: view.decisions.map((d) => `${hex(d.target)}${roleCodes[d.role]}${d.at.toString(36)}`),
  };
  if (view.mute) body.m = `${hex(view.mute.target)}${view.mute.at.toString(36)}`;
  return JSON.stringify(body);
}

/**
 * Reads the body of a verified `moderate` envelope; `undefined` when it is not a view (bad
 * JSON, wrong shape, too many decisions, a target twice).
 *
 * @example
 * const view = parseStageView(verified.envelope.body);
 */
export function parseStageView(body: string): StageView | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = viewSchema.safeParse(json);
  if (!result.success) return undefined;
  const decisions: StageDecision[] = [];
  const seen = new Set<string>();
  for (const entry of result.data.d) {
    const [, digits = '', code = '', at = ''] = decisionPattern.exec(entry) ?? [];
    if (seen.has(digits)) return undefined;
    seen.add(digits);
    decisions.push({
      target: fromHex(digits),
      role: codeRoles[code] ?? 'listener',
      at: parseAt(at),
    });
  }
  const mute = result.data.m === undefined ? undefined : mutePattern.exec(result.data.m);
  if (!mute) return { decisions };
  return { decisions, mute: { target: fromHex(mute[1] ?? ''), at: parseAt(mute[2] ?? '') } };
}

function parseAt(base36: string): number {
  const at = Number.parseInt(base36, 36);
  return Number.isSafeInteger(at) ? at : 0;
}

/** Whether `a` wins over `b` for the same target: later `at`, ties to the stricter role. */
function wins(a: StageDecision, b: StageDecision): boolean {
  return a.at > b.at || (a.at === b.at && roleRank[a.role] > roleRank[b.role]);
}

/**
 * Last-writer-wins merge of decision lists: per target, the latest `at` wins.
 *
 * @example
 * const merged = mergeDecisions(mine, theirs); // Map of lower-case address → decision
 */
export function mergeDecisions(...lists: Iterable<StageDecision>[]): Map<string, StageDecision> {
  const merged = new Map<string, StageDecision>();
  for (const list of lists) {
    for (const decision of list) {
      const key = decision.target.toLowerCase();
      const known = merged.get(key);
      if (!known || wins(decision, known)) merged.set(key, decision);
    }
  }
  return merged;
}

/**
 * Keeps at most `max` decisions, newest first within each kind: old 'listener' entries
 * (which only restate the default) go first, then the oldest of the rest.
 *
 * @example
 * const view = { decisions: boundDecisions(merged.values()) };
 */
export function boundDecisions(
  decisions: Iterable<StageDecision>,
  max = MAX_DECISIONS,
): StageDecision[] {
  const all = [...decisions];
  if (all.length <= max) return all;
  const byAge = (a: StageDecision, b: StageDecision) => b.at - a.at;
  const kept = all.filter((d) => d.role !== 'listener').sort(byAge);
  const listeners = all.filter((d) => d.role === 'listener').sort(byAge);
  return [...kept, ...listeners].slice(0, max);
}

/** What a moderator's click becomes: a new standing decision, or a one-shot mute. */
export function decide(action: ModerationAction, target: Address, at: number): StageView {
  switch (action) {
    case 'invite':
      return { decisions: [{ target, role: 'speaker', at }] };
    case 'move-to-listener':
      return { decisions: [{ target, role: 'listener', at }] };
    case 'remove':
      return { decisions: [{ target, role: 'removed', at }] };
    case 'mute':
      return { decisions: [], mute: { target, at } };
  }
}
