import * as z from 'zod/mini';

/** What a member may publish with its heartbeats: a few flat values. */
export type MemberState = Readonly<Record<string, string | number | boolean>>;

const memberStateSchema = z.record(
  z.string().check(z.maxLength(40)),
  z.union([z.string().check(z.maxLength(200)), z.number(), z.boolean()]),
);

/**
 * Parses a heartbeat body into member state, or `undefined` if it is not one (at most 32
 * entries of short strings, numbers and booleans).
 *
 * @example
 * parseMemberState('{"muted":true}'); // { muted: true }
 */
export function parseMemberState(body: string): MemberState | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = memberStateSchema.safeParse(json);
  if (!result.success || Object.keys(result.data).length > 32) return undefined;
  return result.data;
}

/** Whether two states hold the same entries. */
export function sameState(a: MemberState, b: MemberState): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
