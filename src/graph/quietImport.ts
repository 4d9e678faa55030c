const silent = () => {};
let depth = 0;
let original: typeof console.log | undefined;

/**
 * Imports a module that loads Gun with Gun's welcome line silenced: Gun prints it with
 * `console.log` while its module evaluates, so only a dynamic import can be wrapped.
 * Overlapping calls share one silence, and `console.log` comes back when the last ends.
 *
 * @example
 * const Gun = await quietImport(() => import('gun/gun.js'));
 */
export async function quietImport<T>(load: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    // biome-ignore lint/suspicious/noConsole: gun prints its welcome line through console.log
    original = console.log;
    console.log = silent;
  }
  try {
    return await load();
  } finally {
    // biome-ignore lint/suspicious/noConsole: restoring what was silenced above
    if (--depth === 0 && console.log === silent && original) console.log = original;
  }
}
