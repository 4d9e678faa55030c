import { createTransport, type EIP1193RequestFn, type Transport } from 'viem';

/**
 * Requests per second the app sends its chain RPC when `config.chain.maxReadsPerSecond` says
 * nothing: below the free tiers of public RPCs (which answer 429 past about 10 to 25).
 */
export const DEFAULT_CHAIN_READS_PER_SECOND = 10;

export interface RateLimitedTransportOptions {
  /** Most requests started within any one second. */
  requestsPerSecond: number;
}

/**
 * Wraps a viem transport so the RPC behind it is never asked faster than it allows: requests
 * start in order, never more than `requestsPerSecond` within any one second. The inner transport keeps its own retries (viem's http waits as a 429's
 * `Retry-After` says); this one adds none.
 *
 * @example
 * const client = createPublicClient({
 *   chain: arbitrum,
 *   transport: rateLimitedTransport(http(config.chain.rpcUrl), { requestsPerSecond: 10 }),
 * });
 */
export function rateLimitedTransport(
  transport: Transport,
  { requestsPerSecond }: RateLimitedTransportOptions,
): Transport {
  const turn = pacer(requestsPerSecond);
  return (parameters) => {
    const inner = transport(parameters);
    const request: EIP1193RequestFn = async (args, options) => {
      await turn();
      return inner.request(args, options);
    };
    return createTransport(
      {
        key: inner.config.key,
        name: inner.config.name,
        type: inner.config.type,
        request,
        retryCount: 0,
        timeout: inner.config.timeout,
      },
      inner.value,
    );
  };
}

/** Resolves waiters first in, first out, never more than `perSecond` in any one second. */
function pacer(perSecond: number): () => Promise<void> {
  const most = Math.max(1, Math.floor(perSecond));
  /** When the last `most` requests started, oldest first. */
  const starts: number[] = [];
  const waiting: Array<() => void> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drain = () => {
    timer = undefined;
    const now = Date.now();
    while (starts.length > 0 && (starts[0] ?? now) <= now - 1_000) starts.shift();
    while (waiting.length > 0 && starts.length < most) {
      starts.push(now);
      waiting.shift()?.();
    }
    if (waiting.length > 0) timer = setTimeout(drain, (starts[0] ?? now) + 1_000 - now);
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (timer === undefined) drain();
    });
}
