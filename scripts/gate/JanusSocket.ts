import { randomBytes } from 'node:crypto';

/** A Janus message as JSON. */
export type JanusMessage = Record<string, unknown>;

/** What a {@link JanusSocket} needs: where, which API, and how long to wait for an answer. */
export interface JanusSocketOptions {
  /** `ws://…` of the Janus API or the Admin API. */
  url: string;
  /** `janus-protocol` (Janus API) or `janus-admin-protocol` (Admin API). */
  protocol: 'janus-protocol' | 'janus-admin-protocol';
  /** Fields added to every request: `apisecret`, or `admin_secret`. */
  auth: JanusMessage;
  /** A request unanswered this long is refused (ms). Default 5 s. */
  timeoutMs?: number;
  /** Called with every message that answers no request (plugin events, hangups, kicks). */
  onEvent?: (message: JanusMessage) => void;
  /** Called once when the socket closes. */
  onClose?: () => void;
}

interface Pending {
  resolve(message: JanusMessage): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One WebSocket to Janus (its documented JSON API over the `janus-protocol` or
 * `janus-admin-protocol` subprotocol), with requests matched to answers by `transaction`. An
 * `ack` is skipped: the answer of an asynchronous plugin request is the `event` that follows.
 * Uses Node's built-in WebSocket client (no npm package).
 *
 * @example
 * const socket = await JanusSocket.open({ url, protocol: 'janus-protocol', auth: { apisecret } });
 * const created = await socket.request({ janus: 'create' });
 */
export class JanusSocket {
  readonly #options: JanusSocketOptions;
  readonly #socket: WebSocket;
  readonly #pending = new Map<string, Pending>();
  #closed = false;

  private constructor(options: JanusSocketOptions, socket: WebSocket) {
    this.#options = options;
    this.#socket = socket;
    socket.addEventListener('message', (event) => this.#receive(String(event.data)));
    socket.addEventListener('close', () => this.#close());
  }

  /** Opens the socket; rejects when Janus does not accept it within the timeout. */
  static open(options: JanusSocketOptions): Promise<JanusSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(options.url, options.protocol);
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error(`Janus at ${options.url} did not answer`));
      }, options.timeoutMs ?? 5_000);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(new JanusSocket(options, socket));
      });
      socket.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error(`Janus at ${options.url} could not be reached`));
      });
    });
  }

  /**
   * Sends `message` (with a fresh transaction and the auth fields) and resolves with its
   * answer; rejects on a Janus `error`, a timeout or a closed socket.
   */
  request(message: JanusMessage): Promise<JanusMessage> {
    if (this.#closed) return Promise.reject(new Error('the Janus connection is closed'));
    const transaction = randomBytes(9).toString('base64url');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        reject(new Error(`Janus did not answer ${String(message.janus)} in time`));
      }, this.#options.timeoutMs ?? 5_000);
      this.#pending.set(transaction, { resolve, reject, timer });
      this.#socket.send(JSON.stringify({ ...message, ...this.#options.auth, transaction }));
    });
  }

  /** Closes the socket; pending requests are refused. */
  close(): void {
    this.#socket.close();
    this.#close();
  }

  #receive(text: string): void {
    let message: JanusMessage;
    try {
      message = JSON.parse(text) as JanusMessage;
    } catch {
      return;
    }
    const transaction = typeof message.transaction === 'string' ? message.transaction : undefined;
    const pending = transaction === undefined ? undefined : this.#pending.get(transaction);
    if (!pending || transaction === undefined) {
      this.#options.onEvent?.(message);
      return;
    }
    if (message.janus === 'ack') return;
    this.#pending.delete(transaction);
    clearTimeout(pending.timer);
    const error = message.error as { code?: number; reason?: string } | undefined;
    if (message.janus === 'error' && error) {
      pending.reject(new Error(`Janus: ${error.reason ?? 'error'} (${error.code ?? '?'})`));
    } else {
      pending.resolve(message);
    }
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error('the Janus connection closed'));
    }
    this.#pending.clear();
    this.#options.onClose?.();
  }
}
