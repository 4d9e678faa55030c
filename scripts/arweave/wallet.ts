import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import Arweave from 'arweave';
import type { JWKInterface } from 'arweave/node/lib/wallet.js';
import { DeployError } from './errors.ts';

/** Told to anyone who runs a deploy without a wallet. */
export const WALLET_HELP = [
  'An Arweave wallet (a JWK key file) pays for the upload. Give it with',
  '  --wallet <path>   or   ARWEAVE_WALLET=<path>',
  'To make one:',
  '  npm run deploy:arweave -- --generate-wallet ~/.arweave/wallet.jwk.json',
  '  (or create one in Wander or arweave.app and export the key file),',
  'then fund its address with AR. Keep the file out of the repository;',
  '.gitignore already skips *.jwk.json and wallet.json.',
].join('\n');

const RSA_FIELDS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/**
 * Checks that `raw` is a private RSA JWK as Arweave uses, or throws WALLET_INVALID. A public
 * key alone cannot sign, so it is refused here rather than at the first post.
 *
 * @example
 * const jwk = parseWallet(JSON.parse(text), 'wallet.jwk.json');
 */
export function parseWallet(raw: unknown, source: string): JWKInterface {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DeployError('WALLET_INVALID', `${source} is not a JWK object.\n${WALLET_HELP}`);
  }
  const record = raw as Record<string, unknown>;
  if (record.kty !== 'RSA') {
    throw new DeployError('WALLET_INVALID', `${source}: expected "kty": "RSA" (an Arweave key).`);
  }
  const missing = RSA_FIELDS.filter((field) => typeof record[field] !== 'string');
  if (missing.length > 0) {
    throw new DeployError(
      'WALLET_INVALID',
      `${source}: not a private Arweave key, missing ${missing.join(', ')}.`,
    );
  }
  return record as unknown as JWKInterface;
}

/**
 * Reads and validates the JWK file at `path`; WALLET_MISSING if it does not exist,
 * WALLET_INVALID if it is not a private Arweave key.
 *
 * @example
 * const jwk = await loadWallet(process.env.ARWEAVE_WALLET);
 */
export async function loadWallet(path: string | undefined): Promise<JWKInterface> {
  if (!path) throw new DeployError('WALLET_MISSING', `No wallet given.\n${WALLET_HELP}`);
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new DeployError('WALLET_MISSING', `Cannot read wallet ${path}.\n${WALLET_HELP}`, {
      cause,
    });
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new DeployError('WALLET_INVALID', `${path} is not valid JSON.\n${WALLET_HELP}`, {
      cause,
    });
  }
  return parseWallet(raw, path);
}

/**
 * Generates a new Arweave key (offline) into `path`, readable by the owner only, and
 * returns its address. Refuses to overwrite an existing file: that could destroy funds.
 *
 * @example
 * const address = await generateWallet('wallet.jwk.json');
 */
export async function generateWallet(path: string): Promise<string> {
  const arweave = Arweave.init({});
  const jwk = await arweave.wallets.generate();
  const handle = await open(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
    0o600,
  ).catch((cause: unknown) => {
    throw new DeployError('WALLET_EXISTS', `Not overwriting ${path}.`, { cause });
  });
  try {
    await handle.writeFile(`${JSON.stringify(jwk)}\n`);
  } finally {
    await handle.close();
  }
  return arweave.wallets.jwkToAddress(jwk);
}
