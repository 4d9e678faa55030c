/** Level (0..1 RMS) above which a voice counts as speaking; the fake microphone tone is ~0.1. */
export const SPEAKING_LEVEL = 0.02;
/** Speech has pauses; keep the ring on this long after the level drops. */
export const SPEAKING_HOLD_MS = 400;

/**
 * Turns a stream of audio levels into speaking / not speaking, with a hold so the
 * indicator does not flicker between syllables.
 *
 * @example
 * const detector = new SpeakingDetector();
 * if (detector.update(playback.level(), clock.now())) showRing();
 */
export class SpeakingDetector {
  #lastLoud = Number.NEGATIVE_INFINITY;

  update(level: number, now: number): boolean {
    if (level >= SPEAKING_LEVEL) this.#lastLoud = now;
    return now - this.#lastLoud <= SPEAKING_HOLD_MS;
  }
}
