import { type Address, getAddress, isAddress } from 'viem';
import { normalize } from 'viem/ens';
import * as z from 'zod/mini';
import type { Clock } from '../core/clock.ts';
import type { AvatarMode } from '../core/config.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import { avatarUrl } from './avatarUrl.ts';
import type { EnsReader } from './EnsReader.ts';
import { generatedAvatar, shortAddress } from './generatedAvatar.ts';
import type { AssetHosts } from './remoteAssetUrl.ts';

/** What the UI shows for an address. */
export interface DisplayName {
  address: Address;
  /** Forward-verified primary ENS name, or null. */
  ensName: string | null;
  /** The ENS name, else the short checksummed address. */
  label: string;
  /**
   * The ENS avatar as the avatar setting allows it (a data: URI, or a URL on a configured
   * proxy or gateway), else a generated one; always something to show, never a member's host.
   */
  avatarUrl: string;
  /** False until ENS has been asked (the fallback shows meanwhile). */
  resolved: boolean;
}

export interface NameServiceEvents extends Record<string, unknown> {
  /** A lookup finished; views showing `address` can update. */
  resolved: DisplayName;
}

/** The part of the Web Storage API the cache needs; `localStorage` is one. */
export type NameStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface NameServiceOptions {
  reader: EnsReader;
  clock: Clock;
  /** Survives reloads: a warm page load makes no ENS lookups. */
  storage?: NameStorage;
  /** ENS chain id, part of the storage key. */
  chainId: number;
  /** How long a found name is kept. Default 24 h. */
  ttlMs?: number;
  /** How long "no name" is kept. Default 1 h. */
  negativeTtlMs?: number;
  /**
   * Where remote avatars may load from, and the site's default mode (a member's own choice,
   * kept in `storage`, wins). Default: `proxy` with no hosts, so only data: avatars show.
   */
  avatars?: { mode: AvatarMode; hosts: AssetHosts };
}

interface Record_ {
  name: string | null;
  /** The avatar record, or for an NFT its image once resolved (an unresolved NFT stays as written). */
  avatar: string | null;
  at: number;
}

const AVATAR_MODE_KEY = 'community-chats/avatar-mode';
const isNftRecord = (avatar: string | null) =>
  avatar !== null && /^(eip155:|did:nft:)/i.test(avatar);

const recordSchema = z.object({
  name: z.nullable(z.string()),
  avatar: z.nullable(z.string()),
  at: z.number(),
});

/**
 * ENS names and avatars for any address: cached in memory and in storage with a TTL,
 * concurrent requests de-duplicated and sent together, a generated avatar and a short
 * checksummed address when there is no name. Counts the ENS lookups it makes.
 *
 * @example
 * const names = new NameService({ reader: createEnsReader(ensClient), clock: systemClock, storage: localStorage, chainId: 1 });
 * names.peek(address).label;           // at once: cached name or 0x7099…79C8
 * (await names.lookup(address)).label; // 'alice.eth'
 * await names.resolveAddressInput('vitalik.eth'); // '0xd8dA…'
 */
export class NameService {
  readonly events = new Emitter<NameServiceEvents>();
  readonly #options: NameServiceOptions;
  readonly #ttlMs: number;
  readonly #negativeTtlMs: number;
  readonly #hosts: AssetHosts;
  #avatarMode: AvatarMode;
  readonly #memory = new Map<string, Record_>();
  readonly #forward = new Map<string, { address: Address | null; at: number }>();
  readonly #inFlight = new Map<string, Promise<DisplayName>>();
  #queue: { address: Address; resolve: (display: DisplayName) => void }[] = [];
  #flushScheduled = false;
  #lookups = 0;

  constructor(options: NameServiceOptions) {
    this.#options = options;
    this.#ttlMs = options.ttlMs ?? 86_400_000;
    this.#negativeTtlMs = options.negativeTtlMs ?? 3_600_000;
    this.#hosts = options.avatars?.hosts ?? {};
    const chosen = readStorage(options.storage, AVATAR_MODE_KEY);
    this.#avatarMode =
      chosen === 'proxy' || chosen === 'off' ? chosen : (options.avatars?.mode ?? 'proxy');
  }

  /** This member's avatar setting: `proxy` (through configured hosts) or `off` (none remote). */
  get avatarMode(): AvatarMode {
    return this.#avatarMode;
  }

  /** Whether a remote avatar can show at all: some proxy or gateway is configured. */
  get remoteAvatars(): boolean {
    const { proxy, ipfsGateway, arweaveGateway } = this.#hosts;
    return [proxy, ipfsGateway, arweaveGateway].some((host) => host !== undefined);
  }

