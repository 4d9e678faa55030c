import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioBridgeControl } from '../../scripts/gate/AudioBridgeControl.ts';
import { type JanusMessage, JanusSocket } from '../../scripts/gate/JanusSocket.ts';
import { mediaRoomNumber, mediaRoomSecret } from '../../scripts/gate/mediaRoomIds.ts';
import { type RunningGate, startGate } from '../../scripts/gate/startGate.ts';
import { freePort } from '../../scripts/local-stack/ports.ts';
import { hasJanus, type RunningJanus, startJanus } from '../../scripts/local-stack/startJanus.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Scope } from '../../src/core/Scope.ts';
import { createSessionKeyPair } from '../../src/identity/sessionKeys.ts';
import { createWebSocketJanusTransport } from '../../src/media/createWebSocketJanusTransport.ts';
import { JanusSession } from '../../src/media/JanusSession.ts';
import {
  GATE_MEDIA_MODERATE_PATH,
  GATE_MEDIA_PATH,
  GATE_MEDIA_RECORD_PATH,
  GATE_MEDIA_RECORDING_PATH,
  GATE_REQUEST_HEADER,
  type MediaGrant,
  type MediaRequest,
  mediaRequestText,
  parseMediaGrant,
} from '../../src/media/mediaGrant.ts';
import { requestMediaGrant } from '../../src/media/requestMediaGrant.ts';
import { requestMediaModeration } from '../../src/media/requestMediaModeration.ts';
import { randomId, signText } from '../../src/signaling/sessionCrypto.ts';
import { GATE_REQUEST_VERSION } from '../../src/turn/gateRequest.ts';
import { type AccessChain, startAccessChain } from '../support/gunChain.ts';
import { createTestIdentity, TEST_APP_NAME, type TestIdentity } from '../support/gunRoom.ts';
import { OpusRtp } from '../support/OpusRtp.ts';
import { RpcProxy } from '../support/RpcProxy.ts';

// The gate's media side against a real Janus 1.1.2 on loopback (its AudioBridge plugin, token
// authentication, the Admin API) and a real Hardhat chain. Members join over Janus's own
// WebSocket API without media: admission, kicks and mutes are what is checked here.

/** Hardhat's first dev account: the community's owner in startAccessChain. */
const OWNER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const PAGE = 'http://localhost:5173';
const secrets = {
  apiSecret: randomBytes(24).toString('base64url'),
  adminSecret: randomBytes(24).toString('base64url'),
  audioBridgeAdminKey: randomBytes(24).toString('base64url'),
};
const dataDir = join(process.env.CC_TEST_TMP ?? '/tmp', `janus-${process.pid}`);
const installed = hasJanus();
if (!installed) {
  console.warn('mediaGate.test.ts skipped: the janus binary is missing (apt-get install janus)');
}

let deployment: AccessChain;
let rpc: RpcProxy;
let janus: RunningJanus;
let gate: RunningGate;
let control: AudioBridgeControl;
let owner: TestIdentity;
let member: TestIdentity;

beforeAll(async () => {
  if (!installed) return;
  deployment = await startAccessChain();
  rpc = await RpcProxy.start(deployment.chain.connection.provider);
  janus = await startJanus({
    wsPort: await freePort(),
    adminWsPort: await freePort(),
    rtpPorts: { min: 40_400, max: 40_460 },
    secrets,
    dataDir,
    iceInterfaces: 'lo',
  });
  gate = await startGate({
    host: '127.0.0.1',
    port: 0,
    corsOrigins: [PAGE],
    rpcUrl: rpc.url('gate'),
    contract: deployment.contract,
    appName: TEST_APP_NAME,
    media: {
      janusUrl: janus.url,
      janusAdminUrl: janus.adminUrl,
      ...secrets,
      recordingsDir: janus.recordingsDir,
      removalPollMs: 200,
    },
    // Members here ask for many grants in a few seconds.
    limits: {
      perAddressBurst: 100,
      perAddressPerMinute: 600,
      perIpBurst: 100,
      perIpPerMinute: 600,
    },
  });
  control = await AudioBridgeControl.connect({
    url: janus.url,
    adminUrl: janus.adminUrl,
    apiSecret: secrets.apiSecret,
    adminSecret: secrets.adminSecret,
  });
  const ownerAccount = privateKeyToAccount(OWNER_KEY);
  expect(deployment.chain.wallet(0).account.address.toLowerCase()).toBe(
    ownerAccount.address.toLowerCase(),
  );
  owner = await createTestIdentity({ contract: deployment.contract, account: ownerAccount });
  member = await createTestIdentity({ contract: deployment.contract });
  await deployment.allow([member.account.address]);
}, 30_000);

