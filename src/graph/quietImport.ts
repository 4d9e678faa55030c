/**
 * Imports a module that loads Gun with Gun's welcome line silenced: Gun prints it with
 * `console.log` while its module evaluates, so only a dynamic import can be wrapped.
 *
 * @example
 * const Gun = await quietImport(() => import('gun/gun.js'));
 */
export async function quietImport<T>(load: () => Promise<T>): Promise<T> {
  // biome-ignore lint/suspicious/noConsole: gun prints its welcome line through console.log
  const log = console.log;
  console.log = () => {};
  try {
    return await load();
  } finally {
    console.log = log;
  }
}
