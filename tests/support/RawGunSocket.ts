/**
 * A bare websocket to a Gun relay that writes frames as any program could, without a Gun
 * client and its checks: for flood tests.
 *
 * @example
 * const socket = await RawGunSocket.open(relay.url);
 * socket.send(RawGunSocket.putFrame('room/beats', { junk: 'x' }));
 */
export class RawGunSocket {
  readonly #socket: WebSocket;
  /** Settles when the relay (or we) closed the connection. */
  readonly closed: Promise<void>;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => socket.addEventListener('close', () => resolve()));
  }

  static async open(relayUrl: string): Promise<RawGunSocket> {
    const socket = new WebSocket(relayUrl.replace(/^http/, 'ws'));
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('error', () => reject(new Error(`cannot open ${relayUrl}`)));
    });
    return new RawGunSocket(socket);
  }

  /** A Gun `put` frame writing `fields` to node `soul`, each with state `state` (ms). */
  static putFrame(soul: string, fields: Record<string, string>, state = Date.now()): string {
    const states = Object.fromEntries(Object.keys(fields).map((field) => [field, state]));
    return JSON.stringify({
      '#': Math.random().toString(36).slice(2),
      put: { [soul]: { _: { '#': soul, '>': states }, ...fields } },
    });
  }

  /**
   * A frame holding one single-field `put` message per field, as Gun batches the writes of a
   * client that writes field by field: each message is read on its own.
   */
  static batchFrame(soul: string, fields: Record<string, string>, state = Date.now()): string {
    const messages = Object.entries(fields).map(([field, value]) =>
      RawGunSocket.putFrame(soul, { [field]: value }, state),
    );
    return `[${messages.join(',')}]`;
  }

  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  send(frame: string): void {
    if (this.open) this.#socket.send(frame);
  }

  close(): void {
    this.#socket.close();
  }
}

/** `count` junk fields named like member addresses (the worst case), ~250 characters each. */
export function junkFields(count: number, field = (address: string) => address) {
  const fields: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const address = `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    fields[field(address)] = `{"v":1,"junk":${i},"pad":"${'x'.repeat(220)}"}`;
  }
  return fields;
}

/** Splits `fields` into chunks of `size` fields (one write or frame each). */
export function chunks(fields: Record<string, string>, size: number): Record<string, string>[] {
  const entries = Object.entries(fields);
  const out: Record<string, string>[] = [];
  for (let i = 0; i < entries.length; i += size) {
    out.push(Object.fromEntries(entries.slice(i, i + size)));
  }
  return out;
}
