import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

/**
 * Janus's binary: on the PATH, or where Debian's `janus` package or a build from source puts
 * it (`/usr/bin`, `/opt/janus/bin`, `/usr/local/bin`, `/opt/homebrew/bin`); Debian's path when
 * none is there.
 */
export const JANUS_PATH =
  [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/bin',
    '/opt/janus/bin',
    '/usr/local/bin',
    '/opt/homebrew/bin',
  ]
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, 'janus'))
    .find((path) => existsSync(path)) ?? '/usr/bin/janus';

/** Printed by `npm start` when Janus is not installed. */
export const JANUS_HINT =
  'media      not started: install Janus (apt-get install janus; on macOS, build janus-gateway from source) for rooms past the mesh';

/** Where and how {@link startJanus} runs Janus. */
export interface StartJanusParameters {
  /** WebSocket port of the Janus API (members and the gate), on 127.0.0.1. */
  wsPort: number;
  /** WebSocket port of the Admin API (the gate only), on 127.0.0.1. */
  adminWsPort: number;
  /** UDP ports of members' media. */
  rtpPorts: { min: number; max: number };
  /** Secrets only the gate holds: the Janus API (`api_secret`), the Admin API, AudioBridge's `admin_key`. */
  secrets: JanusSecrets;
  /** Folder for the config files Janus reads and the recordings it writes. */
  dataDir: string;
  /** The binary; default {@link JANUS_PATH}. */
  binary?: string;
  /**
   * Interfaces ICE may use (`ice_enforce_list`), e.g. `lo` or a namespace's veth; default
   * every interface of the machine (host candidates only: no STUN, no TURN).
   */
  iceInterfaces?: string;
}

/** The secrets of a Janus that a gate manages. */
export interface JanusSecrets {
  /** `api_secret`: lets the gate use the Janus API without a member token. */
  apiSecret: string;
  /** `admin_secret`: the Admin API (adding and removing members' tokens). */
  adminSecret: string;
  /** AudioBridge's `admin_key`: needed to create rooms. */
  audioBridgeAdminKey: string;
}

/** A running Janus. */
export interface RunningJanus {
  /** `ws://127.0.0.1:<wsPort>`: the Janus API (subprotocol `janus-protocol`). */
  url: string;
  /** `ws://127.0.0.1:<adminWsPort>`: the Admin API (subprotocol `janus-admin-protocol`). */
  adminUrl: string;
  /** Where AudioBridge writes recordings. */
  recordingsDir: string;
  stop(): Promise<void>;
}

/** Whether Janus is installed. */
export function hasJanus(binary = JANUS_PATH): boolean {
  return existsSync(binary);
}

/**
 * Starts Janus with a config folder of its own: token authentication (members need a token
 * the gate added), the WebSocket transport on loopback only, the AudioBridge plugin only
 * (rooms need `admin_key` to be created), and no STUN, TURN or other lookups beyond this
 * machine.
 *
 * @example
 * const janus = await startJanus({ wsPort, adminWsPort, rtpPorts: { min: 40000, max: 40200 },
 *   secrets, dataDir: '.local/janus' });
 */
export async function startJanus(parameters: StartJanusParameters): Promise<RunningJanus> {
  const binary = parameters.binary ?? JANUS_PATH;
  const modules = moduleFolder(binary);
  const configDir = join(parameters.dataDir, 'config');
  const recordingsDir = join(parameters.dataDir, 'recordings');
  await mkdir(configDir, { recursive: true });
  await mkdir(recordingsDir, { recursive: true });
  const files = janusConfigFiles({ ...parameters, configDir, recordingsDir, modules });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(configDir, name), text, { mode: 0o600 });
  }
  const child = spawn(
    binary,
    ['-F', configDir, '-C', join(configDir, 'janus.jcfg'), '--disable-colors'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await ready(child);
  return {
    url: `ws://127.0.0.1:${parameters.wsPort}`,
    adminUrl: `ws://127.0.0.1:${parameters.adminWsPort}`,
    recordingsDir,
    stop: () => stop(child),
  };
}

/** Janus's module folders: `<prefix>/lib/<triplet>/janus` (Debian) or `<prefix>/lib/janus`. */
function moduleFolder(binary: string): string {
  const lib = join(dirname(dirname(binary)), 'lib');
  const candidates = [
    join(lib, 'x86_64-linux-gnu', 'janus'),
    join(lib, 'aarch64-linux-gnu', 'janus'),
    join(lib, 'janus'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'plugins')));
  if (!found) throw new Error(`Janus's plugins not found beside ${binary} (looked in ${lib})`);
  return found;
}

/** Every `.so` in `folder` but `keep`: Janus loads all it finds unless told not to. */
function disableAllBut(folder: string, keep: string | undefined): string {
  const names = existsSync(folder) ? readdirSync(folder) : [];
  return names.filter((name) => name.endsWith('.so') && name !== keep).join(',');
}

/** The config files of {@link startJanus}, by name. */
function janusConfigFiles(
  parameters: StartJanusParameters & { configDir: string; recordingsDir: string; modules: string },
): Record<string, string> {
  const { modules, secrets } = parameters;
  const folder = (name: string) => join(modules, name);
  return {
    'janus.jcfg': `general: {
  configs_folder = ${quote(parameters.configDir)}
  plugins_folder = ${quote(folder('plugins'))}
  transports_folder = ${quote(folder('transports'))}
  events_folder = ${quote(folder('events'))}
  loggers_folder = ${quote(folder('loggers'))}
  log_to_stdout = true
  debug_level = 4
  server_name = "community-chats"
  session_timeout = 60
  api_secret = ${quote(secrets.apiSecret)}
  token_auth = true
  admin_secret = ${quote(secrets.adminSecret)}
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/root", "/sbin", "/sys", "/usr", "/var"]
}
media: {
  rtp_port_range = "${parameters.rtpPorts.min}-${parameters.rtpPorts.max}"
}
nat: {
  ignore_mdns = true
  nice_debug = false
${parameters.iceInterfaces ? `  ice_enforce_list = ${quote(parameters.iceInterfaces)}\n` : ''}}
plugins: {
  disable = ${quote(disableAllBut(folder('plugins'), 'libjanus_audiobridge.so'))}
}
transports: {
  disable = ${quote(disableAllBut(folder('transports'), 'libjanus_websockets.so'))}
}
events: {
  broadcast = false
  disable = ${quote(disableAllBut(folder('events'), undefined))}
}
loggers: {
  disable = ${quote(disableAllBut(folder('loggers'), undefined))}
}
`,
    'janus.transport.websockets.jcfg': `general: {
  json = "compact"
  ws = true
  ws_port = ${parameters.wsPort}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = true
  admin_ws_port = ${parameters.adminWsPort}
  admin_ws_ip = "127.0.0.1"
  admin_ws_acl = "127."
  admin_wss = false
}
`,
    'janus.plugin.audiobridge.jcfg': `general: {
  admin_key = ${quote(secrets.audioBridgeAdminKey)}
  lock_rtp_forward = true
  record_tmp_ext = "tmp"
  events = false
  local_ip = "127.0.0.1"
}
`,
  };
}

/** A libconfig string literal. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** Resolves once the WebSocket transport listens; rejects if Janus exits or stays silent 10 s. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Janus did not start within 10 s:\n${output.slice(-2_000)}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
      if (
        !/WebSockets server started/i.test(output) ||
        !/Admin WebSockets server started/i.test(output)
      )
        return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Janus exited with ${code}:\n${output.slice(-2_000)}`));
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
