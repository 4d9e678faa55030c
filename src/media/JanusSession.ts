import type { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import { mediaErrors } from './errors.ts';
import type { JanusTransport } from './JanusTransport.ts';
import type {
  JanusMessage,
  JanusRequest,
  JanusRequestBody,
  Jsep,
  TrickleCandidate,
} from './janusMessages.ts';

/** Timers of a Janus session, in ms; tests shorten them. */
export interface JanusSessionTiming {
  /** Janus ends a session silent for 60 s; its docs suggest a keepalive well inside that. */
  keepaliveMs: number;
  /** A request not answered by then fails (the link is treated as lost). */
  requestTimeoutMs: number;
}

export const defaultJanusSessionTiming: JanusSessionTiming = {
  keepaliveMs: 25_000,
  requestTimeoutMs: 10_000,
};

/** A plugin's answer to a message: its data and, for negotiation, a JSEP. */
export interface PluginReply {
  data: NonNullable<JanusMessage['plugindata']>['data'];
  jsep: Jsep | undefined;
}

/** One attached plugin handle: requests to it, and its own events. */
export interface JanusHandle {
  readonly id: number;
  /** A plugin request; resolves with the plugin's reply (after Janus's `ack` for async ones). */
  message(body: Record<string, unknown>, jsep?: Jsep): Promise<PluginReply>;
  trickle(candidate: TrickleCandidate): void;
  /** Events for this handle that answer no request of ours (others joined, talking, hangup). */
  onEvent(listener: (message: JanusMessage) => void): void;
}

interface Pending {
  resolve(message: JanusMessage): void;
  reject(error: AppError): void;
  /** Async plugin requests are first acknowledged, then answered by an event. */
  waitPastAck: boolean;
}

/**
 * A session over Janus's documented JSON API: `create`, `attach`, plugin `message`s matched
 * to their replies by transaction, `trickle`, a keepalive every 25 s, and `destroy` at the end.
 * Ends with its scope; `onLost` tells when the server or the link went away first.
 *
 * @example
 * const session = await JanusSession.create(transport, scope, (error) => reconnect(error));
 * const bridge = await session.attach('janus.plugin.audiobridge');
 * await bridge.message({ request: 'join', room: 1234, token });
 */
export class JanusSession {
  readonly #transport: JanusTransport;
  readonly #timing: JanusSessionTiming;
  readonly #onLost: (error: AppError) => void;
  #auth: Readonly<Record<string, string>>;
  readonly #pending = new Map<string, Pending>();
  readonly #handles = new Map<number, (message: JanusMessage) => void>();
  #id = 0;
  #counter = 0;
  #lost = false;

  private constructor(
    transport: JanusTransport,
    timing: JanusSessionTiming,
    onLost: (error: AppError) => void,
    auth: Readonly<Record<string, string>>,
  ) {
    this.#transport = transport;
    this.#timing = timing;
    this.#onLost = onLost;
    this.#auth = auth;
  }

  /**
   * Creates a session on an open transport; the transport belongs to the session from now on.
   * `auth` goes into every request: `{ token }` where the server has `token_auth` on.
   */
  static async create(
    transport: JanusTransport,
    scope: Scope,
    onLost: (error: AppError) => void,
    options: { timing?: JanusSessionTiming; auth?: Readonly<Record<string, string>> } = {},
  ): Promise<JanusSession> {
    const timing = options.timing ?? defaultJanusSessionTiming;
    const session = new JanusSession(transport, timing, onLost, options.auth ?? {});
    transport.onMessage((message) => session.#route(message));
    transport.onClose((error) => session.#fail(error));
    // Cleanups run last-added first: `destroy` goes out before the socket closes.
    scope.add(() => transport.close());
    scope.add(() => session.#close());
    const created = await session.#request({ janus: 'create' }, false);
    const id = created.data?.id;
    if (id === undefined) throw mediaErrors.refused('create', 'no session id');
    session.#id = id;
    scope.setInterval(() => {
      session.#request({ janus: 'keepalive', session_id: id }, false).catch(() => {});
    }, timing.keepaliveMs);
    return session;
  }

  get id(): number {
    return this.#id;
  }

  /**
   * What goes into every request from now on, e.g. the token of a new grant before a
   * `changeroom` (the gate revokes the old grant's token once it is no longer used).
   */
  setAuth(auth: Readonly<Record<string, string>>): void {
    this.#auth = auth;
  }

  /** Attaches a plugin (e.g. `janus.plugin.audiobridge`) to this session. */
  async attach(plugin: string): Promise<JanusHandle> {
    const attached = await this.#request({ janus: 'attach', session_id: this.#id, plugin }, false);
    const id = attached.data?.id;
    if (id === undefined) throw mediaErrors.refused('attach', 'no handle id');
    const listeners: ((message: JanusMessage) => void)[] = [];
    this.#handles.set(id, (message) => {
      for (const listener of listeners) listener(message);
    });
    return {
      id,
      message: async (body, jsep) => {
        const request = {
          janus: 'message',
          session_id: this.#id,
          handle_id: id,
          body,
          ...(jsep ? { jsep } : {}),
        };
        const reply = await this.#request(request, true);
        const data = reply.plugindata?.data;
        if (!data) throw mediaErrors.refused(String(body.request), 'no plugin data');
        if (data.error_code !== undefined) {
          throw mediaErrors.refused(String(body.request), data.error ?? `error ${data.error_code}`);
        }
        return { data, jsep: reply.jsep };
      },
      trickle: (candidate) => {
        const transaction = this.#nextTransaction();
        this.#send({
          janus: 'trickle',
          session_id: this.#id,
          handle_id: id,
          candidate,
          transaction,
        });
      },
      onEvent: (listener) => {
        listeners.push(listener);
      },
    };
  }

  #request(message: JanusRequestBody, waitPastAck: boolean): Promise<JanusMessage> {
    if (this.#lost) return Promise.reject(mediaErrors.lost('session closed'));
    const transaction = this.#nextTransaction();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        const error = mediaErrors.timeout(message.janus);
        reject(error);
        this.#fail(error);
      }, this.#timing.requestTimeoutMs);
      this.#pending.set(transaction, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
        waitPastAck,
      });
      this.#send({ ...message, transaction });
    });
  }

  #nextTransaction(): string {
    return `t${(this.#counter++).toString(36)}`;
  }

  #send(request: JanusRequest): void {
    if (!this.#lost) this.#transport.send({ ...request, ...this.#auth });
  }

  #route(message: JanusMessage): void {
    const pending = message.transaction ? this.#pending.get(message.transaction) : undefined;
    if (pending && message.transaction) {
      if (message.janus === 'ack' && pending.waitPastAck) return;
      this.#pending.delete(message.transaction);
      if (message.janus === 'error') {
        pending.reject(mediaErrors.refused('request', message.error?.reason ?? 'error'));
      } else {
        pending.resolve(message);
      }
      return;
    }
    if (message.janus === 'timeout') {
      this.#fail(mediaErrors.lost('session timed out on the server'));
      return;
    }
    if (message.sender !== undefined) this.#handles.get(message.sender)?.(message);
  }

  #fail(error: AppError): void {
    if (this.#lost) return;
    this.#lost = true;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#onLost?.(error);
  }

  #close(): void {
    // Best effort: the server frees the session at once instead of after its timeout.
    if (!this.#lost && this.#id !== 0) {
      const destroy = { janus: 'destroy', session_id: this.#id, transaction: 'bye' };
      this.#transport.send({ ...destroy, ...this.#auth });
    }
    this.#lost = true;
    for (const pending of this.#pending.values()) pending.reject(mediaErrors.lost('left'));
    this.#pending.clear();
  }
}
