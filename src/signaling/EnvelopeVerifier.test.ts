import type { Address } from 'viem';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { MemoryAccess } from '../../tests/support/gunRoom.ts';
import type { AccessChecker, AccessCheckOptions } from '../access/types.ts';
import { ChainReadBudgetError } from '../chain/ChainReadBudget.ts';
import { CertificateInvalidError } from '../identity/errors.ts';
import { createSessionKeyPair } from '../identity/sessionKeys.ts';
import type { CertificateVerifier, SessionCertificate, SessionKeyPair } from '../identity/types.ts';
import { DropCounters, type DropReason } from './dropCounters.ts';
import { EnvelopeSigner } from './EnvelopeSigner.ts';
import { type EnvelopeSource, EnvelopeVerifier } from './EnvelopeVerifier.ts';
import type { Envelope } from './envelope.ts';
import { fakeCertificate, readFakeCertificate } from './testing.ts';

const ROOM = 'cc/31337/0xabc/1/rooms/main';
const ALICE: Address = '0x00000000000000000000000000000000000A11CE';
const BOB: Address = '0x0000000000000000000000000000000000000B0B';
const beats: EnvelopeSource = { kinds: ['beat', 'leave'], stream: 'beats', window: 0 };

let now = 1_800_000_000_000;
const clock = { now: () => now };

/** A fake certificate (see testing.ts); the messages "expired" and "bad" are refused. */
const certificateFor = (keys: SessionKeyPair, address: Address, expiresAt = now + 3_600_000) =>
  fakeCertificate(address, keys, { issuedAt: now - 1_000, expiresAt });
const verifyCertificate: CertificateVerifier = async (certificate: SessionCertificate) => {
  if (certificate.message === 'bad') throw new CertificateInvalidError('bad-signature', 'x');
  if (certificate.message === 'expired') throw new CertificateInvalidError('expired', 'x');
  return readFakeCertificate(certificate);
};

let alice: SessionKeyPair;
let mallory: SessionKeyPair;
let access: MemoryAccess;
let counters: DropCounters;
let verifier: EnvelopeVerifier;

beforeAll(async () => {
  [alice, mallory] = await Promise.all([createSessionKeyPair(), createSessionKeyPair()]);
});

beforeEach(() => {
  access = new MemoryAccess(1n);
  access.allow(ALICE);
  counters = new DropCounters();
  verifier = new EnvelopeVerifier({
    room: ROOM,
    communityId: 1n,
    chainId: 31337,
    verifyCertificate,
    access,
    counters,
    clock,
    limits: { rateBurst: 5, ratePerSecond: 1 },
  });
});

function signer(keys = alice, certificate = certificateFor(keys, ALICE), room = ROOM) {
  return new EnvelopeSigner({ keys, certificate, room, clock });
}

async function beat(s = signer(), overrides: Partial<Envelope> = {}): Promise<string> {
  const envelope = await s.sign({
    kind: 'beat',
    stream: 'beats',
    body: '{}',
    withCertificate: true,
  });
  return JSON.stringify({ ...envelope, ...overrides });
}

async function expectDrop(value: unknown, reason: DropReason, source = beats) {
  expect(await verifier.verify(value, source)).toBeUndefined();
  expect(counters.counts()[reason]).toBe(1);
  expect(counters.total()).toBe(1);
}

