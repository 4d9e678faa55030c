import { parseArgs } from 'node:util';
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

/**
 * Parses the command line of the Arweave scripts; unknown flags are an error so a typo
 * never turns a paid upload into something unintended.
 */
export function parseCliOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): ArweaveCliOptions {
  const { values } = parseArgs({
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
