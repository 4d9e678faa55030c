import type { Clock } from '../core/clock.ts';
import {
  boundDecisions,
  encodeStageView,
  parseStageView,
  type StageDecision,
} from '../signaling/moderation.ts';

/** The part of the Web Storage API the store needs; `localStorage` is one. */
export interface DecisionStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Where a {@link StageDecisionStore} keeps its list, and for how long. */
export interface StageDecisionStoreOptions {
  storage: DecisionStorage;
  /** One key per room and moderator (see {@link stageDecisionKey}). */
  key: string;
  clock: Clock;
  /** Decisions older than this (ms) are forgotten. Default 12 h. */
  keepMs?: number;
}

/** Decisions are kept this long by default: a working day of moderation. */
export const DEFAULT_KEEP_MS = 12 * 60 * 60 * 1000;

/**
 * The storage key of one moderator's decisions in one room.
 *
 * @example
 * stageDecisionKey(room.namespace, address); // 'community-chats/stage/<room>/<address>'
 */
export function stageDecisionKey(roomNamespace: string, moderator: string): string {
  return `community-chats/stage/${roomNamespace}/${moderator.toLowerCase()}`;
}

/**
 * A moderator's decisions for one room in local storage, so a reload does not forget who
 * was removed or invited. Bounded like a published view, and expiring.
 *
 * @example
 * const store = new StageDecisionStore({ storage: localStorage, key, clock: systemClock });
 * store.save([...store.load(), { target, role: 'removed', at: Date.now() }]);
 */
export class StageDecisionStore {
  readonly #options: StageDecisionStoreOptions;

  constructor(options: StageDecisionStoreOptions) {
    this.#options = options;
  }

  /** The kept decisions still within their lifetime; [] when nothing (valid) is stored. */
  load(): StageDecision[] {
    let raw: string | null;
    try {
      raw = this.#options.storage.getItem(this.#options.key);
    } catch {
      return [];
    }
    const view = raw === null ? undefined : parseStageView(raw);
    return view ? this.#fresh(view.decisions) : [];
  }

  /** Keeps `decisions` (bounded, expired ones left out); storage errors are ignored. */
  save(decisions: Iterable<StageDecision>): void {
    const kept = boundDecisions(this.#fresh([...decisions]));
    try {
      this.#options.storage.setItem(this.#options.key, encodeStageView({ decisions: kept }));
    } catch {
      // Full or unavailable storage: the decisions still live in the published slot.
    }
  }

  #fresh(decisions: readonly StageDecision[]): StageDecision[] {
    const oldest = this.#options.clock.now() - (this.#options.keepMs ?? DEFAULT_KEEP_MS);
    return decisions.filter((d) => d.at >= oldest);
  }
}
