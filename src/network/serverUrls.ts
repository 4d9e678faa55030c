import * as z from 'zod/mini';
import { AppError } from '../core/errors.ts';
import type { ServerKind, ServerUrlPolicy } from './types.ts';

/** Longest server URL, in bytes, as the contract's MAX_SERVER_URL_LENGTH. */
const MAX_SERVER_URL_BYTES = 200;
/** Most entries per list, as the contract's MAX_SERVERS. */
export const MAX_SERVERS = 8;

/** Each kind in the words a sentence uses. */
export const serverKindWords: Record<ServerKind, string> = {
  relay: 'relay',
  gate: 'gate',
  ice: 'STUN/TURN server',
  media: 'media server',
};

const SCHEMES: Record<ServerKind, readonly string[]> = {
  relay: ['wss://', 'https://'],
  gate: ['https://'],
  ice: ['stun:', 'turn:', 'turns:'],
  media: ['wss://'],
};

/** RFC 7064/7065 URIs: `stun:host[:port]`, `turn(s):host[:port][?transport=udp|tcp]`. */
const ICE_URI = /^(stun|turns?):(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/i;

const bytes = new TextEncoder();

/**
 * One entry's checks, each with the words a refusal gives; the host check comes last and only
 * runs on a URL that parsed.
 */
function entrySchema(kind: ServerKind, policy: ServerUrlPolicy) {
  const schemes = SCHEMES[kind];
  return z.string().check(
    z.refine((url) => bytes.encode(url).length <= MAX_SERVER_URL_BYTES, {
      error: `it is longer than ${MAX_SERVER_URL_BYTES} bytes`,
      abort: true,
    }),
    z.refine((url) => !/[\s\p{Cc}]/u.test(url), {
      error: 'it contains spaces or control characters',
      abort: true,
    }),
    z.refine((url) => schemes.some((scheme) => url.toLowerCase().startsWith(scheme)), {
      error: `a ${serverKindWords[kind]} must start with ${schemes.join(' or ')}`,
      abort: true,
    }),
    z.refine((url) => hostOf(kind, url) !== undefined, {
      error: 'it is not a URL this app can use',
      abort: true,
    }),
    z.refine((url) => kind === 'ice' || !hasCredentials(url), {
      error: 'it carries a user name or password, which must never be on chain',
      abort: true,
    }),
    z.refine((url) => policy.allowPrivateHosts || !isPrivateHost(hostOf(kind, url) ?? ''), {
      error:
        'it points into a private network (localhost, 10.x, 192.168.x, …), which this site never connects members to',
    }),
  );
}

/** What {@link checkServerUrl} answers. */
export type CheckServerUrlResult = { ok: true; url: string } | { ok: false; error: AppError };

/**
 * Checks one server URL a community names: its length, its scheme for `kind`, that it parses,
 * carries no credentials and (outside a local deployment) names no host in a private network.
 * A refusal is a SERVER_REFUSED AppError whose details say why, in words.
 *
 * @example
 * checkServerUrl('relay', 'wss://relay.example.org/gun', { allowPrivateHosts: false }); // { ok: true, ... }
 * checkServerUrl('relay', 'wss://127.0.0.1/gun', { allowPrivateHosts: false }).ok; // false
 */
export function checkServerUrl(
  kind: ServerKind,
  url: string,
  policy: ServerUrlPolicy,
): CheckServerUrlResult {
  const result = entrySchema(kind, policy).safeParse(url);
  if (result.success) return { ok: true, url: result.data };
  const why = result.error.issues[0]?.message ?? 'it is not valid';
  return { ok: false, error: serverRefused(kind, url, why) };
}

/**
 * A SERVER_REFUSED error: `details` is the reason alone, the message names the entry too.
 *
 * @example
 * serverRefused('gate', 'https://gate.example.org', 'this site does not let communities name their own servers');
 */
export function serverRefused(kind: ServerKind, url: string, why: string): AppError {
  const shown = url.length > 80 ? `${url.slice(0, 77)}…` : url;
  return new AppError(
    'SERVER_REFUSED',
    `The community's ${serverKindWords[kind]} “${shown}” is not used: ${why}.`,
    {
      category: 'config',
      details: why,
    },
  );
}

/** The host of an entry as the browser would dial it (normalised), or undefined if none. */
function hostOf(kind: ServerKind, url: string): string | undefined {
  if (kind === 'ice') {
    const host = ICE_URI.exec(url)?.[2];
    return host === undefined ? undefined : normalisedHost(host);
  }
  try {
    const parsed = new URL(url);
    return parsed.hostname === '' ? undefined : parsed.hostname;
  } catch {
    return undefined;
  }
}

function normalisedHost(host: string): string | undefined {
  try {
    return new URL(`https://${host}`).hostname;
  } catch {
    return undefined;
  }
}

function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/**
 * Whether a (normalised) host is in a private or special-use network: loopback, RFC 1918,
 * carrier-grade NAT, link-local, unspecified, IPv6 unique-local, and names only a local network
 * resolves. A public name that resolves to a private address is not caught here (the browser's
 * Private Network Access checks cover part of that).
 *
 * @example
 * isPrivateHost('192.168.1.1'); // true
 * isPrivateHost('relay.example.org'); // false
 */
export function isPrivateHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || /\.(localhost|local|internal|home\.arpa|lan)$/.test(name))
    return true;
  if (!name.includes('.') && !name.startsWith('[')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  if (v4) return privateV4(v4.slice(1).map(Number));
  if (name.startsWith('[')) return privateV6(name.slice(1, -1));
  return false;
}

function privateV4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

function privateV6(address: string): boolean {
  if (address === '::' || address === '::1') return true;
  // IPv4-mapped (the URL parser writes it in hex: ::ffff:7f00:1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mapped) {
    const high = Number.parseInt(mapped[1] ?? '0', 16);
    return privateV4([high >> 8, high & 0xff]);
  }
  return /^f[cd][0-9a-f]{0,2}:/.test(address) || /^fe[89ab][0-9a-f]?:/.test(address);
}
