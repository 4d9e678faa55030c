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
 * Without OPFS a client must use `dbPath: null` (in memory; each create is a new
 * installation): with a path the worker fails on `navigator.storage.getDirectory`.
 * `useOpfsDirectory(dir)` gives later workers a small OPFS stand-in on a real directory
 * (the calls sqlite's OPFS "sahpool" VFS makes), so a database persists across clients.
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

// OPFS on a directory: directory and file handles, and synchronous access handles on file
// descriptors (read/write at an offset, truncate, getSize, flush, close).
const WORKER_OPFS = (root: string): string => `
import fs from 'node:fs';
import { join } from 'node:path';
const notFound = (name) => new DOMException(name + ' not found', 'NotFoundError');
class SyncAccessHandle {
  constructor(path) { this.fd = fs.openSync(path, 'r+'); }
  read(buffer, options) { return fs.readSync(this.fd, buffer, 0, buffer.byteLength, options?.at ?? 0); }
  write(buffer, options) { return fs.writeSync(this.fd, buffer, 0, buffer.byteLength, options?.at ?? 0); }
  truncate(size) { fs.ftruncateSync(this.fd, size); }
  getSize() { return fs.fstatSync(this.fd).size; }
  flush() { fs.fdatasyncSync(this.fd); }
  close() { if (this.fd !== undefined) fs.closeSync(this.fd); this.fd = undefined; }
}
class FileHandle {
  constructor(path, name) { this.path = path; this.name = name; this.kind = 'file'; }
  async createSyncAccessHandle() { return new SyncAccessHandle(this.path); }
}
class DirectoryHandle {
  constructor(path, name) { this.path = path; this.name = name; this.kind = 'directory'; }
  async getDirectoryHandle(name, options) {
    const path = join(this.path, name);
    if (!fs.existsSync(path)) { if (!options?.create) throw notFound(name); fs.mkdirSync(path, { recursive: true }); }
    return new DirectoryHandle(path, name);
  }
  async getFileHandle(name, options) {
    const path = join(this.path, name);
    if (!fs.existsSync(path)) { if (!options?.create) throw notFound(name); fs.writeFileSync(path, ''); }
    return new FileHandle(path, name);
  }
  async removeEntry(name, options) { fs.rmSync(join(this.path, name), { recursive: !!options?.recursive }); }
  async *entries() {
    for (const entry of fs.readdirSync(this.path, { withFileTypes: true })) {
      const path = join(this.path, entry.name);
      yield [entry.name, entry.isDirectory() ? new DirectoryHandle(path, entry.name) : new FileHandle(path, entry.name)];
    }
  }
  async *keys() { for await (const [name] of this.entries()) yield name; }
  async *values() { for await (const [, handle] of this.entries()) yield handle; }
}
fs.mkdirSync(${JSON.stringify(root)}, { recursive: true });
const rootHandle = new DirectoryHandle(${JSON.stringify(root)}, '');
Object.defineProperty(globalThis.navigator, 'storage', {
  value: { getDirectory: async () => rootHandle }, configurable: true,
});
`;

let opfsRoot: string | undefined;

/**
 * Workers started after this call see `dir` as their OPFS root, so a client created with a
 * `dbPath` keeps its database there; `undefined` turns it off. One client per directory
 * at a time, as one browser origin.
 */
export function useOpfsDirectory(dir: string | undefined): void {
  opfsRoot = dir;
}

function workerScriptUrl(url: string | URL): string {
  const href = String(url);
  if (!href.startsWith('file:')) return href;
  const last = new URL(href).pathname.split('/').pop() ?? '';
  return last.includes('.') ? href : `${href}.js`;
}

function bootstrapUrl(script: string): string {
  const opfs = opfsRoot === undefined ? '' : WORKER_OPFS(opfsRoot);
  const source = `${WORKER_FILE_FETCH}${opfs}\nawait import(${JSON.stringify(script)});\n`;
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
