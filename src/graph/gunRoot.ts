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

/** The fields of a Gun wire message that {@link GunGraph} reads or sets. */
export interface GunMessage {
  /** Gun's metadata; `via` is the peer the message was heard from. */
  _?: { via?: GunPeer };
  /** Set: Gun's `universe` does not pass the message on to its peers (`out`). */
  nts?: number;
}

/** A Gun root instance. */
export interface GunRoot {
  get(key: string): GunNodeRef;
  on(event: 'hi' | 'bye', listener: (this: GunHookContext, peer: GunPeer) => void): unknown;
  on(event: 'in', listener: (this: GunHookContext, message: GunMessage) => void): unknown;
  back(path: 'opt'): GunRootOptions;
}

/** The live options object of a Gun root (Gun keeps its peers and mesh there). */
export interface GunRootOptions {
  peers: Record<string, GunPeer>;
  /** Gun's mesh; `hi({ url, id })` opens a connection to a relay. */
  mesh?: { hi(peer: { url: string; id: string }): void };
}
