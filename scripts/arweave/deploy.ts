// `npm run deploy:arweave`: build with the production config, then publish dist/.
import { resolve } from 'node:path';
import { buildSite } from './buildSite.ts';
import { parseCliOptions, USAGE } from './cliOptions.ts';
import { deploySite } from './deploySite.ts';
import { ALTERNATIVE_GATEWAYS } from './gateway.ts';
import { resolveSiteConfig } from './resolveSiteConfig.ts';
import { runCli } from './runCli.ts';
import { askToConfirm, createProgressBar, printQuote } from './terminal.ts';
import { generateWallet, WALLET_HELP } from './wallet.ts';

await runCli(async () => {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  if (options.help) return void console.info(USAGE);
  if (options.generateWallet) {
    const address = await generateWallet(options.generateWallet);
    console.info(`wrote ${options.generateWallet}; address ${address}`);
    console.info('Fund it with AR, then deploy with --wallet <that file>. Never commit it.');
    return;
  }
  if (!options.wallet && !options.dryRun) {
    // Say so before a build that would be wasted.
    console.error(`No wallet given.\n${WALLET_HELP}`);
    process.exitCode = 1;
    return;
  }
  const root = process.cwd();
  const distDir = resolve(root, 'dist');
  if (!options.skipBuild) {
    const config = await resolveSiteConfig({ root, configFile: options.config });
    await buildSite({ root, outDir: distDir, config });
    console.info(`built dist/ for ${config.chain.name} (${config.chain.id})`);
  }
  const result = await deploySite({
    distDir,
    gatewayUrl: options.gateway,
    wallet: options.wallet,
    journalPath: resolve(root, options.journal),
    dryRun: options.dryRun,
    yes: options.yes,
    confirm: askToConfirm,
    onQuote: printQuote,
    onProgress: createProgressBar(),
    // Local gateways (ArLocal) are for trying things out; keep them out of the record.
    ...(isLoopback(options.gateway)
      ? {}
      : { recordPath: resolve(root, 'deployments', 'arweave.json') }),
  });
  if (!result.manifestId) return void console.info('dry run: nothing was uploaded.');
  console.info(`posted ${result.posted} transactions, reused ${result.reused}`);
  console.info(`manifest ${result.manifestId}`);
  console.info(`site     ${result.url}`);
  for (const gateway of ALTERNATIVE_GATEWAYS) {
    console.info(`also     ${gateway}/${result.manifestId}/`);
  }
  console.info('New transactions are served at once as pending and confirm in a few minutes.');
});

function isLoopback(gatewayUrl: string): boolean {
  const host = new URL(gatewayUrl).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