afterAll(async () => {
  control?.close();
  await gate?.close();
  await janus?.stop();
  await rpc?.close();
  await deployment?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A media request as the app signs it, with `change` applied before signing. */
async function signedRequest(
  identity: TestIdentity,
  change: Partial<Omit<MediaRequest, 'sig'>> = {},
  keys = identity.keys,
): Promise<MediaRequest> {
  const unsigned: Omit<MediaRequest, 'sig'> = {
    v: GATE_REQUEST_VERSION,
    certificate: identity.certificate,
    communityId: deployment.communityId.toString(),
    gate: gate.url,
    ts: Date.now(),
    nonce: randomId(),
    room: 'lobby',
    ask: 'join',
    ...change,
  };
  return { ...unsigned, sig: await signText(keys, mediaRequestText(unsigned)) };
}

async function post(path: string, body: unknown) {
  const response = await fetch(`${gate.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PAGE },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: json.error?.code, json };
}

async function grantFor(identity: TestIdentity, room: string): Promise<MediaGrant> {
  const answer = await post(GATE_MEDIA_PATH, await signedRequest(identity, { room }));
  const grant = parseMediaGrant(answer.json);
  if (!grant) throw new Error(`no grant: ${JSON.stringify(answer.json)}`);
  return grant;
}

/** A member's client on Janus's WebSocket API, as the browser speaks it (no media). */
interface JanusMember {
  /** The AudioBridge answer to the join (`joined`, or an error). */
  joined: Record<string, unknown>;
  configure(body: JanusMessage): Promise<Record<string, unknown>>;
  /** Resolves with the event that says this participant was kicked. */
  kicked: Promise<void>;
  close(): void;
}

async function joinJanus(
  grant: MediaGrant,
  overrides: Partial<MediaGrant> = {},
): Promise<JanusMember> {
  const use = { ...grant, ...overrides };
  let onKicked = () => {};
  const kicked = new Promise<void>((resolve) => {
    onKicked = resolve;
  });
  const socket = await JanusSocket.open({
    url: use.server,
    protocol: 'janus-protocol',
    auth: { token: use.token },
    onEvent: (message) => {
      const data = (message.plugindata as { data?: Record<string, unknown> } | undefined)?.data;
      if (data?.kicked === use.id || data?.audiobridge === 'left') onKicked();
    },
  });
  const session = ((await socket.request({ janus: 'create' })).data as { id: number }).id;
  const handle = (
    (
      await socket.request({
        janus: 'attach',
        session_id: session,
        plugin: 'janus.plugin.audiobridge',
      })
    ).data as { id: number }
  ).id;
  const message = async (body: JanusMessage) =>
    (
      (await socket.request({ janus: 'message', session_id: session, handle_id: handle, body }))
        .plugindata as { data: Record<string, unknown> }
    ).data;
  const joined = await message({
    request: 'join',
    room: use.room,
    id: use.id,
    display: use.display,
    token: use.token,
    muted: !use.canSpeak,
  });
  return {
    joined,
    configure: (body) => message({ request: 'configure', ...body }),
    kicked,
    close: () => socket.close(),
  };
}

/** Resolves once `probe` holds (Janus removes a kicked participant just after telling it). */
async function until(probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('not within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Joins as a plain-RTP participant (unmuted), sending to `port`; resolves with Janus's port. */
async function joinPlainRtp(grant: MediaGrant, port: number): Promise<number> {
  const socket = await JanusSocket.open({
    url: grant.server,
    protocol: 'janus-protocol',
    auth: { token: grant.token },
  });
  const session = ((await socket.request({ janus: 'create' })).data as { id: number }).id;
  const handle = (
    (
      await socket.request({
        janus: 'attach',
        session_id: session,
        plugin: 'janus.plugin.audiobridge',
      })
    ).data as { id: number }
  ).id;
  const answer = await socket.request({
    janus: 'message',
    session_id: session,
    handle_id: handle,
    body: {
      request: 'join',
      room: grant.room,
      id: grant.id,
      display: grant.display,
      token: grant.token,
      muted: false,
      rtp: { ip: '127.0.0.1', port, payload_type: 111 },
    },
  });
  const data = (answer.plugindata as { data: { rtp?: { port?: number } } }).data;
  if (typeof data.rtp?.port !== 'number') throw new Error(`no RTP port: ${JSON.stringify(data)}`);
  return data.rtp.port;
}

async function participants(room: number): Promise<Array<{ id: number; muted: boolean }>> {
  const answer = await control.request({ request: 'listparticipants', room });
  return (answer.participants ?? []) as Array<{ id: number; muted: boolean }>;
}

describe.skipIf(!installed)('the media gate and Janus', () => {
  it('grants a member a token that Janus admits to that one room, and no other token', async () => {
    const grant = await grantFor(member, 'lobby');
    expect(grant).toMatchObject({
      server: janus.url,
      display: member.account.address,
      canSpeak: true,
      recording: false,
    });
    expect(grant.expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    const joined = await joinJanus(grant);
    expect(joined.joined).toMatchObject({ audiobridge: 'joined', room: grant.room, id: grant.id });
    expect((await participants(grant.room)).map((p) => p.id)).toContain(grant.id);

    // The same token in another room of the gate: Janus's room refuses it (not in its list).
    const other = await grantFor(member, 'other-room');
    const crossed = await joinJanus(other, { token: grant.token, id: grant.id + 1 });
    expect(crossed.joined).toMatchObject({ error_code: 489 });
    // A token the gate never gave: Janus refuses the session itself.
    await expect(
      joinJanus(grant, { token: randomBytes(18).toString('base64url') }),
    ).rejects.toThrow(/403/);
    joined.close();
    crossed.close();
  });

  it('puts out a participant who joined under an id the gate did not grant it', async () => {
    const grant = await grantFor(member, 'lobby');
    const impostor = await joinJanus(grant, { id: grant.id + 7 });
    expect(impostor.joined).toMatchObject({ audiobridge: 'joined' });
    await impostor.kicked;
    impostor.close();
  });

  it('refuses forged, expired, replayed and non-member requests, and grants nothing', async () => {
    const before = gate.stats().granted;
    const forged = await signedRequest(member, {}, await createSessionKeyPair());
    expect(await post(GATE_MEDIA_PATH, forged)).toMatchObject({ status: 401, code: 'FORGED' });
    // The room is signed too: the same signature over another room is a forgery.
    const moved = { ...(await signedRequest(member, { room: 'lobby' })), room: 'vip' };
    expect(await post(GATE_MEDIA_PATH, moved)).toMatchObject({ status: 401, code: 'FORGED' });
    const expired = await createTestIdentity({
      contract: deployment.contract,
      account: member.account,
      expiresInMs: -60_000,
    });
    expect(await post(GATE_MEDIA_PATH, await signedRequest(expired))).toMatchObject({
      status: 401,
      code: 'CERTIFICATE_EXPIRED',
    });
    const stale = await signedRequest(member, { ts: Date.now() - 5 * 60_000 });
    expect(await post(GATE_MEDIA_PATH, stale)).toMatchObject({ status: 401, code: 'STALE' });
    const stranger = await createTestIdentity({ contract: deployment.contract });
    expect(await post(GATE_MEDIA_PATH, await signedRequest(stranger))).toMatchObject({
      status: 403,
      code: 'NOT_A_MEMBER',
    });
    expect(gate.stats().granted).toBe(before);
    const once = await signedRequest(member);
    expect((await post(GATE_MEDIA_PATH, once)).status).toBe(200);
    expect(await post(GATE_MEDIA_PATH, once)).toMatchObject({ status: 401, code: 'REPLAYED' });
  });

  it('seats a stage listener in a room the server mutes: unmuting itself changes nothing', async () => {
    const listener = await grantFor(member, 'stage-town-hall');
    const speaker = await grantFor(owner, 'stage-town-hall');
    expect(listener.canSpeak).toBe(false);
    expect(speaker.canSpeak).toBe(true);
    expect(listener.room).not.toBe(speaker.room);
    const seat = await joinJanus(listener);
    expect(seat.joined).toMatchObject({ audiobridge: 'joined' });
    // AudioBridge 1.1.2 lets a participant undo an admin's mute: the plugin says ok...
    expect(await seat.configure({ muted: false })).toMatchObject({ result: 'ok' });
    // ...but the listeners' room is muted as a whole, which only its secret undoes, and the
    // listener is not in the speakers' room at all.
    const rooms = (
      await control.request({ request: 'list', admin_key: secrets.audioBridgeAdminKey })
    ).list as Array<{ room: number; muted: boolean }>;
    expect(rooms.find((room) => room.room === listener.room)?.muted).toBe(true);
    expect((await participants(speaker.room)).map((p) => p.id)).not.toContain(listener.id);
    // Nor can the listener join the speakers' room with its token.
    const sneak = await joinJanus(listener, { room: speaker.room });
    expect(sneak.joined).toMatchObject({ error_code: 489 });
    seat.close();
    sneak.close();
  });

  it("carries the speakers' audio to the listeners, and no listener's audio to anyone", async () => {
    const roomId = 'stage-audio';
    // Plain-RTP participants stand in for browsers (no WebRTC outside the e2e namespace): the
    // speakers' room is made first, as the gate would, but open to plain RTP.
    const namespace = `${gate.chainId}/${deployment.contract.toLowerCase()}`;
    const speakersRoom = mediaRoomNumber(namespace, deployment.communityId, roomId, 'speakers');
    const secretOf = (room: number) => mediaRoomSecret(secrets.audioBridgeAdminKey, room);
    await control.request({
      request: 'create',
      room: speakersRoom,
      admin_key: secrets.audioBridgeAdminKey,
      secret: secretOf(speakersRoom),
      allowed: [],
      allow_rtp_participants: true,
    });
    const speakerGrant = await grantFor(owner, roomId);
    const listenerGrant = await grantFor(member, roomId);
    expect(speakerGrant.room).toBe(speakersRoom);
    const probes = { speakers: await OpusRtp.open(), listeners: await OpusRtp.open() };
    const speaker = await OpusRtp.open();
    const listener = await OpusRtp.open();
    try {
      // What each room mixes, as a member there would hear it.
      for (const [room, probe] of [
        [speakerGrant.room, probes.speakers],
        [listenerGrant.room, probes.listeners],
      ] as const) {
        await control.request({
          request: 'rtp_forward',
          room,
          secret: secretOf(room),
          admin_key: secrets.audioBridgeAdminKey,
          host: '127.0.0.1',
          port: probe.port,
          codec: 'opus',
          ptype: 111,
        });
      }
      const speakerPort = await joinPlainRtp(speakerGrant, speaker.port);
      speaker.startTone(speakerPort, 111);
      await probes.listeners.heard(0.05, 5_000);
      speaker.stopTone();

      const listenerSeat = await joinPlainRtp(listenerGrant, listener.port);
      listener.startTone(listenerSeat, 111);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(probes.listeners.level(1_000)).toBeLessThan(0.01);
      expect(probes.speakers.level(1_000)).toBeLessThan(0.01);
      // The probe would have heard it: with the room's mute lifted, the same tone comes through.
      await control.request({
        request: 'unmute_room',
        room: listenerGrant.room,
        secret: secretOf(listenerGrant.room),
      });
      await probes.listeners.heard(0.05, 5_000);
    } finally {
      for (const endpoint of [...Object.values(probes), speaker, listener]) endpoint.close();
    }
  });

  it('records a room for its owner, who alone downloads the file, and it is not silent', async () => {
    const roomId = 'recorded-call';
    const namespace = `${gate.chainId}/${deployment.contract.toLowerCase()}`;
    const room = mediaRoomNumber(namespace, deployment.communityId, roomId, 'speakers');
    await control.request({
      request: 'create',
      room,
      admin_key: secrets.audioBridgeAdminKey,
      secret: mediaRoomSecret(secrets.audioBridgeAdminKey, room),
      allowed: [],
      allow_rtp_participants: true,
    });
    const speaker = await OpusRtp.open();
    try {
      const grant = await grantFor(member, roomId);
      speaker.startTone(await joinPlainRtp(grant, speaker.port), 111);
      const byMember = await signedRequest(member, { room: roomId, ask: 'record-start' });
      expect(await post(GATE_MEDIA_RECORD_PATH, byMember)).toMatchObject({
        status: 403,
        code: 'NOT_A_MODERATOR',
      });
      const start = await post(
        GATE_MEDIA_RECORD_PATH,
        await signedRequest(owner, { room: roomId, ask: 'record-start' }),
      );
      expect(start.json).toMatchObject({ ok: true, recording: true });
      // A member joining now is told at once.
      expect((await grantFor(member, roomId)).recording).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const stop = await post(
        GATE_MEDIA_RECORD_PATH,
        await signedRequest(owner, { room: roomId, ask: 'record-stop' }),
      );
      expect(stop.json).toMatchObject({ ok: true, recording: false });
    } finally {
      speaker.close();
    }
    const download = async (identity: TestIdentity) =>
      fetch(`${gate.url}${GATE_MEDIA_RECORDING_PATH}/${roomId}`, {
        headers: {
          origin: PAGE,
          [GATE_REQUEST_HEADER]: JSON.stringify(
            await signedRequest(identity, { room: roomId, ask: 'download' }),
          ),
        },
      });
    expect((await download(member)).status).toBe(403);
    const file = await download(owner);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('audio/wav');
    const wav = Buffer.from(await file.arrayBuffer());
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    const pcm = wav.subarray(44);
    let sum = 0;
    for (let i = 0; i + 1 < pcm.length; i += 2) sum += (pcm.readInt16LE(i) / 32_768) ** 2;
    expect(pcm.length).toBeGreaterThan(48_000);
    expect(Math.sqrt(sum / (pcm.length / 2))).toBeGreaterThan(0.02);
  });

  it('obeys moderation only from the owner or an admin, checked on the contract', async () => {
    const room = 'stage-moderated';
    const target = member.account.address;
    const byMember = await signedRequest(member, { room, ask: 'invite', target });
    expect(await post(GATE_MEDIA_MODERATE_PATH, byMember)).toMatchObject({
      status: 403,
      code: 'NOT_A_MODERATOR',
    });
    expect((await grantFor(member, room)).canSpeak).toBe(false);
    const invite = await signedRequest(owner, { room, ask: 'invite', target });
    expect(await post(GATE_MEDIA_MODERATE_PATH, invite)).toMatchObject({ status: 200 });
    const speaking = await grantFor(member, room);
    expect(speaking.canSpeak).toBe(true);
    const seat = await joinJanus(speaking);
    const isMuted = async () =>
      (await participants(speaking.room)).find((p) => p.id === speaking.id)?.muted;
    expect(await isMuted()).toBe(false);
    const mute = await signedRequest(owner, { room, ask: 'mute', target });
    expect(await post(GATE_MEDIA_MODERATE_PATH, mute)).toMatchObject({ status: 200 });
    expect(await isMuted()).toBe(true);
    const back = await signedRequest(owner, { room, ask: 'move-to-listener', target });
    expect(await post(GATE_MEDIA_MODERATE_PATH, back)).toMatchObject({ status: 200 });
    await seat.kicked;
    await until(async () => !(await participants(speaking.room)).some((p) => p.id === speaking.id));
    expect((await grantFor(member, room)).canSpeak).toBe(false);
    seat.close();
  });

  it('puts a member removed from the allowlist out of the media room, and grants it nothing more', async () => {
    const leaving = await createTestIdentity({ contract: deployment.contract });
    await deployment.allow([leaving.account.address]);
    const grant = await grantFor(leaving, 'lobby');
    const seat = await joinJanus(grant);
    expect(seat.joined).toMatchObject({ audiobridge: 'joined' });
    await deployment.remove(leaving.account.address);
    await seat.kicked;
    await until(async () => !(await participants(grant.room)).some((p) => p.id === grant.id));
    expect(await post(GATE_MEDIA_PATH, await signedRequest(leaving))).toMatchObject({
      status: 403,
      code: 'NOT_A_MEMBER',
    });
    seat.close();
  });

  it("moves an invited stage listener to the speakers' room on its own connection, with the page's own client", async () => {
    const roomId = 'stage-changeroom';
    // The page's requests, as a browser on the gate's allowed origin sends them.
    const fetchFromPage: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as object), origin: PAGE } });
    const asMember = {
      gateUrl: gate.url,
      communityId: deployment.communityId,
      roomId,
      session: member,
      fetch: fetchFromPage,
      clock: systemClock,
    };
    const scope = new Scope();
    try {
      const listening = await requestMediaGrant(asMember);
      expect(listening.canSpeak).toBe(false);
      const session = await JanusSession.create(
        await createWebSocketJanusTransport(listening.server),
        scope,
        () => {},
        { auth: { token: listening.token } },
      );
      const bridge = await session.attach('janus.plugin.audiobridge');
      await bridge.message({
        request: 'join',
        room: listening.room,
        id: listening.id,
        display: listening.display,
        token: listening.token,
        muted: true,
      });
      // Until a moderator says so, a fresh grant still names the listeners' room.
      expect((await requestMediaGrant(asMember)).room).toBe(listening.room);
      await requestMediaModeration({
        ...asMember,
        session: owner,
        ask: 'invite',
        target: member.account.address,
      });
      const speaking = await requestMediaGrant(asMember);
      expect(speaking).toMatchObject({ canSpeak: true });
      expect(speaking.room).not.toBe(listening.room);
      session.setAuth({ token: speaking.token });
      const changed = await bridge.message({
        request: 'changeroom',
        room: speaking.room,
        id: speaking.id,
        display: speaking.display,
        token: speaking.token,
        muted: false,
      });
      expect(changed.data).toMatchObject({ audiobridge: 'roomchanged', room: speaking.room });
      // Janus mixes it with the speakers now, and the gate's sweep (every 2 s) keeps it there.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(await participants(speaking.room)).toContainEqual(
        expect.objectContaining({ id: speaking.id, muted: false }),
      );
      expect((await participants(listening.room)).map((p) => p.id)).not.toContain(listening.id);
    } finally {
      scope.end();
    }
  });
});
