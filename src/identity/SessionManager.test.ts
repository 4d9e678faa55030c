import type { Address, Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.ts';
import { createCertificateVerifier } from './createCertificateVerifier.ts';
import { dropLegacySessions, type LegacySessionStorage } from './dropLegacySessions.ts';
import { type Session, SessionManager } from './SessionManager.ts';
import type { SessionStore, StoredSession } from './SessionStore.ts';
import { createSessionKeyPair } from './sessionKeys.ts';
import type { SignatureVerifierClient } from './verifySessionCertificate.ts';

const HOUR = 3_600_000;
const contract: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const app = {
  appName: 'community-chats',
  chainId: 31337,
  contract,
  domain: 'localhost:5173',
  uri: 'http://localhost:5173/',
};
const noContractWallets: SignatureVerifierClient = { verifyHash: async () => false };

/** Keeps records by structured clone, as IndexedDB does (CryptoKeys survive, text does not). */
class MemorySessionStore implements SessionStore {
  readonly items = new Map<string, unknown>();
  async get(id: string): Promise<unknown> {
    return structuredClone(this.items.get(id));
  }
  async put(id: string, session: StoredSession): Promise<void> {
    this.items.set(id, structuredClone(session));
  }
  async delete(id: string): Promise<void> {
    this.items.delete(id);
  }
}

/** A `localStorage` stand-in: text only. */
class MemoryWebStorage implements LegacySessionStorage {
  readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

class ManualClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
}

function setup() {
  const account = privateKeyToAccount(generatePrivateKey());
  const storage = new MemorySessionStore();
  const clock = new ManualClock(Date.parse('2026-11-22T03:00:00Z'));
  const prompts: string[] = [];
  const sign = (message: string): Promise<Hex> => {
    prompts.push(message);
    return account.signMessage({ message });
  };
  const manager = () =>
    new SessionManager({
      store: storage,
      clock,
      client: noContractWallets,
      app,
      lifetimeMs: 24 * HOUR,
    });
  return { account, storage, clock, prompts, sign, manager };
}

describe('SessionManager', () => {
  it('asks the wallet once and reuses the stored certificate until it nears expiry', async () => {
    const { account, clock, prompts, sign, manager } = setup();
    const first = await manager().signIn(account.address, sign);
    expect(prompts).toHaveLength(1);
    expect(first.verified.address).toBe(account.address);
    expect(first.verified.sessionPub).toBe(first.keys.pub);

    clock.time += 12 * HOUR; // a reload, half a day later
    const again = await manager().signIn(account.address, sign);
    expect(prompts).toHaveLength(1);
    expect(again.keys.pub).toBe(first.keys.pub);
    expect(again.keys.signingKey).toBeInstanceOf(CryptoKey);

    clock.time += 12 * HOUR - 60_000; // one minute before expiry: renew
    const renewed = await manager().signIn(account.address, sign);
    expect(prompts).toHaveLength(2);
    expect(renewed.keys.pub).not.toBe(first.keys.pub);
  });

  it('stores nothing and says WALLET_REJECTED when the user declines', async () => {
    const { account, storage, manager } = setup();
    const sessions = manager();
    const rejected = Object.assign(new Error('User rejected the request.'), { code: 4001 });
    await expect(
      sessions.signIn(account.address, () => Promise.reject(rejected)),
    ).rejects.toMatchObject({ code: 'WALLET_REJECTED' });
    expect(storage.items.size).toBe(0);
    expect(sessions.current).toBeNull();
  });

  it('refuses a signature from another account and stores nothing', async () => {
    const { account, storage, manager } = setup();
    const other = privateKeyToAccount(generatePrivateKey());
    await expect(
      manager().signIn(account.address, (message) => other.signMessage({ message })),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_INVALID' });
    expect(storage.items.size).toBe(0);
  });

  it('forgets the session on sign-out and tells listeners', async () => {
    const { account, storage, prompts, sign, manager } = setup();
    const sessions = manager();
    const seen: (Session | null)[] = [];
    sessions.events.on('changed', ({ session }) => seen.push(session));
    await sessions.signIn(account.address, sign);
    await sessions.signOut();
    expect(storage.items.size).toBe(0);
    expect(sessions.current).toBeNull();
    expect(seen.map((s) => s?.verified.address ?? null)).toEqual([account.address, null]);
    await manager().signIn(account.address, sign);
    expect(prompts).toHaveLength(2);
  });

  it('drops a tampered stored session instead of using it', async () => {
    const { account, storage, prompts, sign, manager } = setup();
    await manager().signIn(account.address, sign);
    const [key, record] = [...storage.items][0] ?? ['', undefined];
    // Another key put beside the certificate: it is not the certified one.
    const stored = record as StoredSession;
    await storage.put(key, { ...stored, keys: await createSessionKeyPair() });
    expect(await manager().restore(account.address)).toBeNull();
    expect(storage.items.size).toBe(0);
    await manager().signIn(account.address, sign);
    expect(prompts).toHaveLength(2);
  });

  it('keeps the private keys unreadable: stored as non-extractable CryptoKeys, never as text', async () => {
    const { account, storage, sign, manager } = setup();
    const session = await manager().signIn(account.address, sign);
    const stored = [...storage.items.values()][0] as StoredSession;
    for (const key of [session.keys.signingKey, stored.keys.signingKey, stored.keys.agreementKey]) {
      expect(key.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('jwk', key)).rejects.toThrow();
      await expect(crypto.subtle.exportKey('pkcs8', key)).rejects.toThrow();
    }
    // Nothing in the record is a private key written out (SEA's `priv`/`epriv`, a JWK `d`).
    expect(JSON.stringify(stored)).not.toMatch(/"(priv|epriv|d)"/);
  });

  it('refuses a stored key that could be read out (planted, or from an older version)', async () => {
    const { account, storage, prompts, sign, manager } = setup();
    await manager().signIn(account.address, sign);
    const [key, record] = [...storage.items][0] ?? ['', undefined];
    const stored = record as StoredSession;
    const readable = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    await storage.put(key, {
      ...stored,
      keys: { ...stored.keys, signingKey: readable.privateKey },
    });
    expect(await manager().restore(account.address)).toBeNull();
    await manager().signIn(account.address, sign);
    expect(prompts).toHaveLength(2);
  });

  it('asks once when sign-in is requested twice at the same time', async () => {
    const { account, prompts, sign, manager } = setup();
    const sessions = manager();
    const [a, b] = await Promise.all([
      sessions.signIn(account.address, sign),
      sessions.signIn(account.address, sign),
    ]);
    expect(a).toBe(b);
    expect(prompts).toHaveLength(1);
  });
});

describe('createCertificateVerifier', () => {
  it('checks each certificate once and remembers refusals', async () => {
    const { account, clock, sign, manager } = setup();
    const session = await manager().signIn(account.address, sign);
    let chainReads = 0;
    const client: SignatureVerifierClient = {
      verifyHash: async () => {
        chainReads++;
        return false;
      },
    };
    const verify = createCertificateVerifier({ client, clock, expectations: app });
    expect((await verify(session.certificate)).address).toBe(account.address);
    expect(await verify(session.certificate)).toBe(await verify(session.certificate));

    const forged = {
      ...session.certificate,
      message: session.certificate.message.replace('Let', 'let'),
    };
    await expect(verify(forged)).rejects.toMatchObject({ reason: 'bad-signature' });
    await expect(verify(forged)).rejects.toMatchObject({ reason: 'bad-signature' });
    expect(chainReads).toBe(1);

    clock.time += 25 * HOUR;
    await expect(verify(session.certificate)).rejects.toMatchObject({ reason: 'expired' });
  });
});

describe('dropLegacySessions', () => {
  it('removes the sessions older versions kept as text in localStorage, and nothing else', () => {
    const storage = new MemoryWebStorage();
    storage.items.set(
      'community-chats/session/localhost:5173/31337/0xabc/0xdef',
      JSON.stringify({ keys: { pub: 'x.y', priv: 'secret', epub: 'x.y', epriv: 'secret' } }),
    );
    storage.items.set('community-chats:outbox:0xdef', '[]');
    expect(dropLegacySessions(storage)).toBe(1);
    expect([...storage.items.keys()]).toEqual(['community-chats:outbox:0xdef']);
  });
});
