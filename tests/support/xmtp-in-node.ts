/**
 * Lets the real `@xmtp/browser-sdk` run under Node 22 (tests and bench). Import it before
 * the SDK. Real browsers need none of this. Found by trying, three gaps:
 * 1. There is no global `Worker`: the npm `web-worker` package provides one on worker_threads.
 * 2. The SDK starts its worker from an extension-less URL (`./workers/client`), which Node's
 *    module loader cannot resolve: `.js` is added.
 * 3. wasm-bindgen loads the `.wasm` with `fetch(new URL(..., import.meta.url))`, a `file:`
 *    URL that Node's fetch refuses. Both this thread and every worker get a `fetch` that
 *    reads `file:` URLs from disk; the worker gets it from a small bootstrap module that
 *    installs it and then imports the real worker script.
 */
import { readFile } from 'node:fs/promises';
import WebWorker from 'web-worker';

/** Wraps `globalThis.fetch` in this thread so `file:` URLs are read from disk. */
function installFileFetch(): void {
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith('file:')) return networkFetch(input, init);
    const type = url.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    return new Response(await readFile(new URL(url)), { headers: { 'content-type': type } });
  };
}

// The same wrapper for worker threads, as source: a stringified function would carry the
// test runner's transforms (vitest rewrites dynamic imports) into a thread without them.
const WORKER_FILE_FETCH = `
import { readFile } from 'node:fs/promises';
const networkFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith('file:')) return networkFetch(input, init);
  const type = url.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
  return new Response(await readFile(new URL(url)), { headers: { 'content-type': type } });
};
`;

function workerScriptUrl(url: string | URL): string {
  const href = String(url);
  if (!href.startsWith('file:')) return href;
  const last = new URL(href).pathname.split('/').pop() ?? '';
  return last.includes('.') ? href : `${href}.js`;
}

function bootstrapUrl(script: string): string {
  const source = `${WORKER_FILE_FETCH}\nawait import(${JSON.stringify(script)});\n`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

/** A `Worker` that starts `url` (extension fixed) behind the `file:`-fetch bootstrap. */
class NodeWorker extends WebWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(bootstrapUrl(workerScriptUrl(url)), { ...options, type: 'module' });
  }
}

const installed = Symbol.for('xmtp-in-node.installed');
const scope = globalThis as typeof globalThis & { [installed]?: true };
if (scope[installed] !== true) {
  scope[installed] = true;
  installFileFetch();
}
if (typeof globalThis.Worker !== 'function') {
  globalThis.Worker = NodeWorker as unknown as typeof Worker;
}
