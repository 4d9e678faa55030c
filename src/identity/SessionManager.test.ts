import type { Address, Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.ts';
import { createCertificateVerifier } from './createCertificateVerifier.ts';
import { explainSessionCertificate } from './explainCertificate.ts';
import { type Session, SessionManager, type SessionStorage } from './SessionManager.ts';
import type { SignatureVerifierClient } from './verifySessionCertificate.ts';

const HOUR = 3_600_000;
const contract: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const app = { domain: 'localhost:5173', uri: 'http://localhost:5173/', chainId: 31337, contract };
const noContractWallets: SignatureVerifierClient = { verifyHash: async () => false };

class MemoryStorage implements SessionStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
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
  const storage = new MemoryStorage();
  const clock = new ManualClock(Date.parse('2026-11-22T03:00:00Z'));
  const prompts: string[] = [];
  const sign = (message: string): Promise<Hex> => {
    prompts.push(message);
    return account.signMessage({ message });
  };
  const manager = () =>
    new SessionManager({ storage, clock, client: noContractWallets, app, lifetimeMs: 24 * HOUR });
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
    expect(again.keys).toEqual(first.keys);

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
    sessions.signOut();
    expect(storage.items.size).toBe(0);
    expect(sessions.current).toBeNull();
    expect(seen.map((s) => s?.verified.address ?? null)).toEqual([account.address, null]);
    await manager().signIn(account.address, sign);
    expect(prompts).toHaveLength(2);
  });

  it('drops a tampered stored session instead of using it', async () => {
    const { account, storage, prompts, sign, manager } = setup();
    await manager().signIn(account.address, sign);
    const [key, raw] = [...storage.items][0] ?? ['', ''];
    const stored = JSON.parse(raw) as { keys: { pub: string } };
    stored.keys.pub = `${stored.keys.pub.startsWith('A') ? 'B' : 'A'}${stored.keys.pub.slice(1)}`;
    storage.setItem(key, JSON.stringify(stored));
    expect(await manager().restore(account.address)).toBeNull();
    expect(storage.items.size).toBe(0);
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

describe('explainSessionCertificate', () => {
  it('says in words what is signed and why', () => {
    const text = explainSessionCertificate({
      domain: 'localhost:5173',
      lifetimeMs: 24 * HOUR,
      chainName: 'Arbitrum One',
    });
    expect(text).toContain('not a transaction');
    expect(text).toContain('1 day');
    expect(text).toContain('localhost:5173');
  });
});
