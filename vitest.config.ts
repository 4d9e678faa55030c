import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { QuietFirstSequencer } from './tests/e2e/harness/QuietFirstSequencer.ts';

export default defineConfig({
  test: {
    sequence: { sequencer: QuietFirstSequencer },
    projects: [
      {
        plugins: [svelte()],
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          // Unit tests share no state but the modules they import: importing them once per
          // worker instead of once per file takes the tier from ~56 s to ~12 s here. Not the
          // integration and e2e tiers: what one file leaves running (Gun peers' timers, sockets)
          // then shares a process with the next, and a clean-clone run flaked floodGraph and
          // caught a stray ECONNRESET during turnNat.
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/tempRoot.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/tempRoot.ts', 'tests/e2e/harness/globalSetup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
