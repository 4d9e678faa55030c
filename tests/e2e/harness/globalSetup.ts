import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSiteOnce } from '../../../scripts/local-stack/appServer.ts';
import { compileContracts } from '../../../scripts/local-stack/compile.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    builtDir: string;
  }
}

/**
 * Once per e2e run: compile the contracts and build the production site the tests serve (or
 * take the build `npm test` made while the other tiers ran), copied into a folder of this
 * run's own, so that a build made by another run meanwhile never changes what this one serves.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  compileContracts();
  const runDir = await mkdtemp(join(tmpdir(), 'cc-e2e-dist-'));
  const site = await buildSiteOnce(join(import.meta.dirname, '..', '..', '..', '.local', 'site'));
  const builtDir = join(runDir, 'dist');
  await cp(site.dir, builtDir, { recursive: true });
  project.provide('builtDir', builtDir);
  return () => rm(runDir, { recursive: true, force: true });
}