describe('EnvelopeVerifier', () => {
  test('accepts a signed heartbeat from an allowed member', async () => {
    const verified = await verifier.verify(await beat(), beats);
    expect(verified?.certificate.address).toBe(ALICE);
    expect(counters.total()).toBe(0);
  });

  test('oversize envelope', () => expectDrop('x'.repeat(20_000), 'oversize'));
  test('oversize body', async () => {
    const s = signer();
    const envelope = await s.sign({
      kind: 'beat',
      stream: 'beats',
      body: 'x'.repeat(9_000),
      withCertificate: true,
    });
    await expectDrop(JSON.stringify(envelope), 'oversize');
  });
  test('malformed value', () => expectDrop({ v: 1 }, 'malformed'));
  test('another room', async () =>
    expectDrop(await beat(signer(alice, undefined, 'x')), 'malformed'));
  test('a kind not expected here', async () =>
    expectDrop(await beat(), 'malformed', { ...beats, kinds: ['signal'] }));
  test('bad signature', async () =>
    expectDrop(await beat(undefined, { body: '{"a":1}' }), 'bad-signature'));
  test('signature by another key', async () =>
    expectDrop(await beat(undefined, { from: mallory.pub }), 'bad-signature'));

  test('duplicate id', async () => {
    const value = await beat();
    expect(await verifier.verify(value, beats)).toBeDefined();
    await expectDrop(value, 'duplicate');
  });

  test('stale and future timestamps', async () => {
    const value = await beat();
    now += 31_000;
    await expectDrop(value, 'stale');
    now -= 62_000;
    expect(await verifier.verify(value, beats)).toBeUndefined();
    expect(counters.counts().stale).toBe(2);
    now += 31_000;
  });

  test('sequence going back', async () => {
    const s = signer();
    const first = await beat(s);
    const second = await beat(s);
    expect(await verifier.verify(second, beats)).toBeDefined();
    await expectDrop(first, 'sequence-regressed');
  });

  test('certificate invalid, expired, unknown, or not matching its hash', async () => {
    await expectDrop(
      await beat(signer(alice, { message: 'bad', signature: '0x00' })),
      'certificate-invalid',
    );
    expect(
      await verifier.verify(
        await beat(signer(alice, { message: 'expired', signature: '0x00' })),
        beats,
      ),
    ).toBeUndefined();
    expect(counters.counts()['certificate-expired']).toBe(1);
    const hashOnly = JSON.parse(await beat()) as Envelope;
    delete hashOnly.cert;
    expect(await verifier.verify(JSON.stringify(hashOnly), beats)).toBeUndefined();
    expect(counters.counts()['certificate-unknown']).toBe(1);
    const swapped = await beat(undefined, { cert: { message: 'other', signature: '0x00' } });
    expect(await verifier.verify(swapped, beats)).toBeUndefined();
    expect(counters.counts()['certificate-mismatch']).toBe(1);
  });

  test('certificate that lapsed since it was cached', async () => {
    const s = signer(alice, certificateFor(alice, ALICE, now + 10));
    expect(await verifier.verify(await beat(s), beats)).toBeDefined();
    now += 20;
    await expectDrop(await beat(s), 'certificate-expired');
  });

  test('a certificate seen once is found by its hash', async () => {
    const s = signer();
    expect(await verifier.verify(await beat(s), beats)).toBeDefined();
    const hashOnly = JSON.parse(await beat(s)) as Envelope;
    delete hashOnly.cert;
    expect(await verifier.verify(JSON.stringify(hashOnly), beats)).toBeDefined();
  });

  test("another member's valid certificate with our key", async () =>
    expectDrop(await beat(signer(mallory, certificateFor(alice, ALICE))), 'certificate-mismatch'));

  test("an envelope in another member's slot", async () =>
    expectDrop(await beat(), 'certificate-mismatch', { ...beats, owner: BOB }));

  test('not allowed in the community', async () =>
    expectDrop(await beat(signer(alice, certificateFor(alice, BOB))), 'not-allowed'));

  test('sender over the rate limit', async () => {
    const s = signer();
    for (let i = 0; i < 5; i++) expect(await verifier.verify(await beat(s), beats)).toBeDefined();
    await expectDrop(await beat(s), 'rate-limited');
    now += 1_000;
    expect(await verifier.verify(await beat(s), beats)).toBeDefined();
  });

  test('a signal must name its recipient', async () => {
    const s = signer();
    const envelope = await s.sign({
      kind: 'signal',
      stream: 'mail',
      body: 'SEA{}',
      withCertificate: true,
      to: ALICE,
    });
    const source: EnvelopeSource = { kinds: ['signal'], stream: 'mail', window: 32, to: BOB };
    await expectDrop(JSON.stringify(envelope), 'malformed', source);
    expect(await verifier.verify(JSON.stringify(envelope), { ...source, to: ALICE })).toBeDefined();
  });
});

describe('EnvelopeVerifier and what outsiders can make it spend', () => {
  /** Membership whose chain reads can run out, as the AccessService's budget does. */
  class BudgetedAccess implements AccessChecker {
    spent = false;
    readonly asked: boolean[] = [];
    async hasAccess(_communityId: bigint, address: Address, options?: AccessCheckOptions) {
      this.asked.push(options?.budgeted === true);
      if (this.spent) throw new ChainReadBudgetError();
      return address === ALICE;
    }
    onChange(): void {}
  }

  function verifierWith(checker: AccessChecker, rateBurst = 5) {
    return new EnvelopeVerifier({
      room: ROOM,
      communityId: 1n,
      chainId: 31337,
      verifyCertificate,
      access: checker,
      counters,
      clock,
      limits: { rateBurst, ratePerSecond: 1 },
    });
  }

  test('over the read budget: dropped as chain-budget, not cached, the next beat passes', async () => {
    const budgeted = new BudgetedAccess();
    verifier = verifierWith(budgeted);
    budgeted.spent = true;
    await expectDrop(await beat(), 'chain-budget');
    budgeted.spent = false;
    expect(await verifier.verify(await beat(), beats)).toBeDefined();
    expect(budgeted.asked.every(Boolean)).toBe(true); // graph input always asks budgeted
  });

  test("2,100 outsiders' certificates do not push a member's out of the hash cache", async () => {
    verifier = verifierWith(access, 10_000);
    const s = signer();
    expect(await verifier.verify(await beat(s), beats)).toBeDefined();
    for (let i = 0; i < 2_100; i++) {
      const address = `0x${(i + 1).toString(16).padStart(40, '0')}` as Address;
      const envelope = await signer(mallory, certificateFor(mallory, address)).sign({
        kind: 'beat',
        stream: `beats-${i}`,
        body: '{}',
        withCertificate: true,
      });
      await verifier.verify(JSON.stringify(envelope), beats);
    }
    expect(counters.counts()['not-allowed']).toBe(2_100);
    const hashOnly = JSON.parse(await beat(s)) as Envelope;
    delete hashOnly.cert;
    expect(await verifier.verify(JSON.stringify(hashOnly), beats)).toBeDefined();
  }, 30_000);
});
