import { quietImport } from './quietImport.ts';

let loading: Promise<unknown> | undefined;

/**
 * Loads Gun SEA once, on first use. Gun core loads first: in a browser bundle SEA finds Gun
 * through `window.GUN`, and without it falls back to a CommonJS `require('./gun')` that a
 * bundled page does not have.
 *
 * @example
 * const sea = await loadSea(); // then narrow it to the functions you use
 */
export function loadSea(): Promise<unknown> {
  loading ??= quietImport(async () => {
    await import('gun/gun.js');
    return (await import('gun/sea.js')).default;
  });
  return loading;
}
