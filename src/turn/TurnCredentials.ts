import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { IceServer } from '../peers/types.ts';
import type { TurnGrant } from './gateRequest.ts';

/**
 * Where this member's TURN credentials stand: no gate configured, asking, held until
 * `expiresAt`, or refused / unreachable (the call goes on with the other ICE servers).
 */
export type TurnState =
  | { status: 'no-gate' }
  | { status: 'asking' }
  | { status: 'ready'; urls: readonly string[]; expiresAt: number }
  | { status: 'failed'; error: AppError; retryAt: number };

/** Events of {@link TurnCredentials}. */
export type TurnCredentialsEvents = { change: TurnState };

/** What {@link TurnCredentials} needs. */
export interface TurnCredentialsOptions {
  /** Asks the gate (see `requestTurnGrant`); `undefined` when the community has no gate. */
  request: (() => Promise<TurnGrant>) | undefined;
  clock: Clock;
  /** Owns the refresh timers. */
  scope: Scope;
  /** Share of the lifetime after which credentials are renewed. Default 0.8. */
  refreshAt?: number;
  /** Wait before asking again after a refusal or an outage. Default 60 s. */
  retryMs?: number;
}

/**
 * This member's TURN credentials from the community's gate, renewed before they expire and
 * asked again a minute after a refusal. Peers made from now on get {@link iceServers}.
 *
 * @example
 * const turn = new TurnCredentials({ request: () => requestTurnGrant(...), clock, scope });
 * await turn.start();
 * new RTCPeerConnection({ iceServers: [...config.iceServers, ...turn.iceServers()] });
 */
export class TurnCredentials {
  readonly events = new Emitter<TurnCredentialsEvents>();
  readonly #options: TurnCredentialsOptions;
  #state: TurnState;
  #grant: { grant: TurnGrant; expiresAt: number } | undefined;
  #first: Promise<void> | undefined;

  constructor(options: TurnCredentialsOptions) {
    this.#options = options;
    this.#state = options.request === undefined ? { status: 'no-gate' } : { status: 'asking' };
  }

  get state(): TurnState {
    return this.#state;
  }

  /** Asks the gate the first time; resolves when it answered (or failed). */
  start(): Promise<void> {
    this.#first ??= this.#ask();
    return this.#first;
  }

  /** The TURN servers with credentials still valid now; empty without any. */
  iceServers(): IceServer[] {
    const held = this.#grant;
    if (!held || held.expiresAt <= this.#options.clock.now()) return [];
    const { urls, username, credential } = held.grant;
    return [{ urls: [...urls], username, credential }];
  }

  async #ask(): Promise<void> {
    const { request, clock, scope } = this.#options;
    if (request === undefined || scope.ended) return;
    this.#set({ status: 'asking' });
    const asked = clock.now();
    try {
      const grant = await request();
      if (scope.ended) return;
      const lifetimeMs = grant.ttl * 1000;
      const expiresAt = asked + lifetimeMs;
      this.#grant = { grant, expiresAt };
      this.#set({ status: 'ready', urls: grant.urls, expiresAt });
      scope.setTimeout(() => void this.#ask(), lifetimeMs * (this.#options.refreshAt ?? 0.8));
    } catch (error) {
      if (scope.ended) return;
      const retryMs = this.#options.retryMs ?? 60_000;
      // Credentials still valid stay in use until they expire.
      this.#set({ status: 'failed', error: AppError.from(error), retryAt: clock.now() + retryMs });
      scope.setTimeout(() => void this.#ask(), retryMs);
    }
  }

  #set(state: TurnState): void {
    this.#state = state;
    this.events.emit('change', state);
  }
}
