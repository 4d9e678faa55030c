import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './ports.ts';

const root = join(import.meta.dirname, '..', '..');

/** A `hardhat node` child process on loopback: chain id 31337, the dev accounts funded. */
export interface LocalChain {
  rpcUrl: string;
  stop(): Promise<void>;
}

/** Starts `hardhat node` bound to 127.0.0.1 and waits until it answers JSON-RPC. */
export async function startLocalChain(port: number): Promise<LocalChain> {
  const rpcUrl = `http://127.0.0.1:${port}`;
  // process.execPath is the Node 22 that npm scripts put first on PATH; Hardhat 3 needs it.
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/hardhat/dist/src/cli.js'),
      'node',
      '--hostname',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    await waitFor('the local chain', async () => {
      if (exited) throw new Error(`hardhat node exited:\n${output.join('')}`);
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      return response.ok;
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { rpcUrl, stop: () => stopChild(child) };
}

/** Ends a child process: SIGTERM, then SIGKILL if it lingers. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
