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
import WebWorker from 'web-worker';

/**
 * Wraps `globalThis.fetch` so `file:` URLs are read from disk. Written to be stringified
 * into the worker bootstrap, so it uses nothing from outside its own body.
 */
function installFileFetch(): void {
  const marker = Symbol.for('xmtp-in-node.fileFetch');
  const g = globalThis as typeof globalThis & { [key: symbol]: unknown };
  if (g[marker] === true) return;
  g[marker] = true;
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith('file:')) return networkFetch(input, init);
    const { readFile } = await import('node:fs/promises');
    const body = await readFile(new URL(url));
    const type = url.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    return new Response(body, { headers: { 'content-type': type } });
  };
}

function workerScriptUrl(url: string | URL): string {
  const href = String(url);
  if (!href.startsWith('file:')) return href;
  const last = new URL(href).pathname.split('/').pop() ?? '';
  return last.includes('.') ? href : `${href}.js`;
}

function bootstrapUrl(script: string): string {
  const source = `(${installFileFetch.toString()})();\nawait import(${JSON.stringify(script)});\n`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

/** A `Worker` that starts `url` (extension fixed) behind the `file:`-fetch bootstrap. */
class NodeWorker extends WebWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(bootstrapUrl(workerScriptUrl(url)), { ...options, type: 'module' });
  }
}

installFileFetch();
if (typeof globalThis.Worker !== 'function') {
  globalThis.Worker = NodeWorker as unknown as typeof Worker;
}
