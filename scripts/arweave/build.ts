// `npm run build:arweave`: the production site in dist/ with its config.json.
import { resolve } from 'node:path';
import { buildSite } from './buildSite.ts';
import { parseCliOptions, USAGE } from './cliOptions.ts';
import { resolveSiteConfig } from './resolveSiteConfig.ts';
import { runCli } from './runCli.ts';

await runCli(async () => {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  if (options.help) return void console.info(USAGE);
  const root = process.cwd();
  const config = await resolveSiteConfig({ root, configFile: options.config });
  const version = await buildSite({ root, outDir: resolve(root, 'dist'), config, verbose: true });
  console.info(`built dist/ for ${config.chain.name} (${config.chain.id}), version ${version}`);
});
