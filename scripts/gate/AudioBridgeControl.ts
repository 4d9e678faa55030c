import { type JanusMessage, JanusSocket } from './JanusSocket.ts';

const PLUGIN = 'janus.plugin.audiobridge';

/** Where the gate reaches its Janus and the secrets it manages it with. */
export interface AudioBridgeControlOptions {
  /** Janus API WebSocket (`janus-protocol`). */
  url: string;
  /** Admin API WebSocket (`janus-admin-protocol`). */
  adminUrl: string;
  /** Janus's `api_secret`: the gate's own session needs no member token. */
  apiSecret: string;
  /** Janus's `admin_secret`: adding and removing members' tokens. */
  adminSecret: string;
  /** Called with AudioBridge events on the gate's handles, e.g. a bridge participant kicked. */
  onEvent?: (message: JanusMessage) => void;
  /** Called once when either connection is lost (the caller opens a new control). */
  onClose?: () => void;
}

/** An AudioBridge plugin answer (`plugindata.data`). */
export type AudioBridgeAnswer = Record<string, unknown>;

/**
 * The gate's hold on Janus: one session (kept alive) with an AudioBridge handle for room
 * management, more handles for participants the gate itself places (the stage bridge), and
 * the Admin API for the core tokens members need. Requests are Janus's documented JSON API.
 *
 * @example
 * const control = await AudioBridgeControl.connect({ url, adminUrl, apiSecret, adminSecret });
 * await control.request({ request: 'create', room: 1234, admin_key, secret });
 */
export class AudioBridgeControl {
  readonly #api: JanusSocket;
  readonly #admin: JanusSocket;
  readonly #session: number;
  readonly #handle: number;
  readonly #keepalive: ReturnType<typeof setInterval>;

  private constructor(api: JanusSocket, admin: JanusSocket, session: number, handle: number) {
    this.#api = api;
    this.#admin = admin;
    this.#session = session;
    this.#handle = handle;
    // Janus ends a session silent for its session_timeout (60 s).
    this.#keepalive = setInterval(() => {
      this.#api.request({ janus: 'keepalive', session_id: session }).catch(() => this.close());
    }, 20_000);
  }

  /** Connects both APIs and opens the management handle. */
  static async connect(options: AudioBridgeControlOptions): Promise<AudioBridgeControl> {
    let control: AudioBridgeControl | undefined;
    const closed = () => {
      control?.close();
      options.onClose?.();
    };
    const api = await JanusSocket.open({
      url: options.url,
      protocol: 'janus-protocol',
      auth: { apisecret: options.apiSecret },
      onEvent: (message) => options.onEvent?.(message),
      onClose: closed,
    });
    let admin: JanusSocket;
    try {
      admin = await JanusSocket.open({
        url: options.adminUrl,
        protocol: 'janus-admin-protocol',
        auth: { admin_secret: options.adminSecret },
        onClose: closed,
      });
    } catch (error) {
      api.close();
      throw error;
    }
    try {
      const session = idOf(await api.request({ janus: 'create' }));
      const handle = idOf(
        await api.request({ janus: 'attach', session_id: session, plugin: PLUGIN }),
      );
      control = new AudioBridgeControl(api, admin, session, handle);
      return control;
    } catch (error) {
      api.close();
      admin.close();
      throw error;
    }
  }

  /**
   * Sends an AudioBridge request on the management handle (or on `handle`) and resolves with
   * the plugin's answer; rejects when the plugin answers with an error.
   */
  async request(body: JanusMessage, handle = this.#handle): Promise<AudioBridgeAnswer> {
    const answer = await this.#api.request({
      janus: 'message',
      session_id: this.#session,
      handle_id: handle,
      body,
    });
    const data = (answer.plugindata as { data?: AudioBridgeAnswer } | undefined)?.data;
    if (!data) throw new Error(`AudioBridge answered ${String(body.request)} with nothing`);
    if (data.audiobridge === 'event' && typeof data.error === 'string') {
      throw new AudioBridgeError(data.error, Number(data.error_code ?? 0));
    }
    return data;
  }

  /** A further handle on the AudioBridge plugin in the gate's session (one participant each). */
  async attach(): Promise<number> {
    return idOf(
      await this.#api.request({ janus: 'attach', session_id: this.#session, plugin: PLUGIN }),
    );
  }

  /** Lets `token` use the AudioBridge plugin (core token authentication). */
  async addToken(token: string): Promise<void> {
    await this.#admin.request({ janus: 'add_token', token, plugins: [PLUGIN] });
  }

  /** Stops accepting `token`: every later request that carries it is refused by Janus. */
  async removeToken(token: string): Promise<void> {
    await this.#admin.request({ janus: 'remove_token', token });
  }

  /** Ends the session and both connections. */
  close(): void {
    clearInterval(this.#keepalive);
    this.#api.close();
    this.#admin.close();
  }
}

/** An error answer of the AudioBridge plugin, with its code (e.g. 485 no such room). */
export class AudioBridgeError extends Error {
  override readonly name = 'AudioBridgeError';
  readonly code: number;

  constructor(message: string, code: number) {
    super(`AudioBridge: ${message} (${code})`);
    this.code = code;
  }
}

/** AudioBridge error codes the gate branches on (janus_audiobridge.c). */
export const AUDIOBRIDGE_NO_SUCH_ROOM = 485;
export const AUDIOBRIDGE_ROOM_EXISTS = 486;
export const AUDIOBRIDGE_NO_SUCH_USER = 492;

function idOf(answer: JanusMessage): number {
  const id = (answer.data as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'number') throw new Error('Janus answered without an id');
  return id;
}
