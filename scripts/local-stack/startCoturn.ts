import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/**
 * coturn's server: on the PATH, or where Debian's `coturn` package and Homebrew put it
 * (`/usr/bin`, `/opt/homebrew/bin`, `/usr/local/bin`); Debian's path when none is there.
 */
export const TURNSERVER_PATH =
  [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/opt/homebrew/bin', '/usr/local/bin']
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, 'turnserver'))
    .find((path) => existsSync(path)) ?? '/usr/bin/turnserver';

/** Printed by `npm start` when coturn is not installed. */
export const COTURN_HINT =
  'turn       not started: install coturn (apt-get install coturn, or brew install coturn) for TURN and privacy mode';

/** Where and how {@link startCoturn} runs coturn. */
export interface StartCoturnParameters {
  /** Address coturn listens and relays on: 127.0.0.1, or a namespace's address in tests. */
  ip: string;
  /** UDP and TCP port of the listener. */
  port: number;
  /** Relay ports (one per allocation) come from this range. */
  relayPorts: { min: number; max: number };
  /** Shared with the gate (`static-auth-secret`): whoever holds it can mint credentials. */
  secret: string;
  /** Folder for coturn's log, pid file and (unused) user database. */
  dataDir: string;
  /** The binary; default {@link TURNSERVER_PATH}. */
  binary?: string;
  /** Runs it under this command, e.g. `['ip', 'netns', 'exec', '<ns>']` in a test namespace. */
  wrapper?: readonly string[];
}

/** A running coturn. */
export interface RunningCoturn {
  /** `turn:<ip>:<port>` over UDP and TCP, for iceServers. */
  urls: string[];
  stop(): Promise<void>;
}

/** Whether coturn is installed. */
export function hasCoturn(binary = TURNSERVER_PATH): boolean {
  return existsSync(binary);
}

/**
 * Starts coturn with the shared-secret REST scheme (`use-auth-secret`): it accepts only
 * credentials that a holder of `secret` (the gate) made, until the expiry in their username.
 * No TLS (loopback and test namespaces only), no CLI, no config file.
 *
 * @example
 * const turn = await startCoturn({ ip: '127.0.0.1', port: 3478, relayPorts: { min: 49160, max: 49200 },
 *   secret, dataDir: '.local/coturn' });
 */
export async function startCoturn(parameters: StartCoturnParameters): Promise<RunningCoturn> {
  const { ip, port, relayPorts, secret, dataDir } = parameters;
  await mkdir(dataDir, { recursive: true });
  const args = [
    '-n',
    `--listening-ip=${ip}`,
    `--listening-port=${port}`,
    `--relay-ip=${ip}`,
    `--min-port=${relayPorts.min}`,
    `--max-port=${relayPorts.max}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=community-chats',
    '--fingerprint',
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    '--no-software-attribute',
    `--pidfile=${join(dataDir, 'turnserver.pid')}`,
    `--userdb=${join(dataDir, 'turndb')}`,
    '--log-file=stdout',
    '--simple-log',
    // On loopback, peers are loopback addresses too; coturn refuses them unless told.
    ...(ip.startsWith('127.') ? ['--allow-loopback-peers'] : []),
  ];
  const [command, ...rest] = [
    ...(parameters.wrapper ?? []),
    parameters.binary ?? TURNSERVER_PATH,
    ...args,
  ];
  const child = spawn(command ?? TURNSERVER_PATH, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  await ready(child);
  return {
    urls: [`turn:${ip}:${port}?transport=udp`, `turn:${ip}:${port}?transport=tcp`],
    stop: () => stop(child),
  };
}

/** Resolves once coturn says its servers are up; rejects if it exits or stays silent for 10 s. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`coturn did not start within 10 s:\n${output.slice(-2_000)}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      // Keep only the tail: coturn logs every allocation for as long as it runs.
      output = (output + chunk.toString()).slice(-4_000);
      if (!output.includes('Total General servers')) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`coturn exited with ${code}:\n${output.slice(-2_000)}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
