/**
 * Chat services on the real browser SDK (under Node) against a local XMTP node: each test
 * member is a ChatService with a viem account as its wallet.
 */

import type { Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { WebChatLock } from '../../src/chat/ChatLock.ts';
import { ChatService } from '../../src/chat/ChatService.ts';
import { MemoryOutboxStorage, Outbox } from '../../src/chat/Outbox.ts';
import type { Verdict } from '../../src/chat/planRoomGroup.ts';
import { FakeAttention } from '../../src/chat/testing.ts';
import { XmtpClientFactory } from '../../src/chat/xmtp/XmtpClientFactory.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Scope } from '../../src/core/Scope.ts';
import { useOpfsDirectory } from '../support/xmtpInNode.ts';

/** One member: a wallet, its chat service and the scope that ends it. */
export interface ChatMember {
  address: Address;
  chat: ChatService;
  scope: Scope;
  attention: FakeAttention;
  connectivity: EventTarget;
}

/**
 * Starts a member's chat on the node at `apiUrl` (fresh wallet unless one is given). With
 * `browserDir` its database persists there, as one browser's OPFS (the same installation
 * and history when started again on the same folder).
 */
export async function startMember(
  apiUrl: string,
  key = generatePrivateKey(),
  browserDir?: string,
): Promise<ChatMember> {
  const account = privateKeyToAccount(key);
  useOpfsDirectory(browserDir);
  const scope = new Scope();
  const memory = new Map<string, string>();
  const attention = new FakeAttention();
  const connectivity = new EventTarget();
  const chat = new ChatService({
    address: account.address,
    sign: (message) => account.signMessage({ message }),
    loadFactory: async () =>
      new XmtpClientFactory({
        env: 'local',
        apiUrl,
        appVersion: 'chat-test/0',
        persist: browserDir !== undefined,
      }),
    lock: new WebChatLock(undefined, 'test'),
    outbox: new Outbox(new MemoryOutboxStorage(), () => crypto.randomUUID()),
    attention,
    memory: {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => void memory.set(k, v),
    },
    connectivity,
    resolveProfile: async (address) => ({ label: address, avatarUrl: null }),
    clock: systemClock,
    scope,
  });
  await chat.start();
  if (chat.status.kind !== 'ready')
    throw new Error(`chat did not start: ${JSON.stringify(chat.status)}`);
  return { address: chat.address, chat, scope, attention, connectivity };
}

/** Polls `check` until it is true, or throws after `timeoutMs` naming `what`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Allowlist or role answers from a set, as the chain would give them; `down` answers nothing. */
export function verdictsFrom(
  set: ReadonlySet<Address>,
  chain: { down: boolean } = { down: false },
) {
  return async (addresses: readonly Address[]): Promise<ReadonlyMap<Address, Verdict>> =>
    new Map(
      addresses.map((a): [Address, Verdict] => [
        a,
        chain.down ? 'unknown' : set.has(a.toLowerCase() as Address) ? 'yes' : 'no',
      ]),
    );
}
