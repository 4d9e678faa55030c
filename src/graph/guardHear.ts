import type { GunMesh, GunMessage, GunPeer } from './gunRoot.ts';

/** What {@link guardHear} checks before Gun parses or reads what a peer sent. */
export interface HearGuard {
  /** A longer frame (characters, or bytes for binary frames) is dropped unparsed. */
  maxFrameChars: number;
  /** Called for each frame dropped for its size. */
  onOversizeFrame(peer: GunPeer, length: number): void;
  /** Called for each frame within the size bound, unparsed; false drops it (a rate limit). */
  frame?(peer: GunPeer, length: number): boolean;
  /**
   * Called with each parsed message (each one of a batch too) before Gun reads it; may remove
   * fields and nodes from `message.put`; false drops the whole message.
   */
  message?(message: GunMessage, peer: GunPeer): boolean;
}

/**
 * Puts `guard` in front of Gun's `mesh.hear`, the entry of every frame a peer sends: Gun
 * parses a frame whole (`JSON.parse`), so a 16 MB frame costs its parse and its heap before
 * anything could look at it. Frames over the bound are dropped unparsed; parsed messages go
 * through `guard.message` before Gun's graph, caches and listeners see them.
 *
 * @example
 * guardHear(gun.back('opt').mesh, { maxFrameChars: 1_048_576, onOversizeFrame: count });
 */
export function guardHear(mesh: GunMesh, guard: HearGuard): void {
  const hear = mesh.hear;
  const one = hear.one;
  const guarded = function (this: unknown, raw: unknown, peer: GunPeer): void {
    const length = frameLength(raw);
    if (length !== undefined) {
      if (length > guard.maxFrameChars) {
        guard.onOversizeFrame(peer, length);
        return;
      }
      if (guard.frame && !guard.frame(peer, length)) return;
    }
    hear.call(this, raw, peer);
  };
  // Gun looks its message handlers up on `mesh.hear` (`hear['?']`, `hear.one`...).
  Object.setPrototypeOf(guarded, hear);
  mesh.hear = guarded as typeof hear;
  if (guard.message) {
    const screen = guard.message;
    // Gun calls `hear.one` on its own function object for each message it parsed.
    hear.one = (message, peer, started) => {
      if (typeof message === 'object' && message !== null && !screen(message, peer)) return;
      one.call(hear, message, peer, started);
    };
  }
}

/** Length of a raw frame; `undefined` for a message Gun already parsed (one of a batch). */
function frameLength(raw: unknown): number | undefined {
  if (typeof raw === 'string') return raw.length;
  if (raw instanceof ArrayBuffer) return raw.byteLength;
  if (ArrayBuffer.isView(raw)) return raw.byteLength;
  return undefined;
}
