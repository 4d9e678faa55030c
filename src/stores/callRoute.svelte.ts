import type { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { CallRoute } from '../turn/CallRoute.ts';
import type { TurnState } from '../turn/TurnCredentials.ts';

/**
 * The call route for views: privacy mode, the TURN credentials' state, and what keeps calls
 * from connecting as chosen.
 *
 * @example
 * const route = new CallRouteStore(callRoute, scope);
 * route.setPrivacyMode(true);
 */
export class CallRouteStore {
  privacyMode = $state(false);
  turn = $state.raw<TurnState>({ status: 'no-gate' });
  hasTurn = $state(false);
  problem = $state.raw<AppError | undefined>(undefined);
  readonly #route: CallRoute;

  constructor(route: CallRoute, scope: Scope) {
    this.#route = route;
    this.#read();
    route.events.on('change', () => this.#read(), scope);
  }

  /** Applies to connections made from now on; kept in this browser. */
  setPrivacyMode(on: boolean): void {
    this.#route.setPrivacyMode(on);
  }

  #read(): void {
    this.privacyMode = this.#route.privacyMode;
    this.turn = this.#route.turn;
    this.hasTurn = this.#route.hasTurn();
    this.problem = this.#route.problem();
  }
}
