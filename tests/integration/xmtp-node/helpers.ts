/**
 * Test helpers: real `@xmtp/browser-sdk` clients (under Node, see tests/support) with viem
 * local accounts as EOA signers (or owners of test contract wallets), pointed at a local
 * XMTP node.
 */
import '../../support/xmtpInNode.ts';
import {
  Client,
  type ClientOptions,
  type DecodedMessage,
  IdentifierKind,
  LogLevel,
  type Signer,
} from '@xmtp/browser-sdk';
import { toBytes } from 'viem';
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';

export { counterfactualWallet, deployContractWallet } from '../chainFixture.ts';

/** A test user: a wallet and one SDK client (one installation, in-memory database). */
export interface TestUser {
  account: PrivateKeyAccount;
  /** The lower-cased address, as the XMTP identifier. */
  address: string;
  signer: Signer;
  client: Client<unknown>;
}

/** An EOA signer for a viem local account: identifier = lower-cased address. */
export function eoaSigner(account: PrivateKeyAccount): Signer {
  return {
    type: 'EOA',
    getIdentifier: () => ({
      identifier: account.address.toLowerCase(),
      identifierKind: IdentifierKind.Ethereum,
    }),
    signMessage: async (message: string) => toBytes(await account.signMessage({ message })),
  };
}

/** Client options for a node URL. Built as a variable: inline objects lose `apiUrl` (TS2353). */
export function clientOptions(apiUrl: string, dbPath: string | null = null): ClientOptions {
  const options = {
    env: 'local',
    apiUrl,
    dbPath,
    loggingLevel: LogLevel.Off,
    // No history-sync server runs here; device sync itself still uses the node.
    historySyncUrl: null,
  } satisfies ClientOptions;
  return options;
}

/** Creates (and registers) a new user on the node at `apiUrl`. */
export async function createUser(apiUrl: string): Promise<TestUser> {
  const account = privateKeyToAccount(generatePrivateKey());
  const signer = eoaSigner(account);
  const client = await Client.create(signer, clientOptions(apiUrl));
  return { account, address: account.address.toLowerCase(), signer, client };
}

/** The text of a decoded message, or undefined for non-text content (e.g. group updates). */
export function textOf(message: DecodedMessage<unknown>): string | undefined {
  return typeof message.content === 'string' ? message.content : undefined;
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Collects text messages from an SDK stream until `done` says so or the time runs out. */
export async function collectTexts(
  stream: AsyncIterable<DecodedMessage<unknown> | undefined>,
  done: (texts: string[]) => boolean,
  timeoutMs = 20_000,
): Promise<string[]> {
  const texts: string[] = [];
  const timer = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), timeoutMs),
  );
  const iterator = stream[Symbol.asyncIterator]();
  while (!done(texts)) {
    const next = await Promise.race([iterator.next(), timer]);
    if (next === 'timeout' || next.done === true) break;
    const text = next.value === undefined ? undefined : textOf(next.value);
    if (text !== undefined) texts.push(text);
  }
  return texts;
}
