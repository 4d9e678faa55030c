import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite } from '../../../scripts/local-stack/appServer.ts';
import { compileContracts } from '../../../scripts/local-stack/compile.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    builtDir: string;
  }
}

/**
 * Once per e2e run: compile the contracts and build the production site the tests serve,
 * into a folder of this run's own (runs side by side must not overwrite each other's build).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  compileContracts();
  const runDir = await mkdtemp(join(tmpdir(), 'cc-e2e-dist-'));
  const builtDir = await buildSite(join(runDir, 'dist'));
  project.provide('builtDir', builtDir);
  return () => rm(runDir, { recursive: true, force: true });
}
