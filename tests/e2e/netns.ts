import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The network namespace WebRTC in Chromium runs in for tests and benchmarks, so host
// candidates and Chromium's mDNS never reach a real network (shared notes: network safety).

const root = join(import.meta.dirname, '..', '..');

/**
 * Makes network namespace `name`: loopback plus a veth pair whose BOTH ends stay inside, with
 * a default route (without one Chromium gathers no candidates). Needs root. If setting it up
 * fails, the namespace is removed again and the error thrown.
 *
 * @example
 * makeTestNetns('cc-e2e-42');
 * try {
 *   execFileSync('ip', ['netns', 'exec', 'cc-e2e-42', 'chromium', '--headless']);
 * } finally {
 *   deleteNetns('cc-e2e-42');
 * }
 */
export function makeTestNetns(name: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`making network namespace ${name} (ip netns) needs root`);
  }
  const ip = (...args: string[]) =>
    execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  ip('netns', 'add', name);
  try {
    ip('-n', name, 'link', 'set', 'lo', 'up');
    ip('-n', name, 'link', 'add', 'cc0', 'type', 'veth', 'peer', 'name', 'cc1');
    ip('-n', name, 'addr', 'add', '10.233.0.1/24', 'dev', 'cc0');
    ip('-n', name, 'addr', 'add', '10.233.0.2/24', 'dev', 'cc1');
    ip('-n', name, 'link', 'set', 'cc0', 'up');
    ip('-n', name, 'link', 'set', 'cc1', 'up');
    ip('-n', name, 'route', 'add', 'default', 'via', '10.233.0.2', 'dev', 'cc0');
  } catch (error) {
    deleteNetns(name);
    throw error;
  }
}

/**
 * Removes network namespace `name`, if it is there.
 *
 * @example
 * process.on('exit', () => deleteNetns('cc-e2e-42'));
 */
export function deleteNetns(name: string): void {
  try {
    execFileSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
  } catch {
    // never made, or already gone
  }
}

/** How `runTsxInTestNetns` runs its file. */
export interface RunTsxInTestNetnsOptions {
  /** Added to this process's environment; `CC_E2E_NETNS` is set to the namespace's name. */
  env: Record<string, string>;
  /** Kills the run after this long. */
  timeoutMs: number;
}

/**
 * Makes test namespace `name` (see `makeTestNetns`), runs TypeScript `file` with tsx in it,
 * removes the namespace and returns what the run printed on stdout (its stderr goes to ours).
 *
 * @example
 * const output = runTsxInTestNetns(`cc-mesh-${process.pid}`, thisFile, {
 *   env: { CC_MESH_BENCH_DIST: dist },
 *   timeoutMs: 15 * 60_000,
 * });
 */
export function runTsxInTestNetns(
  name: string,
  file: string,
  { env, timeoutMs }: RunTsxInTestNetnsOptions,
): string {
  makeTestNetns(name);
  try {
    const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
    return execFileSync('ip', ['netns', 'exec', name, process.execPath, tsx, file], {
      env: { ...process.env, CC_E2E_NETNS: name, ...env },
      encoding: 'utf8',
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } finally {
    deleteNetns(name);
  }
}
