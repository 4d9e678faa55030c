import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: one folder for the run's relay storage (see `tempDataDir`), removed
 * when the run ends. Test workers are stopped without Node's `exit` event, so folders they
 * make cannot clean up after themselves.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-test-'));
  process.env.CC_TEST_TMP = dir;
  return () => rm(dir, { recursive: true, force: true });
}
