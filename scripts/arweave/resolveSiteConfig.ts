import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AppConfig, parseAppConfig } from '../../src/core/config.ts';
import { deployableConfigProblems } from './deployableConfigProblems.ts';
import { DeployError } from './errors.ts';

/** Chain id of Arbitrum One, the production chain. */
export const PRODUCTION_CHAIN_ID = 42161;

/** Parameters of {@link resolveSiteConfig}. */
export interface ResolveSiteConfigParameters {
  /** Repository root; config/ and deployments/ are read from it. */
  root: string;
  /** A complete config file used as is (validated) instead of production + deployment. */
  configFile?: string | undefined;
}

/**
 * The config.json the built site will fetch: `--config <file>` when given, else
 * config/production.json with the contract address and deployment block taken from
 * deployments/42161.json. Validated with the app's own `parseAppConfig`, so a site is
 * never published with a config the app would refuse at startup, then refused
 * (CONFIG_NOT_DEPLOYABLE) while it names a placeholder host, no TURN, or a chain without a
 * deployments file (see {@link deployableConfigProblems}); the message lists every entry.
 *
 * @example
 * const config = await resolveSiteConfig({ root: process.cwd() });
 */
export async function resolveSiteConfig(params: ResolveSiteConfigParameters): Promise<AppConfig> {
  const source = params.configFile ?? join('config', 'production.json');
  const config = await readSiteConfig(params);
  const problems = await deployableConfigProblems(config, params.root);
  if (problems.length > 0) {
    throw new DeployError(
      'CONFIG_NOT_DEPLOYABLE',
      `${source} is not ready to deploy; fill in:\n${problems.map((line) => `  - ${line}`).join('\n')}`,
    );
  }
  return config;
}

/** The config as the site would get it, validated but not yet checked for deployment. */
async function readSiteConfig(params: ResolveSiteConfigParameters): Promise<AppConfig> {
  if (params.configFile) return parseAppConfig(await readJson(params.configFile));
  const base = (await readJson(join(params.root, 'config', 'production.json'))) as {
    chain?: Record<string, unknown>;
  };
  const deploymentPath = join(params.root, 'deployments', `${PRODUCTION_CHAIN_ID}.json`);
  const deployment = (await readJson(deploymentPath).catch((cause: unknown) => {
    throw new DeployError(
      'CONFIG_MISSING',
      `${deploymentPath} not found: deploy the contract first with \`npm run deploy:arbitrum\`, ` +
        'or pass --config <file> with a complete site config.',
      { cause },
    );
  })) as {
    address?: unknown;
    deploymentBlock?: unknown;
    chainId?: unknown;
    meetingScheduler?: unknown;
  };
  if (deployment.chainId !== undefined && deployment.chainId !== PRODUCTION_CHAIN_ID) {
    throw new DeployError(
      'CONFIG_MISSING',
      `${deploymentPath} is for chain ${String(deployment.chainId)}, not ${PRODUCTION_CHAIN_ID}.`,
    );
  }
  return parseAppConfig({
    ...base,
    chain: {
      ...base.chain,
      communityAccess: deployment.address,
      deploymentBlock: deployment.deploymentBlock,
      ...(deployment.meetingScheduler === undefined
        ? {}
        : { meetingScheduler: deployment.meetingScheduler }),
    },
  });
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}
