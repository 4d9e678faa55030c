/**
 * Checks `--origin` values: each must be a bare page origin (`scheme://host[:port]`, no path),
 * exactly as a browser sends it in the `Origin` header; duplicates are dropped.
 *
 * @example
 * parseOriginOptions(['http://127.0.0.1:5173']); // ['http://127.0.0.1:5173']
 * parseOriginOptions(['http://127.0.0.1:5173/app']); // throws: not an origin
 */
export function parseOriginOptions(values: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const value of values) {
    let origin: string | null = null;
    try {
      origin = new URL(value).origin;
    } catch {
      origin = null;
    }
    if (origin === null || origin === 'null' || origin !== value) {
      throw new Error(`--origin ${value} is not an origin like http://127.0.0.1:5173`);
    }
    origins.add(origin);
  }
  return [...origins];
}
