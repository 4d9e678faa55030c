import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite } from '../../../scripts/local-stack/app-server.ts';
import { compileContracts } from '../../../scripts/local-stack/compile.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    builtDir: string;
  }
}

/** Once per e2e run: compile the contracts and build the production site the tests serve. */
export default async function setup(project: TestProject): Promise<void> {
  compileContracts();
  const builtDir = join(import.meta.dirname, '..', '..', '..', '.local', 'e2e-dist');
  await buildSite(builtDir);
  project.provide('builtDir', builtDir);
}
