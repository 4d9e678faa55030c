/**
 * XMTP through the local node, with the real browser SDK under Node (tests/support):
 * delivery latency from `sendText` to the message streamed on the other member's side, and
 * client start fresh versus reopening a persisted database (OPFS stood in for by a
 * directory; in Chromium the database lives in real OPFS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Group } from '@xmtp/browser-sdk';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startXmtpNode } from '../scripts/xmtp-node/index.ts';
import {
  clientOptions,
  createUser,
  eoaSigner,
  textOf,
} from '../tests/integration/xmtp-node/helpers.ts';
import { useOpfsDirectory } from '../tests/support/xmtpInNode.ts';
import { type Figures, median, percentile } from './figures.ts';

const MESSAGES = 80;
const WARMUP = 5;
const STARTS = 5;

async function deliveryLatencies(apiUrl: string): Promise<{ delivery: number[]; send: number[] }> {
  const alice = await createUser(apiUrl);
  const bob = await createUser(apiUrl);
  try {
    const group = await alice.client.conversations.createGroup([bob.client.inboxId ?? '']);
    await bob.client.conversations.sync();
    const bobGroup = (await bob.client.conversations.getConversationById(
      group.id,
    )) as Group<unknown>;
    const waiting = new Map<string, (at: number) => void>();
    const stream = await bobGroup.stream({
      onValue: (message) => waiting.get(textOf(message) ?? '')?.(performance.now()),
    });
    const delivery: number[] = [];
    const send: number[] = [];
    for (let i = 0; i < WARMUP + MESSAGES; i += 1) {
      const text = `bench ${i}`;
      const arrived = new Promise<number>((resolve) => waiting.set(text, resolve));
      const started = performance.now();
      await group.sendText(text);
      const sent = performance.now();
      const at = await arrived;
      waiting.delete(text);
      if (i >= WARMUP) {
        delivery.push(at - started);
        send.push(sent - started);
      }
    }
    await stream.end();
    return { delivery, send };
  } finally {
    alice.client.close();
    bob.client.close();
  }
}

async function startTimes(apiUrl: string): Promise<{ fresh: number[]; persisted: number[] }> {
  const fresh: number[] = [];
  for (let i = 0; i < STARTS; i += 1) {
    const signer = eoaSigner(privateKeyToAccount(generatePrivateKey()));
    const started = performance.now();
    const client = await Client.create(signer, clientOptions(apiUrl, null));
    fresh.push(performance.now() - started);
    client.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'xmtp-bench-opfs-'));
  const persisted: number[] = [];
  try {
    useOpfsDirectory(dir);
    const signer = eoaSigner(privateKeyToAccount(generatePrivateKey()));
    (await Client.create(signer, clientOptions(apiUrl, 'bench.db3'))).close();
    for (let i = 0; i < STARTS; i += 1) {
      const started = performance.now();
      const client = await Client.create(signer, clientOptions(apiUrl, 'bench.db3'));
      persisted.push(performance.now() - started);
      client.close();
    }
  } finally {
    useOpfsDirectory(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  return { fresh, persisted };
}

/** Runs the XMTP bench against a node of its own on a free port. */
export default async function xmtpBench(): Promise<Figures> {
  const node = await startXmtpNode({ port: 0 });
  try {
    const { delivery, send } = await deliveryLatencies(node.url);
    const { fresh, persisted } = await startTimes(node.url);
    return {
      'xmtp.delivery.median': {
        value: median(delivery),
        unit: 'ms',
        note: `median of ${MESSAGES}, send -> streamed`,
      },
      'xmtp.delivery.p95': {
        value: percentile(delivery, 95),
        unit: 'ms',
        note: `p95 of ${MESSAGES}`,
      },
      'xmtp.send.median': {
        value: median(send),
        unit: 'ms',
        note: `sendText resolved, median of ${MESSAGES}`,
      },
      'xmtp.clientStart.fresh': {
        value: median(fresh),
        unit: 'ms',
        note: `Client.create, new installation, no database, median of ${STARTS}`,
      },
      'xmtp.clientStart.persisted': {
        value: median(persisted),
        unit: 'ms',
        note: `Client.create reopening its database, median of ${STARTS}`,
      },
    };
  } finally {
    await node.close();
  }
}
