import { DeployError } from './errors.ts';

/**
 * Runs a CLI body: a DeployError prints its message alone (it already says what to do),
 * anything else prints with its stack; both exit 1.
 */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof DeployError) console.error(`\n${error.message}`);
    else console.error(error);
    process.exitCode = 1;
  }
}