  /**
   * Changes this member's avatar setting, kept in storage. Views showing a name update at
   * once; NFT avatars skipped while `off` are resolved now.
   */
  setAvatarMode(mode: AvatarMode): void {
    if (mode === this.#avatarMode) return;
    this.#avatarMode = mode;
    try {
      this.#options.storage?.setItem(AVATAR_MODE_KEY, mode);
    } catch {
      // Storage blocked: the setting holds for this page.
    }
    for (const key of [...this.#memory.keys()]) {
      const address = getAddress(key);
      const fresh = this.#fresh(address);
      if (fresh) this.events.emit('resolved', this.#toDisplay(address, fresh));
      else void this.lookup(address);
    }
  }

  /** ENS lookups (RPC reads) made so far: names, avatars and forward resolutions. */
  get lookups(): number {
    return this.#lookups;
  }

  /** What to show now, without waiting: the cached name, else the fallback. */
  peek(address: Address): DisplayName {
    const checksummed = getAddress(address);
    return this.#toDisplay(checksummed, this.#fresh(checksummed));
  }

  /** The name and avatar of `address`, from cache or ENS. Never rejects: ENS failures show the fallback. */
  lookup(address: Address): Promise<DisplayName> {
    const checksummed = getAddress(address);
    const cached = this.#fresh(checksummed);
    if (cached) return Promise.resolve(this.#toDisplay(checksummed, cached));
    const key = checksummed.toLowerCase();
    const running = this.#inFlight.get(key);
    if (running) return running;
    const display = new Promise<DisplayName>((resolve) => {
      this.#queue.push({ address: checksummed, resolve });
    });
    this.#inFlight.set(key, display);
    this.#scheduleFlush();
    return display;
  }

  /** {@link lookup} for many addresses at once (one batch). */
  lookupMany(addresses: readonly Address[]): Promise<DisplayName[]> {
    return Promise.all(addresses.map((address) => this.lookup(address)));
  }

  /**
   * Turns what a person typed where an address is asked into an address: a 0x address
   * (checksum checked when mixed case) or an ENS name. Throws ADDRESS_INVALID or
   * NAME_NOT_FOUND (and RPC_UNAVAILABLE when ENS does not answer).
   */
  async resolveAddressInput(input: string): Promise<Address> {
    const text = input.trim();
    if (/^0x[0-9a-fA-F]{40}$/.test(text)) {
      if (!isAddress(text)) {
        throw new AppError('ADDRESS_INVALID', `${text} has a wrong checksum (a typo?)`, {
          category: 'user',
          details: text,
        });
      }
      return getAddress(text);
    }
    let name: string;
    try {
      if (!text.includes('.')) throw new Error('not a name');
      name = normalize(text);
    } catch (cause) {
      throw new AppError('ADDRESS_INVALID', `"${text}" is neither an address nor an ENS name`, {
        category: 'user',
        cause,
        details: text,
      });
    }
    const now = this.#options.clock.now();
    const known = this.#forward.get(name);
    let address = known && now - known.at < this.#negativeTtlMs ? known.address : undefined;
    if (address === undefined) {
      this.#lookups++;
      try {
        address = await this.#options.reader.getAddress(name);
      } catch (error) {
        throw AppError.rpcUnavailable(error);
      }
      this.#forward.set(name, { address, at: now });
    }
    if (address === null) {
      throw new AppError('NAME_NOT_FOUND', `${name} does not point to an address`, {
        category: 'user',
        details: name,
      });
    }
    return getAddress(address);
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(() => {
      this.#flushScheduled = false;
      const batch = this.#queue;
      this.#queue = [];
      // All lookups of one turn go out together; the ENS client coalesces them (multicall).
      for (const item of batch) void this.#resolve(item.address).then(item.resolve);
    });
  }

  async #resolve(address: Address): Promise<DisplayName> {
    const key = address.toLowerCase();
    this.#lookups++;
    let display: DisplayName;
    try {
      const { name, avatar } = await this.#options.reader.getProfile(address);
      // An NFT's image is looked up only when it may be shown (its metadata comes through
      // the configured hosts); while avatars are off the record is kept as written.
      let image = avatar;
      if (isNftRecord(avatar) && this.#avatarMode === 'proxy' && this.remoteAvatars) {
        this.#lookups++;
        image = await this.#options.reader.getNftImage(avatar as string);
      }
      const record = { name, avatar: image, at: this.#options.clock.now() };
      this.#store(address, record);
      display = this.#toDisplay(address, record);
    } catch {
      // ENS unreachable: show the fallback now, ask again next time (nothing cached).
      display = { ...this.#toDisplay(address, undefined), resolved: true };
    }
    this.#inFlight.delete(key);
    this.events.emit('resolved', display);
    return display;
  }

  #fresh(address: Address): Record_ | undefined {
    const key = address.toLowerCase();
    const now = this.#options.clock.now();
    const nftPending = this.#avatarMode === 'proxy' && this.remoteAvatars;
    const isFresh = (r: Record_) =>
      now - r.at < (r.name === null ? this.#negativeTtlMs : this.#ttlMs) &&
      !(nftPending && isNftRecord(r.avatar));
    const inMemory = this.#memory.get(key);
    if (inMemory && isFresh(inMemory)) return inMemory;
    const stored = this.#readStored(key);
    if (stored && isFresh(stored)) {
      this.#memory.set(key, stored);
      return stored;
    }
    return undefined;
  }

  #store(address: Address, record: Record_): void {
    const key = address.toLowerCase();
    this.#memory.set(key, record);
    try {
      this.#options.storage?.setItem(this.#storageKey(key), JSON.stringify(record));
    } catch {
      // Storage full or blocked: the memory cache still serves this page.
    }
  }

  #readStored(key: string): Record_ | undefined {
    const raw = readStorage(this.#options.storage, this.#storageKey(key));
    if (raw === null) return undefined;
    try {
      const parsed = recordSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // Fall through: not ours or corrupt.
    }
    this.#options.storage?.removeItem(this.#storageKey(key));
    return undefined;
  }

  #storageKey(key: string): string {
    return `community-chats/ens/${this.#options.chainId}/${key}`;
  }

  #toDisplay(address: Address, record: Record_ | undefined): DisplayName {
    const avatar = record?.avatar;
    return {
      address,
      ensName: record?.name ?? null,
      label: record?.name ?? shortAddress(address),
      avatarUrl:
        (avatar ? avatarUrl(avatar, this.#avatarMode, this.#hosts) : null) ??
        generatedAvatar(address),
      resolved: record !== undefined,
    };
  }
}

function readStorage(storage: NameStorage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    // Storage blocked (privacy settings): nothing remembered.
    return null;
  }
}
