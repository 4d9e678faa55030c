import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGate, startGate } from '../../scripts/gate/startGate.ts';
import { turnCredentials } from '../../scripts/gate/turnCredentials.ts';
import { freePort } from '../../scripts/local-stack/ports.ts';
import { type RunningCoturn, startCoturn } from '../../scripts/local-stack/startCoturn.ts';
import { systemClock } from '../../src/core/clock.ts';
import { AppError } from '../../src/core/errors.ts';
import { createSessionKeyPair } from '../../src/identity/sessionKeys.ts';
import { randomId, signText } from '../../src/signaling/sessionCrypto.ts';
import {
  GATE_REQUEST_VERSION,
  type GateRequest,
  gateRequestText,
} from '../../src/turn/gateRequest.ts';
import { requestTurnGrant } from '../../src/turn/requestTurnGrant.ts';
import { type AccessChain, startAccessChain } from '../support/gunChain.ts';
import { createTestIdentity, TEST_APP_NAME, type TestIdentity } from '../support/gunRoom.ts';
import { RpcProxy } from '../support/RpcProxy.ts';
import { turnAllocate } from '../support/turnAllocate.ts';

// The gate on loopback with a real coturn, a real Hardhat chain behind a JSON-RPC endpoint,
// and members made the way the app makes them (session key, SIWE certificate).

const PAGE = 'http://localhost:5173';
const secret = randomBytes(24).toString('base64url');
let deployment: AccessChain;
let rpc: RpcProxy;
let coturn: RunningCoturn;
let coturnPort: number;
let gate: RunningGate;
let member: TestIdentity;

beforeAll(async () => {
  deployment = await startAccessChain();
  rpc = await RpcProxy.start(deployment.chain.connection.provider);
  coturnPort = await freePort();
  coturn = await startCoturn({
    ip: '127.0.0.1',
    port: coturnPort,
    relayPorts: { min: 49_400, max: 49_420 },
    secret,
    dataDir: join(process.env.CC_TEST_TMP ?? '/tmp', `coturn-${process.pid}`),
  });
  gate = await startGate({
    host: '127.0.0.1',
    port: 0,
    corsOrigins: [PAGE],
    rpcUrl: rpc.url('gate'),
    contract: deployment.contract,
    appName: TEST_APP_NAME,
    turn: { secret, urls: coturn.urls, ttlSeconds: 3_600 },
    // The rate-limit test makes a member ask more often than this; the others stay under.
    limits: { perAddressBurst: 4, perAddressPerMinute: 1 },
  });
  member = await createTestIdentity({ contract: deployment.contract });
  await deployment.allow([member.account.address]);
});

afterAll(async () => {
  await gate?.close();
  await coturn?.stop();
  await rpc?.close();
  await deployment?.close();
});

/** A request as the app signs it, with `change` applied before signing. */
async function signedRequest(
  identity: TestIdentity,
  change: Partial<Omit<GateRequest, 'sig'>> = {},
  keys = identity.keys,
): Promise<GateRequest> {
  const unsigned = {
    v: GATE_REQUEST_VERSION,
    certificate: identity.certificate,
    communityId: deployment.communityId.toString(),
    gate: gate.url,
    ts: Date.now(),
    nonce: randomId(),
    ...change,
  } as const;
  return { ...unsigned, sig: await signText(keys, gateRequestText(unsigned)) };
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${gate.url}/turn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PAGE, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as { error?: { code: string }; username?: string };
  return { status: response.status, code: json.error?.code, json };
}

