import { getAddress } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../core/errors.ts';
import { createSessionKeyPair } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import type { StageDecision } from '../signaling/moderation.ts';
import { SignatureVerifier } from '../signaling/sessionCrypto.ts';
import { MediaModerator } from './MediaModerator.ts';
import { type MediaRequest, mediaRequestText, parseMediaRequest } from './mediaGrant.ts';

const SELF = getAddress('0x00000000000000000000000000000000000A11CE');
const TARGET = getAddress('0x0000000000000000000000000000000000000B0B');
const GATE = 'https://gate.example.org';

let keys: SessionKeyPair;
beforeAll(async () => {
  keys = await createSessionKeyPair();
});

/** A gate that answers every request with `status` and `body`, and keeps what it was sent. */
function fakeGate(status: number, body: unknown) {
  const posted: Array<{ url: string; request: MediaRequest | undefined }> = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    posted.push({
      url: String(input),
      request: parseMediaRequest(JSON.parse(String(init?.body))),
    });
    return new Response(JSON.stringify(body), { status });
  };
  return { fetch, posted };
}

function moderator(
  gate: ReturnType<typeof fakeGate>,
  options: {
    onMedia?: boolean;
    roomId?: string;
    standing?: StageDecision[];
    moderates?: boolean;
    errors?: AppError[];
  } = {},
) {
  return new MediaModerator({
    communityId: 7n,
    roomId: options.roomId ?? 'stage-town-hall',
    self: SELF,
    session: { keys, certificate: { message: 'm', signature: '0xabcd' } },
    onMedia: () => options.onMedia ?? true,
    fetch: gate.fetch,
    clock: { now: () => 1_000 },
    standing: () => options.standing ?? [],
    isModerator: async () => options.moderates ?? true,
    onError: (error) => options.errors?.push(error),
  });
}

const CARRIED_OUT = { ok: true, ask: 'invite', target: TARGET, recording: false };

describe('MediaModerator', () => {
  it('sends the action to the gate that granted the room, signed, naming room, ask and target', async () => {
    const gate = fakeGate(200, CARRIED_OUT);
    const media = moderator(gate);
    media.useGate(GATE);
    await media.moderate('invite', TARGET);
    expect(gate.posted).toHaveLength(1);
    const [{ url, request } = { url: '', request: undefined }] = gate.posted;
    expect(url).toBe(`${GATE}/media/moderate`);
    expect(request).toMatchObject({
      room: 'stage-town-hall',
      ask: 'invite',
      target: TARGET,
      communityId: '7',
      gate: GATE,
    });
    if (!request) throw new Error('no request');
    const { sig, ...unsigned } = request;
    const verifier = new SignatureVerifier();
    expect(await verifier.verify(keys.pub, mediaRequestText(unsigned), sig)).toBe(true);
  });

  it('does nothing on the mesh, or to the moderator itself', async () => {
    const gate = fakeGate(200, CARRIED_OUT);
    const onMesh = moderator(gate, { onMedia: false });
    onMesh.useGate(GATE);
    await onMesh.moderate('remove', TARGET);
    const onMedia = moderator(gate);
    onMedia.useGate(GATE);
    await onMedia.moderate('invite', SELF);
    expect(gate.posted).toEqual([]);
  });

  it('says in words why the gate refused', async () => {
    const gate = fakeGate(403, { error: { code: 'NOT_A_MODERATOR', message: 'no' } });
    const media = moderator(gate);
    media.useGate(GATE);
    await expect(media.moderate('mute', TARGET)).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
      details: expect.stringContaining('neither owner nor admin'),
    });
    const limited = moderator(fakeGate(429, { error: { code: 'RATE_LIMITED', message: '' } }));
    limited.useGate(GATE);
    await expect(limited.moderate('mute', TARGET)).rejects.toMatchObject({
      code: 'MEDIA_MODERATION_REFUSED',
      details: expect.stringContaining('wait a minute'),
    });
  });

  it('refuses before any grant: the room is on the server, but this page has no gate yet', async () => {
    const gate = fakeGate(200, CARRIED_OUT);
    await expect(moderator(gate).moderate('invite', TARGET)).rejects.toMatchObject({
      code: 'MEDIA_MODERATION_REFUSED',
    });
    expect(gate.posted).toEqual([]);
  });

  it('refuses an answer that is not a carried-out action', async () => {
    const media = moderator(fakeGate(200, { hello: 'world' }));
    media.useGate(GATE);
    await expect(media.moderate('remove', TARGET)).rejects.toMatchObject({
      code: 'MEDIA_MODERATION_REFUSED',
      details: expect.stringContaining('answered something else'),
    });
  });

  it('outside a stage, leaves seating to the members (everyone may speak there) and passes mutes on', async () => {
    const gate = fakeGate(200, CARRIED_OUT);
    const media = moderator(gate, { roomId: 'lobby' });
    media.useGate(GATE);
    await media.moderate('invite', TARGET);
    await media.moderate('move-to-listener', TARGET);
    await media.moderate('mute', TARGET);
    expect(gate.posted.map(({ request }) => request?.ask)).toEqual(['mute']);
  });

  it('tells a gate new to it the invites standing in the room, once, if it moderates', async () => {
    const OTHER = getAddress('0x000000000000000000000000000000000000C0DE');
    const standing: StageDecision[] = [
      { target: TARGET, role: 'speaker', at: 1 },
      { target: SELF, role: 'speaker', at: 2 },
      { target: OTHER, role: 'removed', at: 3 },
    ];
    const gate = fakeGate(200, CARRIED_OUT);
    const media = moderator(gate, { standing });
    await Promise.all([media.useGate(GATE), media.useGate(GATE)]);
    expect(gate.posted.map(({ request }) => [request?.ask, request?.target])).toEqual([
      ['invite', TARGET],
    ]);
    // A member who does not moderate has nothing to pass on.
    const quiet = fakeGate(200, CARRIED_OUT);
    await moderator(quiet, { standing, moderates: false }).useGate(GATE);
    expect(quiet.posted).toEqual([]);
  });

  it('says so when a gate does not take a standing invite', async () => {
    const errors: AppError[] = [];
    const gate = fakeGate(503, { error: { code: 'MEDIA_UNAVAILABLE', message: 'down' } });
    const media = moderator(gate, {
      standing: [{ target: TARGET, role: 'speaker', at: 1 }],
      errors,
    });
    await media.useGate(GATE);
    expect(errors.map((error) => error.code)).toEqual(['MEDIA_MODERATION_REFUSED']);
  });
});
