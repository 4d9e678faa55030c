/**
 * The slice of a Gun instance that {@link GunGraph} uses, typed by us: gun's own typings
 * describe a schema-typed chain API we do not use.
 */
export interface GunNodeRef {
  put(data: Record<string, string | null>): unknown;
  on(listener: (node: unknown, key: string, message: unknown, event: GunEvent) => void): unknown;
}

/** The handle Gun passes to listeners; `off()` removes that one listener. */
export interface GunEvent {
  off(): void;
}

/** A connected relay as Gun tracks it in `opt.peers`. */
export interface GunPeer {
  url?: string;
  id?: string;
  wire?: { close(): void } | null;
}

/** Context of a Gun hook listener: `to.next` passes the value on to later listeners. */
export interface GunHookContext {
  to: { next(value: unknown): void };
}

/**
 * A node as it travels in a `put` message: fields, and Gun's metadata `_` with the soul (`#`)
 * and each field's state (`>`, a timestamp in ms). Read off the wire, so nothing is checked.
 */
export interface GunWireNode {
  _?: { '#'?: unknown; '>'?: Record<string, unknown> };
  [field: string]: unknown;
}

/** The fields of a Gun wire message that {@link GunGraph} reads or sets. */
export interface GunMessage {
  /** Gun's metadata; `via` is the peer the message was heard from. */
  _?: { via?: GunPeer };
  /** Set: Gun's `universe` does not pass the message on to its peers (`out`). */
  nts?: number;
  /** The message this one answers (a `get`), if any. */
  '@'?: unknown;
  /** A read: the node (`#`) and maybe one field (`.`) the sender asks for. */
  get?: unknown;
  /** Nodes written, by soul. */
  put?: Record<string, GunWireNode | undefined>;
}

/** One field that Gun's conflict resolution (HAM) accepted, as its root `put` event gives it. */
export interface GunFieldPut {
  '#': string;
  '.': string;
  ':': unknown;
  '>': number;
}

/** Gun's `mesh.hear`: what every frame heard from a peer goes through, before parsing. */
export interface GunHear {
  (raw: unknown, peer: GunPeer): void;
  /** Handles one parsed message (also each one of a batch), before Gun reads it. */
  one(message: GunMessage, peer: GunPeer, started?: number): void;
}

/** Gun's mesh: its peer connections. */
export interface GunMesh {
  /** Opens a connection to a relay. */
  hi(peer: { url: string; id: string }): void;
  hear: GunHear;
}

/** Gun's in-memory copy of every node this instance holds, by soul (`gun._.graph`). */
export type GunGraphCache = Record<string, GunWireNode | undefined>;

/** Gun's root internals that {@link GunGraph} reaches into (`gun._`). */
export interface GunRootInternals {
  graph: GunGraphCache;
  /** The chain of each soul asked for; its `put` is a second copy of the node. */
  next?: Record<string, { put?: GunWireNode } | undefined>;
}

/** A Gun root instance. */
export interface GunRoot {
  get(key: string): GunNodeRef;
  on(event: 'hi' | 'bye', listener: (this: GunHookContext, peer: GunPeer) => void): unknown;
  on(event: 'in', listener: (this: GunHookContext, message: GunMessage) => void): unknown;
  on(
    event: 'put',
    listener: (this: GunHookContext, message: { put: GunFieldPut }) => void,
  ): unknown;
  back(path: 'opt'): GunRootOptions;
  _: GunRootInternals;
}

/** The live options object of a Gun root (Gun keeps its peers and mesh there). */
export interface GunRootOptions {
  peers: Record<string, GunPeer>;
  /** Gun's mesh; `hi({ url, id })` opens a connection to a relay. */
  mesh?: GunMesh;
}