describe('the TURN gate', () => {
  it('gives a member credentials that coturn accepts, for that member and an hour', async () => {
    const grant = await requestTurnGrant({
      gateUrl: gate.url,
      communityId: deployment.communityId,
      session: member,
      fetch,
      clock: systemClock,
    });
    expect(grant.urls).toEqual(coturn.urls);
    expect(grant.ttl).toBe(3_600);
    const [expiry, address] = grant.username.split(':');
    expect(address).toBe(member.account.address);
    expect(Number(expiry) * 1000 - Date.now()).toBeGreaterThan(3_500_000);
    const allocation = await turnAllocate(
      '127.0.0.1',
      coturnPort,
      grant.username,
      grant.credential,
    );
    expect(allocation).toEqual({ ok: true });
  });

  it('refuses a request signed by another key than the certificate names (forged)', async () => {
    const granted = gate.stats().granted;
    const other = await createSessionKeyPair();
    const forged = await post(await signedRequest(member, {}, other));
    expect(forged).toMatchObject({ status: 401, code: 'FORGED' });
    // A certificate whose wallet signature is not the wallet's.
    const intruder = privateKeyToAccount(generatePrivateKey());
    const stolen = {
      ...member,
      certificate: {
        message: member.certificate.message,
        signature: await intruder.signMessage({ message: member.certificate.message }),
      },
    };
    expect(await post(await signedRequest(stolen))).toMatchObject({ status: 401, code: 'FORGED' });
    expect(gate.stats().granted).toBe(granted);
  });

  it('refuses an expired certificate and a stale request', async () => {
    const expired = await createTestIdentity({
      contract: deployment.contract,
      account: member.account,
      expiresInMs: -60_000,
    });
    expect(await post(await signedRequest(expired))).toMatchObject({
      status: 401,
      code: 'CERTIFICATE_EXPIRED',
    });
    const stale = await signedRequest(member, { ts: Date.now() - 5 * 60_000 });
    expect(await post(stale)).toMatchObject({ status: 401, code: 'STALE' });
  });

  it('answers a request once: the same request again is refused (replayed)', async () => {
    const request = await signedRequest(member);
    expect((await post(request)).status).toBe(200);
    expect(await post(request)).toMatchObject({ status: 401, code: 'REPLAYED' });
  });

  it('refuses a request made for another gate', async () => {
    const elsewhere = await signedRequest(member, { gate: 'https://gate.other.example' });
    expect(await post(elsewhere)).toMatchObject({ status: 400, code: 'WRONG_GATE' });
  });

  it('refuses a non-member, and the app sees the refusal as TURN_UNAVAILABLE', async () => {
    const stranger = await createTestIdentity({ contract: deployment.contract });
    expect(await post(await signedRequest(stranger))).toMatchObject({
      status: 403,
      code: 'NOT_A_MEMBER',
    });
    const refused = await requestTurnGrant({
      gateUrl: gate.url,
      communityId: deployment.communityId,
      session: stranger,
      fetch,
      clock: systemClock,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'TURN_UNAVAILABLE',
      details: expect.stringMatching(/^NOT_A_MEMBER/),
    });
  });

  it('fails closed: with the chain not answering, even a member is refused (RPC_UNAVAILABLE)', async () => {
    const other = await createTestIdentity({ contract: deployment.contract });
    await deployment.allow([other.account.address]);
    rpc.throttle('gate', true);
    try {
      expect(await post(await signedRequest(other))).toMatchObject({
        status: 503,
        code: 'RPC_UNAVAILABLE',
      });
    } finally {
      rpc.throttle('gate', false);
    }
    expect((await post(await signedRequest(other))).status).toBe(200);
  });

  it('refuses other sites, bodies over 16 KB, and a member asking too often', async () => {
    const request = await signedRequest(member);
    expect(await post(request, { origin: 'https://evil.example' })).toMatchObject({
      status: 403,
      code: 'ORIGIN_REFUSED',
    });
    expect(await post({ padding: 'x'.repeat(20_000) })).toMatchObject({
      status: 413,
      code: 'TOO_LARGE',
    });
    expect(await post('not json')).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await post(await signedRequest(member))).code);
    expect(answers).toContain('RATE_LIMITED');
  });
});

describe('coturn and the credential scheme', () => {
  it('refuses credentials whose expiry has passed or whose password is not the HMAC', async () => {
    const address = member.account.address;
    const lapsed = turnCredentials({ secret, address, ttlSeconds: -5, now: Date.now() });
    expect(await turnAllocate('127.0.0.1', coturnPort, lapsed.username, lapsed.credential)).toEqual(
      {
        ok: false,
        errorCode: 401,
      },
    );
    const fresh = turnCredentials({ secret, address, ttlSeconds: 60, now: Date.now() });
    expect(
      await turnAllocate('127.0.0.1', coturnPort, fresh.username, `${fresh.credential}x`),
    ).toEqual({ ok: false, errorCode: 401 });
    const otherSecret = turnCredentials({
      secret: `${secret}!`,
      address,
      ttlSeconds: 60,
      now: Date.now(),
    });
    expect(
      await turnAllocate('127.0.0.1', coturnPort, otherSecret.username, otherSecret.credential),
    ).toEqual({ ok: false, errorCode: 401 });
  });
});
