import type { Address } from 'viem';
import * as z from 'zod/mini';
import { AppError } from './errors.ts';

const address = z.custom<Address>(
  (value) => typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value),
  'expected a 0x address',
);
const url = z
  .string()
  .check(z.regex(/^(https?|wss?):\/\/\S+$/, 'expected an http(s) or ws(s) URL'));

/** Hardhat's local chain; the only chain on which the burner wallet is offered. */
export const LOCAL_CHAIN_ID = 31337;

const appConfigSchema = z.object({
  /** Prefix of every graph path, so deployments never read each other's rooms. */
  appName: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
  chain: z.object({
    id: z.number().check(z.int(), z.positive()),
    name: z.string(),
    rpcUrl: url,
    communityAccess: address,
    deploymentBlock: z.number().check(z.int(), z.nonnegative()),
    blockExplorer: z.optional(url),
  }),
  ens: z.object({
    chainId: z.number().check(z.int(), z.positive()),
    rpcUrl: url,
    /** Set for a local chain with test resolvers; production uses viem's default. */
    universalResolver: z.optional(address),
  }),
  gun: z.object({ relays: z.array(url).check(z.minLength(1)) }),
  xmtp: z.object({
    env: z.enum(['local', 'dev', 'production']),
    apiUrl: z.optional(url),
  }),
  iceServers: z.array(
    z.object({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.optional(z.string()),
      credential: z.optional(z.string()),
    }),
  ),
  access: z.object({
    /** How long a positive hasAccess answer may be reused while the RPC is down. */
    graceMs: z.number().check(z.int(), z.nonnegative()),
  }),
  /** Offer the burner wallet (dev accounts); refused unless the chain is local. */
  burner: z.boolean(),
});

export type AppConfig = z.infer<typeof appConfigSchema>;

/**
 * Validates raw JSON into an AppConfig, or throws a CONFIG_INVALID AppError naming the field.
 *
 * @example
 * const config = parseAppConfig(await (await fetch('./config.json')).json());
 */
export function parseAppConfig(raw: unknown): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw AppError.config(`${where}: ${issue?.message ?? 'invalid'}`);
  }
  const config = result.data;
  if (config.burner && config.chain.id !== LOCAL_CHAIN_ID) {
    throw AppError.config(`burner: only allowed on the local chain ${LOCAL_CHAIN_ID}`);
  }
  return config;
}
