import { parseArgs } from 'node:util';
import { DeployError } from './errors.ts';
import { DEFAULT_GATEWAY } from './gateway.ts';

/** Options shared by build:arweave and deploy:arweave. */
export interface ArweaveCliOptions {
  config: string | undefined;
  wallet: string | undefined;
  gateway: string;
  dryRun: boolean;
  yes: boolean;
  skipBuild: boolean;
  generateWallet: string | undefined;
  journal: string;
  help: boolean;
}

/** Printed by --help. */
export const USAGE = `Usage: npm run deploy:arweave -- [options]
  --wallet <path>           Arweave JWK key file (or env ARWEAVE_WALLET)
  --gateway <url>           gateway to upload through (default ${DEFAULT_GATEWAY})
  --dry-run                 list files, sizes and the price; upload nothing
  --yes                     do not ask before paying
  --config <file>           complete site config instead of config/production.json
                            + deployments/42161.json
  --skip-build              deploy dist/ as it is
  --journal <path>          upload journal (default .local/arweave-journal.json)
  --generate-wallet <path>  write a new wallet key file and exit
`;

function parseKnownArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string' },
      wallet: { type: 'string' },
      gateway: { type: 'string' },
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      'skip-build': { type: 'boolean' },
      'generate-wallet': { type: 'string' },
      journal: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}

/**
 * Parses the command line of the Arweave scripts; unknown flags are a USAGE error so a
 * typo never turns a paid upload into something unintended.
 *
 * @example
 * const options = parseCliOptions(process.argv.slice(2), process.env);
 */
export function parseCliOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): ArweaveCliOptions {
  let parsed: ReturnType<typeof parseKnownArgs>;
  try {
    parsed = parseKnownArgs(argv);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DeployError('USAGE', `${reason}\n\n${USAGE}`, { cause });
  }
  const values = parsed.values;
  return {
    config: values.config,
    wallet: values.wallet ?? (env.ARWEAVE_WALLET || undefined),
    gateway: values.gateway ?? DEFAULT_GATEWAY,
    dryRun: values['dry-run'] ?? false,
    yes: values.yes ?? false,
    skipBuild: values['skip-build'] ?? false,
    generateWallet: values['generate-wallet'],
    journal: values.journal ?? '.local/arweave-journal.json',
    help: values.help ?? false,
  };
}
