import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * e2e files whose pages play no audio: pages, the chain, XMTP and Arweave, mostly waiting on
 * them. `npm test` starts the e2e tier while the integration tier still runs
 * (scripts/runTests.ts), and these files go first, so that no call's audio competes with it for
 * the cores. A file not named here counts as one with audio and runs after them.
 */
const quietE2eFiles = new Set([
  'admin.test.ts',
  'arweave.test.ts',
  'calendar.test.ts',
  'chat.test.ts',
  'communities.test.ts',
  'connect.test.ts',
  'securityPolicy.test.ts',
  'sessionKey.test.ts',
]);

/**
 * Vitest's own order (failed and slow files first), with the e2e files that play no audio
 * moved before the others. Files of the other tiers keep vitest's order.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { sequence: { sequencer: QuietFirstSequencer } } });
 */
export class QuietFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const quiet = (file: TestSpecification) => quietE2eFiles.has(basename(file.moduleId));
    return [...sorted.filter(quiet), ...sorted.filter((file) => !quiet(file))];
  }
}
