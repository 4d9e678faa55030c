import { createPublicClient, custom } from 'viem';
import { hardhat } from 'viem/chains';
import { afterEach, expect, it, vi } from 'vitest';
import { rateLimitedTransport } from './rateLimitedTransport.ts';

afterEach(() => {
  vi.useRealTimers();
});

it('never starts more requests than the RPC allows per second, and answers each in order', async () => {
  vi.useFakeTimers();
  const started: number[] = [];
  const rpc = {
    request: async ({ method }: { method: string }) => {
      started.push(Date.now());
      return method === 'eth_chainId' ? '0x7a69' : '0x0';
    },
  };
  const client = createPublicClient({
    chain: hardhat,
    transport: rateLimitedTransport(custom(rpc, { retryCount: 0 }), { requestsPerSecond: 5 }),
  });
  const t0 = Date.now();
  const answers = Array.from({ length: 12 }, (_, i) =>
    client.getBalance({ address: `0x${(i + 1).toString(16).padStart(40, '0')}` }),
  );
  await vi.advanceTimersByTimeAsync(0);
  expect(started).toHaveLength(5); // one second's worth at once
  await vi.advanceTimersByTimeAsync(1_000);
  expect(started).toHaveLength(10);
  await vi.advanceTimersByTimeAsync(1_000);
  expect(await Promise.all(answers)).toEqual(Array(12).fill(0n));
  for (const at of started) {
    expect(started.filter((other) => other >= at && other < at + 1_000).length).toBeLessThanOrEqual(
      5,
    );
  }
  expect(Math.max(...started) - t0).toBe(2_000); // the last two waited for the third second
});
